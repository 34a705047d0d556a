"""Choices of the club site's page types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventStatus(models.TextChoices):
    """Mapped 1:1 to schema.org `eventStatus` values (https://schema.org/EventStatusType)."""

    SCHEDULED = "EventScheduled", _("Findet statt")
    CANCELLED = "EventCancelled", _("Abgesagt")
    POSTPONED = "EventPostponed", _("Verschoben, neuer Termin folgt")
    RESCHEDULED = "EventRescheduled", _("Auf einen neuen Termin verlegt")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("Keine Anmeldung nötig")
    LINK = "link", _("Anmeldung über einen Link")
    FORM = "form", _("Anmeldeformular auf dieser Seite")


class MembershipKind(models.TextChoices):
    ADULT = "adult", _("Erwachsene")
    REDUCED = "reduced", _("Ermäßigt (Schüler, Studierende, Azubis)")
    CHILD = "child", _("Kinder und Jugendliche")
    FAMILY = "family", _("Familie")
    SUPPORTING = "supporting", _("Fördermitglied")
