"""Refusals by § 63 Abs. 5 AO and § 10b Abs. 1 Satz 8 EStG (boundary days) and the receipt numbers."""

import datetime
from dataclasses import replace

import pytest

from office.receipts.data import DonationKind, NoticeKind, TaxNotice
from office.receipts.errors import ReceiptInputError, ReceiptRefused
from office.receipts.purposes import PURPOSES, membership_fees_deductible
from office.receipts.rules import (
    add_years,
    check_notice,
    check_receipt,
    format_receipt_number,
    next_receipt_number,
    notice_valid_until,
    parse_receipt_number,
)
from office.receipts.wording import receipt_text

from .conftest import collective, money, sports_club, youth_club

D = datetime.date


def _exemption(day):
    return TaxNotice(NoticeKind.EXEMPTION, "Musterstadt", "12/345/67890", day, "2019 bis 2021")


def test_exemption_notice_five_years_to_the_day():
    notice = _exemption(D(2021, 3, 15))
    assert notice_valid_until(notice) == D(2026, 3, 15)
    check_notice(notice, on=D(2026, 3, 15))
    with pytest.raises(ReceiptRefused) as refused:
        check_notice(notice, on=D(2026, 3, 16))
    assert refused.value.code == "notice_expired"
    assert "vom 15.03.2021" in str(refused.value) and "§ 63 Abs. 5 AO" in str(refused.value)
    assert "länger als 5 Jahre" in str(refused.value)


def test_corporate_tax_annex_counts_like_exemption():
    notice = TaxNotice(NoticeKind.CORPORATE_TAX_ANNEX, "Musterstadt", "1", D(2020, 7, 1), "2018")
    check_notice(notice, on=D(2025, 7, 1))
    with pytest.raises(ReceiptRefused):
        check_notice(notice, on=D(2025, 7, 2))


def test_statement_60a_three_years_to_the_day():
    notice = TaxNotice(NoticeKind.STATUTES_60A, "Beispielheim", "98/765/43210", D(2023, 1, 10))
    check_notice(notice, on=D(2026, 1, 10))
    with pytest.raises(ReceiptRefused) as refused:
        check_notice(notice, on=D(2026, 1, 11))
    assert "Feststellung nach § 60a AO" in str(refused.value) and "länger als 3 Jahre" in str(refused.value)


def test_leap_day_notice_ends_on_28_february():
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)
    notice = _exemption(D(2024, 2, 29))
    check_notice(notice, on=D(2029, 2, 28))
    with pytest.raises(ReceiptRefused):
        check_notice(notice, on=D(2029, 3, 1))


def test_receipt_refused_when_donation_after_expiry():
    club = sports_club(notice=_exemption(D(2021, 1, 9)))
    check_receipt(money(club, day=D(2026, 1, 9)))
    with pytest.raises(ReceiptRefused):
        receipt_text(money(club, day=D(2026, 1, 10)))


def test_collective_checks_every_donation():
    receipt = collective()  # § 60a statement of 01.06.2024, donations in 2025
    check_receipt(receipt)
    late = replace(receipt.issuer, notice=replace(receipt.issuer.notice, date=D(2022, 3, 1)))
    with pytest.raises(ReceiptRefused):  # the donations after 01.03.2025 are no longer covered
        check_receipt(replace(receipt, issuer=late))


def test_membership_fee_refused_for_sports_club():
    with pytest.raises(ReceiptRefused) as refused:
        receipt_text(money(amount="120.00", kind=DonationKind.MEMBERSHIP_FEE))
    assert refused.value.code == "fees_not_deductible"
    assert "Sport (§ 52 Abs. 2 Satz 1 Nr. 21 AO)" in str(refused.value)
    assert "§ 10b Abs. 1 Satz 8 EStG" in str(refused.value)
    # a donation to the same club is fine
    receipt_text(money(amount="120.00"))
    # a membership fee to a youth-welfare club too
    receipt_text(money(youth_club(), amount="120.00", kind=DonationKind.MEMBERSHIP_FEE))


def test_collective_with_fees_refused_for_sports_club():
    with pytest.raises(ReceiptRefused):
        check_receipt(collective(sports_club()))


@pytest.mark.parametrize(
    "code",
    [
        "sport",
        "kultur_freizeit",
        "heimatpflege",
        "tierzucht",
        "pflanzenzucht",
        "kleingaertnerei",
        "brauchtum",
        "soldatenbetreuung",
        "amateurfunk",
        "freifunk",
        "modellflug",
        "hundesport",
        "satz2",
    ],
)
def test_fees_not_deductible_purposes(code):
    assert not membership_fees_deductible([code])
    assert not membership_fees_deductible(["bildung", code])  # one such purpose is enough (BFH X R 7/21)


def test_other_purposes_keep_fees_deductible():
    excluded = {p.code for p in PURPOSES if not p.fees_deductible}
    assert membership_fees_deductible([p.code for p in PURPOSES if p.code not in excluded])


def test_unknown_purpose_and_input_errors():
    with pytest.raises(ReceiptInputError, match="Unbekannter steuerbegünstigter Zweck: golf"):
        check_receipt(money(sports_club(purposes=("golf",))))
    with pytest.raises(ReceiptInputError, match="größer als 0"):
        check_receipt(money(amount="0.00"))
    with pytest.raises(ReceiptInputError, match="angezeigt"):
        check_receipt(money(youth_club(machine_notified_on=None)))
    with pytest.raises(ReceiptInputError, match="nach dem Ausstellungsdatum"):
        check_receipt(money(day=D(2026, 3, 1)))


def test_receipt_numbers():
    assert format_receipt_number(2026, 7) == "ZB-2026-0007"
    assert parse_receipt_number("ZB-2026-0007") == ("ZB", 2026, 7)
    assert next_receipt_number(2026, ["ZB-2025-0031", "ZB-2026-0001", "ZB-2026-0004", "kaputt"]) == "ZB-2026-0005"
    assert next_receipt_number(2027, ["ZB-2026-0004"]) == "ZB-2027-0001"
    assert format_receipt_number(2026, 12345) == "ZB-2026-12345"
    with pytest.raises(ReceiptInputError):
        parse_receipt_number("2026/7")
