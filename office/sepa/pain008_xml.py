"""The pain.008 document as an lxml tree: the tree `sepaxml` writes, with what it lacks put in place.

`sepaxml` (2.7) builds one ElementTree node at a time through dicts of nodes and serialises the
document in Python: about 0.1 ms per transaction, a second for the ten thousand lines of a big club's
run. This module writes the very same elements in the same order with lxml (in C), and adds in the
same pass what pain008.py used to patch into sepaxml's output (docs/office-sepa.md):

- addresses: for .08/.09 a structured `PstlAdr` (StrtNm, BldgNb, PstCd, TwnNm, Ctry), for .02
  country and two address lines; right after the party's `Nm`;
- mandate amendments: `AmdmntInd` and `AmdmntInfDtls` (original mandate reference, original creditor
  identifier, original IBAN or "SMNDA" for a new bank);
- message id, payment information ids, creation time and the batch-booking flag.

tests/office/sepa/test_pain008_writer.py keeps sepaxml as the reference: for every version and
variant the bytes of this writer equal sepaxml's output patched as before.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import lru_cache

from lxml import etree

from .debits import Amendment, Creditor, DebitLine, PostalAddress, SequenceType, amount_to_cents
from .identifiers import normalize_bic, normalize_creditor_id, normalize_iban, sanitize_name, sanitize_remittance
from .identifiers import sanitize_text as _sanitize_text

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def namespace_of(version: str) -> str:
    return f"urn:iso:std:iso:20022:tech:xsd:{version}"


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{tag}")
    if text is not None:
        node.text = text
    return node


def _cents_text(cents: int) -> str:
    """sepaxml's int_to_decimal_str: 12000 -> "120.00", 5 -> "0.05"."""
    text = str(cents)
    return "0." + text.zfill(2) if len(text) <= 2 else f"{text[:-2]}.{text[-2:]}"


