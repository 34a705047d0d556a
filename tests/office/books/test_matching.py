"""Match proposals: dues by reference or member number, returns, donations by name + "Spende" (office/books)."""

from decimal import Decimal
from pathlib import Path

from office.books.matching import KnownDonor, OpenDue, name_key, propose_matches
from office.books.statements import parse_statement

DATA = Path(__file__).parent / "data"
DUES = [
    OpenDue(1, "1001", "Max Schmidt", Decimal("48.00"), "M-1001-20250101-1", "HH-R7-L11"),
    OpenDue(2, "1002", "Max Schmidt", Decimal("48.00")),
    OpenDue(3, "1003", "Anna Weber", Decimal("36.00"), "M-1003-20250101-1", "HH-R7-L13"),
    OpenDue(4, "1004", "Lotte Grün", Decimal("60.00"), "M-1004-20250101-1", "HH-R8-L2"),
]
DONORS = [KnownDonor(7, "Erika Mustermann", "DE89370400440532013000"), KnownDonor(8, "Dr. Hans Meier")]


def _kinds(name):
    proposals = propose_matches(parse_statement((DATA / name).read_bytes()), dues=DUES, donors=DONORS)
    return [(p.kind, p.target_id) for p in proposals], proposals


def test_name_key():
    assert name_key("MUSTERMANN, ERIKA") == name_key("Erika Mustermann") == name_key("Dr. Erika  Mustermann")
    assert name_key("Lotte Grün") == name_key("GRUEN, LOTTE")


def test_camt_matches():
    kinds, proposals = _kinds("camt053_v08.xml")
    assert kinds == [("donation", 7), ("due", 1), ("unmatched", None), ("return", 3), ("unmatched", None)]
    assert "End-to-End-Referenz HH-R7-L11" in proposals[1].reason
    assert proposals[0].category == "2030" and proposals[1].category == "2010"


def test_mt940_matches_member_number():
    kinds, proposals = _kinds("sparkasse.mta")
    assert kinds == [("donation", 7), ("due", 2), ("return", 3), ("unmatched", None)]
    assert "Mitgliedsnummer 1002" in proposals[1].reason


def test_csv_matches():
    kinds, _ = _kinds("volksbank_cp1252.csv")
    assert kinds == [("donation", 7), ("due", 2), ("return", 3), ("unmatched", None), ("due", 4)]


def test_donation_by_name_and_new_donor():
    import datetime

    from office.books.statements import StatementLine

    lines = [
        StatementLine(datetime.date(2026, 1, 1), Decimal("20.00"), name="MEIER, HANS", purpose="Spende"),
        StatementLine(datetime.date(2026, 1, 1), Decimal("30.00"), name="Neu Person", purpose="SPENDE Flutopfer"),
        StatementLine(datetime.date(2026, 1, 1), Decimal("30.00"), name="Neu Person", purpose="Miete Mai"),
    ]
    proposals = propose_matches(lines, donors=DONORS)
    assert [(p.kind, p.target_id) for p in proposals] == [("donation", 8), ("donation", None), ("unmatched", None)]
    assert "Name" in proposals[0].reason and "neue" in proposals[1].reason


def test_due_proposed_once_and_amount_must_fit_member_number():
    import datetime

    from office.books.statements import StatementLine

    line = StatementLine(datetime.date(2026, 1, 1), Decimal("48.00"), purpose="Mitgliedsnr. 1002")
    wrong = StatementLine(datetime.date(2026, 1, 1), Decimal("47.00"), purpose="Mitglied 1001")
    proposals = propose_matches([line, line, wrong], dues=DUES)
    assert [(p.kind, p.target_id) for p in proposals] == [("due", 2), ("unmatched", None), ("unmatched", None)]
