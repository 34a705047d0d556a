"""The plain values a receipt is made of; the office's models build them, this package never reads a database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class NoticeKind(StrEnum):
    """What the tax office issued last (§ 63 Abs. 5 AO)."""

    EXEMPTION = "freistellungsbescheid"  # Freistellungsbescheid
    CORPORATE_TAX_ANNEX = "anlage_kst"  # Anlage zum Körperschaftsteuerbescheid
    STATUTES_60A = "feststellung_60a"  # gesonderte Feststellung nach § 60a AO


class DonationKind(StrEnum):
    MONEY = "geldzuwendung"
    MEMBERSHIP_FEE = "mitgliedsbeitrag"
    IN_KIND = "sachzuwendung"


class InKindOrigin(StrEnum):
    """Where a donation in kind comes from, as the donor told us (BMF template, Sachzuwendung)."""

    BUSINESS = "betriebsvermoegen"
    PRIVATE = "privatvermoegen"
    UNKNOWN = "keine_angabe"


class ReceiptKind(StrEnum):
    MONEY = "geldzuwendung"  # Bestätigung über Geldzuwendungen/Mitgliedsbeitrag (also Aufwandsspende)
    IN_KIND = "sachzuwendung"  # Bestätigung über Sachzuwendungen
    COLLECTIVE = "sammelbestaetigung"  # Sammelbestätigung über Geldzuwendungen/Mitgliedsbeiträge


@dataclass(frozen=True)
class TaxNotice:
    """The club's last notice from the tax office; ``assessment_period`` like "2021 bis 2023" (not for § 60a)."""

    kind: NoticeKind
    tax_office: str
    tax_number: str
    date: datetime.date
    assessment_period: str = ""


@dataclass(frozen=True)
class Issuer:
    """The club as issuer: name and address lines, purposes (codes of ``purposes.PURPOSES``), tax data.

    ``machine_made`` is the per-club switch for receipts without a hand signature (R 10b.1 Abs. 4 EStR):
    allowed once the club has told its tax office, which ``machine_notified_on`` records.
    """

    name: str
    address_lines: tuple[str, ...]
    place: str
    purposes: tuple[str, ...]
    notice: TaxNotice
    machine_made: bool = False
    machine_notified_on: datetime.date | None = None
    signatory: str = ""


@dataclass(frozen=True)
class Donor:
    name: str
    address_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class InKindDetails:
    """Exact description (age, condition, price …), origin and whether valuation documents exist."""

    description: str
    origin: InKindOrigin = InKindOrigin.PRIVATE
    valuation_documents: bool = False


@dataclass(frozen=True)
class Donation:
    """One donation; ``waiver`` marks an Aufwandsspende (Verzicht auf Erstattung von Aufwendungen)."""

    date: datetime.date
    amount: Decimal
    kind: DonationKind = DonationKind.MONEY
    waiver: bool = False
    in_kind: InKindDetails | None = None


@dataclass(frozen=True)
class Receipt:
    """One receipt: a single donation (``MONEY``/``IN_KIND``) or all of a period (``COLLECTIVE``)."""

    kind: ReceiptKind
    number: str
    issue_date: datetime.date
    issuer: Issuer
    donor: Donor
    donations: tuple[Donation, ...]
    period: tuple[datetime.date, datetime.date] | None = None  # COLLECTIVE; default: the donations' calendar year

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.donations), Decimal("0"))

    @property
    def collective_period(self) -> tuple[datetime.date, datetime.date]:
        if self.period:
            return self.period
        first = min(d.date for d in self.donations)
        last = max(d.date for d in self.donations)
        if first.year == last.year:
            return datetime.date(first.year, 1, 1), datetime.date(first.year, 12, 31)
        return first, last