def document(
    *,
    creditor: Creditor,
    creditor_bic: str | None,
    lines: Sequence[DebitLine],
    version: str,
    message_id: str,
    created_at: datetime.datetime,
    batch_booking: bool = True,
) -> etree._Element:
    """The root `Document` of the file of `lines` (in file order: by collection date and sequence type)."""
    ns = namespace_of(version)
    t = {name: f"{{{ns}}}{name}" for name in _TAGS}  # the qualified tags, made once
    sub = etree.SubElement

    def leaf(parent, tag: str, text: str) -> etree._Element:
        node = sub(parent, tag)
        node.text = text
        return node

    bic_tag = t["BIC" if version == "pain.008.001.02" else "BICFI"]
    name = sanitize_name(creditor.name)
    creditor_id = normalize_creditor_id(creditor.creditor_id)

    root = etree.Element(t["Document"], nsmap={None: ns, "xsi": XSI})
    initiation = sub(root, t["CstmrDrctDbtInitn"])
    header = sub(initiation, t["GrpHdr"])
    leaf(header, t["MsgId"], message_id)
    leaf(header, t["CreDtTm"], created_at.isoformat())
    header_count = leaf(header, t["NbOfTxs"], "")
    header_sum = leaf(header, t["CtrlSum"], "")
    party = sub(header, t["InitgPty"])
    leaf(party, t["Nm"], name)
    leaf(sub(sub(sub(party, t["Id"]), t["OrgId"]), t["Othr"]), t["Id"], creditor_id)

    # Batches as sepaxml groups them: by sequence type and collection date, in order of appearance.
    batches: dict[tuple[str, str], list] = {}
    for line in lines:
        key = (str(SequenceType(line.sequence)), str(line.collection_date))
        batches.setdefault(key, []).append(line)
    total_cents = total_count = 0
    for index, ((sequence, collection_date), batch) in enumerate(batches.items(), start=1):
        info = sub(initiation, t["PmtInf"])
        leaf(info, t["PmtInfId"], f"{message_id[:30]}-{index:03d}")
        leaf(info, t["PmtMtd"], "DD")
        leaf(info, t["BtchBookg"], "true" if batch_booking else "false")
        leaf(info, t["NbOfTxs"], str(len(batch)))
        control = leaf(info, t["CtrlSum"], "")
        kind = sub(info, t["PmtTpInf"])
        leaf(sub(kind, t["SvcLvl"]), t["Cd"], "SEPA")
        leaf(sub(kind, t["LclInstrm"]), t["Cd"], "CORE")
        leaf(kind, t["SeqTp"], sequence)
        leaf(info, t["ReqdColltnDt"], collection_date)
        party = sub(info, t["Cdtr"])
        leaf(party, t["Nm"], name)
        if creditor.address:
            _address(party, creditor.address, version, t)
        leaf(sub(sub(info, t["CdtrAcct"]), t["Id"]), t["IBAN"], normalize_iban(creditor.iban))
        agent = sub(sub(info, t["CdtrAgt"]), t["FinInstnId"])
        if creditor_bic:
            leaf(agent, bic_tag, creditor_bic)
        else:
            leaf(sub(agent, t["Othr"]), t["Id"], "NOTPROVIDED")
        leaf(info, t["ChrgBr"], "SLEV")
        scheme = sub(sub(sub(sub(info, t["CdtrSchmeId"]), t["Id"]), t["PrvtId"]), t["Othr"])
        leaf(scheme, t["Id"], creditor_id)
        leaf(sub(scheme, t["SchmeNm"]), t["Prtry"], "SEPA")
        batch_cents = 0
        for line in batch:
            cents = amount_to_cents(line.amount)
            batch_cents += cents
            tx = sub(info, t["DrctDbtTxInf"])
            leaf(sub(tx, t["PmtId"]), t["EndToEndId"], line.end_to_end_id)
            leaf(tx, t["InstdAmt"], _cents_text(cents)).set("Ccy", "EUR")
            mandate = sub(sub(tx, t["DrctDbtTx"]), t["MndtRltdInf"])
            leaf(mandate, t["MndtId"], line.mandate_reference)
            leaf(mandate, t["DtOfSgntr"], str(line.mandate_signed_on))
            if line.amendment:
                add_amendment(mandate, line, version)
            agent = sub(sub(tx, t["DbtrAgt"]), t["FinInstnId"])
            if line.bic:
                leaf(agent, bic_tag, normalize_bic(line.bic))
            else:
                leaf(sub(agent, t["Othr"]), t["Id"], "NOTPROVIDED")
            party = sub(tx, t["Dbtr"])
            leaf(party, t["Nm"], sanitize_name(line.debtor_name))
            if line.address:
                _address(party, line.address, version, t)
            leaf(sub(sub(tx, t["DbtrAcct"]), t["Id"]), t["IBAN"], normalize_iban(line.iban))
            leaf(sub(tx, t["RmtInf"]), t["Ustrd"], sanitize_remittance(line.remittance))
        control.text = _cents_text(batch_cents)
        total_cents += batch_cents
        total_count += len(batch)
    header_count.text = str(total_count)
    header_sum.text = _cents_text(total_cents)
    return root


_TAGS = [
    "Document",
    "CstmrDrctDbtInitn",
    "GrpHdr",
    "MsgId",
    "CreDtTm",
    "NbOfTxs",
    "CtrlSum",
    "InitgPty",
    "Nm",
    "Id",
    "OrgId",
    "Othr",
    "PmtInf",
    "PmtInfId",
    "PmtMtd",
    "BtchBookg",
    "PmtTpInf",
    "SvcLvl",
    "Cd",
    "LclInstrm",
    "SeqTp",
    "ReqdColltnDt",
    "Cdtr",
    "CdtrAcct",
    "IBAN",
    "CdtrAgt",
    "FinInstnId",
    "BIC",
    "BICFI",
    "ChrgBr",
    "CdtrSchmeId",
    "PrvtId",
    "SchmeNm",
    "Prtry",
    "DrctDbtTxInf",
    "PmtId",
    "EndToEndId",
    "InstdAmt",
    "DrctDbtTx",
    "MndtRltdInf",
    "MndtId",
    "DtOfSgntr",
    "DbtrAgt",
    "Dbtr",
    "DbtrAcct",
    "RmtInf",
    "Ustrd",
    "PstlAdr",
    "StrtNm",
    "BldgNb",
    "PstCd",
    "TwnNm",
    "Ctry",
    "AdrLine",
]


