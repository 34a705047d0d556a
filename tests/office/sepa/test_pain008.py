"""pain.008 files (office/sepa/pain008.py): every file valid against the XSD of its version; pure, no database."""

import datetime
import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from schwifty import IBAN

from office.sepa.errors import Pain008InputError, Pain008SchemaError
from office.sepa.pain008 import (
    DEFAULT_VERSION,
    SUPPORTED_VERSIONS,
    VERSION_CHOICES,
    Amendment,
    Creditor,
    DebitLine,
    PostalAddress,
    SequenceType,
    build_pain008,
    validate_pain008,
)

COLLECTION = datetime.date(2026, 3, 2)
CREDITOR = Creditor(
    name="TSV Grün-Weiß Musterstadt 1890 e. V.",
    iban="DE89370400440532013000",
    creditor_id="DE98ZZZ09999999999",
    address=PostalAddress(street="Hauptstraße", building_number="1a", postal_code="12345", town="Musterstadt"),
)


def line(n: int, **changes) -> DebitLine:
    values = {
        "end_to_end_id": f"HH-R1-L{n}",
        "amount": Decimal("12.50"),
        "mandate_reference": f"M-{1000 + n}-20240301-1",
        "mandate_signed_on": datetime.date(2024, 3, 1),
        "sequence": SequenceType.RECURRING,
        "debtor_name": "Jürgen Müller",
        "iban": "DE02120300000000202051",
        "remittance": "Mitgliedsbeitrag 1. Quartal 2026",
        "collection_date": COLLECTION,
        "address": PostalAddress(street="Lindenweg", building_number="7", postal_code="12345", town="Musterstadt"),
    }
    values.update(changes)
    return DebitLine(**values)


def parse(file):
    root = etree.fromstring(file.xml)
    ns = {"p": etree.QName(root).namespace}
    return root, ns


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_file_is_schema_valid_for_each_version(version):
    lines = [line(1, sequence="FRST"), line(2), line(3, bic="BYLADEM1001"), line(4, address=None)]
    file = build_pain008(creditor=CREDITOR, lines=lines, version=version)
    validate_pain008(file.xml, version=version)  # raises if not
    root, ns = parse(file)
    assert etree.QName(root).namespace == f"urn:iso:std:iso:20022:tech:xsd:{version}"
    assert file.number_of_transactions == 4
    assert file.control_sum == Decimal("50.00")
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs", namespaces=ns) == "4"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum", namespaces=ns) == "50.00"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:MsgId", namespaces=ns) == file.message_id
    assert file.xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_default_version_is_08():
    assert DEFAULT_VERSION == "pain.008.001.08"
    assert [value for value, _label in VERSION_CHOICES] == list(SUPPORTED_VERSIONS)
    assert build_pain008(creditor=CREDITOR, lines=[line(1)]).version == "pain.008.001.08"


def test_unknown_version_refused():
    with pytest.raises(Pain008InputError, match="pain.008.001.99"):
        build_pain008(creditor=CREDITOR, lines=[line(1)], version="pain.008.001.99")


def test_structured_addresses_in_08():
    file = build_pain008(creditor=CREDITOR, lines=[line(1, address=PostalAddress("Am Ring", "", "1010", "Wien", "AT"))])
    root, ns = parse(file)
    debtor = root.find(".//p:DrctDbtTxInf/p:Dbtr/p:PstlAdr", ns)
    assert [etree.QName(c).localname for c in debtor] == ["StrtNm", "PstCd", "TwnNm", "Ctry"]  # no BldgNb
    assert debtor.findtext("p:Ctry", namespaces=ns) == "AT"
    creditor = root.find(".//p:PmtInf/p:Cdtr/p:PstlAdr", ns)
    assert [c.text for c in creditor] == ["Hauptstrasse", "1a", "12345", "Musterstadt", "DE"]
    assert root.find(".//p:AdrLine", ns) is None and root.find(".//p:AdrTp", ns) is None


