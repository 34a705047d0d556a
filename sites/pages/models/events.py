"""Events of a club: the index (with iCal) and the event pages with registration."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.constants import ListingKind
from sites.pages.constants import EventStatus, RegistrationMode

from .base import (
    HOME,
    INTRO_FEATURES,
    FormPageMixin,
    ListingMixin,
    image_field,
    summary_field,
)


class EventIndexPage(Page):
    """Lists the club's coming events (and the past ones below); under the home page."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    parent_page_types = [HOME]
    subpage_types = ["pages.EventPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Übersicht Termine")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live().select_related("image")
        now = timezone.now()
        context["upcoming"] = events.filter(models.Q(ends_at__gte=now) | models.Q(starts_at__gte=now)).order_by(
            "starts_at"
        )
        context["past"] = events.filter(starts_at__lt=now).exclude(ends_at__gte=now).order_by("-starts_at")[:12]
        return context


class EventPage(FormPageMixin, ListingMixin, RoutablePageMixin, Page):
    """One event with date, place, price and registration; under an event index page.

    Offers an `.ics` calendar file (route `kalender.ics`) and schema.org Event data for search engines.
    """

    rate_limit_form = "club_event"

    listing_kind = ListingKind.EVENT

    starts_at = models.DateTimeField(_("Beginn"), help_text=_("Datum und Uhrzeit, z. B. 14.06.2026 15:00"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True, help_text=_("Optional."))
    all_day = models.BooleanField(
        _("Ganztägig"), default=False, help_text=_("Ankreuzen, wenn die Uhrzeit keine Rolle spielt (z. B. Ausflug).")
    )
    status = models.CharField(
        _("Stand"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("Falls etwas ausfällt: hier „Abgesagt“ wählen, dann sehen es alle sofort."),
    )
    summary = summary_field()
    image = image_field(_("Bild"), _("Wird oben auf der Seite und in Übersichten gezeigt."))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Beschreibung"))
    place_name = models.CharField(_("Ort (Name)"), max_length=200, blank=True, help_text=_("z. B. „Vereinsheim“"))
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    town = models.CharField(_("Ort"), max_length=120, blank=True)
    price = models.CharField(
        _("Eintritt / Kosten"),
        max_length=120,
        blank=True,
        help_text=_("So, wie es dastehen soll, z. B. „frei“ oder „5 €, Kinder frei“. Leer = keine Angabe."),
    )
    price_amount = models.DecimalField(
        _("Preis in Euro (für Suchmaschinen)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: der normale Preis als Zahl, 0 für kostenlos."),
    )
    registration_mode = models.CharField(
        _("Anmeldung"), max_length=10, choices=RegistrationMode.choices, default=RegistrationMode.NONE
    )
    registration_url = models.URLField(
        _("Link zur Anmeldung"), blank=True, help_text=_("Nur nötig bei „Anmeldung über einen Link“.")
    )

    parent_page_types = ["pages.EventIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("town"),
        index.FilterField("starts_at"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("all_day"),
                FieldPanel("status"),
            ],
            heading=_("Wann?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("town")]),
            ],
            heading=_("Wo?"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price"), FieldPanel("price_amount")]),
                FieldPanel("registration_mode"),
                FieldPanel("registration_url"),
            ],
            heading=_("Kosten und Anmeldung"),
        ),
    ]

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")

    def clean(self):
        super().clean()
        errors = {}
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Das Ende liegt vor dem Beginn. Bitte prüfen Sie Datum und Uhrzeit.")
        if self.registration_mode == RegistrationMode.LINK and not self.registration_url:
            errors["registration_url"] = _("Bitte tragen Sie den Link zur Anmeldung ein.")
        if errors:
            raise ValidationError(errors)

    @property
    def form_class(self):
        from sites.pages.forms import EventRegistrationForm

        return EventRegistrationForm

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def address_line(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.town) if p)
        return ", ".join(p for p in (self.place_name, self.street, town) if p)

    def listing_dates(self):
        return self.starts_at, self.ends_at

    def listing_place(self):
        return self.place_name, self.postal_code, self.town

    @path("", name="index")
    def index_route(self, request, *args, **kwargs):
        if self.registration_mode != RegistrationMode.FORM:
            return super().index_route(request, *args, **kwargs)
        return self.serve_form(request, *args, **kwargs)

    def form_submitted(self, request, form) -> None:
        from sites.pages.services import event_registration_submit

        event_registration_submit(event=self, club=request.tenant, data=form.cleaned_data)

    @path("kalender/", name="ics")
    def ics(self, request):
        from sites.pages.views import event_ics_response

        return event_ics_response(event=self, request=request)

    def get_context(self, request, *args, **kwargs):
        from sites.pages.selectors import event_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = event_json_ld(event=self, request=request)
        return context


# --- volunteering -----------------------------------------------------------------------------
