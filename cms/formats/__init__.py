"""Date and number formats per language (Django's FORMAT_MODULE_PATH), German first.

Editors and visitors type dates the German way (14.06.2026, 14.06.2026 15:00) whatever language
their admin or the page is in: Wagtail's date pickers show that format in every language
(WAGTAIL_DATE_FORMAT), so every language must read it back.
"""

GERMAN_DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
GERMAN_DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y, %H:%M",
    "%d.%m.%y %H:%M",
    "%d.%m.%y, %H:%M",
]

# Dates in words, per language: German "Samstag, 5. Dezember 2026", English "Saturday, 5 December
# 2026" (the day before the month, as in British usage; no ordinal dot). Templates use them through
# the `long_date` filter (cms/templatetags/hh_dates.py); languages not listed take "other".
LONG_DATE_FORMATS = {
    "de": {"date": "j. F Y", "day": "l, j. F Y", "day_time": "l, j. F Y, H:i", "short_day_time": "D, j. F Y, H:i"},
    "other": {"date": "j F Y", "day": "l, j F Y", "day_time": "l, j F Y, H:i", "short_day_time": "D, j F Y, H:i"},
}


def long_date_format(kind: str = "date", language: str | None = None) -> str:
    """The `date` pattern of `kind` ("date", "day", "day_time", "short_day_time") for `language`
    (the active one by default)."""
    from django.utils.translation import get_language

    code = (language or get_language() or "de").split("-")[0]
    return LONG_DATE_FORMATS.get(code, LONG_DATE_FORMATS["other"])[kind]
