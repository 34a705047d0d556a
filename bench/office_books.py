"""Benchmark of the club's books and receipts (issue #13): year-end statement, bank import with matching,
1,000 Sammelbestätigungen as PDFs in a ZIP.

    .venv/bin/python bench/office_books.py [--bookings 20000] [--lines 5000] [--receipts 1000]
                                           [--processes N] [--seed 1] [--only books|receipts|db]
                                           [--db-receipts 100] [--no-db]

Two phases. The pure one needs no database: the computations take plain dataclasses, the receipts are
rendered by office/receipts (the same BMF wording and PDF drawing, office/receipts/pdf.py, as the admin and
`manage.py donation_receipts`). The database phase (bench/_office_books_db.py, in a worker process on a
throw-away database `bench_office_books` of the embedded PostgreSQL, about 4 minutes of platform setup
first) measures the same through the office's services on one provisioned club: year_end_db_20000_s
(`year_end_for`, what the year-end page reads; target <= 2 s), import_db_<format>_5000_s
(`statement_import` against 4,000 members with an open due and 500 donors, lines written; target
<= 5 s each) and receipts_db_<K>_s (`receipts_issue_year` for K donors, numbering and stored duplicates
included, then the ZIP; one process, for reference).
Figures of the pure phase (one JSON object per line):
* eur_20000_s: income-surplus statement per sphere (with cost centres and the § 64 (3) AO watch) over
  20,000 bookings of one year; target <= 2 s.
* import_match_csv_s / import_match_camt_s / import_match_mt940_s: parsing a statement of 5,000 lines
  (bank CSV in Windows-1252, camt.053.001.08, MT940) and proposing matches against 2,000 open dues and
  500 known donors; target <= 5 s each.
* cash_audit_20000_s: balances per money account over the same bookings (no target, for reference).
* sammel_1000_pdf_zip_s: 1,000 Sammelbestätigungen (each with its annex of 4 to 12 donations, on the
  machine-made variant a club sends by e-mail) rendered as PDFs by `--processes` worker processes
  (default: all cores) and written into one ZIP; target <= 30 s. For reference: receipt_pdf_cpu_s and
  receipt_pdf_wall_s (per receipt, measured in one process on a sample), sammel_1000_cpu_estimate_s (CPU
  for 1,000 in one process), receipts_zip_mb, and the machine's cores and load at start and end.
"""

import argparse
import datetime
import io
import json
import multiprocessing
import os
import random
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure_plain() -> None:
    """Django without a database (templates only), for the pure figures; the database phase runs in a
    worker process with the project's settings (bench/_office_books_db.py)."""
    import django
    from django.conf import settings

    settings.configure(
        USE_I18N=False,
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [ROOT / "templates"]}],
    )
    django.setup()


from office.books.chart import default_chart  # noqa: E402
from office.books.ledger import Booking, cash_audit, income_surplus  # noqa: E402
from office.books.matching import KnownDonor, OpenDue, propose_matches  # noqa: E402
from office.books.statements import parse_statement  # noqa: E402

FIRST = ["Erika", "Max", "Anna", "Lotte", "Hans", "Jürgen", "Özlem", "Sören", "Maria", "Paul"]
LAST = ["Mustermann", "Schmidt", "Weber", "Grün", "Meier", "Müller", "Yılmaz", "Schäfer", "Wagner", "Becker"]


def emit(metric: str, value: float, unit: str, target: str | None, ok: bool | None) -> None:
    row = {"bench": "office_books", "metric": metric, "value": round(value, 4), "unit": unit, "target": target}
    if ok is not None:
        row["ok"] = ok
    print(json.dumps(row, ensure_ascii=False), flush=True)


def make_bookings(count: int, rng: random.Random) -> list[Booking]:
    chart = [a for a in default_chart() if a.kind in ("income", "expense")]
    bookings = []
    for _ in range(count):
        account = rng.choice(chart)
        amount = Decimal(rng.randint(100, 50000)) / 100
        bookings.append(
            Booking(
                datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                amount if account.is_income else -amount,
                account.number,
                account=rng.choice(("1000", "1200", "1210")),
                cost_centre=rng.choice(("", "Fußball", "Turnen", "Sommerfest", "Jugend")),
            )
        )
    return bookings


