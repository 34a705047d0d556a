"""Choices and fixed numbers of the club office (members, fees, SEPA)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    APPLICANT = "applicant", _("Antrag gestellt")
    ACTIVE = "active", _("aktiv")
    PASSIVE = "passive", _("passiv / fördernd")
    HONORARY = "honorary", _("Ehrenmitglied")
    YOUTH = "youth", _("Jugend")
    LEFT = "left", _("ausgetreten")


# Who counts as a member today (census, birthdays, debit runs): everybody but applicants and leavers.
CURRENT_STATUSES = (MemberStatus.ACTIVE, MemberStatus.PASSIVE, MemberStatus.HONORARY, MemberStatus.YOUTH)


class Gender(models.TextChoices):
    FEMALE = "w", _("weiblich")
    MALE = "m", _("männlich")
    DIVERSE = "d", _("divers")


class FeeInterval(models.TextChoices):
    MONTHLY = "monthly", _("monatlich")
    QUARTERLY = "quarterly", _("vierteljährlich")
    HALF_YEARLY = "half_yearly", _("halbjährlich")
    YEARLY = "yearly", _("jährlich")


MONTHS_PER_INTERVAL = {
    FeeInterval.MONTHLY: 1,
    FeeInterval.QUARTERLY: 3,
    FeeInterval.HALF_YEARLY: 6,
    FeeInterval.YEARLY: 12,
}


class ProRata(models.TextChoices):
    """What a member who joins during a fee period pays for that period."""

    FULL = "full", _("voller Beitrag für den laufenden Zeitraum")
    MONTHS = "months", _("anteilig ab dem Eintrittsmonat")
    NEXT_PERIOD = "next_period", _("erst ab dem nächsten Zeitraum")


class MandateSequence(models.TextChoices):
    FIRST = "FRST", _("Erstlastschrift")
    RECURRING = "RCUR", _("Folgelastschrift")


class MandateStatus(models.TextChoices):
    ACTIVE = "active", _("gültig")
    EXPIRED = "expired", _("verfallen (36 Monate nicht genutzt)")
    REVOKED = "revoked", _("widerrufen")


class EntryKind(models.TextChoices):
    """Entries of a member's account; dues, returns and fees raise what the member owes."""

    DUE = "due", _("Beitrag fällig")
    PAYMENT = "payment", _("Zahlung")
    RETURN = "return", _("Rücklastschrift")
    FEE = "fee", _("Gebühr")
    WRITE_OFF = "write_off", _("Ausbuchung")


DEBIT_KINDS = (EntryKind.DUE, EntryKind.RETURN, EntryKind.FEE)
CREDIT_KINDS = (EntryKind.PAYMENT, EntryKind.WRITE_OFF)

# Age groups of the sports federations' yearly census (Bestandserhebung): (label, from, to) in years.
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("bis 6", 0, 6),
    ("7–14", 7, 14),
    ("15–18", 15, 18),
    ("19–26", 19, 26),
    ("27–40", 27, 40),
    ("41–60", 41, 60),
    ("ab 61", 61, None),
)

JUBILEE_YEARS = (25, 40, 50)

# Fields that hold bank data: shown (in lists, exports, history) only with office.view_bank_data.
BANK_FIELDS = frozenset({"iban", "bic", "account_holder", "original_iban"})

# Group names created in every club schema (office migration 0002).
GROUP_BOARD = "Vorstand/Kasse"
GROUP_MEMBERS = "Mitgliederverwaltung"
