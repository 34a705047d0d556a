"""Invitation periods, motion deadlines and reminders of a general assembly, counted as the BGB counts.

How an invitation period is counted (§§ 186 ff. BGB, which apply to periods in statutes too):
* The period runs from the day the invitation *reaches* the member, unless the statute says it runs
  from sending (OLG München, 31 Wx 123/15 of 11 May 2015). A letter counts as received
  ``letter_delivery_days`` after posting, an e-mail ``email_delivery_days`` after sending (both in
  :class:`~office.assembly.statute.Statute`; a letter's day moves on past Sundays and public holidays
  if ``delivery_skips_sundays_and_holidays``, since the post delivers Monday to Saturday).
* The day of receipt is not counted (§ 187 Abs. 1 BGB). A period of days ends with its last day, one
  of weeks on the weekday of the receipt, one of months on the day with the same number, or the last
  of the month if that month is shorter (§ 188 Abs. 1, 2 and 3 BGB): received on 31 January with one
  month, the period ends on 28 February (29 in a leap year).
* The period must have ended before the day of the assembly: a meeting on D needs receipt by
  D − period − 1 (14 days: received on the 1st, the meeting may be on the 16th).
* § 193 BGB is *not* applied. It moves the last day of a period "to make a declaration or to render
  a performance" from a Saturday, Sunday or holiday to the next working day. An invitation period is
  neither: it protects the members' time to prepare, and counting it backwards from the meeting a
  shift would shorten it. The prevailing view does not apply § 193 to periods counted back from a
  meeting (the AktG says so expressly in § 121 Abs. 7 Satz 2); weekends and holidays simply count.
* A motion deadline "N Tage vor der Versammlung" is counted back from the meeting, the meeting day
  not counted (as § 121 Abs. 7 Satz 1 AktG does): the last day is D − N, to its end.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

import holidays

from .errors import InvitationTooLate
from .statute import Channel, PeriodUnit, Statute

_DAY = datetime.timedelta(days=1)
_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def german_date(day: datetime.date) -> str:
    """'Montag, 2. März 2026' (independent of the process locale)."""
    return f"{_WEEKDAYS[day.weekday()]}, {day.day}. {_MONTHS[day.month - 1]} {day.year}"


@lru_cache(maxsize=256)
def _holidays(year: int, subdivision: str | None) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("DE", subdiv=subdivision, years=year).keys())


def is_public_holiday(day: datetime.date, subdivision: str | None = None) -> bool:
    """A public holiday nationwide, or in the German state ``subdivision`` ("BY", "NW", …)."""
    return day in _holidays(day.year, subdivision)


def is_postal_delivery_day(day: datetime.date, subdivision: str | None = None) -> bool:
    """Monday to Saturday, not a public holiday."""
    return day.weekday() != 6 and not is_public_holiday(day, subdivision)


def assumed_receipt(sent_on: datetime.date, *, channel: Channel | str, statute: Statute) -> datetime.date:
    """The day an invitation sent on ``sent_on`` counts as received."""
    if Channel(channel) == Channel.EMAIL:
        return sent_on + statute.email_delivery_days * _DAY
    received = sent_on + statute.letter_delivery_days * _DAY
    if statute.delivery_skips_sundays_and_holidays and statute.letter_delivery_days > 0:
        while not is_postal_delivery_day(received, statute.holiday_subdivision):
            received += _DAY
    return received


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day number ``months`` later, or the month's last day (§ 188 Abs. 3 BGB)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(received_on: datetime.date, *, amount: int, unit: PeriodUnit | str) -> datetime.date:
    """The last day of a period that begins with the receipt on ``received_on`` (§§ 187 Abs. 1, 188 BGB)."""
    unit = PeriodUnit(unit)
    if unit == PeriodUnit.MONTHS:
        return add_months(received_on, amount)
    return received_on + amount * (7 if unit == PeriodUnit.WEEKS else 1) * _DAY


def invitation_period_end(received_on: datetime.date, statute: Statute) -> datetime.date:
    return period_end(received_on, amount=statute.invitation_period, unit=statute.invitation_period_unit)


def latest_receipt_date(meeting_on: datetime.date, statute: Statute) -> datetime.date:
    """The last day an invitation may arrive for a meeting on ``meeting_on``."""
    deadline = meeting_on - _DAY  # the period must have ended before the meeting day
    unit = PeriodUnit(statute.invitation_period_unit)
    if unit != PeriodUnit.MONTHS:
        days = statute.invitation_period * (7 if unit == PeriodUnit.WEEKS else 1)
        return deadline - days * _DAY
    # Months: add_months clamps at month ends, so several receipt days can share one period end
    # (29, 30, 31 January → 28 February); take the latest of them.
    candidate = add_months(deadline, -statute.invitation_period)
    while invitation_period_end(candidate + _DAY, statute) <= deadline:
        candidate += _DAY
    while invitation_period_end(candidate, statute) > deadline:
        candidate -= _DAY
    return candidate


def latest_send_date(meeting_on: datetime.date, *, channel: Channel | str, statute: Statute) -> datetime.date:
    """The last day an invitation by ``channel`` may be sent for a meeting on ``meeting_on``."""
    receipt = latest_receipt_date(meeting_on, statute)
    delay = statute.email_delivery_days if Channel(channel) == Channel.EMAIL else statute.letter_delivery_days
    sent = receipt - delay * _DAY
    # A Sunday or holiday in the way pushes the assumed receipt later: step back until it fits.
    while assumed_receipt(sent, channel=channel, statute=statute) > receipt:
        sent -= _DAY
    return sent


def earliest_meeting_date(sent_on: datetime.date, *, channel: Channel | str, statute: Statute) -> datetime.date:
    """The first day a meeting may be held when the invitation goes out on ``sent_on``."""
    received = assumed_receipt(sent_on, channel=channel, statute=statute)
    return invitation_period_end(received, statute) + _DAY


@dataclass(frozen=True)
class InvitationCheck:
    valid: bool
    sent_on: datetime.date
    meeting_on: datetime.date
    channel: Channel
    received_on: datetime.date
    period_ends_on: datetime.date
    latest_send_on: datetime.date
    earliest_meeting_on: datetime.date
    message: str


def invitation_check(
    *, sent_on: datetime.date, meeting_on: datetime.date, channel: Channel | str, statute: Statute
) -> InvitationCheck:
    """Whether an invitation sent on ``sent_on`` keeps the statute's period for a meeting on ``meeting_on``.

    If not, the message names the day by which it would have had to be sent, and the first day a
    meeting could be held with this sending date.
    """
    channel = Channel(channel)
    received = assumed_receipt(sent_on, channel=channel, statute=statute)
    ends = invitation_period_end(received, statute)
    latest = latest_send_date(meeting_on, channel=channel, statute=statute)
    earliest = ends + _DAY
    how = _("per E-Mail") if channel == Channel.EMAIL else _("per Brief")
    if ends < meeting_on:
        message = _(
            "Rechtzeitig: Die Einladung %(how)s gilt am %(received)s als zugegangen; die Einladungsfrist "
            "endet am %(ends)s, vor der Versammlung am %(meeting)s."
        ) % {
            "how": how,
            "received": german_date(received),
            "ends": german_date(ends),
            "meeting": german_date(meeting_on),
        }
    else:
        message = _(
            "Zu spät: Eine Einladung %(how)s vom %(sent)s gilt erst am %(received)s als zugegangen; die "
            "Einladungsfrist endet am %(ends)s, nicht vor der Versammlung am %(meeting)s. Für diese "
            "Versammlung hätte sie spätestens am %(latest)s versandt werden müssen; mit diesem Versanddatum "
            "ist die Versammlung frühestens am %(earliest)s möglich."
        ) % {
            "how": how,
            "sent": german_date(sent_on),
            "received": german_date(received),
            "ends": german_date(ends),
            "meeting": german_date(meeting_on),
            "latest": german_date(latest),
            "earliest": german_date(earliest),
        }
    return InvitationCheck(ends < meeting_on, sent_on, meeting_on, channel, received, ends, latest, earliest, message)


def invitation_require_on_time(
    *, sent_on: datetime.date, meeting_on: datetime.date, channel: Channel | str, statute: Statute
) -> InvitationCheck:
    """The check, or :class:`InvitationTooLate` (carrying it) when the period would not be kept."""
    check = invitation_check(sent_on=sent_on, meeting_on=meeting_on, channel=channel, statute=statute)
    if not check.valid:
        raise InvitationTooLate(check)
    return check


def motion_deadline(meeting_on: datetime.date, statute: Statute) -> datetime.date | None:
    """The last day (to its end) members' motions may arrive; None if the statute sets no deadline."""
    if statute.motion_deadline_days is None:
        return None
    return meeting_on - statute.motion_deadline_days * _DAY


def motion_on_time(received_on: datetime.date, *, meeting_on: datetime.date, statute: Statute) -> bool:
    deadline = motion_deadline(meeting_on, statute)
    return deadline is None or received_on <= deadline


def reminder_date(meeting_on: datetime.date, statute: Statute) -> datetime.date | None:
    """The day the reminder goes out; None if the club sends none."""
    if statute.reminder_days is None:
        return None
    return meeting_on - statute.reminder_days * _DAY
