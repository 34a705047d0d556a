"""The plain data of a direct-debit file and its checks before any XML is written.

The office's debit run turns members, mandates and fees into these dataclasses; `pain008.build_pain008`
writes them. `check_debits` finds every problem at once (German, per line), so the treasurer sees the
whole list instead of one error after the other.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import InvalidIdentifier, LineProblem
from .identifiers import (
    normalize_bic,
    normalize_iban,
    same_bank,
    sanitize_name,
    sanitize_remittance,
    validate_creditor_id,
    validate_end_to_end_id,
    validate_mandate_reference,
)

MAX_AMOUNT = Decimal("999999999.99")
# SEPA countries outside the EEA: their banks need the debtor's town and country in the file.
NON_EEA_SEPA_COUNTRIES = frozenset({"AD", "AL", "CH", "GB", "GG", "IM", "JE", "MC", "MD", "ME", "MK", "RS", "SM", "VA"})
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class SequenceType(enum.StrEnum):
    FIRST = "FRST"
    RECURRING = "RCUR"
    ONE_OFF = "OOFF"
    FINAL = "FNAL"


_SEQUENCE_VALUES = frozenset(s.value for s in SequenceType)
SEQUENCE_ORDER = {SequenceType.FIRST: 0, SequenceType.RECURRING: 1, SequenceType.ONE_OFF: 2, SequenceType.FINAL: 3}


@dataclass(frozen=True)
class PostalAddress:
    """A structured address; only town and country are needed for the file to carry it."""

    street: str = ""
    building_number: str = ""
    postal_code: str = ""
    town: str = ""
    country: str = "DE"

    @property
    def is_complete(self) -> bool:
        """Town and country present: what banks require of a structured or hybrid address."""
        return bool(sanitize_name(self.town)) and bool(_COUNTRY.match((self.country or "").upper()))


@dataclass(frozen=True)
class Creditor:
    """The club as creditor: name, account, creditor identifier (Gläubiger-ID), optional BIC and address."""

    name: str
    iban: str
    creditor_id: str
    bic: str | None = None
    address: PostalAddress | None = None


@dataclass(frozen=True)
class Amendment:
    """What changed in a mandate since the last collection (carried once, in the next file).

    ``changed_bank``: the member moved to another bank (written as "SMNDA"); left as None it is
    decided from ``original_iban`` and the new IBAN (same country and bank code = same bank).
    """

    original_mandate_reference: str | None = None
    original_iban: str | None = None
    original_creditor_id: str | None = None
    original_creditor_name: str | None = None
    changed_bank: bool | None = None

    def changes_bank(self, new_iban: str) -> bool:
        if self.changed_bank is not None:
            return self.changed_bank
        return bool(self.original_iban) and not same_bank(self.original_iban, new_iban)


@dataclass(frozen=True)
class DebitLine:
    """One collection from one member's account."""

    end_to_end_id: str
    amount: Decimal
    mandate_reference: str
    mandate_signed_on: datetime.date
    sequence: SequenceType | str
    debtor_name: str
    iban: str
    remittance: str
    collection_date: datetime.date
    bic: str | None = None
    address: PostalAddress | None = None
    amendment: Amendment | None = None


