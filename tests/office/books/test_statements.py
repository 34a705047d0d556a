"""camt.053, MT940 and German bank CSV into statement lines (office/books/statements.py)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from office.books.statements import CsvMapping, StatementError, parse_bank_csv, parse_statement

DATA = Path(__file__).parent / "data"
D = datetime.date


def test_camt053():
    lines = parse_statement((DATA / "camt053_v08.xml").read_bytes())
    assert [(line.booking_date, line.amount) for line in lines] == [
        (D(2026, 1, 5), Decimal("120.00")),
        (D(2026, 1, 6), Decimal("48.00")),  # a batch entry: one line per transaction
        (D(2026, 1, 6), Decimal("60.00")),
        (D(2026, 1, 7), Decimal("-36.00")),
        (D(2026, 1, 31), Decimal("-4.50")),  # the pending entry of 09.01. is left out
    ]
    donation, due, _, returned, fee = lines
    assert (donation.name, donation.iban, donation.purpose) == (
        "Erika Mustermann",
        "DE89370400440532013000",
        "Spende Jugendarbeit",
    )
    assert donation.end_to_end_id == ""  # NOTPROVIDED
    assert (due.end_to_end_id, due.mandate_reference) == ("HH-R7-L11", "M-1001-20250101-1")
    assert returned.is_return and returned.name == "Anna Weber"  # the member, not the club as creditor
    assert fee.purpose == "Kontofuehrung Januar"


def test_mt940():
    lines = parse_statement((DATA / "sparkasse.mta").read_bytes())
    assert [line.amount for line in lines] == [
        Decimal("120.00"),
        Decimal("48.00"),
        Decimal("-36.00"),
        Decimal("-89.90"),
    ]
    donation, due, returned, debit = lines
    assert donation.name == "Mustermann, Erika" and donation.iban == "DE89370400440532013000"
    assert donation.purpose == "Spende Jugendarbeit"
    assert due.purpose == "Mitgliedsnr. 1002 Beitrag 1. Halbjahr"
    assert returned.is_return and returned.end_to_end_id == "HH-R7-L13"
    assert returned.mandate_reference == "M-1003-20250101-1"
    assert not debit.is_return and debit.booking_date == D(2026, 1, 8)


def test_csv_windows_1252_with_preamble():
    lines = parse_statement((DATA / "volksbank_cp1252.csv").read_bytes())
    assert len(lines) == 5
    assert lines[3].name == "Getränke Müller GmbH" and lines[3].amount == Decimal("-1234.56")
    assert lines[2].is_return and lines[2].end_to_end_id == "HH-R7-L13"
    assert lines[4].end_to_end_id == "HH-R8-L2" and not lines[4].is_return
    assert lines[0].source_line == 5


def test_csv_custom_mapping_and_two_amount_columns():
    data = "Datum;Soll;Haben;Empfänger;Text\n02.03.26;;50,00;Max;Spende\n03.03.26;12,00;;Bank;Gebühr\n".encode("cp1252")
    mapping = CsvMapping(booking_date=("Datum",), name=("Empfänger",), purpose=("Text",), amount=())
    lines = parse_bank_csv(data, mapping)
    assert [(line.booking_date, line.amount, line.name) for line in lines] == [
        (D(2026, 3, 2), Decimal("50.00"), "Max"),
        (D(2026, 3, 3), Decimal("-12.00"), "Bank"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Name;Wert\nA;1\n", "Kopfzeile"),
        ("Buchungstag;Betrag\n01.01.2026;zwölf\n".encode(), "Zeile 2: „zwölf“ ist kein Betrag"),
        (b"Buchungstag;Betrag\n32.01.2026;1,00\n", "Zeile 2: „32.01.2026“ ist kein Datum"),
        (b"<?xml version='1.0'?><Document xmlns='urn:example'/>", "camt.053"),
        (b"<Document", "kein gültiges XML"),
    ],
)
def test_unreadable_files_explained(data, message):
    with pytest.raises(StatementError, match=message):
        parse_statement(data)
