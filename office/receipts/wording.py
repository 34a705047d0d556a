"""The text of a receipt: the BMF wording from ``templates/*.txt`` with the values filled in and unused passages dropped.

:func:`receipt_passages` is what the PDF template and the golden tests both read, so what is tested is
what is printed. Placeholders of the files: issuer, number, donor, donor_name, amount_digits,
amount_words, date, period, waiver_yes, waiver_no, item, purposes_genitive, purposes_accusative,
tax_office, tax_number, notice_date, assessment_period, place, issue_date, machine_notified_on, rows.
Conditions: exemption, statutes_60a, fees_not_deductible, machine_made, origin_business,
origin_private, origin_unknown, valuation_documents.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from num2words import num2words

from office.money import euro

from .data import DonationKind, InKindOrigin, NoticeKind, Receipt, ReceiptKind
from .errors import ReceiptInputError
from .purposes import membership_fees_deductible, purposes_accusative, purposes_genitive
from .rules import check_receipt

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_FILES = {
    ReceiptKind.MONEY: "geldzuwendung.txt",
    ReceiptKind.IN_KIND: "sachzuwendung.txt",
    ReceiptKind.COLLECTIVE: "sammelbestaetigung.txt",
}
ANNEX_FILE = "sammelbestaetigung_anlage.txt"
CHECKED, UNCHECKED = "☒", "☐"
_HEADER = re.compile(r"^\[(?P<key>[a-z_0-9]+)(?:\s*\?\s*(?P<condition>[a-z_0-9]+))?\]$")


@dataclass(frozen=True)
class Passage:
    """One passage of the printed receipt: its key in the template file and its lines."""

    key: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class _Block:
    key: str
    condition: str | None
    body: str


@cache
def load_template(name: str) -> tuple[_Block, ...]:
    """The passages of one file, in order (cached: the files are part of the code)."""
    blocks: list[_Block] = []
    key = condition = None
    body: list[str] = []
    for raw in (TEMPLATES / name).read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            continue
        header = _HEADER.match(raw.strip())
        if header:
            if key:
                blocks.append(_Block(key, condition, "\n".join(body).strip("\n")))
            key, condition, body = header["key"], header["condition"], []
        elif key:
            body.append(raw.rstrip())
    if key:
        blocks.append(_Block(key, condition, "\n".join(body).strip("\n")))
    return tuple(blocks)


def amount_in_words(amount: Decimal) -> str:
    """German words of a euro amount, e.g. "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent".

    num2words reads an ``int`` as cents (``num2words(100, to="currency", lang="de")`` is "ein Euro und
    null Cent"), so the amount always goes in as a two-place ``Decimal``; its " und null Cent" on whole
    euros is dropped.
    """
    if not isinstance(amount, Decimal):
        raise ReceiptInputError("Beträge werden als Decimal übergeben.")
    words = num2words(amount.quantize(Decimal("0.01")), to="currency", lang="de")
    return words.removesuffix(" und null Cent")


def _de(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def receipt_values(receipt: Receipt) -> tuple[dict[str, str], set[str]]:
    """The placeholder values and the set of conditions that hold for ``receipt``."""
    issuer, notice = receipt.issuer, receipt.issuer.notice
    first = receipt.donations[0]
    total = receipt.total
    values = {
        "issuer": "\n".join([issuer.name, *issuer.address_lines]),
        "number": receipt.number,
        "donor": "\n".join([receipt.donor.name, *receipt.donor.address_lines]),
        "donor_name": receipt.donor.name,
        "amount_digits": euro(total),
        "amount_words": amount_in_words(total),
        "date": _de(first.date),
        "waiver_yes": CHECKED if first.waiver else UNCHECKED,
        "waiver_no": UNCHECKED if first.waiver else CHECKED,
        "item": first.in_kind.description if first.in_kind else "",
        "purposes_genitive": purposes_genitive(issuer.purposes),
        "purposes_accusative": purposes_accusative(issuer.purposes),
        "tax_office": notice.tax_office,
        "tax_number": notice.tax_number,
        "notice_date": _de(notice.date),
        "assessment_period": notice.assessment_period,
        "place": issuer.place,
        "issue_date": _de(receipt.issue_date),
        "machine_notified_on": _de(issuer.machine_notified_on) if issuer.machine_notified_on else "",
    }
    if receipt.kind == ReceiptKind.COLLECTIVE:
        start, end = receipt.collective_period
        values["period"] = f"{_de(start)} bis {_de(end)}"
        values["rows"] = "\n".join(" | ".join(row) for row in annex_rows(receipt))
    conditions = set()
    conditions.add("statutes_60a" if notice.kind == NoticeKind.STATUTES_60A else "exemption")
    if not membership_fees_deductible(issuer.purposes):
        conditions.add("fees_not_deductible")
    if issuer.machine_made:
        conditions.add("machine_made")
    if first.in_kind:
        origin = {
            InKindOrigin.BUSINESS: "origin_business",
            InKindOrigin.PRIVATE: "origin_private",
            InKindOrigin.UNKNOWN: "origin_unknown",
        }
        conditions.add(origin[first.in_kind.origin])
        if first.in_kind.valuation_documents:
            conditions.add("valuation_documents")
    return values, conditions


def annex_rows(receipt: Receipt) -> list[tuple[str, str, str, str]]:
    """Date, kind, waiver ("ja"/"nein") and amount of every donation, oldest first."""
    kinds = {DonationKind.MONEY: "Geldzuwendung", DonationKind.MEMBERSHIP_FEE: "Mitgliedsbeitrag"}
    return [
        (_de(d.date), kinds[d.kind], "ja" if d.waiver else "nein", euro(d.amount))
        for d in sorted(receipt.donations, key=lambda d: d.date)
    ]


def _fill(blocks: tuple[_Block, ...], values: dict[str, str], conditions: set[str]) -> list[Passage]:
    passages = []
    for block in blocks:
        if block.condition and block.condition not in conditions:
            continue
        try:
            text = block.body.format_map(values)
        except KeyError as error:  # a template names a value the code does not provide: a bug, say which
            raise ReceiptInputError(f"Vorlage „{block.key}“: unbekannter Platzhalter {error}.") from None
        passages.append(Passage(block.key, tuple(text.split("\n"))))
    return passages


def receipt_passages(receipt: Receipt) -> list[Passage]:
    """The main part of the receipt, after :func:`rules.check_receipt` (raises when the receipt is refused)."""
    check_receipt(receipt)
    values, conditions = receipt_values(receipt)
    return _fill(load_template(TEMPLATE_FILES[receipt.kind]), values, conditions)


def annex_passages(receipt: Receipt) -> list[Passage]:
    """The annex of a Sammelbestätigung (empty for single receipts)."""
    if receipt.kind != ReceiptKind.COLLECTIVE:
        return []
    check_receipt(receipt)
    values, conditions = receipt_values(receipt)
    return _fill(load_template(ANNEX_FILE), values, conditions)


def receipt_text(receipt: Receipt) -> str:
    """Plain text of the whole receipt (annex after a form feed line), as the golden files hold it."""
    main = "\n\n".join(p.text for p in receipt_passages(receipt))
    annex = annex_passages(receipt)
    if annex:
        main += "\n\n--- Anlage ---\n\n" + "\n\n".join(p.text for p in annex)
    return main + "\n"
