"""Forms of the portal: reading search filters from a URL, and the "notify me" subscription.

Search filters come from links people share and bookmark, so they are read leniently: a value we
do not know is dropped with a visible note instead of an error page.
"""

from datetime import date

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from sites.clubs.models import Category

from .constants import MAX_QUERY_LENGTH, Language, Radius, SortOrder
from .selectors import ListingFilters

FACET_LABELS = {
    "art": gettext_lazy("Art"),
    "kategorie": gettext_lazy("Kategorie"),
    "zielgruppe": gettext_lazy("Zielgruppe"),
    "zeit": gettext_lazy("Zeitaufwand"),
    "sprache": gettext_lazy("Sprache"),
    "umkreis": gettext_lazy("Umkreis"),
    "von": gettext_lazy("Datum von"),
    "bis": gettext_lazy("Datum bis"),
    "sortierung": gettext_lazy("Sortierung"),
    "seite": gettext_lazy("Seite"),
}


def _choices_from(data: QueryDict, key: str, allowed, notes: list[str]) -> list[str]:
    values = [v for v in data.getlist(key) if v != ""]
    valid = [v for v in dict.fromkeys(values) if v in allowed]
    for bad in [v for v in values if v not in allowed][:3]:
        notes.append(
            _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht; er wurde ignoriert.")
            % {"facet": FACET_LABELS[key], "value": bad[:40]}
        )
    return valid


def _date_from(data: QueryDict, key: str, notes: list[str]) -> date | None:
    raw = (data.get(key) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        notes.append(
            _("„%(value)s“ ist kein gültiges Datum für „%(facet)s“; der Filter wurde ignoriert.")
            % {"value": raw[:40], "facet": FACET_LABELS[key]}
        )
        return None


def listing_filters_from(data: QueryDict) -> tuple[ListingFilters, int, list[str]]:
    """(filters, page number, notes) from the query string of the search page."""
    notes: list[str] = []
    q = (data.get("q") or "").replace("\x00", "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH]
        notes.append(
            _("Ihre Suche war sehr lang; wir haben die ersten %(n)d Zeichen verwendet.") % {"n": MAX_QUERY_LENGTH}
        )
    category_slugs = set(Category.objects.values_list("slug", flat=True))
    radius_raw = (data.get("umkreis") or "").strip()
    radius = None
    if radius_raw:
        if radius_raw.isdigit() and int(radius_raw) in Radius.values:
            radius = int(radius_raw)
        else:
            notes.append(
                _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht; er wurde ignoriert.")
                % {"facet": FACET_LABELS["umkreis"], "value": radius_raw[:40]}
            )
    sort = (data.get("sortierung") or "").strip()
    if sort and sort not in SortOrder.values:
        notes.append(
            _("Der Filter „%(facet)s“ kennt den Wert „%(value)s“ nicht; er wurde ignoriert.")
            % {"facet": FACET_LABELS["sortierung"], "value": sort[:40]}
        )
        sort = ""
    page_raw = (data.get("seite") or "1").strip()
    page = int(page_raw) if page_raw.isdigit() and len(page_raw) < 7 else 1
    if page_raw != "1" and not (page_raw.isdigit() and len(page_raw) < 7):
        notes.append(
            _("Die Seitenzahl „%(value)s“ ist ungültig; Sie sehen die erste Seite.") % {"value": page_raw[:40]}
        )
    filters = ListingFilters(
        q=q,
        kinds=_choices_from(data, "art", ListingKind.values, notes),
        categories=_choices_from(data, "kategorie", category_slugs, notes),
        target_groups=_choices_from(data, "zielgruppe", TargetGroup.values, notes),
        time_commitments=_choices_from(data, "zeit", TimeCommitment.values, notes),
        languages=_choices_from(data, "sprache", Language.values, notes),
        place=(data.get("ort") or "").strip()[:120],
        radius_km=radius,
        date_from=_date_from(data, "von", notes),
        date_to=_date_from(data, "bis", notes),
        sort=sort,
    )
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        notes.append(_("Das Enddatum liegt vor dem Anfangsdatum; das Enddatum wurde ignoriert."))
        filters.date_to = None
    return filters, page, notes


class SubscriptionForm(forms.Form):
    """E-mail address for "notify me about new matches" (confirmed by a link, double opt-in)."""

    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        help_text=gettext_lazy("Wir schicken Ihnen zuerst einen Link zur Bestätigung. Abmelden geht mit einem Klick."),
        max_length=254,
    )
    consent = forms.BooleanField(
        label=gettext_lazy("Ja, ich möchte Nachrichten über neue passende Einträge erhalten."),
        error_messages={"required": gettext_lazy("Bitte bestätigen Sie, dass Sie Nachrichten erhalten möchten.")},
    )
