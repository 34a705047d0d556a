"""Forms of the portal: reading search filters from a URL, and the "notify me" subscription.

Search filters come from links people share and bookmark, so they are read leniently (typed
fields of cms.query_forms): a value we do not know is dropped with a visible note instead of an
error page.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.query_forms import (
    PageField,
    QueryChoiceField,
    QueryDateField,
    QueryForm,
    QueryMonthField,
    QueryMultipleChoiceField,
    QueryTextField,
)
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


class ListingQueryForm(QueryForm):
    """The search page's and the calendar's query string, typed (see cms.query_forms)."""

    q = QueryTextField(label=gettext_lazy("Suche"), max_length=MAX_QUERY_LENGTH)
    art = QueryMultipleChoiceField(label=FACET_LABELS["art"], choices=ListingKind.choices)
    kategorie = QueryMultipleChoiceField(label=FACET_LABELS["kategorie"])
    zielgruppe = QueryMultipleChoiceField(label=FACET_LABELS["zielgruppe"], choices=TargetGroup.choices)
    zeit = QueryMultipleChoiceField(label=FACET_LABELS["zeit"], choices=TimeCommitment.choices)
    sprache = QueryMultipleChoiceField(label=FACET_LABELS["sprache"], choices=Language.choices)
    ort = QueryTextField(label=gettext_lazy("Ort"), max_length=120)
    umkreis = QueryChoiceField(label=FACET_LABELS["umkreis"], choices=[(str(v), label) for v, label in Radius.choices])
    von = QueryDateField(label=FACET_LABELS["von"])
    bis = QueryDateField(label=FACET_LABELS["bis"])
    sortierung = QueryChoiceField(label=FACET_LABELS["sortierung"], choices=SortOrder.choices)
    seite = PageField(label=FACET_LABELS["seite"], initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategorie"].choices = list(Category.objects.values_list("slug", "name"))

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["bis"] < data["von"]:
            self.add_error("bis", _("Das Enddatum liegt vor dem Anfangsdatum."))
        return data


def listing_filters_from(data: QueryDict) -> tuple[ListingFilters, int, list[str]]:
    """(filters, page number, notes) from the query string of the search page; never raises."""
    form = ListingQueryForm(data)
    values = form.values
    filters = ListingFilters(
        q=values["q"],
        kinds=values["art"],
        categories=values["kategorie"],
        target_groups=values["zielgruppe"],
        time_commitments=values["zeit"],
        languages=values["sprache"],
        place=values["ort"],
        radius_km=int(values["umkreis"]) if values["umkreis"] else None,
        date_from=values["von"],
        date_to=values["bis"],
        sort=values["sortierung"],
    )
    return filters, values["seite"], form.notes


class EventCalendarQueryForm(QueryForm):
    """The calendar's own parameters (its filters are those of `ListingQueryForm`)."""

    ansicht = QueryChoiceField(
        label=gettext_lazy("Ansicht"),
        choices=[("liste", gettext_lazy("Liste")), ("monat", gettext_lazy("Monat"))],
        initial="liste",
    )
    monat = QueryMonthField(label=gettext_lazy("Monat"))


class FeedQueryForm(QueryForm):
    """?kategorie= of the region's calendar feed; a feed falls back to all events, it shows no notes."""

    kategorie = QueryChoiceField(label=FACET_LABELS["kategorie"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategorie"].choices = [("", "")] + list(Category.objects.values_list("slug", "name"))


class DirectoryQueryForm(QueryForm):
    """Search and filters of the club directory (/vereine/); categories and towns are those of active clubs."""

    ignored_note = gettext_lazy("„%(field)s“: %(message)s Dieser Filter wurde nicht angewendet.")

    q = QueryTextField(label=gettext_lazy("Suche"), max_length=100)
    kategorie = QueryChoiceField(
        label=FACET_LABELS["kategorie"],
        error_messages={"invalid_choice": gettext_lazy("Die Kategorie „%(value)s“ gibt es nicht.")},
    )
    ort = QueryTextField(label=gettext_lazy("Ort"), max_length=120)
    seite = PageField(label=FACET_LABELS["seite"], initial=1)

    def __init__(self, *args, categories, towns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategorie"].choices = [("", "")] + [(c.slug, c.name) for c in categories]
        self.towns = towns

    def clean_ort(self) -> str:
        town = self.cleaned_data["ort"]
        if not town:
            return ""
        match = next((t for t in self.towns if t.lower() == town.lower()), None)
        if match is None:
            raise forms.ValidationError(
                _("Im Verzeichnis gibt es keinen Ort „%(value)s“.") % {"value": town[:60]}, code="unknown_town"
            )
        return match


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
