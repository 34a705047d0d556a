"""Benchmark of the pure book computations (office/books): year-end statement and bank import with matching.

    .venv/bin/python bench/office_books.py [--bookings 20000] [--lines 5000] [--seed 1]

No database: the computations take plain dataclasses. Figures (one JSON object per line):
* eur_20000_s: income-surplus statement per sphere (with cost centres and the § 64 (3) AO watch) over
  20,000 bookings of one year; target <= 2 s.
* import_match_csv_s / import_match_camt_s / import_match_mt940_s: parsing a statement of 5,000 lines
  (bank CSV in Windows-1252, camt.053.001.08, MT940) and proposing matches against 2,000 open dues and
  500 known donors; target <= 5 s each.
* cash_audit_20000_s: balances per money account over the same bookings (no target, for reference).
"""

import argparse
import datetime
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

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
