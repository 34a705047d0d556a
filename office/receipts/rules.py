"""When a receipt may not be issued, with the German reason, and the receipt numbers.

§ 63 Abs. 5 AO: a club may issue receipts only while the date of its Freistellungsbescheid (or of the
Anlage zum Körperschaftsteuerbescheid) lies no longer than five years back, or – as long as neither was
issued – the date of the § 60a statement no longer than three calendar years; "Die Frist ist taggenau zu
berechnen". A notice of 15.03.2021 therefore covers donations up to and including 15.03.2026; a
29.02. notice ends on 28.02. (§ 108 AO with § 188 Abs. 2, 3 BGB). The date compared is the day of the
donation (for a Sammelbestätigung: every donation in it).

§ 10b Abs. 1 Satz 8 EStG: membership fees to a club that (also) pursues one of the purposes listed there
are not deductible, so no receipt may name them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from .data import DonationKind, NoticeKind, Receipt, ReceiptKind, TaxNotice
from .errors import ReceiptInputError, ReceiptRefused
from .purposes import get_purposes, join_german, non_deductible_purposes

NOTICE_YEARS = {NoticeKind.EXEMPTION: 5, NoticeKind.CORPORATE_TAX_ANNEX: 5, NoticeKind.STATUTES_60A: 3}
NOTICE_NAMES = {
    NoticeKind.EXEMPTION: "Freistellungsbescheid",
    NoticeKind.CORPORATE_TAX_ANNEX: "Anlage zum Körperschaftsteuerbescheid",
    NoticeKind.STATUTES_60A: "Feststellung nach § 60a AO",
}


def _de(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29.02. becomes 28.02. when the target year has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def notice_valid_until(notice: TaxNotice) -> datetime.date:
    """The last day a donation can be confirmed on the strength of ``notice``."""
    return add_years(notice.date, NOTICE_YEARS[notice.kind])


def check_notice(notice: TaxNotice, *, on: datetime.date) -> None:
    """Raise :class:`ReceiptRefused` when ``notice`` no longer allows a receipt for a donation made ``on``."""
    if not notice.tax_office.strip() or not notice.tax_number.strip():
        raise ReceiptInputError("Finanzamt und Steuernummer des Vereins fehlen im Vereinsprofil.")
    if notice.kind != NoticeKind.STATUTES_60A and not notice.assessment_period.strip():
        raise ReceiptInputError("Der Veranlagungszeitraum des Freistellungsbescheids fehlt im Vereinsprofil.")
    until = notice_valid_until(notice)
    if on > until:
        years = NOTICE_YEARS[notice.kind]
        raise ReceiptRefused(
            f"Keine Zuwendungsbestätigung möglich: Der {NOTICE_NAMES[notice.kind]} vom {_de(notice.date)} liegt am Tag "
            f"der Zuwendung ({_de(on)}) länger als {years} Jahre zurück (§ 63 Abs. 5 AO); er deckte Zuwendungen nur "
            f"bis zum {_de(until)}. Bitte den neuen Bescheid im Vereinsprofil eintragen.",
            code="notice_expired",
        )


def check_membership_fees(purpose_codes: Iterable[str]) -> None:
    """Raise :class:`ReceiptRefused` when the club's purposes make membership fees non-deductible."""
    excluded = non_deductible_purposes(purpose_codes)
    if excluded:
        names = join_german([f"{p.label} ({p.legal_basis})" for p in excluded])
        raise ReceiptRefused(
            "Keine Zuwendungsbestätigung über Mitgliedsbeiträge möglich: Der Verein fördert "
            f"{names}; Mitgliedsbeiträge an solche Vereine sind nach § 10b Abs. 1 Satz 8 EStG nicht abziehbar. "
            "Spenden können weiterhin bestätigt werden.",
            code="fees_not_deductible",
        )


