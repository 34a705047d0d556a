"""Choices of the clubs app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClubKind(models.TextChoices):
    PORTAL = "portal", _("Portal (öffentliches Schema)")
    TEMPLATE = "template", _("Vorlage für neue Vereine")
    CLUB = "club", _("Verein")


class LegalForm(models.TextChoices):
    EV = "ev", _("eingetragener Verein (e. V.)")
    NEV = "nev", _("nicht eingetragener Verein")
    GGMBH = "ggmbh", _("gemeinnützige GmbH (gGmbH)")
    STIFTUNG = "stiftung", _("Stiftung")
    GENOSSENSCHAFT = "eg", _("eingetragene Genossenschaft (eG)")
    OTHER = "other", _("andere Rechtsform")


class BoardRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("Stellvertretender Vorsitz")
    TREASURER = "treasurer", _("Kasse")
    SECRETARY = "secretary", _("Schriftführung")
    OTHER = "other", _("Weiteres Vorstandsmitglied")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Wartet auf Prüfung")
    APPROVED = "approved", _("Freigegeben")
    REJECTED = "rejected", _("Abgelehnt")
    FAILED = "failed", _("Einrichtung fehlgeschlagen")


# Subdomains nobody may register: they are ours or would confuse visitors.
RESERVED_SUBDOMAINS = frozenset(
    {
        "www",
        "admin",
        "portal",
        "api",
        "mail",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "static",
        "media",
        "assets",
        "cdn",
        "app",
        "login",
        "auth",
        "account",
        "accounts",
        "support",
        "help",
        "hilfe",
        "status",
        "docs",
        "dev",
        "test",
        "staging",
        "demo",
        "public",
        "template",
        "club-template",
        "heldenhelfer",
        "verwaltung",
        "amt",
        "behoerde",
        "stadt",
        "landkreis",
        "kreis",
        "info",
        "kontakt",
        "impressum",
        "datenschutz",
        "ns",
        "ns1",
        "ns2",
        "mx",
        "webmail",
        "autodiscover",
    }
)


class SepaVersion(models.TextChoices):
    """pain.008 versions the office writes (office.sepa.pain008.SUPPORTED_VERSIONS, the default first)."""

    V08 = "pain.008.001.08", "pain.008.001.08"
    V09 = "pain.008.001.09", "pain.008.001.09"
    V02 = "pain.008.001.02", _("pain.008.001.02 (alt, nur wenn die Bank es verlangt)")
