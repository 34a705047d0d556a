"""Page types of a club site. They exist only in club schemas (tenancy rule 4).

The tree: ClubHomePage (root of the club's site) → content pages, news, events, volunteering,
team, join, contact, gallery, downloads and the two legal pages. `CLUB_PAGE_TYPES` lists them
all; tests check that none of them may sit in the portal's tree and the other way round.
"""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock, DocumentItemBlock, ImageWithCaptionBlock
from cms.constants import ListingKind, TargetGroup, TimeCommitment
from sites.pages.constants import EventStatus, RegistrationMode

from .base import ChoiceArrayField, FormPageMixin, ListingMixin

IMAGE_MODEL = "wagtailimages.Image"
INTRO_FEATURES = ["bold", "italic", "link", "ul", "ol"]

HOME = "pages.ClubHomePage"
CONTENT = "pages.ContentPage"
# Pages that may sit directly under the home page or under a content page.
SECTION_PAGES = [
    "pages.ContentPage",
    "pages.NewsIndexPage",
    "pages.EventIndexPage",
    "pages.VolunteeringIndexPage",
    "pages.TeamPage",
    "pages.JoinPage",
    "pages.ContactPage",
    "pages.GalleryPage",
    "pages.DownloadsPage",
]


def _image_field(verbose_name, help_text):
    return models.ForeignKey(
        IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


def _summary_field():
    return models.TextField(
        _("Kurzfassung"),
        blank=True,
        max_length=300,
        help_text=_(
            "Zwei, drei Sätze (höchstens 300 Zeichen). Erscheinen in Übersichten, auf der Startseite und "
            "im Heldenhelfer-Portal der Region."
        ),
    )


class ClubHomePage(Page):
    """Home page of a club site: the root of the club's tree (directly under Wagtail's root)."""

    hero_image = _image_field(
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
    # Read with the page when a request routes to it (cms/tenant_hosts.py): the hero needs no query.
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


class ContentPage(Page):
    """A free page built from blocks (e.g. „Über uns“); under the home page or another content page."""

    intro = models.TextField(
        _("Einleitung"), blank=True, max_length=500, help_text=_("Ein kurzer Absatz, der groß über dem Inhalt steht.")
    )
    image = _image_field(_("Bild"), _("Optional: ein Bild oben auf der Seite."))
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
    summary = _summary_field()
    image = _image_field(_("Bild"), _("Wird oben im Artikel und in Übersichten gezeigt."))
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
    summary = _summary_field()
    image = _image_field(_("Bild"), _("Wird oben auf der Seite und in Übersichten gezeigt."))
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

    summary = _summary_field()
    image = _image_field(_("Bild"), _("Optional: zeigt, wobei man hilft."))
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
    photo = _image_field(_("Foto"), _("Optional. Nur mit Einverständnis der Person."))

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("photo")]

    class Meta(Orderable.Meta):
        verbose_name = _("Ansprechperson")


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


CLUB_PAGE_TYPES = [
    ClubHomePage,
    ContentPage,
    NewsIndexPage,
    NewsArticlePage,
    EventIndexPage,
    EventPage,
    VolunteeringIndexPage,
    VolunteeringOpportunityPage,
    TeamPage,
    JoinPage,
    ContactPage,
    GalleryPage,
    DownloadsPage,
    ImprintPage,
    PrivacyPage,
]
