"""Bank statements into plain lines: camt.053 (every version), MT940 (the `mt940` package) and German bank CSV.

Every reader returns :class:`StatementLine` objects, signed like the books (positive = money in), with
the counterparty of the payment, the remittance text and the SEPA references the matcher uses
(end-to-end id, mandate reference). A file that cannot be read raises :class:`StatementError` with a
German message; a CSV problem names its line.

camt.053 reuses the namespace-agnostic reading of ``office/sepa/camt.py``. CSV follows the exports of
Sparkasse, Volksbank/Raiffeisenbank, Deutsche Bank, Commerzbank, ING, DKB: semicolon, Windows-1252 or
UTF-8, German dates and amounts; column names per field in :class:`CsvMapping`, so another bank gets a
mapping, not code.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from office.sepa.camt import _Reader, read_document
from office.sepa.errors import SepaError
from office.sepa.identifiers import transliterate
from office.sepa.returns_csv import decode, parse_german_decimal

_MAX_BYTES = 50 * 1024 * 1024
_EREF = re.compile(r"EREF\s*[:+]\s*(\S+)")
_MREF = re.compile(r"MREF\s*[:+]\s*(\S+)")
_RETURN_WORDS = ("ruecklastschrift", "rueckbelastung", "retoure", "rueckgabe")


class StatementError(ValueError):
    """A statement file that cannot be read; ``str(error)`` is German."""

    code = "invalid_statement"


@dataclass(frozen=True)
class StatementLine:
    booking_date: datetime.date
    amount: Decimal  # > 0 money in, < 0 money out
    name: str = ""  # the counterparty
    iban: str = ""
    purpose: str = ""
    end_to_end_id: str = ""
    mandate_reference: str = ""
    value_date: datetime.date | None = None
    currency: str = "EUR"
    bank_reference: str = ""
    is_return: bool = False
    source_line: int = 0  # CSV line, MT940/camt entry number


def _return_hint(*texts: str) -> bool:
    text = transliterate(" ".join(texts)).lower()
    return any(word in text for word in _RETURN_WORDS)


def _clean_ref(value: str) -> str:
    value = (value or "").strip()
    return "" if value.upper() in ("NOTPROVIDED", "NONREF") else value


# --- camt.053 ----------------------------------------------------------------------------------------


def parse_camt053(data: bytes) -> list[StatementLine]:
    """All booked transactions of a camt.053 statement (a batch entry with details gives one line per detail)."""
    try:
        root, kind, namespace = read_document(data)
    except SepaError as error:
        raise StatementError(str(error)) from None
    if not kind.startswith("camt.053"):
        raise StatementError(f"Die Datei ist kein Kontoauszug camt.053, sondern {kind}.")
    r = _Reader(namespace)
    lines: list[StatementLine] = []
    number = 0
    for statement in r.findall(root, "BkToCstmrStmt/Stmt"):
        for entry in r.findall(statement, "Ntry"):
            number += 1
            status = r.text(entry, "Sts/Cd", "Sts").upper()
            if status and status != "BOOK":
                continue
            lines.extend(_camt_entry(r, entry, number))
    return lines


def _camt_decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def _camt_date(r: _Reader, node, path: str) -> datetime.date | None:
    value = r.text(node, f"{path}/Dt", f"{path}/DtTm")
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _camt_entry(r: _Reader, entry, number: int) -> list[StatementLine]:
    booking = _camt_date(r, entry, "BookgDt") or _camt_date(r, entry, "ValDt")
    if booking is None:
        raise StatementError(f"Buchung {number} im Kontoauszug hat kein Buchungsdatum.")
    value_date = _camt_date(r, entry, "ValDt")
    entry_debit = r.text(entry, "CdtDbtInd").upper() == "DBIT"
    reversal = r.text(entry, "RvslInd").lower() == "true"
    amount_node = r.find(entry, "Amt")
    currency = amount_node.get("Ccy", "EUR") if amount_node is not None else "EUR"
    details = r.findall(entry, "NtryDtls/TxDtls")
    extra = r.text(entry, "AddtlNtryInf")
    if not details:
        details = [None]
    out = []
    for tx in details:
        node = tx if tx is not None else entry
        indicator = r.text(node, "CdtDbtInd").upper() if tx is not None else ""
        debit = indicator == "DBIT" if indicator else entry_debit
        raw = r.text(node, "AmtDtls/TxAmt/Amt", "Amt") if tx is not None else ""
        amount = _camt_decimal(raw) if raw else None
        if amount is None and len(details) == 1:
            amount = _camt_decimal(r.text(entry, "Amt"))
        if amount is None:
            raise StatementError(f"Buchung {number} im Kontoauszug hat keinen lesbaren Betrag.")
        is_return = reversal or (tx is not None and r.find(tx, "RtrInf") is not None)
        # the other side of the payment; on a return the member (original debtor), not the club as creditor
        parties = ("Cdtr", "Dbtr") if debit and not is_return else ("Dbtr", "Cdtr")
        name = iban = ""
        if tx is not None:
            name = r.text(node, *(f"RltdPties/{p}/{n}" for p in parties for n in ("Nm", "Pty/Nm")))
            iban = r.text(node, *(f"RltdPties/{p}Acct/Id/IBAN" for p in parties))
        purpose = " ".join(u.text.strip() for u in r.findall(node, "RmtInf/Ustrd") if u.text) if tx is not None else ""
        out.append(
            StatementLine(
                booking_date=booking,
                value_date=value_date,
                amount=-amount if debit else amount,
                currency=currency,
                name=name,
                iban=iban.replace(" ", ""),
                purpose=purpose or extra,
                end_to_end_id=_clean_ref(r.text(node, "Refs/EndToEndId")) if tx is not None else "",
                mandate_reference=_clean_ref(r.text(node, "Refs/MndtId")) if tx is not None else "",
                bank_reference=r.text(entry, "AcctSvcrRef"),
                is_return=is_return,
                source_line=number,
            )
        )
    return out


# --- MT940 -------------------------------------------------------------------------------------------


def parse_mt940(data: bytes) -> list[StatementLine]:
    """MT940 with the German structured :86: field (?20–?29 purpose, ?32/?33 name, ?31 IBAN, EREF+/MREF+)."""
    import mt940
    from mt940.options import Options

    text = decode(data)
    if ":61:" not in text:
        raise StatementError("Die Datei ist kein MT940-Kontoauszug (kein Feld :61:).")
    try:
        transactions = mt940.parse(
            text, options=Options(applicant_iban=True, reversal_sign=True, case_insensitive_marks=True)
        )
    except Exception as error:  # the package raises plain exceptions of several kinds
        raise StatementError(f"Der MT940-Kontoauszug ist nicht lesbar: {error}") from None
    lines = []
    for number, tx in enumerate(transactions, start=1):
        d = tx.data
        amount = d.get("amount")
        if amount is None or d.get("date") is None:
            raise StatementError(f"Umsatz {number} im MT940-Kontoauszug hat keinen Betrag oder kein Datum.")
        purpose = " ".join(str(d.get(k) or "") for k in ("purpose", "additional_purpose")).strip()
        end_to_end = d.get("end_to_end_reference") or _first(_EREF, purpose)
        mandate = d.get("additional_position_reference") or _first(_MREF, purpose)
        status = str(d.get("status") or "")
        booked, valued = d.get("entry_date") or d["date"], d["date"]
        lines.append(
            StatementLine(
                booking_date=datetime.date(booked.year, booked.month, booked.day),
                value_date=datetime.date(valued.year, valued.month, valued.day),
                amount=Decimal(amount.amount),
                currency=str(getattr(amount, "currency", "EUR") or "EUR"),
                name=str(d.get("applicant_name") or "").strip(),
                iban=str(d.get("applicant_iban") or d.get("gvc_applicant_iban") or "").replace(" ", ""),
                purpose=purpose,
                end_to_end_id=_clean_ref(str(end_to_end or "")),
                mandate_reference=_clean_ref(str(mandate or "")),
                bank_reference=str(d.get("bank_reference") or ""),
                is_return=status == "RC" or _return_hint(str(d.get("posting_text") or "")),
                source_line=number,
            )
        )
    return lines


def _first(pattern: re.Pattern, text: str) -> str:
    match = pattern.search(text or "")
    return match.group(1) if match else ""


# --- CSV ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvMapping:
    """Accepted column names per field (compared without case, umlauts, spaces and punctuation)."""

    booking_date: tuple[str, ...] = ("Buchungstag", "Buchungsdatum", "Buchung", "Datum")
    value_date: tuple[str, ...] = ("Valutadatum", "Wertstellung", "Valuta")
    amount: tuple[str, ...] = ("Betrag", "Umsatz", "Betrag (EUR)", "Betrag (€)")
    debit: tuple[str, ...] = ("Soll", "Belastung")  # banks with two amount columns
    credit: tuple[str, ...] = ("Haben", "Gutschrift")
    name: tuple[str, ...] = (
        "Beguenstigter/Zahlungspflichtiger",
        "Name Zahlungsbeteiligter",
        "Zahlungsempfänger*in",
        "Auftraggeber / Begünstigter",
        "Auftraggeber/Empfänger",
    )
    iban: tuple[str, ...] = ("Kontonummer/IBAN", "IBAN Zahlungsbeteiligter", "IBAN", "Kontonummer")
    purpose: tuple[str, ...] = ("Verwendungszweck", "Buchungstext / Verwendungszweck", "Info")
    booking_text: tuple[str, ...] = ("Buchungstext", "Umsatzart", "Vorgang")
    end_to_end_id: tuple[str, ...] = ("Kundenreferenz (End-to-End)", "End-to-End-Referenz", "Kundenreferenz")
    mandate_reference: tuple[str, ...] = ("Mandatsreferenz",)
    currency: tuple[str, ...] = ("Waehrung", "Währung")
    delimiter: str | None = None  # None: ";" unless the header has more ","


DEFAULT_CSV_MAPPING = CsvMapping()


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", transliterate(header).lower())


def _csv_date(value: str, line: int) -> datetime.date:
    value = value.strip()
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise StatementError(f"Zeile {line}: „{value}“ ist kein Datum (erwartet TT.MM.JJJJ).")


def parse_bank_csv(data: bytes, mapping: CsvMapping = DEFAULT_CSV_MAPPING) -> list[StatementLine]:
    """The lines of a bank's CSV export; lines before the header (account data some banks write) are skipped."""
    if len(data) > _MAX_BYTES:
        raise StatementError("Die Datei ist zu groß (höchstens 50 MB).")
    text = decode(data)
    rows = text.splitlines()
    date_keys = {_key(n) for n in mapping.booking_date}
    start = next(
        (i for i, row in enumerate(rows[:30]) if any(_key(c) in date_keys for c in re.split(r"[;,\t]", row))), None
    )
    if start is None:
        raise StatementError("In der Datei fehlt die Kopfzeile mit „Buchungstag“ – ist es ein Kontoauszug als CSV?")
    header_line = rows[start]
    delimiter = mapping.delimiter or (";" if header_line.count(";") >= header_line.count(",") else ",")
    reader = csv.reader(io.StringIO("\n".join(rows[start:])), delimiter=delimiter)
    header = [_key(h) for h in next(reader)]

    def column(names: tuple[str, ...]) -> int | None:
        for name in names:
            if _key(name) in header:
                return header.index(_key(name))
        return None

    cols = {f: column(getattr(mapping, f)) for f in CsvMapping.__dataclass_fields__ if f != "delimiter"}
    if cols["amount"] is None and (cols["debit"] is None or cols["credit"] is None):
        raise StatementError("In der Datei fehlt die Spalte „Betrag“ (oder „Soll“ und „Haben“).")
    lines = []
    for offset, row in enumerate(reader):
        number = start + 2 + offset
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row=row) -> str:
            index = cols[field]
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            if cols["amount"] is not None:
                amount = parse_german_decimal(cell("amount"))
            else:
                debit, credit = parse_german_decimal(cell("debit")), parse_german_decimal(cell("credit"))
                amount = (credit or 0) - abs(debit or 0) if (debit or credit) else None
        except ValueError:
            raise StatementError(f"Zeile {number}: „{cell('amount')}“ ist kein Betrag.") from None
        if amount is None:
            if not cell("booking_date"):
                continue  # a closing line ("Kontostand …") without date and amount
            raise StatementError(f"Zeile {number}: Der Betrag fehlt.")
        purpose = cell("purpose")
        booking_text = cell("booking_text")
        value = cell("value_date")
        lines.append(
            StatementLine(
                booking_date=_csv_date(cell("booking_date"), number),
                value_date=_csv_date(value, number) if value else None,
                amount=Decimal(amount),
                currency=cell("currency") or "EUR",
                name=cell("name"),
                iban=cell("iban").replace(" ", ""),
                purpose=purpose,
                end_to_end_id=_clean_ref(cell("end_to_end_id") or _first(_EREF, purpose)),
                mandate_reference=_clean_ref(cell("mandate_reference") or _first(_MREF, purpose)),
                is_return=amount < 0 and _return_hint(booking_text, purpose),
                source_line=number,
            )
        )
    return lines


def parse_statement(data: bytes, mapping: CsvMapping = DEFAULT_CSV_MAPPING) -> list[StatementLine]:
    """Any of the three formats, told apart by their content."""
    head = data[:2000].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return parse_camt053(data)
    if b":20:" in head and (b":25:" in head or b":60F:" in head):
        return parse_mt940(data)
    return parse_bank_csv(data, mapping)
