"""English formats: Django's, reading German dates too (the admin's date pickers write them in every language)."""

from django.conf.locale.en.formats import *  # noqa: F403 - Django's English formats, extended below
from django.conf.locale.en.formats import DATE_INPUT_FORMATS as _DATE
from django.conf.locale.en.formats import DATETIME_INPUT_FORMATS as _DATETIME

from cms.formats import GERMAN_DATE_INPUT_FORMATS, GERMAN_DATETIME_INPUT_FORMATS

DATE_INPUT_FORMATS = [*GERMAN_DATE_INPUT_FORMATS, *_DATE]
DATETIME_INPUT_FORMATS = [*GERMAN_DATETIME_INPUT_FORMATS, *_DATETIME]