def make_lines(count: int, rng: random.Random) -> list[dict]:
    lines = []
    for i in range(count):
        member = 1000 + rng.randint(0, 2999)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        kind = rng.random()
        if kind < 0.4:
            purpose, e2e, amount = "Beitrag 2026", f"HH-R1-L{member}", Decimal("48.00")
        elif kind < 0.6:
            purpose, e2e, amount = f"Mitgliedsnr. {member} Beitrag", "", Decimal("48.00")
        elif kind < 0.75:
            purpose, e2e, amount = "Spende Jugendarbeit", "", Decimal(rng.randint(5, 500))
        elif kind < 0.8:
            purpose, e2e, amount = "Ruecklastschrift Beitrag", f"HH-R1-L{member}", Decimal("-48.00")
        else:
            purpose, e2e, amount = f"Rechnung {i}", "", Decimal(-rng.randint(1, 2000))
        lines.append({"name": name, "purpose": purpose, "e2e": e2e, "amount": amount, "day": 1 + i % 28})
    return lines


def as_csv(lines: list[dict]) -> bytes:
    rows = [
        "Buchungstag;Valuta;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Buchungstext;Verwendungszweck;Betrag;Waehrung"
    ]
    for x in lines:
        text = "Rücklastschrift" if "Rueck" in x["purpose"] else "Gutschrift"
        purpose = (f"EREF+{x['e2e']} " if x["e2e"] else "") + x["purpose"]
        amount = f"{x['amount']:.2f}".replace(".", ",")
        rows.append(
            f"{x['day']:02d}.01.2026;{x['day']:02d}.01.2026;{x['name']};DE02120300000000202051;{text};{purpose};{amount};EUR"
        )
    return "\n".join(rows).encode("cp1252", errors="replace")


