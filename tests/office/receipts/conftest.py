"""Receipts of a sports club and of a youth-welfare club, as plain dataclasses (no database)."""

import datetime
from decimal import Decimal

import pytest

from office.receipts.data import (
    Donation,
    DonationKind,
    Donor,
    InKindDetails,
    InKindOrigin,
    Issuer,
    NoticeKind,
    Receipt,
    ReceiptKind,
    TaxNotice,
)

D = datetime.date
EXEMPTION = TaxNotice(NoticeKind.EXEMPTION, "Musterstadt", "12/345/67890", D(2024, 3, 15), "2021 bis 2023")
STATUTES = TaxNotice(NoticeKind.STATUTES_60A, "Beispielheim", "98/765/43210", D(2024, 6, 1))
DONOR = Donor("Erika Mustermann", ("Beispielweg 5", "12345 Musterstadt"))


def sports_club(**changes) -> Issuer:
    values = {
        "name": "SV Alpha 1900 e. V.",
        "address_lines": ("Hauptstraße 1", "12345 Musterstadt"),
        "place": "Musterstadt",
        "purposes": ("sport", "jugend_altenhilfe"),
        "notice": EXEMPTION,
    }
    return Issuer(**{**values, **changes})


def youth_club(**changes) -> Issuer:
    values = {
        "name": "Jugendhilfe Beispielheim e. V.",
        "address_lines": ("Am Markt 3", "12399 Beispielheim"),
        "place": "Beispielheim",
        "purposes": ("jugend_altenhilfe", "bildung"),
        "notice": STATUTES,
        "machine_made": True,
        "machine_notified_on": D(2025, 1, 20),
    }
    return Issuer(**{**values, **changes})


def money(issuer=None, *, amount="1234.56", day=D(2026, 1, 10), kind=DonationKind.MONEY, waiver=False) -> Receipt:
    return Receipt(
        ReceiptKind.MONEY,
        "ZB-2026-0001",
        D(2026, 2, 1),
        issuer or sports_club(),
        DONOR,
        (Donation(day, Decimal(amount), kind, waiver=waiver),),
    )


def in_kind() -> Receipt:
    details = InKindDetails(
        "Notebook Lenovo ThinkPad T14, gekauft 03/2023 für 1.299,00 €, guter Zustand, Akku 85 %",
        InKindOrigin.BUSINESS,
        valuation_documents=True,
    )
    donation = Donation(D(2026, 1, 12), Decimal("650.00"), DonationKind.IN_KIND, in_kind=details)
    return Receipt(ReceiptKind.IN_KIND, "ZB-2026-0003", D(2026, 2, 1), sports_club(), DONOR, (donation,))


def collective(issuer=None, count=12) -> Receipt:
    donations = []
    for i in range(count):
        kind = DonationKind.MEMBERSHIP_FEE if i % 3 == 0 else DonationKind.MONEY
        donations.append(Donation(D(2025, 1 + i % 12, 1 + (i * 7) % 28), Decimal("25.00") + i, kind, waiver=i % 4 == 1))
    return Receipt(
        ReceiptKind.COLLECTIVE, "ZB-2026-0002", D(2026, 1, 31), issuer or youth_club(), DONOR, tuple(donations)
    )


@pytest.fixture
def d():
    return D
