"""TARGET2 (T2) business days and SEPA collection dates.

A SEPA core direct debit is collected on a TARGET2 business day: Monday to Friday except New Year's
Day, Good Friday, Easter Monday, 1 May and 25/26 December (the `holidays` package's ECB calendar).
The earliest collection date follows from two rules: the pre-notification must reach the member
``lead_days`` calendar days before (14 unless the club agreed a shorter period in the mandate text),
and the file must be at the bank ``cutoff_business_days`` TARGET2 days before the collection (D-1 for
core debits since November 2016; some banks want more).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.utils.translation import gettext as _

import holidays

from .errors import CollectionDateError

DEFAULT_LEAD_DAYS = 14
DEFAULT_CUTOFF_BUSINESS_DAYS = 1

_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
# The ECB calendar names its days in English; the German names for the messages.
_HOLIDAY_NAMES_DE = {
    "New Year's Day": "Neujahr",
    "Good Friday": "Karfreitag",
    "Easter Monday": "Ostermontag",
    "Labour Day": "Tag der Arbeit",
    "Christmas Day": "1. Weihnachtstag",
    "Christmas Holiday": "2. Weihnachtstag",
    "Christmas Eve": "Heiligabend",
    "New Year's Eve": "Silvester",
}


@lru_cache(maxsize=64)
def _target2_year(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.financial_holidays("XECB", years=year).keys())


def target2_holiday_name(day: datetime.date) -> str | None:
    """The German name of the TARGET2 holiday on ``day``, or None."""
    if day not in _target2_year(day.year):
        return None
    name = holidays.financial_holidays("XECB", years=day.year).get(day) or ""
    return _HOLIDAY_NAMES_DE.get(name, name)


def is_business_day(day: datetime.date) -> bool:
    """A TARGET2 business day: not Saturday, not Sunday, not a TARGET2 holiday."""
    return day.weekday() < 5 and day not in _target2_year(day.year)


def next_business_day(day: datetime.date) -> datetime.date:
    """``day`` itself if it is a business day, else the next one."""
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_business_day(day: datetime.date) -> datetime.date:
    """``day`` itself if it is a business day, else the one before."""
    while not is_business_day(day):
        day -= datetime.timedelta(days=1)
    return day


def add_business_days(day: datetime.date, count: int) -> datetime.date:
    """The business day ``count`` TARGET2 days after ``day`` (``day`` itself need not be one)."""
    step = datetime.timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def earliest_collection_date(
    *,
    today: datetime.date,
    lead_days: int = DEFAULT_LEAD_DAYS,
    cutoff_business_days: int = DEFAULT_CUTOFF_BUSINESS_DAYS,
    after_cutoff_time: bool = False,
) -> datetime.date:
    """The first collection date possible when the pre-notifications go out and the file is sent ``today``.

    ``after_cutoff_time``: the bank's cut-off time of the day has passed, so the file counts as
    delivered on the next business day.
    """
    delivered = next_business_day(today)
    if after_cutoff_time and delivered == today:
        delivered = add_business_days(today, 1)
    by_bank = add_business_days(delivered, max(cutoff_business_days, 1))
    by_notice = today + datetime.timedelta(days=max(lead_days, 0))
    return next_business_day(max(by_bank, by_notice))


def next_collection_date(
    wanted: datetime.date,
    *,
    today: datetime.date,
    lead_days: int = DEFAULT_LEAD_DAYS,
    cutoff_business_days: int = DEFAULT_CUTOFF_BUSINESS_DAYS,
) -> datetime.date:
    """The first valid collection date on or after ``wanted``."""
    earliest = earliest_collection_date(today=today, lead_days=lead_days, cutoff_business_days=cutoff_business_days)
    return next_business_day(max(wanted, earliest))


def prenotification_deadline(collection_date: datetime.date, *, lead_days: int = DEFAULT_LEAD_DAYS) -> datetime.date:
    """The last day the pre-notification may go out for a collection on ``collection_date``."""
    return collection_date - datetime.timedelta(days=max(lead_days, 0))


def format_date_de(day: datetime.date) -> str:
    """ "Montag, 28.12.2026" – independent of the active locale."""
    return f"{_WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def check_collection_date(
    day: datetime.date,
    *,
    today: datetime.date,
    lead_days: int = DEFAULT_LEAD_DAYS,
    cutoff_business_days: int = DEFAULT_CUTOFF_BUSINESS_DAYS,
) -> datetime.date:
    """``day`` if it is a valid collection date, else :class:`CollectionDateError` naming the next valid day."""
    valid = next_collection_date(day, today=today, lead_days=lead_days, cutoff_business_days=cutoff_business_days)
    if valid == day:
        return day
    next_text = format_date_de(valid)
    if not is_business_day(day):
        holiday = target2_holiday_name(day)
        if holiday:
            reason = _("ein Feiertag im TARGET2-Kalender (%(holiday)s)") % {"holiday": holiday}
        else:
            reason = _("ein Samstag") if day.weekday() == 5 else _("ein Sonntag")
        message = _(
            "Der %(day)s ist kein Bankarbeitstag für SEPA-Lastschriften, sondern %(reason)s. "
            "Nächster möglicher Einzugstag: %(next)s."
        ) % {"day": f"{day:%d.%m.%Y}", "reason": reason, "next": next_text}
        raise CollectionDateError(message, next_valid=valid, code="not_a_business_day")
    message = _(
        "Der %(day)s ist zu früh: Die Vorabankündigung braucht %(lead)d Tage Vorlauf und die Bank die Datei "
        "%(cutoff)d Bankarbeitstag(e) vor dem Einzug. Frühester Einzugstag: %(next)s."
    ) % {"day": f"{day:%d.%m.%Y}", "lead": lead_days, "cutoff": cutoff_business_days, "next": next_text}
    raise CollectionDateError(message, next_valid=valid, code="too_early")
