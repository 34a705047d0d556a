"""Pages with a form for visitors: joining the club and the contact form."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock

from .base import (
    CONTENT,
    HOME,
    INTRO_FEATURES,
    FormPageMixin,
)


class JoinPage(FormPageMixin, Page):
    """Joining online („Mitglied werden“), child of the club's home: fee group, person, address and a
    SEPA mandate; stored as an `office.JoinApplication` and confirmed by e-mail (office/services/join.py).

    Applications sent before online joining stay `MembershipApplication` rows (sites/pages/models/
    submissions.py); this page no longer writes them."""

    rate_limit_form = "club_join"

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Was kostet die Mitgliedschaft, was bekommt man dafür, wie geht es nach dem Absenden weiter?"),
    )
    thank_you_text = models.TextField(
        _("Dankestext"),
        blank=True,
        default="Vielen Dank! Wir haben Ihren Antrag erhalten und melden uns in den nächsten Tagen.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("Weitere Informationen (unter dem Formular)"))

    parent_page_types = [HOME]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Mitglied werden (Antrag)")

    @property
    def form_class(self):
        from sites.pages.forms import JoinForm

        return JoinForm

    def get_form(self, request):
        from sites.clubs.models import Club

        # Fresh from the database: the tenant of the request comes from a per-process host cache, and
        # the creditor identifier decides whether the form offers a mandate.
        club = Club.objects.get(pk=request.tenant.pk)
        data = request.POST if request.method == "POST" else None
        return self.form_class(data, club=club)

    def serve(self, request, *args, **kwargs):
        return self.serve_form(request, *args, **kwargs)

    def form_submitted(self, request, form) -> None:
        from office.services.join import join_application_submit

        join_application_submit(club=form.club, data=form.cleaned_data, page_title=self.title)


class ContactPage(FormPageMixin, Page):
    """Contact form with the club's address; messages are stored and e-mailed to the club."""

    rate_limit_form = "club_contact"

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)
    thank_you_text = models.TextField(
        _("Dankestext"), blank=True, default="Vielen Dank für Ihre Nachricht! Wir antworten so bald wie möglich."
    )

    parent_page_types = [HOME, CONTENT]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text")]

    class Meta:
        verbose_name = _("Kontakt")

    @property
    def form_class(self):
        from sites.pages.forms import ContactForm

        return ContactForm

    def serve(self, request, *args, **kwargs):
        return self.serve_form(request, *args, **kwargs)

    def form_submitted(self, request, form) -> None:
        from sites.pages.services import contact_message_submit

        contact_message_submit(page=self, club=request.tenant, data=form.cleaned_data)


# --- media ------------------------------------------------------------------------------------