def test_02_writes_country_and_address_lines():
    file = build_pain008(creditor=CREDITOR, lines=[line(1)], version="pain.008.001.02")
    root, ns = parse(file)
    address = root.find(".//p:Dbtr/p:PstlAdr", ns)
    assert [c.text for c in address] == ["DE", "Lindenweg 7", "12345 Musterstadt"]
    # .02 needs the creditor's BIC: taken from schwifty's registry when not given
    assert root.findtext(".//p:CdtrAgt/p:FinInstnId/p:BIC", namespaces=ns) == "COBADEFFXXX"


def test_incomplete_address_is_left_out():
    file = build_pain008(creditor=CREDITOR, lines=[line(1, address=PostalAddress(street="Weg", town=""))])
    root, ns = parse(file)
    assert root.find(".//p:Dbtr/p:PstlAdr", ns) is None


def test_non_eea_debtor_needs_address():
    swiss = str(IBAN.generate("CH", bank_code="00762", account_code="011623852957").compact)
    with pytest.raises(Pain008InputError, match="außerhalb des EWR") as error:
        build_pain008(creditor=CREDITOR, lines=[line(1, iban=swiss, address=None)])
    assert error.value.problems[0].field == "address"
    file = build_pain008(
        creditor=CREDITOR, lines=[line(1, iban=swiss, address=PostalAddress(town="Basel", country="CH"))]
    )
    assert b"<TwnNm>Basel</TwnNm>" in file.xml


def test_grouping_by_sequence_and_date():
    later = datetime.date(2026, 3, 16)
    lines = [
        line(1, sequence="RCUR", amount=Decimal("10.00")),
        line(2, sequence="FRST", amount=Decimal("20.00")),
        line(3, sequence="RCUR", amount=Decimal("30.00")),
        line(4, sequence="FRST", amount=Decimal("40.00"), collection_date=later),
        line(5, sequence="OOFF", amount=Decimal("5.55")),
    ]
    file = build_pain008(creditor=CREDITOR, lines=lines)
    groups = [(p.sequence, p.collection_date, p.number_of_transactions, p.control_sum) for p in file.payment_infos]
    assert groups == [
        ("FRST", COLLECTION, 1, Decimal("20.00")),
        ("RCUR", COLLECTION, 2, Decimal("40.00")),
        ("OOFF", COLLECTION, 1, Decimal("5.55")),
        ("FRST", later, 1, Decimal("40.00")),
    ]
    assert file.control_sum == Decimal("105.55")
    root, ns = parse(file)
    infos = root.findall(".//p:PmtInf", ns)
    assert [i.findtext("p:BtchBookg", namespaces=ns) for i in infos] == ["true"] * 4
    ids = [i.findtext("p:PmtInfId", namespaces=ns) for i in infos]
    assert len(set(ids)) == 4 and all(i.startswith(file.message_id[:30]) for i in ids)
    frst = infos[0].findall("p:DrctDbtTxInf/p:PmtId/p:EndToEndId", ns)
    assert [e.text for e in frst] == ["HH-R1-L2"]


def test_batch_booking_off():
    file = build_pain008(creditor=CREDITOR, lines=[line(1), line(2)], batch_booking=False)
    assert b"<BtchBookg>false</BtchBookg>" in file.xml


