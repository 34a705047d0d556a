"""The legal pages every club site needs: Impressum and Datenschutz, filled from the club profile."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import (
    HOME,
    INTRO_FEATURES,
)


class ImprintPage(Page):
    """Impressum generated from the club profile (§ 5 DDG, § 18 MStV); under the home page."""

    responsible_person = models.CharField(
        _("Verantwortlich für den Inhalt"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name und Anschrift der Person, die nach § 18 Abs. 2 MStV verantwortlich ist. Leer lassen: "
            "dann steht dort die oder der Vorsitzende mit der Vereinsanschrift."
        ),
    )
    extra_text = RichTextField(
        _("Zusätzlicher Text"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Optional, z. B. Angaben zu Fotos oder zur Umsatzsteuer-ID."),
    )

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    search_fields = [*Page.search_fields]
    content_panels = [*Page.content_panels, FieldPanel("responsible_person"), FieldPanel("extra_text")]

    class Meta:
        verbose_name = _("Impressum")

    def get_context(self, request, *args, **kwargs):
        from sites.pages.selectors import club_legal_data

        context = super().get_context(request, *args, **kwargs)
        context["legal"] = club_legal_data(club=request.tenant)
        return context


class PrivacyPage(Page):
    """Datenschutzerklärung generated from the club profile; under the home page."""

    extra_text = RichTextField(
        _("Zusätzlicher Text"),
        blank=True,
        features=["h2", "h3", *INTRO_FEATURES],
        help_text=_(
            "Ergänzen Sie hier, was Ihr Verein darüber hinaus mit Daten macht (z. B. Fotos bei Veranstaltungen)."
        ),
    )

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    search_fields = [*Page.search_fields]
    content_panels = [*Page.content_panels, FieldPanel("extra_text")]

    class Meta:
        verbose_name = _("Datenschutzerklärung")

    def get_context(self, request, *args, **kwargs):
        from sites.pages.selectors import club_legal_data

        context = super().get_context(request, *args, **kwargs)
        context["legal"] = club_legal_data(club=request.tenant)
        context["platform_name"] = settings.WAGTAIL_SITE_NAME
        return context
