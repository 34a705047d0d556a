"""Ways to volunteer with a club: the index and the opportunities (listed on the portal)."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.constants import ListingKind, TargetGroup, TimeCommitment

from .base import (
    HOME,
    INTRO_FEATURES,
    ChoiceArrayField,
    ListingMixin,
    image_field,
    summary_field,
)


class VolunteeringIndexPage(Page):
    """Lists the club's open volunteering opportunities („Mitmachen“); under the home page."""

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Warum lohnt es sich, bei uns mitzumachen? Was bieten Sie Helferinnen und Helfern?"),
    )

    parent_page_types = [HOME]
    subpage_types = ["pages.VolunteeringOpportunityPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Übersicht Mitmachen")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["opportunities"] = (
            VolunteeringOpportunityPage.objects.child_of(self).live().select_related("image").order_by("path")
        )
        return context


class VolunteeringOpportunityPage(ListingMixin, Page):
    """One way to help the club (what, when, where, how much time); under a volunteering index page."""

    listing_kind = ListingKind.OPPORTUNITY

    summary = summary_field()
    image = image_field(_("Bild"), _("Optional: zeigt, wobei man hilft."))
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("Was ist zu tun?"),
        help_text=_(
            "Beschreiben Sie die Aufgabe so, dass jemand ohne Vorwissen versteht, was auf sie oder ihn zukommt."
        ),
    )
    start_date = models.DateField(_("Ab"), null=True, blank=True, help_text=_("Optional: ab wann?"))
    end_date = models.DateField(_("Bis"), null=True, blank=True, help_text=_("Optional: bis wann?"))
    when_text = models.CharField(
        _("Wann, in Worten"), max_length=200, blank=True, help_text=_("z. B. „jeden Dienstag 17–19 Uhr“")
    )
    time_commitment = models.CharField(
        _("Zeitaufwand"), max_length=20, choices=TimeCommitment.choices, default=TimeCommitment.FLEXIBLE
    )
    target_groups = ChoiceArrayField(
        models.CharField(max_length=20, choices=TargetGroup.choices),
        blank=True,
        default=list,
        verbose_name=_("Für wen ist die Aufgabe besonders geeignet?"),
        help_text=_("Optional. Hilft Menschen im Portal, passende Aufgaben zu finden."),
    )
    skills = models.CharField(
        _("Was sollte man mitbringen?"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Freude am Umgang mit Kindern, kein Vorwissen nötig“"),
    )
    place = models.CharField(_("Ort (Name)"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    town = models.CharField(_("Ort"), max_length=120, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)

    parent_page_types = ["pages.VolunteeringIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("skills"),
        index.SearchField("town"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("when_text"),
                FieldPanel("time_commitment"),
            ],
            heading=_("Wann und wie oft?"),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("town")])], heading=_("Wo?")
        ),
        MultiFieldPanel([FieldPanel("target_groups"), FieldPanel("skills")], heading=_("Für wen?")),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Ansprechperson")),
    ]

    class Meta:
        verbose_name = _("Engagement-Angebot")
        verbose_name_plural = _("Engagement-Angebote")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("„Bis“ liegt vor „Ab“. Bitte prüfen Sie die Daten.")})

    @property
    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(group, group)) for group in self.target_groups]

    def listing_dates(self):
        tz = timezone.get_default_timezone()
        start = timezone.make_aware(datetime.combine(self.start_date, time.min), tz) if self.start_date else None
        end = timezone.make_aware(datetime.combine(self.end_date, time.max), tz) if self.end_date else None
        return start, end

    def listing_place(self):
        return self.place, self.postal_code, self.town

    def listing_extra(self):
        return {
            "target_groups": list(self.target_groups),
            "time_commitment": self.time_commitment,
            "skills": self.skills,
        }


# --- people and forms ---------------------------------------------------------------------------
