"""The office's report pages: census counts, birthdays and jubilees."""

import datetime

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from office.constants import Gender
from office.selectors import birthdays, census_counts, jubilees


def _german_date(value: str | None, default: datetime.date) -> datetime.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime((value or "").strip(), pattern).date()
        except ValueError:
            continue
    return default


def statistics(request):
    today = timezone.localdate()
    on = _german_date(request.GET.get("stichtag"), datetime.date(today.year, 1, 1))
    return TemplateResponse(
        request,
        "office/statistics.html",
        {
            "census": census_counts(on=on),
            "on": on,
            "genders": [*Gender.choices, ("", _("ohne Angabe"))],
        },
    )


def anniversaries(request):
    today = timezone.localdate()
    try:
        days = min(max(int(request.GET.get("tage", 30)), 1), 366)
    except ValueError:
        days = 30
    try:
        year = min(max(int(request.GET.get("jahr", today.year)), 1900), 2200)
    except ValueError:
        year = today.year
    return TemplateResponse(
        request,
        "office/anniversaries.html",
        {
            "birthdays": birthdays(start=today, days=days),
            "jubilees": jubilees(year=year),
            "days": days,
            "year": year,
        },
    )
