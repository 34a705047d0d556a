"""News of a club: the index and its articles (listed on the portal too)."""

from datetime import datetime, time

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.constants import ListingKind

from .base import (
    HOME,
    INTRO_FEATURES,
    ListingMixin,
    image_field,
    summary_field,
)


class NewsIndexPage(Page):
    """Lists the club's news articles, newest first; under the home page."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    parent_page_types = [HOME]
    subpage_types = ["pages.NewsArticlePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Übersicht Neuigkeiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            NewsArticlePage.objects.child_of(self).live().select_related("image").order_by("-date", "-pk")
        )
        return context


class NewsArticlePage(ListingMixin, Page):
    """One news article; under a news index page. Also listed on the regional portal."""

    listing_kind = ListingKind.NEWS

    date = models.DateField(
        _("Datum"), default=timezone.localdate, help_text=_("Erscheinungsdatum; danach wird sortiert.")
    )
    summary = summary_field()
    image = image_field(_("Bild"), _("Wird oben im Artikel und in Übersichten gezeigt."))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Text"))

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")

    def listing_dates(self):
        start = timezone.make_aware(datetime.combine(self.date, time.min))
        return start, None


# --- events -----------------------------------------------------------------------------------