def test_message_id_unique_and_settable():
    first = build_pain008(creditor=CREDITOR, lines=[line(1)])
    second = build_pain008(creditor=CREDITOR, lines=[line(1)])
    assert first.message_id != second.message_id
    assert len(first.message_id) <= 35
    fixed = build_pain008(
        creditor=CREDITOR, lines=[line(1)], message_id="HH-ALPHA-RUN-7", created_at=datetime.datetime(2026, 2, 1, 9, 30)
    )
    assert b"<MsgId>HH-ALPHA-RUN-7</MsgId>" in fixed.xml and b"<CreDtTm>2026-02-01T09:30:00</CreDtTm>" in fixed.xml
    assert fixed.filename == "HH-ALPHA-RUN-7.xml"


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_amendment_new_iban_same_bank(version):
    new_iban = str(IBAN.generate("DE", bank_code="12030000", account_code="1234567890").compact)
    amendment = Amendment(original_mandate_reference="ALT-1007", original_iban="DE02120300000000202051")
    file = build_pain008(
        creditor=CREDITOR, lines=[line(1, iban=new_iban, amendment=amendment), line(2)], version=version
    )
    root, ns = parse(file)
    mandates = root.findall(".//p:MndtRltdInf", ns)
    first = mandates[0]
    assert first.findtext("p:AmdmntInd", namespaces=ns) == "true"
    assert first.findtext("p:AmdmntInfDtls/p:OrgnlMndtId", namespaces=ns) == "ALT-1007"
    assert first.findtext("p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:IBAN", namespaces=ns) == "DE02120300000000202051"
    assert mandates[1].find("p:AmdmntInd", ns) is None


def test_amendment_new_bank_writes_smnda():
    amendment = Amendment(original_iban="DE89370400440532013000")  # Commerzbank → the member's new bank
    file = build_pain008(creditor=CREDITOR, lines=[line(1, amendment=amendment)])
    root, ns = parse(file)
    details = root.find(".//p:AmdmntInfDtls", ns)
    assert details.findtext("p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id", namespaces=ns) == "SMNDA"
    assert details.find("p:OrgnlDbtrAcct/p:Id/p:IBAN", ns) is None


def test_amendment_new_creditor_id():
    amendment = Amendment(original_creditor_id="DE98ABC09999999999", original_creditor_name="Alter Verein")
    file = build_pain008(creditor=CREDITOR, lines=[line(1, amendment=amendment)])
    root, ns = parse(file)
    scheme = root.find(".//p:AmdmntInfDtls/p:OrgnlCdtrSchmeId", ns)
    assert scheme.findtext("p:Nm", namespaces=ns) == "Alter Verein"
    assert scheme.findtext("p:Id/p:PrvtId/p:Othr/p:Id", namespaces=ns) == "DE98ABC09999999999"


def test_amendment_without_content_refused():
    with pytest.raises(Pain008InputError, match="Mandatsänderung"):
        build_pain008(creditor=CREDITOR, lines=[line(1, amendment=Amendment())])


def test_all_problems_reported_at_once():
    lines = [
        line(1, iban="DE00123"),
        line(2, mandate_reference="Mündel//1"),
        line(3, amount=Decimal("0")),
        line(4, amount=Decimal("1.005")),
        line(5, debtor_name="  "),
        line(6, sequence="XXXX"),
        line(6),
        line(8, remittance=""),
        line(9, mandate_signed_on=datetime.date(2026, 4, 1)),
    ]
    bad_creditor = Creditor(name="Verein", iban="DE89370400440532013000", creditor_id="DE99ZZZ09999999999")
    with pytest.raises(Pain008InputError) as error:
        build_pain008(creditor=bad_creditor, lines=lines)
    fields = [(p.end_to_end_id, p.field) for p in error.value.problems]
    assert ("", "creditor_id") in fields
    for expected in [
        ("HH-R1-L1", "iban"),
        ("HH-R1-L2", "mandate_reference"),
        ("HH-R1-L3", "amount"),
        ("HH-R1-L4", "amount"),
        ("HH-R1-L5", "debtor_name"),
        ("HH-R1-L6", "sequence"),
        ("HH-R1-L6", "end_to_end_id"),
        ("HH-R1-L8", "remittance"),
        ("HH-R1-L9", "mandate_signed_on"),
    ]:
        assert expected in fields
    assert "Die Lastschriftdatei kann nicht erstellt werden" in str(error.value)


def test_empty_run_refused():
    with pytest.raises(Pain008InputError, match="keine Lastschrift"):
        build_pain008(creditor=CREDITOR, lines=[])


