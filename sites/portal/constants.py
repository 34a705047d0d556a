"""Choices and fixed data of the portal's listings index and its search."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Page id of the row that lists the club itself (pages start at 1 in every schema).
CLUB_ROW_PAGE_ID = 0

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200  # longer input is cut (and said so): a search box is not an essay
MAX_QUERY_WORDS = 8


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Relevanz")
    DATE = "date", _("Datum")


class Language(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")


class Radius(models.IntegerChoices):
    KM_5 = 5, _("5 km")
    KM_10 = 10, _("10 km")
    KM_25 = 25, _("25 km")
    KM_50 = 50, _("50 km")


# Centroids of the demo region's postal codes (lat, lon). Radius search works where a postal code
# is known here; a production region loads its own table (e.g. from OpenGeoDB) into this mapping.
POSTAL_CODE_CENTROIDS: dict[str, tuple[float, float]] = {
    "12345": (52.5200, 13.4050),  # Musterstadt
    "12346": (52.5450, 13.3600),  # Musterstadt-Nord
    "12347": (52.4900, 13.4400),  # Musterstadt-Süd
    "12350": (52.6000, 13.5200),  # Musterdorf
    "12355": (52.4300, 13.5500),  # Auenthal
    "12377": (52.4400, 13.6200),  # Neudorf am See
    "12388": (52.3600, 13.3000),  # Altenmark
    "12399": (52.6800, 13.2500),  # Beispielheim
    "12400": (52.8000, 13.8000),  # Musterland-Ost
}
