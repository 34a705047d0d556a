"""`long_date`: a date in words the way the page's language writes it (cms/formats: LONG_DATE_FORMATS).

{% load hh_dates %}{{ event.starts_at|long_date:"day_time" }}  →  "Samstag, 5. Dezember 2026, 14:00"
                                                                  "Saturday, 5 December 2026, 14:00"
"""

from django import template
from django.utils import formats

from cms.formats import long_date_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def long_date(value, kind: str = "date") -> str:
    if value in (None, ""):
        return ""
    try:
        return formats.date_format(value, long_date_format(kind))
    except (AttributeError, KeyError, TypeError, ValueError):
        return ""
