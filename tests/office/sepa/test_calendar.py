"""TARGET2 business days and collection dates (office/sepa/calendar.py): pure, no database."""

import datetime

import pytest

from office.sepa import calendar as cal
from office.sepa.errors import CollectionDateError

D = datetime.date


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),  # New Year
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),  # Labour Day
        D(2026, 12, 25),
        D(2026, 12, 26),  # a Saturday anyway
        D(2025, 12, 26),  # a Friday
        D(2027, 3, 26),  # Good Friday 2027
        D(2027, 3, 29),  # Easter Monday 2027
        D(2026, 2, 7),  # Saturday
        D(2026, 2, 8),  # Sunday
    ],
)
def test_not_business_days(day):
    assert not cal.is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [D(2026, 12, 24), D(2026, 12, 31), D(2025, 10, 3), D(2026, 5, 14), D(2026, 5, 25), D(2026, 2, 9)],
)
def test_business_days_include_german_holidays_that_target2_keeps_open(day):
    # Christmas Eve, New Year's Eve, German Unity Day, Ascension, Whit Monday are TARGET2 business days
    assert cal.is_business_day(day)


def test_next_and_add_business_days():
    assert cal.next_business_day(D(2026, 4, 3)) == D(2026, 4, 7)  # Good Friday → Tuesday after Easter
    assert cal.next_business_day(D(2026, 4, 7)) == D(2026, 4, 7)
    assert cal.previous_business_day(D(2026, 4, 6)) == D(2026, 4, 2)
    assert cal.add_business_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert cal.add_business_days(D(2026, 12, 23), 2) == D(2026, 12, 28)
    assert cal.add_business_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1 Jan Friday, weekend
    assert cal.add_business_days(D(2026, 4, 7), -1) == D(2026, 4, 2)


def test_earliest_collection_date_lead_time():
    # Monday 2 Feb 2026 + 14 days = Monday 16 Feb
    assert cal.earliest_collection_date(today=D(2026, 2, 2)) == D(2026, 2, 16)
    # 14 days after 20 March 2026 is Friday 3 April (Good Friday) → Tuesday 7 April
    assert cal.earliest_collection_date(today=D(2026, 3, 20)) == D(2026, 4, 7)
    # short lead time agreed in the mandate: the bank's D-1 rules
    assert cal.earliest_collection_date(today=D(2026, 2, 2), lead_days=0) == D(2026, 2, 3)
    # on a Saturday the file reaches the bank on Monday: Tuesday at the earliest
    assert cal.earliest_collection_date(today=D(2026, 2, 7), lead_days=1) == D(2026, 2, 10)
    # after the bank's cut-off time the file counts from the next business day
    assert cal.earliest_collection_date(today=D(2026, 2, 2), lead_days=0, after_cutoff_time=True) == D(2026, 2, 4)
    # a bank that wants the file two business days ahead
    assert cal.earliest_collection_date(today=D(2026, 4, 2), lead_days=1, cutoff_business_days=2) == D(2026, 4, 8)
    # lead time of 5 days over Christmas
    assert cal.earliest_collection_date(today=D(2026, 12, 21), lead_days=5) == D(2026, 12, 28)


def test_next_collection_date():
    assert cal.next_collection_date(D(2026, 12, 25), today=D(2026, 11, 1)) == D(2026, 12, 28)
    assert cal.next_collection_date(D(2026, 2, 3), today=D(2026, 2, 2)) == D(2026, 2, 16)
    assert cal.next_collection_date(D(2026, 3, 2), today=D(2026, 2, 2)) == D(2026, 3, 2)


def test_prenotification_deadline():
    assert cal.prenotification_deadline(D(2026, 3, 2)) == D(2026, 2, 16)
    assert cal.prenotification_deadline(D(2026, 3, 2), lead_days=5) == D(2026, 2, 25)


def test_check_collection_date_refuses_holiday_naming_next_day():
    with pytest.raises(CollectionDateError) as error:
        cal.check_collection_date(D(2026, 12, 25), today=D(2026, 11, 1))
    assert error.value.next_valid == D(2026, 12, 28)
    assert error.value.code == "not_a_business_day"
    message = str(error.value)
    assert "25.12.2026" in message and "1. Weihnachtstag" in message and "Montag, 28.12.2026" in message


def test_check_collection_date_refuses_weekend_and_good_friday():
    with pytest.raises(CollectionDateError, match="Samstag.*Montag, 09.02.2026"):
        cal.check_collection_date(D(2026, 2, 7), today=D(2026, 1, 1))
    with pytest.raises(CollectionDateError, match="Karfreitag.*Dienstag, 07.04.2026"):
        cal.check_collection_date(D(2026, 4, 3), today=D(2026, 1, 1))


def test_check_collection_date_too_early():
    with pytest.raises(CollectionDateError) as error:
        cal.check_collection_date(D(2026, 2, 5), today=D(2026, 2, 2))
    assert error.value.code == "too_early"
    assert error.value.next_valid == D(2026, 2, 16)
    assert "Montag, 16.02.2026" in str(error.value) and "14 Tage" in str(error.value)


def test_check_collection_date_accepts_valid_day():
    assert cal.check_collection_date(D(2026, 2, 16), today=D(2026, 2, 2)) == D(2026, 2, 16)


def test_every_day_of_two_years_gives_a_business_day_after_the_lead_time():
    day = D(2026, 1, 1)
    while day < D(2028, 1, 1):
        earliest = cal.earliest_collection_date(today=day)
        assert cal.is_business_day(earliest)
        assert earliest >= day + datetime.timedelta(days=14)
        assert earliest <= day + datetime.timedelta(days=14 + 5)
        day += datetime.timedelta(days=1)
