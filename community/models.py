"""Models of the exchange between clubs (public schema only).

Clubs are referenced by FK (public → public). People are not: editors live in their club's
schema, so a post or message stores the editor's id plus a snapshot of name and e-mail
(tenancy rule 2). Writes go through `community.services`, reads through `community.selectors`.
"""

from datetime import date, timedelta

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.clubs.models import Category, Club, platform_storage

from .constants import (
    Conditions,
    PostKind,
    PostStatus,
    PostType,
    ReportStatus,
    ThreadStatus,
)


class Crisis(models.Model):
    """A declared emergency (flood, storm…): banner everywhere, crisis page, helpers' sign-up."""

    title = models.CharField(_("Titel"), max_length=160, help_text=_("z. B. „Hochwasser an der Muster“"))
    slug = models.SlugField(_("Kürzel in der Adresse"), max_length=80, unique=True)
    description = models.TextField(
        _("Beschreibung"), max_length=5000, help_text=_("Was ist passiert, was wird gebraucht? Nur Text.")
    )
    area_postal_codes = models.CharField(
        _("Betroffene Postleitzahlen"),
        max_length=1000,
        blank=True,
        help_text=_("Durch Komma getrennt. Auch Anfänge sind erlaubt: „123“ trifft alle PLZ, die mit 123 beginnen."),
    )
    area_towns = models.CharField(
        _("Betroffene Orte"), max_length=1000, blank=True, help_text=_("Durch Komma getrennt, z. B. „Musterstadt, Aue“")
    )
    starts_at = models.DateTimeField(_("Beginn"), default=timezone.now)
    planned_end = models.DateTimeField(
        _("Geplantes Ende"), null=True, blank=True, help_text=_("Danach endet der Krisenmodus von selbst.")
    )
    ended_at = models.DateTimeField(_("Beendet am"), null=True, blank=True)
    declared_by = models.CharField(_("Ausgerufen von"), max_length=150, blank=True)
    clubs_notified_at = models.DateTimeField(_("Vereine benachrichtigt am"), null=True, blank=True)
    helpers_purged_at = models.DateTimeField(_("Helferdaten gelöscht am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("Krise")
        verbose_name_plural = _("Krisen")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:crisis", kwargs={"slug": self.slug})

    @property
    def ends_at(self):
        """When crisis mode stops: the actual end if one was recorded, else the planned end."""
        return self.ended_at or self.planned_end

    def is_active_at(self, moment) -> bool:
        return self.starts_at <= moment and (self.ends_at is None or self.ends_at > moment)

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())

    @property
    def postal_code_list(self) -> list[str]:
        return [p.strip() for p in self.area_postal_codes.split(",") if p.strip()]

    @property
    def town_list(self) -> list[str]:
        return [t.strip() for t in self.area_towns.split(",") if t.strip()]


class Post(models.Model):
    """An offer or a request of one club, open to the clubs of the region (and optionally the public)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="community_posts", verbose_name=_("Verein"))
    post_type = models.CharField(_("Angebot oder Gesuch"), max_length=10, choices=PostType.choices)
    kind = models.CharField(_("Art"), max_length=20, choices=PostKind.choices)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_posts",
        verbose_name=_("Kategorie"),
        help_text=_("Optional: Zu welchem Tätigkeitsfeld passt der Beitrag?"),
    )
    title = models.CharField(_("Titel"), max_length=140, help_text=_("Kurz und klar, z. B. „40 Bierbänke mit Tischen“"))
    description = models.TextField(
        _("Beschreibung"), max_length=5000, help_text=_("Was genau, in welchem Zustand, was ist zu beachten? Nur Text.")
    )
    quantity = models.PositiveIntegerField(_("Menge"), null=True, blank=True, help_text=_("Anzahl, falls zählbar."))
    quantity_unit = models.CharField(
        _("Einheit"), max_length=40, blank=True, help_text=_("z. B. „Bänke“, „Personen“, „Stunden“")
    )
    starts_on = models.DateField(_("Von"), null=True, blank=True, help_text=_("Leer lassen, wenn dauerhaft."))
    ends_on = models.DateField(_("Bis"), null=True, blank=True, help_text=_("Leer lassen, wenn dauerhaft."))
    postal_code = models.CharField(_("Postleitzahl"), max_length=5)
    town = models.CharField(_("Ort"), max_length=120)
    address = models.CharField(
        _("Genaue Adresse"),
        max_length=200,
        blank=True,
        help_text=_("Nur für den Verein sichtbar, mit dem Sie sich einig geworden sind."),
    )
    conditions = models.CharField(_("Bedingungen"), max_length=10, choices=Conditions.choices, default=Conditions.FREE)
    conditions_note = models.CharField(
        _("Hinweis zu den Bedingungen"), max_length=200, blank=True, help_text=_("z. B. „50 € Kaution“")
    )
    is_public = models.BooleanField(
        _("Auch auf dem Portal zeigen"),
        default=False,
        help_text=_("Dann sehen auch Bürgerinnen und Bürger den Beitrag (ohne Kontaktdaten)."),
    )
    crisis = models.ForeignKey(
        Crisis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("Krise"),
        help_text=_("Gehört der Beitrag zu einer laufenden Krise? Dann erscheint er zuerst."),
    )
    helper_cap = models.PositiveIntegerField(
        _("Höchstzahl Helfende"),
        null=True,
        blank=True,
        help_text=_("Nur bei Krisen-Gesuchen: So viele Bürgerinnen und Bürger können sich höchstens melden."),
    )
    helper_slots = models.TextField(
        _("Zeitfenster für Helfende"),
        blank=True,
        max_length=1000,
        help_text=_("Ein Zeitfenster pro Zeile, z. B. „Samstag 8–12 Uhr“. Leer lassen für freie Angabe."),
    )
    # The contact person is an editor of the club (a user of the club's schema): id + snapshot.
    contact_user_id = models.BigIntegerField(_("Kontaktperson (Nr.)"))
    contact_name = models.CharField(_("Kontaktperson"), max_length=150)
    contact_email = models.EmailField(_("E-Mail der Kontaktperson"))
    contact_phone = models.CharField(_("Telefon der Kontaktperson"), max_length=40, blank=True)
    expires_on = models.DateField(_("Läuft ab am"))
    reminder_sent_for = models.DateField(_("Erinnerung gesendet für Ablauf am"), null=True, blank=True, editable=False)
    digested_at = models.DateTimeField(_("In der Tagesübersicht seit"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("Status"), max_length=12, choices=PostStatus.choices, default=PostStatus.OPEN, db_index=True
    )
    is_hidden = models.BooleanField(_("Von der Moderation ausgeblendet"), default=False)
    hidden_reason = models.CharField(_("Grund für das Ausblenden"), max_length=300, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The one-time token of the form that created the post: a second submit of the same form
    # (double click, two tabs, a retry) finds this post instead of making a copy.
    submit_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        # Club editors need this in their club's schema to work the menu "Netzwerk" for the club
        # (like forms_assistant.apply for "Anträge"); a club's superuser has it anyway.
        permissions = [("act", _("Im Netzwerk für den Verein handeln"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="community_post_search"),
            models.Index(fields=["status", "post_type", "kind"], name="community_post_match"),
            models.Index(fields=["status", "expires_on"], name="community_post_expiry"),
            models.Index(fields=["postal_code"], name="community_post_plz"),
            models.Index(Upper("town"), name="community_post_town"),
            # Newest live posts first (search without words) is read backwards from this index.
            models.Index(
                fields=["-created_at", "-id"],
                name="community_post_newest",
                condition=Q(is_hidden=False, status__in=["open", "partly_met"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="community_post_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["club", "submit_token"], condition=~Q(submit_token=""), name="community_post_submit_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_post_type_display()}: {self.title}"

    @property
    def is_ongoing(self) -> bool:
        return self.starts_on is None and self.ends_on is None

    @property
    def is_live(self) -> bool:
        return self.status in (PostStatus.OPEN, PostStatus.PARTLY_MET) and not self.is_hidden

    @property
    def slot_list(self) -> list[str]:
        return [s.strip() for s in self.helper_slots.splitlines() if s.strip()]


def _photo_path(instance, filename: str) -> str:
    return f"community/{instance.post.club_id}/{filename}"


class PostPhoto(models.Model):
    """A photo of a post, re-encoded on upload, kept in platform-wide (public) file storage."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("Foto"), upload_to=_photo_path, storage=platform_storage, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")

    def __str__(self):
        return self.image.name


