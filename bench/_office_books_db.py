"""The database phase of bench/office_books.py: the same figures through the office's services, on one club
of a throw-away database in the embedded PostgreSQL.

Not a benchmark itself (the leading underscore keeps `make bench` from running it):
bench/office_books.py runs it as a worker process with the database's environment and reads the JSON of
its last output line.

    .venv/bin/python bench/_office_books_db.py --bookings 20000 --lines 5000 --receipts 100

* year_end_db_<N>_s: `year_end_for` (the year-end page's statement and cash audit from one read of the
  year's bookings) over N bookings written with bulk_create; median of three.
* import_db_<format>_<M>_s: `statement_import` of M lines (parsing, proposals against the club's 4,000
  members with an open due and 500 donors, the lines written), per format.
* receipts_db_<K>_s: `receipts_issue_year` for K donors with 4 to 12 donations each (rules, numbering,
  PDF, the duplicate stored), then the year's PDFs read back into a ZIP, in one process.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import random
import statistics
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(BENCH_DIR.parent))

SLUG = "kassenverein"


def _club():
    from django.db import connection

    import _clubs

    from sites.clubs.models import Club
    from sites.clubs.services import club_provision

    connection.set_schema_to_public()
    club_provision(
        slug=SLUG,
        profile=_clubs.profile(4242),
        editor_name="Erika Mustermann",
        editor_email=f"redaktion@{SLUG}.example",
        send_invitation=False,
    )
    return Club.objects.get(slug=SLUG)


def _fill_books(count: int, rng: random.Random) -> None:
    from office.models import Account, Booking, LedgerCategory

    categories = list(LedgerCategory.objects.filter(kind__in=["income", "expense"]))
    accounts = list(Account.objects.all())
    rows = []
    for i in range(count):
        category = rng.choice(categories)
        amount = Decimal(rng.randint(100, 50000)) / 100
        rows.append(
            Booking(
                booked_on=datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                amount=amount if category.kind == "income" else -amount,
                account=rng.choice(accounts),
                text=f"Buchung {i}",
                category=category,
                cost_centre=rng.choice(("", "Fußball", "Turnen", "Sommerfest", "Jugend")),
            )
        )
    Booking.objects.bulk_create(rows, batch_size=2000)


def _fill_members(rng: random.Random) -> None:
    """4,000 members (numbers 1 to 4,000, as bench/office_books.py's statement lines name them), each
    with an open due of 48 €, and 500 donors."""
    import _office_data

    from office.constants import EntryKind
    from office.models import Donor, Member, MemberAccountEntry

    _office_data.members_load(4000, seed=rng.randint(0, 10**6))
    MemberAccountEntry.objects.bulk_create(
        [
            MemberAccountEntry(
                member_id=pk, booked_on=datetime.date(2026, 1, 1), kind=EntryKind.DUE, amount=Decimal("48.00")
            )
            for pk in Member.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    Donor.objects.bulk_create([Donor(name=f"Spender {i}") for i in range(500)])


def _fill_donations(count: int, rng: random.Random) -> None:
    from office.models import Donation, Donor

    donors = Donor.objects.bulk_create(
        [
            Donor(name=f"Gönnerin {i}", street=f"Lindenweg {i % 120 + 1}", postal_code="12345", town="Musterstadt")
            for i in range(count)
        ]
    )
    Donation.objects.bulk_create(
        [
            Donation(
                donor=donor,
                donated_on=datetime.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                amount=Decimal(rng.randint(500, 50000)) / 100,
                kind="waiver" if rng.random() < 0.1 else "money",
            )
            for donor in donors
            for _ in range(rng.randint(4, 12))
        ],
        batch_size=2000,
    )


def measure(bookings: int, lines: int, receipts: int) -> dict:
    import office_books
    from django_tenants.utils import schema_context

    from office.models import Account, Donation, DonationReceipt
    from office.services.bank_statements import statement_import
    from office.services.donations import office_settings_update, receipts_issue_year
    from office.services.finance import year_end_for

    rng = random.Random(7)
    figures: dict[str, float] = {}
    club = _club()
    with schema_context(club.schema_name):
        _fill_books(bookings, rng)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            statement, _audit = year_end_for(year=2026)
            times.append(time.perf_counter() - started)
        assert statement.booking_count == bookings, statement.booking_count
        figures[f"year_end_db_{bookings}_s"] = statistics.median(times)

        _fill_members(rng)
        bank = Account.objects.get(number="1200")
        statement_lines = office_books.make_lines(lines, rng)
        for name, build in (
            ("csv", office_books.as_csv),
            ("camt", office_books.as_camt),
            ("mt940", office_books.as_mt940),
        ):
            data = build(statement_lines)
            started = time.perf_counter()
            result = statement_import(account=bank, data=data, filename=f"bench.{name}", by="bench")
            figures[f"import_db_{name}_{lines}_s"] = time.perf_counter() - started
            assert sum(result.counts.values()) == lines
            figures[f"import_db_{name}_matched_share"] = 1 - result.counts.get("unmatched", 0) / lines

        _fill_donations(receipts, rng)
        office_settings_update(
            data={
                "tax_office": "Finanzamt Musterstadt",
                "tax_number": "12/345/67890",
                "purposes": ["sport", "jugend_altenhilfe"],
                "notice_date": datetime.date(2024, 3, 15),
                "assessment_period": "2021 bis 2023",
                "machine_made": True,
                "machine_notified_on": datetime.date(2025, 1, 20),
            },
            by="bench",
        )
        started = time.perf_counter()
        issued = receipts_issue_year(club=club, year=2026, by="bench", issued_on=datetime.date(2027, 1, 31))
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, pdf in DonationReceipt.objects.filter(year=2026).values_list("number", "pdf"):
                archive.writestr(f"Zuwendungsbestaetigung-{number}.pdf", bytes(pdf))
        figures[f"receipts_db_{receipts}_s"] = time.perf_counter() - started
        assert len(issued.issued) == receipts and not issued.refused, (len(issued.issued), issued.refused[:1])
        assert not Donation.objects.filter(donated_on__year=2026, receipts__isnull=True).exists()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--receipts", type=int, default=100)
    args = parser.parse_args()
    import django

    django.setup()
    import _clubs

    figures = {"platform_setup_s": _clubs.platform_ready()}
    figures.update(measure(args.bookings, args.lines, args.receipts))
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
