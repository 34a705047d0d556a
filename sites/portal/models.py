"""Page types of the regional portal and its listings index; public schema only (tenancy rule 4)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.public_urls import absolute_url
from cms.search_text import SearchWords

from .blocks import PortalHomeStreamBlock


class PortalHomePage(Page):
    """Home page of the portal, directly under Wagtail's root in the public schema.

    Its body is arranged by the operator from the portal's blocks (sites/portal/blocks.py: search,
    next events, volunteering, the exchange, the crisis board, numbers, ways in by field and town).
    """

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "h2", "h3", "ul", "ol"])
    body = StreamField(
        PortalHomeStreamBlock(),
        blank=True,
        verbose_name=_("Inhalt der Startseite"),
        help_text=_("Ordnen Sie hier Suche, Termine, Engagement, Netzwerk und Zahlen der Region an."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = ["forms_assistant.FormIndexPage"]
    max_count = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Startseite des Portals")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not self.body:
            # Not arranged yet (platform_setup arranges it): at least the region's clubs.
            from sites.clubs.selectors import club_list

            context["clubs"] = club_list()[:12]
        return context


class Listing(models.Model):
    """One thing the region should see: a club, or a published page of a club site.

    Lives in the public schema with the club FK, the page id and a snapshot of the page (no FK to
    pages: they live per club schema, tenancy rule 2). Written by sites.portal.services from page
    signals and by `manage.py rebuild_listings`; the club's page stays the source of truth.
    """

    club = models.ForeignKey("clubs.Club", on_delete=models.CASCADE, related_name="listings")
    page_id = models.PositiveIntegerField(_("Seiten-ID"), help_text=_("0 für den Verein selbst"))
    kind = models.CharField(_("Art"), max_length=12, choices=ListingKind.choices)
    title = models.CharField(_("Titel"), max_length=255)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    # Where the page lives: the club's host name and the path on it. No scheme and no port: those
    # depend on how the platform is reached and are added when a link is rendered (`url`).
    host = models.CharField(_("Host"), max_length=253, blank=True)
    path = models.CharField(_("Pfad"), max_length=500)
    # A path on the club's host ("/media/…") or, rarely, an address elsewhere.
    image_url = models.CharField(_("Bild"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("Abgesagt"), default=False)
    place = models.CharField(_("Ort (Adresse)"), max_length=255, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    town = models.CharField(_("Ort"), max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    categories = ArrayField(models.CharField(max_length=80), default=list, blank=True, verbose_name=_("Kategorien"))
    target_groups = ArrayField(models.CharField(max_length=20, choices=TargetGroup.choices), default=list, blank=True)
    time_commitment = models.CharField(_("Zeitaufwand"), max_length=12, choices=TimeCommitment.choices, blank=True)
    skills = models.TextField(_("Fähigkeiten"), blank=True)
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    search_text = models.TextField(blank=True)
    # Snapshot of the club's name, searchable on every row; rewritten when the club is renamed.
    club_name = models.CharField(_("Verein"), max_length=200, blank=True)
    # Denormalised from Club.is_active so a deactivated club vanishes with a cheap filter; every
    # selector also filters club__is_active, so a stale flag can never show a deactivated club.
    is_visible = models.BooleanField(default=True)
    # Maintained by PostgreSQL on every write (bulk upserts included): no code path can forget it.
    search_vector = models.GeneratedField(
        expression=SearchVector(SearchWords("title"), weight="A", config="german")
        + SearchVector(SearchWords("summary"), SearchWords("town"), weight="B", config="german")
        + SearchVector(
            SearchWords("search_text"), SearchWords("skills"), SearchWords("club_name"), weight="C", config="german"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    first_seen_at = models.DateTimeField(_("Zuerst gesehen"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Aktualisiert"), default=timezone.now)
    # Increased on every change of the content: iCalendar clients need it to apply updates.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Eintrag der Übersicht")
        verbose_name_plural = _("Einträge der Übersicht")
        constraints = [models.UniqueConstraint(fields=["club", "page_id"], name="portal_listing_club_page_unique")]
        indexes = [
            GinIndex(fields=["search_vector"], name="portal_listing_search_gin"),
            GinIndex(fields=["categories"], name="portal_listing_cat_gin"),
            GinIndex(fields=["target_groups"], name="portal_listing_tg_gin"),
            models.Index(fields=["kind", "starts_at"], name="portal_listing_kind_start"),
            models.Index(fields=["postal_code"], name="portal_listing_plz"),
            models.Index(fields=["first_seen_at"], name="portal_listing_first_seen"),
        ]

    def __str__(self):
        return self.title

    @property
    def url(self) -> str:
        """The page's absolute address on the club's host, for the scheme and port in use."""
        return absolute_url(self.host, self.path) if self.host else self.path

    @property
    def image_absolute_url(self) -> str:
        if self.image_url.startswith("/") and self.host:
            return absolute_url(self.host, self.image_url)
        return self.image_url

    @property
    def uid(self) -> str:
        """Stable across rebuilds and hosts: the club's schema name and the page id."""
        return f"{self.club.schema_name}-{self.page_id}@heldenhelfer"


class SearchSubscription(models.Model):
    """A visitor's "notify me about new matches" for a saved search (double opt-in by e-mail)."""

    email = models.EmailField(_("E-Mail"))
    filters = models.JSONField(_("Suche"), default=dict)
    token = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("Zuletzt benachrichtigt"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [models.Index(fields=["confirmed_at"], name="portal_subscription_confirmed")]

    def __str__(self):
        return self.email