def amount_to_cents(amount: Decimal | int | str) -> int:
    """Cents of a positive amount with at most two decimals, else ValueError."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise ValueError(amount) from None
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT or value != value.quantize(Decimal("0.01")):
        raise ValueError(amount)
    return int(value * 100)


def check_creditor(creditor: Creditor, *, version: str) -> list[LineProblem]:
    problems: list[LineProblem] = []

    def add(field: str, message: str) -> None:
        problems.append(LineProblem("", field, message))

    if not sanitize_name(creditor.name):
        add("name", _("Der Name des Vereins (Zahlungsempfänger) fehlt."))
    for field, check in (("iban", normalize_iban), ("creditor_id", validate_creditor_id)):
        try:
            check(getattr(creditor, field))
        except InvalidIdentifier as error:
            add(field, error.message)
    if creditor.bic:
        try:
            normalize_bic(creditor.bic)
        except InvalidIdentifier as error:
            add("bic", error.message)
    if creditor.address and creditor.address.country and not _COUNTRY.match(creditor.address.country.upper()):
        add("address", _("Das Land der Vereinsanschrift muss ein Ländercode nach ISO 3166 sein (z. B. DE)."))
    return problems


def _check_amendment(line: DebitLine, add) -> None:
    amendment = line.amendment
    if not (
        amendment.original_mandate_reference
        or amendment.original_iban
        or amendment.original_creditor_id
        or amendment.changed_bank
    ):
        add("amendment", _("Die Mandatsänderung nennt weder alte Mandatsreferenz, alte IBAN noch alten Gläubiger."))
    if amendment.original_mandate_reference:
        try:
            validate_mandate_reference(amendment.original_mandate_reference)
        except InvalidIdentifier as error:
            add("amendment", error.message)
        if amendment.original_mandate_reference == line.mandate_reference:
            add("amendment", _("Die alte Mandatsreferenz ist gleich der neuen."))
    if amendment.original_iban:
        try:
            original = normalize_iban(amendment.original_iban)
        except InvalidIdentifier as error:
            add("amendment", error.message)
        else:
            if original == re.sub(r"\s", "", line.iban or "").upper():
                add("amendment", _("Die alte IBAN ist gleich der neuen."))
    if amendment.original_creditor_id:
        try:
            validate_creditor_id(amendment.original_creditor_id)
        except InvalidIdentifier as error:
            add("amendment", error.message)


def check_line(line: DebitLine) -> list[LineProblem]:
    """Every problem of one line, in German."""
    problems: list[LineProblem] = []

    def add(field: str, message: str) -> None:
        problems.append(LineProblem(line.end_to_end_id or "?", field, message))

    for field, check in (
        ("end_to_end_id", validate_end_to_end_id),
        ("mandate_reference", validate_mandate_reference),
        ("iban", normalize_iban),
    ):
        try:
            check(getattr(line, field))
        except InvalidIdentifier as error:
            add(field, error.message)
    if line.bic:
        try:
            normalize_bic(line.bic)
        except InvalidIdentifier as error:
            add("bic", error.message)
    try:
        amount_to_cents(line.amount)
    except ValueError:
        add(
            "amount",
            _("Der Betrag „%(amount)s“ muss größer als 0 sein und darf höchstens 2 Nachkommastellen haben.")
            % {"amount": line.amount},
        )
    if line.sequence not in _SEQUENCE_VALUES:
        add(
            "sequence",
            _("Unbekannter Lastschrifttyp „%(value)s“ (FRST, RCUR, OOFF oder FNAL).") % {"value": line.sequence},
        )
    if not sanitize_name(line.debtor_name):
        add("debtor_name", _("Der Name des Kontoinhabers fehlt."))
    if not sanitize_remittance(line.remittance):
        add("remittance", _("Der Verwendungszweck fehlt."))
    if not isinstance(line.mandate_signed_on, datetime.date) or not isinstance(line.collection_date, datetime.date):
        add("mandate_signed_on", _("Unterschriftsdatum des Mandats und Einzugsdatum müssen Daten sein."))
    elif line.mandate_signed_on > line.collection_date:
        add("mandate_signed_on", _("Das Mandat ist erst nach dem Einzugsdatum unterschrieben."))
    country = (line.iban or "")[:2].upper()
    if country in NON_EEA_SEPA_COUNTRIES and not (line.address and line.address.is_complete):
        add(
            "address",
            _("Für ein Konto außerhalb des EWR (%(country)s) verlangt die Bank Ort und Land des Kontoinhabers.")
            % {"country": country},
        )
    if line.address and line.address.country and not _COUNTRY.match(line.address.country.upper()):
        add("address", _("Das Land der Anschrift muss ein Ländercode nach ISO 3166 sein (z. B. DE)."))
    if line.amendment:
        _check_amendment(line, add)
    return problems


def check_debits(creditor: Creditor, lines: Sequence[DebitLine], *, version: str) -> list[LineProblem]:
    """Every problem of the creditor and the lines; an empty list means the file can be built."""
    problems = check_creditor(creditor, version=version)
    if not lines:
        problems.append(LineProblem("", "lines", _("Die Lastschriftdatei enthält keine Lastschrift.")))
    seen: set[str] = set()
    for line in lines:
        problems.extend(check_line(line))
        if line.end_to_end_id in seen:
            problems.append(
                LineProblem(line.end_to_end_id, "end_to_end_id", _("Die Ende-zu-Ende-Referenz kommt doppelt vor."))
            )
        seen.add(line.end_to_end_id)
    return problems
