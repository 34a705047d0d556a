"""The club as tenant (public schema only, tenancy rule 1) with its profile and registration.

The profile is what the platform knows about a club: it fills the club site's legal pages and
pre-fills applications. Only platform-side (public) tables live here.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from django_tenants.models import DomainMixin, TenantMixin

from cms.colours import validate_text_background

from .constants import BoardRole, ClubKind, LegalForm, RegistrationStatus, SepaVersion
from .validators import validate_bic, validate_creditor_id, validate_iban, validate_postal_code, validate_subdomain


def platform_storage() -> FileSystemStorage:
    """Platform-wide files (club logos): the same URL from the portal and every club host."""
    return FileSystemStorage(
        location=os.path.join(settings.MEDIA_ROOT, "public"), base_url=f"{settings.MEDIA_URL}public/"
    )


class Category(models.Model):
    """A field of activity (sport, culture, …) used by the directory and the listings."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=80, unique=True)
    icon = models.CharField(_("Symbol"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")

    def __str__(self):
        return self.name


class ClubProfileFields(models.Model):
    """What a club tells about itself; shared by the registration and the club."""

    name = models.CharField(
        _("Offizieller Name"), max_length=200, help_text=_("Wie im Vereinsregister, z. B. „TSV Musterstadt 1898 e. V.“")
    )
    legal_form = models.CharField(_("Rechtsform"), max_length=20, choices=LegalForm.choices, default=LegalForm.EV)
    register_court = models.CharField(
        _("Registergericht"), max_length=120, blank=True, help_text=_("z. B. Amtsgericht Musterstadt")
    )
    register_number = models.CharField(_("Registernummer"), max_length=40, blank=True, help_text=_("z. B. VR 1234"))
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, validators=[validate_postal_code])
    town = models.CharField(_("Ort"), max_length=120)
    email = models.EmailField(_("E-Mail des Vereins"))

    class Meta:
        abstract = True


def club_live_q(prefix: str = "") -> models.Q:
    """The condition of a club the public may see: active, gone live, never the portal or the
    template. `prefix` reaches it through a relation (`"club__"` from a listing row)."""
    return models.Q(**{f"{prefix}kind": ClubKind.CLUB, f"{prefix}is_active": True, f"{prefix}is_live": True})


class ClubQuerySet(models.QuerySet):
    def live(self) -> "ClubQuerySet":
        """Clubs the public may see (`club_live_q`): the one filter behind every listing of clubs
        (directory, portal home, sitemaps, feeds, open data); the listings index denormalises the
        same condition into `Listing.is_visible` and filters on it again (`visible_listings`)."""
        return self.filter(club_live_q())


class Club(ClubProfileFields, TenantMixin):
    """A club with its own schema and Wagtail site; also the portal ("public") and the template."""

    kind = models.CharField(_("Art"), max_length=10, choices=ClubKind.choices, default=ClubKind.CLUB)
    slug = models.SlugField(_("Subdomain"), max_length=40, unique=True, validators=[validate_subdomain])
    short_name = models.CharField(
        _("Kurzname"), max_length=60, blank=True, help_text=_("Für Überschriften, z. B. „TSV Musterstadt“")
    )
    description = models.TextField(
        _("Kurzbeschreibung"), blank=True, max_length=600, help_text=_("Zwei, drei Sätze für das Vereinsverzeichnis.")
    )
    categories = models.ManyToManyField(Category, verbose_name=_("Kategorien"), blank=True, related_name="clubs")
    tax_office = models.CharField(_("Finanzamt"), max_length=120, blank=True)
    exemption_notice_date = models.DateField(_("Datum des letzten Freistellungsbescheids"), null=True, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    bank_name = models.CharField(_("Bank"), max_length=120, blank=True)
    creditor_id = models.CharField(
        _("Gläubiger-Identifikationsnummer"),
        max_length=35,
        blank=True,
        validators=[validate_creditor_id],
        help_text=_("Für SEPA-Lastschriften; von der Bundesbank vergeben, z. B. DE98ZZZ09999999999."),
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("Kündigungsfrist in Monaten"),
        default=3,
        validators=[MaxValueValidator(24)],
        help_text=_("Laut Satzung, z. B. 3 für „drei Monate zum Ende des Kalenderjahres“."),
    )
    notice_period_to_year_end = models.BooleanField(
        _("Austritt nur zum Jahresende"),
        default=True,
        help_text=_("Die Satzung erlaubt den Austritt nur zum Ende des Kalenderjahres."),
    )
    # The pain.008 version the club's bank takes and the pre-notification lead time (office/services/debits.py).
    sepa_version = models.CharField(
        _("Format der Lastschriftdatei"),
        max_length=20,
        choices=SepaVersion.choices,
        default=SepaVersion.V08,
        help_text=_(
            "Deutsche Banken erwarten pain.008.001.08; eine andere Version nur, wenn die Bank sie ausdrücklich verlangt."
        ),
    )
    sepa_lead_days = models.PositiveSmallIntegerField(
        _("Vorlauf der Vorabinformation in Tagen"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "So viele Tage vor dem Einzug erfahren die Mitglieder Betrag und Termin; 14, wenn im Mandat nichts Kürzeres vereinbart ist."
        ),
    )
    # Whether a returned debit's bank fee is passed on to the member (office/services/debit_returns.py).
    sepa_return_fee_to_member = models.BooleanField(
        _("Bankgebühr einer Rücklastschrift dem Mitglied berechnen"),
        default=True,
        help_text=_(
            "Angehakt: Die Gebühr, die die Bank für eine Rücklastschrift verlangt, kommt als offener Posten auf das "
            "Mitgliedskonto und steht in der Erinnerung. Nicht angehakt: Der Verein trägt sie."
        ),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("Gründungsjahr"), null=True, blank=True, validators=[MinValueValidator(1500), MaxValueValidator(2100)]
    )
    member_count = models.PositiveIntegerField(
        _("Mitgliederzahl"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    logo = models.ImageField(
        _("Logo"),
        upload_to="club-logos/",
        storage=platform_storage,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
        help_text=_("PNG, JPG oder WebP, höchstens 2 MB."),
    )
    primary_colour = models.CharField(
        _("Hauptfarbe"),
        max_length=7,
        default="#1d4ed8",
        validators=[validate_text_background],
        help_text=_("Hintergrund für weiße Schrift (Kopfzeile, Schaltflächen)."),
    )
    secondary_colour = models.CharField(
        _("Akzentfarbe"), max_length=7, default="#0f766e", validators=[validate_text_background]
    )
    is_active = models.BooleanField(
        _("Aktiv"), default=True, help_text=_("Deaktivierte Vereine sind nirgends mehr zu sehen.")
    )
    # A new club is prepared by its editors first: provisioning sets this False, visitors see a
    # "coming soon" page and the portal lists nothing of it until an editor publishes the site
    # (services.club_go_live). The default is for rows made otherwise (the portal, imports).
    is_live = models.BooleanField(
        _("Veröffentlicht"),
        default=True,
        help_text=_("Erst veröffentlichte Vereinsseiten sind für Besucher und im Portal zu sehen."),
    )
    went_live_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    went_live_by = models.CharField(_("Veröffentlicht von"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    objects = ClubQuerySet.as_manager()

    # Schemas are made by sites.clubs.services (clone of TENANT_BASE_SCHEMA), never on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("Verein")
        verbose_name_plural = _("Vereine")
        # Granted to the club's groups "Vereinsadmin" and "Vereinsredaktion" (sites/clubs/roles.py).
        permissions = [
            ("edit_profile", _("Kann das Vereinsprofil bearbeiten")),
            ("manage_editors", _("Kann die Redaktion des Vereins einladen und entfernen")),
            ("go_live", _("Kann die Vereinsseite veröffentlichen")),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_club(self) -> bool:
        """A club's own site (cms.tenancy.guards: `club_only`)."""
        return self.kind == ClubKind.CLUB

    @property
    def is_portal(self) -> bool:
        """The portal, in the public schema (cms.tenancy.guards: `portal_only`)."""
        return self.kind == ClubKind.PORTAL

    @property
    def serves_requests(self) -> bool:
        return self.kind == ClubKind.PORTAL or (self.kind == ClubKind.CLUB and self.is_active)

    @property
    def is_public(self) -> bool:
        """Whether visitors see the club's site and the portal lists it (`ClubQuerySet.live`)."""
        return self.kind == ClubKind.CLUB and self.is_active and self.is_live

    @cached_property
    def primary_hostname(self) -> str | None:
        # .all() so that a prefetch of "domains" (directory listings) saves a query per club.
        domain = next((d for d in self.domains.all() if d.is_primary), None)
        return domain.domain if domain else None

    @property
    def url(self) -> str:
        """Public address of the club site, e.g. http://tsv-musterstadt.localhost:8000/."""
        from .selectors import host_url

        return host_url(self.primary_hostname or "")


class Domain(DomainMixin):
    """A host name that serves a club: <slug>.<base domain> or a custom domain."""

    class Meta:
        verbose_name = _("Domain")
        verbose_name_plural = _("Domains")


class BoardMember(models.Model):
    """A member of a club's board (Vorstand) for the team page, Impressum and applications."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="board_members")
    role = models.CharField(_("Funktion"), max_length=20, choices=BoardRole.choices)
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("Vorstandsmitglied")
        verbose_name_plural = _("Vorstand")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class ClubRegistration(ClubProfileFields):
    """A club's request to join the platform, approved or rejected by an operator."""

    subdomain = models.CharField(
        _("Gewünschte Adresse"),
        max_length=40,
        validators=[validate_subdomain],
        help_text=_("Ihre Vereinsseite wird unter dieser Subdomain erreichbar sein, z. B. tsv-musterstadt."),
    )
    categories = models.ManyToManyField(Category, verbose_name=_("Kategorien"), blank=True, related_name="+")
    editor_name = models.CharField(_("Name der ersten Redakteurin / des ersten Redakteurs"), max_length=120)
    editor_email = models.EmailField(_("E-Mail der ersten Redakteurin / des ersten Redakteurs"))
    accepted_terms = models.BooleanField(_("Nutzungsbedingungen akzeptiert"), default=False)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    status_note = models.TextField(
        _("Hinweis zum Status"), blank=True, help_text=_("Ablehnungsgrund oder Fehlermeldung der Einrichtung.")
    )
    club = models.OneToOneField(
        Club, verbose_name=_("Verein"), null=True, blank=True, on_delete=models.SET_NULL, related_name="registration"
    )
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.CharField(_("Entschieden von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Registrierung")
        verbose_name_plural = _("Registrierungen")

    def __str__(self):
        return f"{self.name} ({self.subdomain})"