def test_schema_errors_are_explained_with_line_and_end_to_end_id():
    file = build_pain008(creditor=CREDITOR, lines=[line(1), line(2)])
    broken = file.xml.replace(b"<Nm>Juergen Mueller</Nm>", b"<Nm>" + b"x" * 200 + b"</Nm>", 1)
    broken = broken.replace(b"<Ctry>DE</Ctry>", b"<Ctry>Deutschland</Ctry>", 1)
    with pytest.raises(Pain008SchemaError) as error:
        validate_pain008(broken, version="pain.008.001.08")
    issues = error.value.issues
    assert len(issues) == 2
    assert all(i.line > 1 for i in issues)
    name_issue = next(i for i in issues if "Name" in i.message)
    assert "zu lang" in name_issue.message
    assert name_issue.end_to_end_id == "HH-R1-L1"
    assert "Zeile" in str(error.value) and "pain.008.001.08" in str(error.value)
    country_issue = next(i for i in issues if "Land" in i.message)
    assert country_issue.end_to_end_id == ""  # the creditor's address, no transaction


def test_not_xml_is_a_schema_error():
    with pytest.raises(Pain008SchemaError, match="Kein gültiges XML"):
        validate_pain008(b"<Document>", version="pain.008.001.08")


# --- property tests: whatever the member register holds, the file is valid or refused in German ---

names = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüßÄÖÜéèçñłøæ ABCXYZ-'.&/´`\"")), min_size=1, max_size=120
).filter(lambda s: any(c.isalpha() for c in s))
foreign_countries = st.sampled_from(["DE", "AT", "NL", "FR", "BE", "IT", "ES", "LU"])


@st.composite
def debit_lines(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    lines = []
    for n in range(count):
        country = draw(foreign_countries)
        seed = draw(st.integers(min_value=0, max_value=2**32))
        iban = str(IBAN.random(country_code=country, random=random.Random(seed)).compact)
        address = draw(
            st.one_of(
                st.none(),
                st.builds(
                    PostalAddress,
                    street=names,
                    building_number=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,4}[a-z]?\Z")),
                    postal_code=st.from_regex(r"\A[0-9]{4,5}\Z"),
                    town=names,
                    country=st.just(country),
                ),
            )
        )
        lines.append(
            line(
                n,
                debtor_name=draw(names),
                iban=iban,
                amount=Decimal(draw(st.integers(min_value=1, max_value=99_999_999))) / 100,
                sequence=draw(st.sampled_from(list(SequenceType))),
                remittance=draw(names),
                address=address,
                collection_date=COLLECTION + datetime.timedelta(days=draw(st.sampled_from([0, 14]))),
            )
        )
    return lines


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=debit_lines())
def test_property_generated_files_are_schema_valid(version, lines):
    file = build_pain008(creditor=CREDITOR, lines=lines, version=version)
    assert file.number_of_transactions == len(lines)
    assert file.control_sum == sum(line.amount for line in lines)
    assert sum(p.number_of_transactions for p in file.payment_infos) == len(lines)
    assert sum(p.control_sum for p in file.payment_infos) == file.control_sum
    root, ns = parse(file)
    for name in root.iterfind(".//p:Dbtr/p:Nm", ns):
        assert 1 <= len(name.text) <= 70


def test_a_patched_tree_the_schema_refuses_is_reported_from_the_file(monkeypatch):
    """The patched tree is validated as it is; a finding comes with the file's line and end-to-end id."""
    from office.sepa import pain008

    def broken_patch(root, **options):
        patch(root, **options)
        ns = {"p": etree.QName(root).namespace}
        root.find(".//p:DrctDbtTxInf/p:Dbtr/p:Nm", ns).text = "x" * 200

    patch = pain008._patch
    monkeypatch.setattr(pain008, "_patch", broken_patch)
    with pytest.raises(Pain008SchemaError) as error:
        build_pain008(creditor=CREDITOR, lines=[line(1), line(2)])
    (issue,) = error.value.issues
    assert "zu lang" in issue.message and issue.end_to_end_id == "HH-R1-L1" and issue.line > 1
