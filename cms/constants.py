"""Choices that club pages and the portal's listings share (both trees use them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Kinder")
    YOUTH = "youth", _("Jugendliche")
    SENIORS = "seniors", _("Seniorinnen und Senioren")
    FAMILIES = "families", _("Familien")
    DISABILITIES = "disabilities", _("Menschen mit Behinderung")
    NEWCOMERS = "newcomers", _("Neu Zugezogene und Geflüchtete")


class TimeCommitment(models.TextChoices):
    ONE_OFF = "one_off", _("Einmalig")
    WEEKLY = "weekly", _("Regelmäßig (wöchentlich)")
    FLEXIBLE = "flexible", _("Flexibel")


class ListingKind(models.TextChoices):
    CLUB = "club", _("Verein")
    EVENT = "event", _("Veranstaltung")
    OPPORTUNITY = "opportunity", _("Engagement")
    NEWS = "news", _("Neuigkeit")
