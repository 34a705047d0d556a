"""Demo books and donations of the demo clubs: tax data, donors (members and others), donations of money,
in kind and waivers, and a year of bookings. Deterministic and idempotent: a club with donors is left alone."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from django_tenants.utils import schema_context

from office.models import Account, Donor, LedgerCategory, Member
from office.models.finance import DonationType

from .donations import donation_create, donor_create, office_settings, office_settings_update
from .finance import booking_create

PURPOSES = {
    "tsv-musterstadt": ["sport", "jugend_altenhilfe"],
    "chor-harmonie": ["kunst_kultur"],
    "feuerwehrverein-musterland": ["feuerschutz", "jugend_altenhilfe"],
    "jugendtreff-musterstadt": ["jugend_altenhilfe"],
    "gruene-aue": ["naturschutz"],
    "tafel-musterstadt": ["mildtaetig"],
}

OTHER_DONORS = [
    ("Bäckerei Korn GmbH", "Marktplatz 3", "12345", "Musterstadt", "info@baeckerei-korn.example"),
    ("Sparkassenstiftung Musterstadt", "Bahnhofstraße 1", "12345", "Musterstadt", ""),
    ("Helga Großzügig", "Lindenweg 7", "12347", "Musterdorf", "helga@grosszuegig.example"),
]

EXPENSES = [
    ("2510", "Übungsleiterpauschale"),
    ("2530", "Verbandsbeitrag"),
    ("2540", "Versicherungen"),
]


def finance_demo_fill(*, club, today: datetime.date | None = None) -> int:
    """Fills the club's books and donations with demo data; returns the number of donations made (0 if it had donors)."""
    if club.slug not in PURPOSES:
        return 0
    today = today or datetime.date.today()
    with schema_context(club.schema_name), transaction.atomic():
        if Donor.objects.exists():
            return 0
        return _fill(club, today)


def _category(number: str, kind: str) -> LedgerCategory:
    return LedgerCategory.objects.filter(number=number).first() or LedgerCategory.objects.filter(kind=kind).first()


def _fill(club, today: datetime.date) -> int:
    rng = random.Random(f"finance-demo-{club.slug}")
    office_settings(club=club)
    office_settings_update(
        club=club,
        data={
            "tax_office": club.tax_office or f"Finanzamt {club.town}",
            "tax_number": f"{rng.randint(10, 99)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}",
            "purposes": PURPOSES[club.slug],
            "notice_kind": "freistellungsbescheid",
            "notice_date": datetime.date(today.year - 2, 3, 15),
            "assessment_period": f"{today.year - 5} bis {today.year - 3}",
            "signatory": club.contact_name or "",
            "machine_made": True,
            "machine_notified_on": datetime.date(today.year - 2, 4, 1),
        },
        by=None,
    )
    bank = Account.objects.filter(kind="bank").first()
    donors = []
    for member in Member.objects.exclude(email="").order_by("number")[:4]:
        donors.append(
            donor_create(
                data={
                    "member": member,
                    "name": f"{member.first_name} {member.last_name}",
                    "street": f"{member.street} {member.house_number}".strip(),
                    "postal_code": member.postal_code,
                    "town": member.town,
                    "email": member.email,
                },
                by=None,
            )
        )
    for name, street, postal_code, town, email in OTHER_DONORS:
        donors.append(
            donor_create(
                data={"name": name, "street": street, "postal_code": postal_code, "town": town, "email": email}, by=None
            )
        )
    count = 0
    year = today.year - 1  # a complete year: the Sammelbestätigungen are due
    donations_category = _category("2030", "income")
    for index, donor in enumerate(donors):
        for _ in range(rng.randint(1, 3)):
            day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            amount = Decimal(rng.choice([20, 25, 50, 100, 150, 250]))
            booking = booking_create(
                data={
                    "booked_on": day,
                    "amount": amount,
                    "account": bank,
                    "counterparty": donor.name,
                    "text": "Spende",
                    "category": donations_category,
                },
                by=None,
            )
            donation_create(donor=donor, data={"donated_on": day, "amount": amount}, booking=booking, by=None)
            count += 1
        if index == 1:  # a trainer waives the reimbursement of travel costs
            donation_create(
                donor=donor,
                data={
                    "donated_on": datetime.date(year, 9, 30),
                    "amount": Decimal("84.00"),
                    "kind": DonationType.WAIVER,
                },
                by=None,
            )
            count += 1
    donation_create(
        donor=donors[-1],
        data={
            "donated_on": datetime.date(year, 11, 5),
            "amount": Decimal("180.00"),
            "kind": DonationType.IN_KIND,
            "description": "Gebrauchter Laptop, 2 Jahre alt, guter Zustand",
            "value_basis": "Kaufbeleg vom 02.05. zwei Jahre zuvor, abzüglich Abschreibung",
        },
        by=None,
    )
    count += 1
    for number, text in EXPENSES:
        booking_create(
            data={
                "booked_on": datetime.date(year, rng.randint(1, 12), 15),
                "amount": -Decimal(rng.randint(100, 900)),
                "account": bank,
                "text": text,
                "category": _category(number, "expense"),
            },
            by=None,
        )
    return count