@lru_cache(maxsize=4096)
def _address_fields(address: PostalAddress, version: str) -> tuple[tuple[str, str], ...]:
    """(tag, text) of a `PstlAdr` in order; empty when town or country is missing (then it is left out)."""
    if not address.is_complete:
        return ()
    country = address.country.upper()
    street = _sanitize_text(address.street, max_length=70)
    number = _sanitize_text(address.building_number, max_length=16)
    postcode = _sanitize_text(address.postal_code, max_length=16)
    town = _sanitize_text(address.town, max_length=35)
    if version == "pain.008.001.02":
        lines = (f"{street} {number}".strip(), f"{postcode} {town}".strip())
        return (("Ctry", country), *(("AdrLine", text[:70].rstrip()) for text in lines if text))
    parts = (("StrtNm", street), ("BldgNb", number), ("PstCd", postcode), ("TwnNm", town))
    return (*((tag, text) for tag, text in parts if text), ("Ctry", country))


def _address(party: etree._Element, address: PostalAddress, version: str, t: dict[str, str]) -> None:
    """The party's `PstlAdr` (written right after its `Nm`), if the address has town and country."""
    fields = _address_fields(address, version)
    if fields:
        postal = etree.SubElement(party, t["PstlAdr"])
        for tag, text in fields:
            etree.SubElement(postal, t[tag]).text = text


def insert_address(party: etree._Element, address: PostalAddress, version: str) -> None:
    """A `PstlAdr` right after the party's `Nm` (one there before is replaced); left out when town or
    country is missing. For a party element written elsewhere (the writer writes its own in order)."""
    ns = etree.QName(party).namespace
    for old in party.findall(f"{{{ns}}}PstlAdr"):
        party.remove(old)
    fields = _address_fields(address, version)
    if fields:
        postal = etree.Element(f"{{{ns}}}PstlAdr")
        party.find(f"{{{ns}}}Nm").addnext(postal)
        for tag, text in fields:
            etree.SubElement(postal, f"{{{ns}}}{tag}").text = text


def add_amendment(mandate: etree._Element, line: DebitLine, version: str) -> None:
    amendment: Amendment = line.amendment
    _sub(mandate, "AmdmntInd", "true")
    details = _sub(mandate, "AmdmntInfDtls")
    if amendment.original_mandate_reference:
        _sub(details, "OrgnlMndtId", amendment.original_mandate_reference)
    if amendment.original_creditor_id:
        scheme = _sub(details, "OrgnlCdtrSchmeId")
        if amendment.original_creditor_name:
            _sub(scheme, "Nm", sanitize_name(amendment.original_creditor_name))
        other = _sub(_sub(_sub(scheme, "Id"), "PrvtId"), "Othr")
        _sub(other, "Id", normalize_creditor_id(amendment.original_creditor_id))
        _sub(_sub(other, "SchmeNm"), "Prtry", "SEPA")
    if amendment.changes_bank(normalize_iban(line.iban)):
        # EPC: "SMNDA" (same mandate, new debtor agent) instead of the old IBAN when the bank changed.
        _sub(_sub(_sub(_sub(details, "OrgnlDbtrAcct"), "Id"), "Othr"), "Id", "SMNDA")
    elif amendment.original_iban:
        _sub(_sub(_sub(details, "OrgnlDbtrAcct"), "Id"), "IBAN", normalize_iban(amendment.original_iban))
