"""The pain.008 writer (office/sepa/pain008_xml.py) writes byte for byte what `sepaxml` writes, patched as
office/sepa/pain008.py patched it before the writer existed (addresses, amendments, ids, batch
booking): sepaxml stays the reference for the frame of the file. Pure, no database."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from schwifty import IBAN
from sepaxml import SepaDD

from office.sepa.debits import SEQUENCE_ORDER
from office.sepa.errors import Pain008SchemaError
from office.sepa.identifiers import (
    normalize_bic,
    normalize_creditor_id,
    normalize_iban,
    sanitize_name,
    sanitize_remittance,
    sanitize_text,
)
from office.sepa.pain008 import (
    SUPPORTED_VERSIONS,
    Amendment,
    Creditor,
    PostalAddress,
    SequenceType,
    build_pain008,
)

from .test_pain008 import COLLECTION, CREDITOR, debit_lines, line

CREATED = datetime.datetime(2026, 12, 7, 10, 30, 0)
MESSAGE_ID = "HH42T20261207103000"


# --- the former path, kept here as the reference: sepaxml writes, these patches add what it lacks ---


def _q(root, tag: str) -> str:
    return f"{{{etree.QName(root).namespace}}}{tag}"


def _sub(parent, tag: str, text: str | None = None):
    node = etree.SubElement(parent, f"{{{etree.QName(parent).namespace}}}{tag}")
    if text is not None:
        node.text = text
    return node


def insert_address(party, address, version: str) -> None:
    """A `PstlAdr` right after the party's `Nm`; left out when town or country is missing."""
    if not address.is_complete:
        return
    for old in party.findall(_q(party, "PstlAdr")):
        party.remove(old)
    postal = etree.Element(_q(party, "PstlAdr"))
    party.find(_q(party, "Nm")).addnext(postal)
    country = address.country.upper()
    street = sanitize_text(address.street, max_length=70)
    number = sanitize_text(address.building_number, max_length=16)
    postcode = sanitize_text(address.postal_code, max_length=16)
    town = sanitize_text(address.town, max_length=35)
    if version == "pain.008.001.02":
        _sub(postal, "Ctry", country)
        for text in (f"{street} {number}".strip(), f"{postcode} {town}".strip()):
            if text:
                _sub(postal, "AdrLine", text[:70].rstrip())
        return
    for tag, text in (("StrtNm", street), ("BldgNb", number), ("PstCd", postcode), ("TwnNm", town)):
        if text:
            _sub(postal, tag, text)
    _sub(postal, "Ctry", country)


def add_amendment(mandate, line, version: str) -> None:
    amendment = line.amendment
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
        _sub(_sub(_sub(_sub(details, "OrgnlDbtrAcct"), "Id"), "Othr"), "Id", "SMNDA")
    elif amendment.original_iban:
        _sub(_sub(_sub(details, "OrgnlDbtrAcct"), "Id"), "IBAN", normalize_iban(amendment.original_iban))


def _sepaxml_file(creditor, creditor_bic, lines, version, *, batch_booking=True) -> bytes:
    """The former path: sepaxml writes, lxml patches what it lacks (as pain008.py did until the writer)."""
    config = {
        "name": sanitize_name(creditor.name),
        "IBAN": normalize_iban(creditor.iban),
        "creditor_id": normalize_creditor_id(creditor.creditor_id),
        "currency": "EUR",
        "batch": True,
    }
    if creditor_bic:
        config["BIC"] = creditor_bic
    sepa = SepaDD(config, schema=version, clean=False)
    ordered = sorted(lines, key=lambda line: (line.collection_date, SEQUENCE_ORDER[SequenceType(line.sequence)]))
    for item in ordered:
        payment = {
            "name": sanitize_name(item.debtor_name),
            "IBAN": normalize_iban(item.iban),
            "amount": int(Decimal(str(item.amount)) * 100),
            "type": str(SequenceType(item.sequence)),
            "collection_date": item.collection_date,
            "mandate_id": item.mandate_reference,
            "mandate_date": item.mandate_signed_on,
            "description": sanitize_remittance(item.remittance),
            "endtoend_id": item.end_to_end_id,
        }
        if item.bic:
            payment["BIC"] = normalize_bic(item.bic)
        sepa.add_payment(payment)
    root = etree.fromstring(sepa.export(validate=False))
    ns = etree.QName(root).namespace
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    header = root.find(f"{q('CstmrDrctDbtInitn')}/{q('GrpHdr')}")
    header.find(q("MsgId")).text = MESSAGE_ID
    header.find(q("CreDtTm")).text = CREATED.isoformat()
    for index, info in enumerate(root.iter(q("PmtInf")), start=1):
        info.find(q("PmtInfId")).text = f"{MESSAGE_ID[:30]}-{index:03d}"
        if creditor.address:
            insert_address(info.find(q("Cdtr")), creditor.address, version)
    by_id = {tx.findtext(f"{q('PmtId')}/{q('EndToEndId')}"): tx for tx in root.iter(q("DrctDbtTxInf"))}
    for item in ordered:
        tx = by_id[item.end_to_end_id]
        if item.address:
            insert_address(tx.find(q("Dbtr")), item.address, version)
        if item.amendment:
            add_amendment(tx.find(f"{q('DrctDbtTx')}/{q('MndtRltdInf')}"), item, version)
    if not batch_booking:
        for node in root.iter(q("BtchBookg")):
            node.text = "false"
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, xml_declaration=False, encoding="UTF-8", pretty_print=True
    )