class Thread(models.Model):
    """The conversation of two clubs about one post; the handshake lives on its status."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="threads", verbose_name=_("Beitrag"))
    responder = models.ForeignKey(
        Club, on_delete=models.CASCADE, related_name="community_threads", verbose_name=_("Antwortender Verein")
    )
    responder_user_id = models.BigIntegerField()
    responder_name = models.CharField(_("Ansprechperson (antwortender Verein)"), max_length=150)
    responder_email = models.EmailField(_("E-Mail (antwortender Verein)"))
    responder_phone = models.CharField(_("Telefon (antwortender Verein)"), max_length=40, blank=True)
    # The days the responding club asks for (offers with a lending calendar); the poster's
    # accept form starts from them.
    wanted_from = models.DateField(_("Gewünscht ab"), null=True, blank=True)
    wanted_to = models.DateField(_("Gewünscht bis"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=ThreadStatus.choices, default=ThreadStatus.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("Letzte Nachricht"), default=timezone.now)
    created_at = models.DateTimeField(_("Begonnen am"), auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("Gespräch")
        verbose_name_plural = _("Gespräche")
        constraints = [models.UniqueConstraint(fields=["post", "responder"], name="community_thread_once_per_club")]

    def __str__(self):
        return f"{self.post.title} – {self.responder.display_name}"

    @property
    def poster(self) -> Club:
        return self.post.club

    def other_club(self, club: Club) -> Club:
        return self.responder if club.pk == self.post.club_id else self.post.club

    @property
    def contacts_visible(self) -> bool:
        """Contact details of both sides are shown only once the poster has accepted."""
        return self.status == ThreadStatus.ACCEPTED


class Message(models.Model):
    """One message in a thread, written by an editor of one of the two clubs."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+")
    author_user_id = models.BigIntegerField()
    author_name = models.CharField(max_length=150)
    body = models.TextField(_("Nachricht"), max_length=4000)
    is_hidden = models.BooleanField(_("Von der Moderation ausgeblendet"), default=False)
    created_at = models.DateTimeField(_("Geschrieben am"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self):
        return f"{self.sender.display_name}: {self.body[:40]}"


class Lending(models.Model):
    """An accepted exchange that lends an offered item for a period; periods of one post never overlap."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="lendings", verbose_name=_("Angebot"))
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="lendings")
    borrower = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("Ausgeliehen an"))
    period = DateRangeField(_("Zeitraum"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period"]
        verbose_name = _("Ausleihe")
        verbose_name_plural = _("Ausleihen")
        constraints = [
            # No double booking, enforced by PostgreSQL. The post id is wrapped in a one-value
            # int8range because plain `=` on a bigint in a GiST index needs the btree_gist
            # extension, which the embedded PostgreSQL does not ship; ranges support `=` natively.
            ExclusionConstraint(
                name="community_lending_no_overlap",
                expressions=[
                    (Func(F("post_id"), F("post_id"), Value("[]"), function="int8range"), RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=Q(cancelled_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.post.title}: {self.first_day:%d.%m.%Y} – {self.last_day:%d.%m.%Y}"

    # PostgreSQL keeps a date range as [lower, upper): "1 to 5 March" is stored as [1 March,
    # 6 March). Everything that shows or compares days uses these two, never `period.upper`.
    @property
    def first_day(self) -> date:
        return period_first_day(self.period)

    @property
    def last_day(self) -> date:
        return period_last_day(self.period)


def period_first_day(period) -> date:
    """The first day of a date range, whatever bounds it was stored with."""
    return period.lower if period.lower_inc else period.lower + timedelta(days=1)


def period_last_day(period) -> date:
    """The last day of a date range (PostgreSQL's upper bound is exclusive: one day back)."""
    return period.upper if period.upper_inc else period.upper - timedelta(days=1)


class HelperSignup(models.Model):
    """A citizen who signed up, without an account, to help with a crisis need."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helper_signups")
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    slot = models.CharField(_("Zeitfenster"), max_length=120)
    # Only a hash of the private cancellation link's token is stored.
    token_hash = models.CharField(max_length=64, unique=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("Helfende Person")
        verbose_name_plural = _("Helfende")
        indexes = [models.Index(fields=["post", "cancelled_at"], name="community_signup_post")]

    def __str__(self):
        return self.name


class Report(models.Model):
    """A club editor's report of a post or message, handled by the operators."""

    reporter = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("Meldender Verein"))
    reporter_user_id = models.BigIntegerField()
    reporter_name = models.CharField(_("Gemeldet von"), max_length=150)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("Beitrag")
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("Nachricht")
    )
    reason = models.TextField(_("Grund"), max_length=2000)
    status = models.CharField(
        _("Status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    resolution_note = models.TextField(_("Notiz der Moderation"), blank=True)
    resolved_by = models.CharField(_("Bearbeitet von"), max_length=150, blank=True)
    resolved_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Gemeldet am"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False) | Q(message__isnull=False), name="community_report_has_target"
            )
        ]

    def __str__(self):
        target = self.post or self.message
        return f"{self.reporter.display_name}: {target}"

    @property
    def target_club(self) -> Club:
        return self.post.club if self.post_id else self.message.sender


class ExchangeSuspension(models.Model):
    """An operator has suspended a club's access to the exchange (it cannot post or write)."""

    club = models.OneToOneField(
        Club, on_delete=models.CASCADE, related_name="exchange_suspension", verbose_name=_("Verein")
    )
    reason = models.TextField(_("Grund"), help_text=_("Wird dem Verein angezeigt."))
    suspended_by = models.CharField(_("Gesperrt von"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("Gesperrt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Sperre im Netzwerk")
        verbose_name_plural = _("Sperren im Netzwerk")

    def __str__(self):
        return str(self.club)


class DigestSent(models.Model):
    """One daily digest per club and day: the guard that keeps `community_daily` idempotent."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["club", "day"], name="community_digest_once_a_day")]

    def __str__(self):
        return f"{self.club_id} {self.day}"
