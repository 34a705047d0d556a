"""The club site's home page: hero, introduction, highlights and the sections below it."""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock

from .base import (
    INTRO_FEATURES,
    SECTION_PAGES,
    image_field,
)


class ClubHomePage(Page):
    """Home page of a club site: the root of the club's tree (directly under Wagtail's root)."""

    hero_image = image_field(
        _("Titelbild"), _("Ein breites Bild für den Kopf der Startseite, am besten im Querformat (mind. 1600 px).")
    )
    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Ein paar Sätze zur Begrüßung: Wer sind wir, was machen wir, wer kann mitmachen?"),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Weitere Inhalte"))
    volunteer_title = models.CharField(_("Überschrift Mitmach-Aufruf"), max_length=120, blank=True, default="Mach mit!")
    volunteer_text = models.TextField(
        _("Text Mitmach-Aufruf"),
        blank=True,
        max_length=500,
        help_text=_("Lädt Besucher ein, sich zu engagieren. Darunter stehen automatisch die offenen Aufgaben."),
    )
    volunteer_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Ziel des Mitmach-Aufrufs"),
        help_text=_("Meist die Seite „Mitmachen“."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [*SECTION_PAGES, "pages.ImprintPage", "pages.PrivacyPage"]
    max_count = 1
    # Read with the page when a request routes to it (cms/tenancy/hosts.py): the hero needs no query.
    routing_select_related = ("hero_image",)
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_image"),
        FieldPanel(
            "intro",
            help_text=_(
                "Ein, zwei Sätze zur Begrüßung: Wer sind Sie, was machen Sie, wann trifft man Sie? "
                "Die Startseite zeigt darunter Ihre nächsten Termine und Neuigkeiten."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("volunteer_title"), FieldPanel("volunteer_text"), FieldPanel("volunteer_page")],
            heading=_("Aufruf zum Mitmachen"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("Startseite des Vereins")

    @classmethod
    def can_create_at(cls, parent):
        # On the portal the table is missing: `max_count` would count rows of a table that is not there.
        from django.db import connection

        from django_tenants.utils import get_public_schema_name

        if getattr(connection, "schema_name", None) == get_public_schema_name():
            return False
        return super().can_create_at(parent)

    def get_context(self, request, *args, **kwargs):
        from sites.pages.selectors import latest_news, open_opportunities, upcoming_events

        context = super().get_context(request, *args, **kwargs)
        # Read when the template asks: a cached fragment of the home (see the template) needs none.
        locale_id = self.locale_id
        context["next_events"] = SimpleLazyObject(lambda: upcoming_events(locale_id=locale_id, limit=3))
        context["latest_news"] = SimpleLazyObject(lambda: latest_news(locale_id=locale_id, limit=3))
        context["opportunities"] = SimpleLazyObject(lambda: open_opportunities(locale_id=locale_id, limit=3))
        return context
