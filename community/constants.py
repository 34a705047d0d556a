"""Choices and limits of the exchange between clubs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostType(models.TextChoices):
    OFFER = "offer", _("Angebot")
    REQUEST = "request", _("Gesuch")


class PostKind(models.TextChoices):
    EQUIPMENT = "equipment", _("Ausstattung und Material")
    ROOM = "room", _("Raum")
    VEHICLE = "vehicle", _("Fahrzeug")
    HELPERS = "helpers", _("Helfende")
    KNOW_HOW = "know_how", _("Wissen und Können")
    DONATION = "donation", _("Geld- oder Sachspende")
    OTHER = "other", _("Sonstiges")


# Kinds that are lent for a time and so have a calendar (no double booking of the same item).
LENDABLE_KINDS = frozenset({PostKind.EQUIPMENT, PostKind.ROOM, PostKind.VEHICLE})


class Conditions(models.TextChoices):
    FREE = "free", _("Kostenlos")
    DEPOSIT = "deposit", _("Gegen Kaution")
    FEE = "fee", _("Gegen Gebühr")


class PostStatus(models.TextChoices):
    OPEN = "open", _("Offen")
    PARTLY_MET = "partly_met", _("Teilweise erfüllt")
    MET = "met", _("Erfüllt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")
    EXPIRED = "expired", _("Abgelaufen")


# Posts in these states are listed, found and matched.
LIVE_STATUSES = (PostStatus.OPEN, PostStatus.PARTLY_MET)


class ThreadStatus(models.TextChoices):
    PENDING = "pending", _("Wartet auf Antwort")
    ACCEPTED = "accepted", _("Angenommen")
    DECLINED = "declined", _("Abgelehnt")
    TIMED_OUT = "timed_out", _("Ohne Antwort abgelaufen")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Offen")
    RESOLVED = "resolved", _("Erledigt (Maßnahme ergriffen)")
    DISMISSED = "dismissed", _("Erledigt (keine Maßnahme)")


# Defaults; each can be overridden in settings (HH_COMMUNITY_<NAME>).
DEFAULT_POST_DAYS = 30  # a post lapses after this many days unless renewed
REMINDER_DAYS_BEFORE = 3  # the club is reminded this many days before its post lapses
THREAD_TIMEOUT_DAYS = 14  # an unanswered handshake times out after this many days
HELPER_DATA_KEEP_DAYS = 30  # helpers' data is deleted this many days after a crisis ends
POSTS_PER_DAY = 10  # rate limit per club
MESSAGES_PER_HOUR = 30  # rate limit per club
REPORTS_PER_DAY = 20  # rate limit per club
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # refuses decompression bombs before decoding
PHOTO_MAX_EDGE = 1600  # re-encoded photos are scaled down to this many pixels on the long edge