def as_camt(lines: list[dict]) -> bytes:
    entries = []
    for x in lines:
        debit = x["amount"] < 0
        party = "Cdtr" if debit and "Rueck" not in x["purpose"] else "Dbtr"
        ret = "<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>" if "Rueck" in x["purpose"] else ""
        entries.append(
            f"<Ntry><Amt Ccy='EUR'>{abs(x['amount']):.2f}</Amt><CdtDbtInd>{'DBIT' if debit else 'CRDT'}</CdtDbtInd>"
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-01-{x['day']:02d}</Dt></BookgDt><NtryDtls><TxDtls>"
            f"<Refs><EndToEndId>{x['e2e'] or 'NOTPROVIDED'}</EndToEndId></Refs>"
            f"<RltdPties><{party}><Pty><Nm>{x['name']}</Nm></Pty></{party}></RltdPties>"
            f"<RmtInf><Ustrd>{x['purpose']}</Ustrd></RmtInf>{ret}</TxDtls></NtryDtls></Ntry>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'>"
        "<BkToCstmrStmt><GrpHdr><MsgId>B</MsgId><CreDtTm>2026-02-01T00:00:00</CreDtTm></GrpHdr><Stmt><Id>1</Id>"
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def as_mt940(lines: list[dict]) -> bytes:
    out = [":20:BENCH", ":25:37040044/0532013000", ":28C:00001/001", ":60F:C260101EUR1000,00"]
    for x in lines:
        ret = "Rueck" in x["purpose"]
        mark = "RC" if ret else ("D" if x["amount"] < 0 else "C")
        amount = f"{abs(x['amount']):.2f}".replace(".", ",")
        out.append(f":61:2601{x['day']:02d}01{x['day']:02d}{mark}{amount}NTRFNONREF")
        eref = f"EREF+{x['e2e']}" if x["e2e"] else "EREF+NOTPROVIDED"
        last, first = x["name"].split(" ", 1)[::-1]
        out.append(f":86:166?00GUTSCHRIFT?20{eref}?21SVWZ+{x['purpose'][:20]}?22{x['purpose'][20:]}?32{last}, {first}")
    out += [":62F:C260131EUR1000,00", "-"]
    return "\r\n".join(out).encode("cp1252", errors="replace")


# --- receipts ---------------------------------------------------------------------------------------------

STREETS = ["Hauptstraße", "Bahnhofstraße", "Am Markt", "Lindenweg", "Schulstraße", "Gartenstraße", "Birkenallee"]
TOWNS = ["12345 Musterstadt", "12399 Beispielheim", "54321 Neudorf an der Aue", "80331 München"]


def make_receipts(count: int, rng: random.Random) -> list:
    from office.receipts.data import (
        Donation,
        DonationKind,
        Donor,
        Issuer,
        NoticeKind,
        Receipt,
        ReceiptKind,
        TaxNotice,
    )

    issuer = Issuer(
        name="Turn- und Sportverein Musterstadt 1900 e. V.",
        address_lines=("Sportplatzweg 1", "12345 Musterstadt"),
        place="Musterstadt",
        purposes=("sport", "jugend_altenhilfe"),
        notice=TaxNotice(
            NoticeKind.EXEMPTION, "Musterstadt", "12/345/67890", datetime.date(2024, 3, 15), "2021 bis 2023"
        ),
        machine_made=True,
        machine_notified_on=datetime.date(2025, 1, 20),
    )
    receipts = []
    for i in range(count):
        donations = tuple(
            Donation(
                datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                Decimal(rng.randint(500, 50000)) / 100,
                DonationKind.MONEY,
                waiver=rng.random() < 0.1,
            )
            for _ in range(rng.randint(4, 12))
        )
        donor = Donor(
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            (f"{rng.choice(STREETS)} {rng.randint(1, 120)}", rng.choice(TOWNS)),
        )
        receipts.append(
            Receipt(
                ReceiptKind.COLLECTIVE, f"ZB-2027-{i + 1:04d}", datetime.date(2027, 1, 31), issuer, donor, donations
            )
        )
    return receipts


def _render_chunk(chunk: list) -> list[tuple[str, bytes]]:
    """The PDFs of a chunk of receipts (what receipts_issue_year renders per step)."""
    from office.receipts.pdf import render_receipts_pdfs

    return [
        (f"Zuwendungsbestaetigung-{r.number}.pdf", pdf)
        for r, pdf in zip(chunk, render_receipts_pdfs(chunk), strict=True)
    ]


def receipts_zip(receipts: list, processes: int) -> bytes:
    """The PDFs of `receipts` rendered by `processes` workers (forked: Django is set up already), in one ZIP."""
    size = max(1, min(50, len(receipts) // (processes * 4) or 1))
    chunks = [receipts[i : i + size] for i in range(0, len(receipts), size)]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        if processes > 1:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                for files in pool.imap(_render_chunk, chunks):
                    for name, pdf in files:
                        archive.writestr(name, pdf)
        else:
            for chunk in chunks:
                for name, pdf in _render_chunk(chunk):
                    archive.writestr(name, pdf)
    return output.getvalue()


def bench_receipts(count: int, processes: int, rng: random.Random) -> None:
    from pypdf import PdfReader

    receipts = make_receipts(count, rng)
    load_at_start = os.getloadavg()[0]
    start = time.perf_counter()
    data = receipts_zip(receipts, processes)
    elapsed = time.perf_counter() - start
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert len(names) == count, len(names)
        first = PdfReader(io.BytesIO(archive.read(names[0])))
        assert len(first.pages) == 2 and "Sammelbestätigung" in first.pages[0].extract_text()
    emit(f"sammel_{count}_pdf_zip_s", elapsed, "s", "<= 30", elapsed <= 30)
    emit("receipts_processes", processes, "processes", None, None)
    emit("receipts_zip_mb", len(data) / 1e6, "MB", None, None)
    # For reference, one process, a sample (after a first receipt that loads the fonts): CPU and wall time
    # per receipt.
    sample = receipts[: min(200, count)]
    _render_chunk(sample[:1])
    cpu, wall = time.process_time(), time.perf_counter()
    _render_chunk(sample)
    cpu, wall = (time.process_time() - cpu) / len(sample), (time.perf_counter() - wall) / len(sample)
    emit("receipt_pdf_cpu_s", cpu, "s", None, None)
    emit("receipt_pdf_wall_s", wall, "s", None, None)
    emit(f"sammel_{count}_cpu_estimate_s", cpu * count, "s", None, None)
    emit("cores", os.cpu_count() or 1, "cores", None, None)
    emit("load_average", os.getloadavg()[0], "", None, None)
    emit("load_average_at_start", load_at_start, "", None, None)


DB_NAME = "bench_office_books"
DB_TARGETS = {"year_end_db_{bookings}_s": 2.0, "import_db_csv_{lines}_s": 5.0, "import_db_camt_{lines}_s": 5.0,
              "import_db_mt940_{lines}_s": 5.0}  # fmt: skip


def bench_db(args) -> None:
    """The same figures through the office's services on one club of a throw-away database."""
    import shutil
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT / "bench"))
    import _clubs

    media_root = Path(tempfile.mkdtemp(prefix="hh-bench-books-"))
    _clubs.database_fresh(DB_NAME)
    try:
        env = {**os.environ, **_clubs.database_env(DB_NAME, media_root), "PYTHONPATH": str(ROOT)}
        command = [sys.executable, str(ROOT / "bench" / "_office_books_db.py"), f"--bookings={args.bookings}",
                   f"--lines={args.lines}", f"--receipts={args.db_receipts}"]  # fmt: skip
        result = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if not os.environ.get("DATABASE_URL"):
            from cms import embedded_db  # set up by _clubs.database_fresh; this process has no Django database

            embedded_db._server.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE);")
        shutil.rmtree(media_root, ignore_errors=True)
    sizes = {"bookings": args.bookings, "lines": args.lines}
    limits = {name.format(**sizes): limit for name, limit in DB_TARGETS.items()}
    for name, value in figures.items():
        limit = limits.get(name)
        unit = "ratio" if name.endswith("_share") else "s"
        emit(name, value, unit, f"<= {limit:g}" if limit else None, value <= limit if limit else None)
    per_receipt = figures[f"receipts_db_{args.db_receipts}_s"] / args.db_receipts
    emit("receipts_db_per_receipt_s", per_receipt, "s", None, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--receipts", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("books", "receipts", "db"))
    parser.add_argument("--db-receipts", type=int, default=100, help="receipts issued through the services")
    parser.add_argument("--no-db", action="store_true", help="skip the database phase")
    args = parser.parse_args()
    if args.only in (None, "db") and not args.no_db:
        bench_db(args)
    if args.only == "db":
        return
    configure_plain()
    rng = random.Random(args.seed)
    if args.only != "books":
        bench_receipts(args.receipts, args.processes, random.Random(args.seed))
    if args.only == "receipts":
        return

    bookings = make_bookings(args.bookings, rng)
    start = time.perf_counter()
    statement = income_surplus(bookings, year=2026)
    elapsed = time.perf_counter() - start
    assert statement.booking_count == args.bookings
    emit(f"eur_{args.bookings}_s", elapsed, "s", "<= 2", elapsed <= 2)
    start = time.perf_counter()
    cash_audit(bookings, year=2026, opening={"1000": Decimal("100"), "1200": Decimal("5000")})
    emit(f"cash_audit_{args.bookings}_s", time.perf_counter() - start, "s", None, None)

    dues = [
        OpenDue(
            i,
            str(1000 + i),
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            Decimal("48.00"),
            end_to_end_id=f"HH-R1-L{1000 + i}",
        )
        for i in range(2000)
    ]
    donors = [KnownDonor(i, f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}") for i in range(500)]
    lines = make_lines(args.lines, rng)
    for name, build in (("csv", as_csv), ("camt", as_camt), ("mt940", as_mt940)):
        data = build(lines)
        start = time.perf_counter()
        parsed = parse_statement(data)
        proposals = propose_matches(parsed, dues=dues, donors=donors)
        elapsed = time.perf_counter() - start
        assert len(proposals) == args.lines, (name, len(proposals))
        matched = sum(p.kind != "unmatched" for p in proposals) / len(proposals)
        emit(f"import_match_{name}_s", elapsed, "s", "<= 5", elapsed <= 5)
        emit(f"import_match_{name}_matched_share", matched, "ratio", None, None)


if __name__ == "__main__":
    main()