def _ours(creditor, lines, version, **options) -> bytes:
    return build_pain008(
        creditor=creditor, lines=lines, version=version, message_id=MESSAGE_ID, created_at=CREATED, **options
    ).xml


LATER = COLLECTION + datetime.timedelta(days=14)
VARIED = [
    line(1, sequence="FRST"),
    line(2, amount=Decimal("0.05"), collection_date=LATER),
    line(3, bic="BYLADEM1001", amount=Decimal("1200.00")),
    line(4, address=None, debtor_name="ÖZLEM YILMAZ & Söhne"),
    line(5, address=PostalAddress(street="Am Ring", town="", country="AT")),
    line(6, address=PostalAddress("Bahnhofstraße", "", "1010", "Wien", "AT"), iban="AT611904300234573201"),
    line(7, amendment=Amendment(original_iban="DE89370400440532013000"), sequence="FRST", collection_date=LATER),
    line(
        8, amendment=Amendment(original_iban=str(IBAN.generate("DE", bank_code="12030000", account_code="1234567")))
    ),  # same bank: the old IBAN
    line(
        9,
        amendment=Amendment(
            original_mandate_reference="ALT-9",
            original_creditor_id="DE98ZZZ09999999999",
            original_creditor_name="Alter Verein e. V.",
        ),
    ),  # fmt: skip
    line(10, sequence="OOFF", remittance="Aufnahmegebühr – einmalig"),
    line(11, sequence="FNAL", remittance="x" * 200),
]


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
@pytest.mark.parametrize("with_address", [True, False])
def test_writer_equals_sepaxml_patched(version, with_address):
    creditor = CREDITOR if with_address else Creditor(CREDITOR.name, CREDITOR.iban, CREDITOR.creditor_id)
    bic = "COBADEFFXXX" if version == "pain.008.001.02" else None
    if bic:
        creditor = Creditor(creditor.name, creditor.iban, creditor.creditor_id, bic=bic, address=creditor.address)
    ours = _ours(creditor, VARIED, version)
    assert ours == _sepaxml_file(creditor, bic, VARIED, version)
    # The variants are in the file: amendments of each kind, addresses, six payment infos.
    for text in (b"<AmdmntInd>true<", b"<Id>SMNDA<", b"<OrgnlMndtId>ALT-9<", b"<IBAN>DE64120300000001234567<"):
        assert text in ours
    assert (b"<StrtNm>Lindenweg<" if version != "pain.008.001.02" else b"<AdrLine>Lindenweg 7<") in ours
    assert ours.count(b"<PmtInf>") == 6  # FRST, RCUR, OOFF, FNAL on the first day, RCUR and FRST on the second


def test_writer_equals_sepaxml_without_batch_booking():
    lines = VARIED[:4]
    assert _ours(CREDITOR, lines, "pain.008.001.08", batch_booking=False) == _sepaxml_file(
        CREDITOR, None, lines, "pain.008.001.08", batch_booking=False
    )


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS[:2])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=debit_lines(), bic=st.sampled_from([None, "BYLADEM1001"]))
def test_property_writer_equals_sepaxml_patched(version, lines, bic):
    lines = [line if not bic else line.__class__(**{**line.__dict__, "bic": bic}) for line in lines]
    assert _ours(CREDITOR, lines, version) == _sepaxml_file(CREDITOR, None, lines, version)


def test_a_written_tree_the_schema_refuses_is_reported_from_the_file(monkeypatch):
    """The tree is validated as written; a finding comes with the file's line and end-to-end id."""
    from office.sepa import pain008

    def broken_document(**options):
        root = pain008_document(**options)
        ns = {"p": etree.QName(root).namespace}
        root.find(".//p:DrctDbtTxInf/p:Dbtr/p:Nm", ns).text = "x" * 200
        return root

    pain008_document = pain008.document
    monkeypatch.setattr(pain008, "document", broken_document)
    with pytest.raises(Pain008SchemaError) as error:
        build_pain008(creditor=CREDITOR, lines=[line(1), line(2)])
    (issue,) = error.value.issues
    assert "zu lang" in issue.message and issue.end_to_end_id == "HH-R1-L1" and issue.line > 1
