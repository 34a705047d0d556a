"""Choices of the application assistant."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Eingereicht")
    IN_REVIEW = "in_review", _("In Bearbeitung")
    QUESTION = "question", _("Rückfrage an den Verein")
    ANSWERED = "answered", _("Rückfrage beantwortet")
    APPROVED = "approved", _("Genehmigt")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


# Decided applications fall under the authority's retention period; open ones are never purged.
DECIDED_STATUSES = frozenset({ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN})
OPEN_STATUSES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.QUESTION, ApplicationStatus.ANSWERED}
)


class Side(models.TextChoices):
    CLUB = "club", _("Verein")
    AUTHORITY = "authority", _("Behörde")
    SYSTEM = "system", _("System")


class RuleAction(models.TextChoices):
    SHOW = "show", _("anzeigen, wenn …")
    HIDE = "hide", _("ausblenden, wenn …")
    REQUIRE = "require", _("zur Pflicht machen, wenn …")


class RuleMatch(models.TextChoices):
    ALL = "all", _("alle Bedingungen zutreffen")
    ANY = "any", _("mindestens eine Bedingung zutrifft")


class Operator(models.TextChoices):
    EQ = "eq", _("ist gleich")
    NE = "ne", _("ist nicht gleich")
    GT = "gt", _("ist größer als")
    GTE = "gte", _("ist mindestens")
    LT = "lt", _("ist kleiner als")
    LTE = "lte", _("ist höchstens")
    CONTAINS = "contains", _("enthält")
    FILLED = "filled", _("ist ausgefüllt")
    EMPTY = "empty", _("ist leer")
    YES = "yes", _("ist „Ja“")
    NO = "no", _("ist „Nein“")


class AttachmentKind(models.TextChoices):
    ANSWER = "answer", _("Anlage zum Antrag")
    SUPPLEMENT = "supplement", _("Nachgereichtes Dokument")
    PERMIT = "permit", _("Bescheid")


class PlaceKind(models.TextChoices):
    ADDRESS = "address", _("Eigenes oder gemietetes Gelände (Adresse)")
    PUBLIC_SPACE = "public_space", _("Öffentlicher Raum (Straße, Platz, Park)")