def check_receipt(receipt: Receipt) -> None:
    """Every rule at once; the first broken one raises (:class:`ReceiptInputError` or :class:`ReceiptRefused`)."""
    issuer = receipt.issuer
    get_purposes(issuer.purposes)
    if not issuer.name.strip():
        raise ReceiptInputError("Der Name des Vereins fehlt.")
    if not receipt.donor.name.strip():
        raise ReceiptInputError("Der Name des Zuwendenden fehlt.")
    if not receipt.donations:
        raise ReceiptInputError("Die Bestätigung enthält keine Zuwendung.")
    if receipt.kind != ReceiptKind.COLLECTIVE and len(receipt.donations) != 1:
        raise ReceiptInputError("Eine Einzelbestätigung gilt genau einer Zuwendung; für mehrere die Sammelbestätigung.")
    if issuer.machine_made and not issuer.machine_notified_on:
        raise ReceiptInputError(
            "Maschinell erstellte Bestätigungen ohne Unterschrift setzen voraus, dass das Verfahren dem Finanzamt "
            "angezeigt wurde (R 10b.1 Abs. 4 EStR); bitte das Datum der Anzeige eintragen."
        )
    for donation in receipt.donations:
        _check_donation(receipt, donation)
        check_notice(issuer.notice, on=donation.date)
    if any(d.kind == DonationKind.MEMBERSHIP_FEE for d in receipt.donations):
        check_membership_fees(issuer.purposes)
    if receipt.kind == ReceiptKind.COLLECTIVE:
        start, end = receipt.collective_period
        outside = [d for d in receipt.donations if not start <= d.date <= end]
        if outside:
            raise ReceiptInputError(
                f"Die Zuwendung vom {_de(outside[0].date)} liegt außerhalb des Zeitraums der Sammelbestätigung "
                f"({_de(start)} bis {_de(end)})."
            )


def _check_donation(receipt: Receipt, donation) -> None:
    if not isinstance(donation.amount, Decimal) or donation.amount <= 0:
        raise ReceiptInputError(f"Der Betrag der Zuwendung vom {_de(donation.date)} muss größer als 0 sein.")
    if donation.amount != donation.amount.quantize(Decimal("0.01")):
        raise ReceiptInputError(
            f"Der Betrag der Zuwendung vom {_de(donation.date)} hat mehr als zwei Nachkommastellen."
        )
    if donation.date > receipt.issue_date:
        raise ReceiptInputError(f"Die Zuwendung vom {_de(donation.date)} liegt nach dem Ausstellungsdatum.")
    in_kind = donation.kind == DonationKind.IN_KIND
    if in_kind != (receipt.kind == ReceiptKind.IN_KIND):
        raise ReceiptInputError(
            "Sachzuwendungen werden einzeln auf dem Muster „Sachzuwendungen“ bestätigt, Geldzuwendungen und "
            "Mitgliedsbeiträge auf dem Muster „Geldzuwendungen/Mitgliedsbeitrag“ oder in der Sammelbestätigung."
        )
    if in_kind and (donation.in_kind is None or not donation.in_kind.description.strip()):
        raise ReceiptInputError(
            "Bei einer Sachzuwendung fehlt die genaue Bezeichnung (Alter, Zustand, Kaufpreis usw.)."
        )
    if in_kind and donation.waiver:
        raise ReceiptInputError(
            "Ein Verzicht auf Erstattung von Aufwendungen ist eine Geldzuwendung, keine Sachzuwendung."
        )


# --- numbering -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(?P<prefix>[A-Z]{1,6})-(?P<year>\d{4})-(?P<seq>\d{4,})$")


def format_receipt_number(year: int, sequence: int, *, prefix: str = "ZB") -> str:
    """``ZB-2026-0001``: prefix, year of issue, a sequence that starts at 1 every year."""
    if sequence < 1:
        raise ReceiptInputError("Die laufende Nummer einer Zuwendungsbestätigung beginnt bei 1.")
    return f"{prefix}-{year:04d}-{sequence:04d}"


def parse_receipt_number(number: str) -> tuple[str, int, int]:
    """(prefix, year, sequence) of a number made by :func:`format_receipt_number`."""
    match = _NUMBER.match(number.strip())
    if not match:
        raise ReceiptInputError(f"„{number}“ ist keine Nummer einer Zuwendungsbestätigung (Form: ZB-2026-0001).")
    return match["prefix"], int(match["year"]), int(match["seq"])


def next_receipt_number(year: int, existing: Iterable[str], *, prefix: str = "ZB") -> str:
    """The number after the highest of ``year`` in ``existing`` (gaps are not refilled: numbers stay unique)."""
    highest = 0
    for number in existing:
        try:
            p, y, seq = parse_receipt_number(number)
        except ReceiptInputError:
            continue
        if p == prefix and y == year:
            highest = max(highest, seq)
    return format_receipt_number(year, highest + 1, prefix=prefix)
