"""German formats: Django's, with dates as 14.06.2026 in listings and tables of the admin."""

from django.conf.locale.de.formats import *  # noqa: F403 - Django's German formats, changed below

from cms.formats import GERMAN_DATE_INPUT_FORMATS, GERMAN_DATETIME_INPUT_FORMATS

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = GERMAN_DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = GERMAN_DATETIME_INPUT_FORMATS
