"""The club's team page and its contact persons."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .base import (
    CONTENT,
    HOME,
    INTRO_FEATURES,
    image_field,
)


class TeamPage(Page):
    """Board and contact people („Team“); under the home page or a content page.

    The board comes from the club profile on the platform; further contacts are edited here.
    """

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)
    show_board = models.BooleanField(
        _("Vorstand aus dem Vereinsprofil zeigen"),
        default=True,
        help_text=_("Der Vorstand wird im Vereinsprofil gepflegt und hier automatisch angezeigt."),
    )

    parent_page_types = [HOME, CONTENT]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("show_board"),
        InlinePanel("contacts", heading=_("Weitere Ansprechpersonen"), label=_("Ansprechperson")),
    ]

    class Meta:
        verbose_name = _("Team und Vorstand")

    def get_context(self, request, *args, **kwargs):
        from sites.pages.selectors import club_board

        context = super().get_context(request, *args, **kwargs)
        context["board"] = club_board(club=request.tenant) if self.show_board else []
        return context


class TeamContact(Orderable):
    page = ParentalKey(TeamPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name"), max_length=120)
    role = models.CharField(_("Aufgabe"), max_length=120, help_text=_("z. B. „Jugendtrainerin“ oder „Platzwart“"))
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    photo = image_field(_("Foto"), _("Optional. Nur mit Einverständnis der Person."))

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = _("Ansprechperson")
