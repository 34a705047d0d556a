"""Free content pages of a club site: text pages, the picture gallery and downloads."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock, DocumentItemBlock, ImageWithCaptionBlock

from .base import (
    CONTENT,
    HOME,
    INTRO_FEATURES,
    image_field,
)


class ContentPage(Page):
    """A free page built from blocks (e.g. „Über uns“); under the home page or another content page."""

    intro = models.TextField(
        _("Einleitung"), blank=True, max_length=500, help_text=_("Ein kurzer Absatz, der groß über dem Inhalt steht.")
    )
    image = image_field(_("Bild"), _("Optional: ein Bild oben auf der Seite."))
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("Inhalt"),
        help_text=_("Fügen Sie Texte, Bilder, Tabellen und mehr hinzu. Mit dem Plus-Zeichen kommt ein neuer Baustein."),
    )

    parent_page_types = [HOME, CONTENT]
    subpage_types = [CONTENT, "pages.GalleryPage", "pages.DownloadsPage", "pages.TeamPage", "pages.ContactPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    # What to write lives here, in the form, never in the starter page's published text (issue #15).
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel(
            "body",
            help_text=_(
                "Für „Über uns“ zum Beispiel: Wie ist Ihr Verein entstanden, wer hat ihn gegründet? Was bieten "
                "Sie an (Training, Proben, Treffen) und wer kann mitmachen? Ein Foto sagt oft mehr als viele Worte."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("Inhaltsseite")


# --- news -------------------------------------------------------------------------------------


class GalleryPage(Page):
    """A photo gallery; under the home page or a content page."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)
    images = StreamField(
        [("image", ImageWithCaptionBlock())],
        blank=True,
        verbose_name=_("Bilder"),
        help_text=_("Nur Fotos, für die Sie die Rechte haben und auf denen alle Abgebildeten einverstanden sind."),
    )

    parent_page_types = [HOME, CONTENT]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("images")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("images")]

    class Meta:
        verbose_name = _("Bildergalerie")


class DownloadsPage(Page):
    """Documents to download (statutes, forms); under the home page or a content page."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)
    documents = StreamField(
        [("document", DocumentItemBlock())],
        blank=True,
        verbose_name=_("Dokumente"),
        help_text=_("Laden Sie PDF-Dateien zuerst unter „Dokumente“ hoch und wählen Sie sie dann hier aus."),
    )

    parent_page_types = [HOME, CONTENT]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("documents")]

    class Meta:
        verbose_name = _("Downloads")


# --- legal ------------------------------------------------------------------------------------
