"""Returned direct debits from camt.053/054 and bank CSV exports (office/sepa/camt.py, returns_csv.py)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from office.sepa.camt import parse_returns
from office.sepa.errors import ReturnsFileError
from office.sepa.returns import RETURN_REASONS, reason_text
from office.sepa.returns_csv import CsvReturnMapping, parse_german_decimal, parse_returns_csv

DATA = Path(__file__).parent / "data"


def test_camt053_v02_returns():
    returns = parse_returns((DATA / "camt053_v02_returns.xml").read_bytes())
    assert [r.end_to_end_id for r in returns] == ["HH-R7-L12", "HH-R7-L13", "HH-R7-L14"]
    first, second, third = returns
    assert first.amount == Decimal("12.50")  # the instructed (original) amount, not the booked 15.50
    assert first.fee == Decimal("3.00")
    assert first.reason_code == "AM04" and first.reason_text == "Keine ausreichende Deckung"
    assert first.additional_info == "Keine Deckung"
    assert first.mandate_reference == "M-1007-20240301-1"
    assert first.debtor_name == "Juergen Mueller" and first.debtor_iban == "DE02120300000000202051"
    assert first.booking_date == datetime.date(2026, 2, 5)
    assert first.source == "camt.053.001.02"
    assert (second.reason_code, second.amount, second.fee) == ("AC04", Decimal("25.00"), None)
    assert second.reason_text == "Konto erloschen"
    assert (third.reason_code, third.amount) == ("MD06", Decimal("35.00"))
    assert "Erstattung" in third.reason_text


def test_camt054_v08_returns():
    returns = parse_returns((DATA / "camt054_v08_returns.xml").read_bytes())
    assert [r.end_to_end_id for r in returns] == ["HH-R8-L1", "HH-R8-L2"]  # the rejected entry is not booked
    first, second = returns
    assert first.amount == Decimal("45.00") and first.fee == Decimal("3.90")
    assert first.reason_code == "MS02" and "Widerspruch" in first.reason_text
    assert first.debtor_name == "Lena Koenig" and first.debtor_iban == "AT611904300234573201"
    assert first.booking_date == datetime.date(2026, 2, 9)
    assert first.source == "camt.054.001.08"
    # no amounts on the transaction: the entry's amount and charges (single transaction)
    assert (second.amount, second.fee, second.reason_code) == (Decimal("20.00"), Decimal("2.50"), "AC01")


def test_camt_credit_and_plain_debit_are_not_returns():
    returns = parse_returns((DATA / "camt053_v02_returns.xml").read_bytes())
    assert "HALLENMIETE-02-2026" not in {r.end_to_end_id for r in returns}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not xml", "kein gültiges XML"),
        (b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.008.001.08'/>", "camt.053 oder camt.054"),
        (b"<Document/>", "camt.053 oder camt.054"),
    ],
)
def test_camt_refuses_other_files(data, message):
    with pytest.raises(ReturnsFileError, match=message):
        parse_returns(data)


def test_camt_entities_are_not_resolved():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn><Ntfctn>'
        b"<Ntry><Amt Ccy='EUR'>1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><NtryDtls><TxDtls><Refs>"
        b"<EndToEndId>&x;</EndToEndId></Refs><RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>"
        b"</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    )
    returns = parse_returns(xxe)
    assert "root:" not in returns[0].end_to_end_id


def test_reason_texts():
    for code in ("AC04", "MD06", "AM04", "MS02", "AC01", "MD01", "MS03", "SL01"):
        assert code in RETURN_REASONS
    assert reason_text("am04") == "Keine ausreichende Deckung"
    assert "ZZ99" in reason_text("ZZ99")
    assert reason_text("") == "Kein Rückgabegrund angegeben"


def test_sparkasse_csv_windows_1252():
    data = (DATA / "sparkasse_returns_cp1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    returns = parse_returns_csv(data)
    assert [r.end_to_end_id for r in returns] == ["HH-R7-L12", "HH-R7-L13"]
    first, second = returns
    assert (first.amount, first.fee, first.reason_code) == (Decimal("12.50"), Decimal("3.00"), "AM04")
    assert first.debtor_name == "Jürgen Müller"
    assert first.booking_date == datetime.date(2026, 2, 5)
    assert first.mandate_reference == "M-1007-20240301-1"
    assert (second.amount, second.fee, second.reason_code) == (Decimal("1025.00"), None, "AC04")
    assert second.source == "csv"


def test_volksbank_csv_utf8_with_bom_references_from_purpose():
    returns = parse_returns_csv((DATA / "volksbank_returns_utf8bom.csv").read_bytes())
    assert len(returns) == 1  # the ordinary direct debit paid by the club is not a return
    (only,) = returns
    assert only.end_to_end_id == "HH-R8-L1"
    assert only.mandate_reference == "M-2001-20250110-1"
    assert only.reason_code == "MS02"
    assert only.amount == Decimal("45.00") and only.fee is None
    assert only.debtor_name == "Lena König"
    assert only.booking_date == datetime.date(2026, 2, 9)


def test_csv_same_content_in_all_encodings():
    text = (DATA / "sparkasse_returns_cp1252.csv").read_bytes().decode("cp1252")
    expected = parse_returns_csv(text.encode("cp1252"))
    assert parse_returns_csv(text.encode("utf-8")) == expected
    assert parse_returns_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected


def test_csv_own_mapping_and_comma_delimiter():
    data = (
        "Datum,Referenz,Summe,Code,Text\n"
        '03.03.2026,HH-R9-L4,"-7,50",MD01,Rücklastschrift\n'
        '03.03.2026,HH-R9-L5,"8,00",,Gutschrift\n'
    ).encode()
    mapping = CsvReturnMapping(
        amount=("Summe",),
        end_to_end_id=("Referenz",),
        reason=("Code",),
        booking_date=("Datum",),
        booking_text=("Text",),
    )
    (only,) = parse_returns_csv(data, mapping=mapping)
    assert (only.end_to_end_id, only.amount, only.reason_code) == ("HH-R9-L4", Decimal("7.50"), "MD01")


def test_csv_missing_columns_named_in_german():
    with pytest.raises(ReturnsFileError, match="fehlen nötige Spalten.*Datum"):
        parse_returns_csv(b"Datum;Text\n01.01.2026;x\n")
    with pytest.raises(ReturnsFileError, match="leer"):
        parse_returns_csv(b"")


def test_csv_bad_amount_names_the_row():
    data = b"Buchungstag;Betrag;Verwendungszweck;Buchungstext\n01.02.2026;abc;EREF+X;Ruecklastschrift\n"
    with pytest.raises(ReturnsFileError, match="Zeile 2.*abc"):
        parse_returns_csv(data)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.234,56", "1234.56"),
        ("-12,50", "-12.50"),
        ("12,50-", "-12.50"),
        ("12.50", "12.50"),
        ("1 025,00 €", "1025.00"),
    ],
)
def test_german_decimal(text, value):
    assert parse_german_decimal(text) == Decimal(value)
