"""Returned direct debits from a bank's CSV export (Sparkasse "CSV-CAMT", Volksbank/Raiffeisenbank and alike).

German online banking writes semicolon-separated files in Windows-1252 (newer ones UTF-8, some with
BOM), with German dates (31.01.2026 or 31.01.26) and amounts (-1.234,56). Column names differ from
bank to bank, so :class:`CsvReturnMapping` lists the accepted names per field (compared without case,
umlauts, spaces and punctuation); a bank with other headers gets its own mapping, not new code.
When there is no end-to-end column, the reference is taken from "EREF+…"/"EREF: …" in the purpose text.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ReturnsFileError
from .identifiers import transliterate
from .returns import RETURN_REASONS, ReturnedDebit


@dataclass(frozen=True)
class CsvReturnMapping:
    """Accepted column names per field; the first one present in the file is used."""

    amount: tuple[str, ...] = ("Betrag", "Umsatz", "Betrag (EUR)")
    end_to_end_id: tuple[str, ...] = ("Kundenreferenz (End-to-End)", "End-to-End-Referenz", "EREF", "Kundenreferenz")
    original_amount: tuple[str, ...] = ("Lastschrift Ursprungsbetrag", "Ursprungsbetrag", "Originalbetrag")
    fee: tuple[str, ...] = ("Auslagenersatz Ruecklastschrift", "Rücklastschriftgebühr", "Gebühr", "Entgelt")
    reason: tuple[str, ...] = ("Rückgabegrund", "Rueckgabegrund", "Rückgabegrund Code", "Grund")
    booking_date: tuple[str, ...] = ("Buchungstag", "Buchungsdatum")
    booking_text: tuple[str, ...] = ("Buchungstext", "Umsatzart", "Vorgang")
    purpose: tuple[str, ...] = ("Verwendungszweck", "Info", "Bemerkung")
    mandate_reference: tuple[str, ...] = ("Mandatsreferenz", "MREF")
    name: tuple[str, ...] = ("Beguenstigter/Zahlungspflichtiger", "Name Zahlungsbeteiligter", "Zahlungspflichtiger")
    iban: tuple[str, ...] = ("Kontonummer/IBAN", "IBAN Zahlungsbeteiligter", "IBAN")
    currency: tuple[str, ...] = ("Waehrung", "Währung")
    delimiter: str | None = None  # None: ";" or "," by counting them in the header line
    return_keywords: tuple[str, ...] = ("ruecklastschrift", "rueckbelastung", "rueckgabe", "retoure", "return")


DEFAULT_MAPPING = CsvReturnMapping()
_EREF = re.compile(r"EREF\s*[:+]\s*([A-Za-z0-9/\-?:().,'+]+?)(?=\s|$|[A-Z]{4}\s*[:+])")
_MREF = re.compile(r"MREF\s*[:+]\s*([A-Za-z0-9/\-?:().,'+ ]+?)(?=\s{2}|$|\s?[A-Z]{4}\s*[:+])")
_REASON_LABELLED = re.compile(r"(?:rueckgabegrund|grund|rtrn|reason)\W{0,3}([A-Z]{2}\d{2}|[A-Z]{4})\b", re.IGNORECASE)
_REASON_CODE = re.compile(r"\b([A-Z]{2}\d{2})\b")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", transliterate(header).lower())


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what German banks and Excel write."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_german_decimal(value: str) -> Decimal | None:
    """ "-1.234,56" → Decimal("-1234.56"); also "12,50-", "12.50" and empty (None)."""
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "").replace("EUR", "").replace("€", "")
    if not text:
        return None
    negative = text.endswith("-") or text.startswith("-")
    text = text.strip("+-")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    return -number if negative else number


def parse_german_date(value: str) -> datetime.date | None:
    text = (value or "").strip()
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _reason(row_reason: str, purpose: str, booking_text: str) -> str:
    code = row_reason.strip().upper()[:4]
    if code:
        return code
    for text in (purpose, booking_text):
        labelled = _REASON_LABELLED.search(text)
        if labelled and labelled.group(1).upper() in RETURN_REASONS:
            return labelled.group(1).upper()
        for candidate in _REASON_CODE.findall(text):
            if candidate in RETURN_REASONS:
                return candidate
    return ""


def parse_returns_csv(data: bytes, *, mapping: CsvReturnMapping = DEFAULT_MAPPING) -> list[ReturnedDebit]:
    """Every returned direct debit in a bank's CSV export; other rows are skipped."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = mapping.delimiter or (";" if first_line.count(";") >= first_line.count(",") else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ReturnsFileError(_("Die CSV-Datei ist leer.")) from None
    positions = {_key(name): index for index, name in enumerate(header)}

    def column(names: tuple[str, ...]) -> int | None:
        return next((positions[_key(n)] for n in names if _key(n) in positions), None)

    columns = {field: column(getattr(mapping, field)) for field in (
        "amount", "end_to_end_id", "original_amount", "fee", "reason", "booking_date", "booking_text",
        "purpose", "mandate_reference", "name", "iban", "currency",
    )}  # fmt: skip
    if columns["amount"] is None or (columns["end_to_end_id"] is None and columns["purpose"] is None):
        raise ReturnsFileError(
            _(
                "In der CSV-Datei fehlen nötige Spalten (Betrag und End-to-End-Referenz oder Verwendungszweck). "
                "Gefundene Spalten: %(columns)s"
            )
            % {"columns": ", ".join(h for h in header if h) or "-"}
        )
    results: list[ReturnedDebit] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row=row) -> str:
            index = columns[field]
            return row[index].strip() if index is not None and index < len(row) else ""

        purpose, booking_text = cell("purpose"), cell("booking_text")
        try:
            amount = parse_german_decimal(cell("amount"))
            original = parse_german_decimal(cell("original_amount"))
            fee = parse_german_decimal(cell("fee"))
            booking_date = parse_german_date(cell("booking_date"))
        except ValueError as error:
            raise ReturnsFileError(
                _("Zeile %(row)d der CSV-Datei: „%(value)s“ ist kein gültiger Betrag oder kein gültiges Datum.")
                % {"row": number, "value": error.args[0]}
            ) from None
        keyword_text = _key(booking_text) + " " + _key(purpose)
        looks_like_return = bool(cell("reason")) or any(k in keyword_text for k in mapping.return_keywords)
        if amount is None or amount >= 0 or not looks_like_return:
            continue
        fee = abs(fee) if fee else None
        # Without an original-amount column the booked amount holds the bank's fee.
        returned = abs(original) if original is not None else abs(amount) - (fee or Decimal("0"))
        eref = cell("end_to_end_id")
        if not eref:
            match = _EREF.search(purpose)
            eref = match.group(1) if match else ""
        mref = cell("mandate_reference")
        if not mref:
            match = _MREF.search(purpose)
            mref = match.group(1).strip() if match else ""
        results.append(
            ReturnedDebit(
                end_to_end_id=eref,
                amount=returned,
                currency=cell("currency") or "EUR",
                reason_code=_reason(cell("reason"), purpose, booking_text),
                additional_info=purpose,
                fee=fee,
                mandate_reference=mref,
                debtor_name=cell("name"),
                debtor_iban=cell("iban").replace(" ", ""),
                booking_date=booking_date,
                source="csv",
            )
        )
    return results
