"""Invitation periods, motion deadlines and reminders (office/assembly/deadlines.py): pure, no database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from office.assembly import deadlines as dl
from office.assembly.errors import InvitationTooLate
from office.assembly.statute import Channel, PeriodUnit, Statute

D = datetime.date
STATUTE = Statute()  # 14 days, e-mail received the next day, letters on the 4th day


def test_german_date():
    assert dl.german_date(D(2026, 3, 3)) == "Dienstag, 3. März 2026"


def test_email_invitation_fourteen_days():
    # Meeting Thursday 19 March 2026: the 14 days must lie between receipt and the meeting day,
    # so receipt by 4 March, an e-mail sent by 3 March.
    meeting = D(2026, 3, 19)
    assert dl.latest_receipt_date(meeting, STATUTE) == D(2026, 3, 4)
    assert dl.latest_send_date(meeting, channel=Channel.EMAIL, statute=STATUTE) == D(2026, 3, 3)
    ok = dl.invitation_check(sent_on=D(2026, 3, 3), meeting_on=meeting, channel="email", statute=STATUTE)
    assert ok.valid and ok.received_on == D(2026, 3, 4) and ok.period_ends_on == D(2026, 3, 18)
    assert ok.message.startswith("Rechtzeitig")


def test_late_invitation_names_the_latest_valid_day():
    meeting = D(2026, 3, 19)
    late = dl.invitation_check(sent_on=D(2026, 3, 4), meeting_on=meeting, channel="email", statute=STATUTE)
    assert not late.valid
    assert late.latest_send_on == D(2026, 3, 3)
    assert late.earliest_meeting_on == D(2026, 3, 20)
    assert "spätestens am Dienstag, 3. März 2026" in late.message
    assert "frühestens am Freitag, 20. März 2026" in late.message
    with pytest.raises(InvitationTooLate) as error:
        dl.invitation_require_on_time(sent_on=D(2026, 3, 4), meeting_on=meeting, channel="email", statute=STATUTE)
    assert error.value.check == late and error.value.code == "invitation_too_late"


def test_letter_counts_as_delivered_on_the_fourth_day():
    # Monday 2 March + 4 = Friday 6 March
    assert dl.assumed_receipt(D(2026, 3, 2), channel=Channel.LETTER, statute=STATUTE) == D(2026, 3, 6)


def test_letter_due_on_a_sunday_arrives_on_monday():
    # Wednesday 4 March + 4 = Sunday 8 March: no delivery, so Monday 9 March
    assert dl.assumed_receipt(D(2026, 3, 4), channel="letter", statute=STATUTE) == D(2026, 3, 9)
    plain = Statute(delivery_skips_sundays_and_holidays=False)
    assert dl.assumed_receipt(D(2026, 3, 4), channel="letter", statute=plain) == D(2026, 3, 8)


def test_letter_over_christmas():
    # Monday 21 December + 4 = Friday 25 (holiday), Saturday 26 (holiday), Sunday 27: Monday 28
    assert dl.assumed_receipt(D(2026, 12, 21), channel="letter", statute=STATUTE) == D(2026, 12, 28)


def test_state_holiday():
    # Corpus Christi (4 June 2026) is a holiday in Bavaria, not in Berlin; sent Sunday 31 May + 4
    by, be = Statute(holiday_subdivision="BY"), Statute(holiday_subdivision="BE")
    assert dl.assumed_receipt(D(2026, 5, 31), channel="letter", statute=by) == D(2026, 6, 5)
    assert dl.assumed_receipt(D(2026, 5, 31), channel="letter", statute=be) == D(2026, 6, 4)


def test_latest_letter_date_steps_back_over_a_sunday():
    # Meeting Monday 23 March 2026: receipt by 8 March (a Sunday) - a letter posted on 4 March would
    # only count on the 9th, so the last posting day is Tuesday 3 March (received Saturday 7 March).
    meeting = D(2026, 3, 23)
    assert dl.latest_receipt_date(meeting, STATUTE) == D(2026, 3, 8)
    assert dl.latest_send_date(meeting, channel="letter", statute=STATUTE) == D(2026, 3, 3)


def test_statute_counting_from_sending():
    statute = Statute(letter_delivery_days=0, email_delivery_days=0)
    meeting = D(2026, 3, 19)
    assert dl.latest_send_date(meeting, channel="letter", statute=statute) == D(2026, 3, 4)


def test_section_193_is_not_applied():
    # The period ends on Sunday 5 April 2026 (Easter Sunday): the meeting on Easter Monday is valid,
    # the last day is not moved to the next working day.
    received = D(2026, 3, 22)
    assert dl.invitation_period_end(received, STATUTE) == D(2026, 4, 5)
    assert dl.invitation_check(sent_on=D(2026, 3, 21), meeting_on=D(2026, 4, 6), channel="email", statute=STATUTE).valid


def test_weeks_equal_days():
    weeks = Statute(invitation_period=2, invitation_period_unit=PeriodUnit.WEEKS)
    assert dl.invitation_period_end(D(2026, 3, 2), weeks) == D(2026, 3, 16)  # Monday to Monday (§ 188 Abs. 2)
    assert dl.latest_receipt_date(D(2026, 3, 19), weeks) == dl.latest_receipt_date(D(2026, 3, 19), STATUTE)


@pytest.mark.parametrize(
    ("received", "end"),
    [
        (D(2026, 1, 31), D(2026, 2, 28)),  # § 188 Abs. 3 BGB: the month has no 31st
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 1, 15), D(2026, 2, 15)),
        (D(2026, 12, 31), D(2027, 1, 31)),  # year end
        (D(2026, 3, 31), D(2026, 4, 30)),
    ],
)
def test_month_periods(received, end):
    statute = Statute(invitation_period=1, invitation_period_unit="months")
    assert dl.invitation_period_end(received, statute) == end


@pytest.mark.parametrize(
    ("meeting", "latest"),
    [
        (D(2026, 3, 1), D(2026, 1, 31)),  # period ends 28 February: the 29th-31st January all fit
        (D(2028, 3, 1), D(2028, 1, 31)),
        (D(2028, 2, 29), D(2028, 1, 28)),  # leap year: received 29 January would end on 29 February
        (D(2026, 5, 1), D(2026, 3, 31)),
        (D(2027, 1, 1), D(2026, 11, 30)),
    ],
)
def test_latest_receipt_with_month_period(meeting, latest):
    statute = Statute(invitation_period=1, invitation_period_unit=PeriodUnit.MONTHS)
    assert dl.latest_receipt_date(meeting, statute) == latest


statutes = st.builds(
    Statute,
    invitation_period=st.integers(1, 60),
    invitation_period_unit=st.sampled_from(list(PeriodUnit)),
    letter_delivery_days=st.integers(0, 7),
    email_delivery_days=st.integers(0, 2),
    delivery_skips_sundays_and_holidays=st.booleans(),
)


@given(
    statute=statutes,
    meeting=st.dates(D(2024, 1, 1), D(2032, 12, 31)),
    channel=st.sampled_from(list(Channel)),
)
def test_latest_send_date_is_the_boundary(statute, meeting, channel):
    latest = dl.latest_send_date(meeting, channel=channel, statute=statute)
    assert dl.invitation_check(sent_on=latest, meeting_on=meeting, channel=channel, statute=statute).valid
    later = latest + datetime.timedelta(days=1)
    assert not dl.invitation_check(sent_on=later, meeting_on=meeting, channel=channel, statute=statute).valid
    earliest = dl.earliest_meeting_date(latest, channel=channel, statute=statute)
    assert earliest <= meeting


def test_motion_deadline_and_reminder():
    meeting = D(2026, 3, 19)
    assert dl.motion_deadline(meeting, STATUTE) == D(2026, 3, 12)
    assert dl.motion_on_time(D(2026, 3, 12), meeting_on=meeting, statute=STATUTE)
    assert not dl.motion_on_time(D(2026, 3, 13), meeting_on=meeting, statute=STATUTE)
    assert dl.reminder_date(meeting, STATUTE) == D(2026, 3, 16)
    none = Statute(motion_deadline_days=None, reminder_days=None)
    assert dl.motion_deadline(meeting, none) is None and dl.reminder_date(meeting, none) is None
    assert dl.motion_on_time(D(2026, 3, 19), meeting_on=meeting, statute=none)
