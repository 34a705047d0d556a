"""Members and departments of a club (tables in the club's schema only)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.constants import CURRENT_STATUSES, Gender, MemberStatus
from office.validators import validate_birth_date, validate_country

PHONE = RegexValidator(
    r"^\+?[0-9 ()/\-]{3,30}$", _("Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden."), code="invalid_phone"
)


class Department(models.Model):
    """An Abteilung (football, choir, youth group …); a member may belong to several."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=1000)
    is_active = models.BooleanField(
        _("Aktiv"), default=True, help_text=_("Aufgelöste Abteilungen bleiben für die Geschichte erhalten.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Abteilung")
        verbose_name_plural = _("Abteilungen")

    def __str__(self):
        return self.name


class MemberNumberCounter(models.Model):
    """One row per club schema: the last member number handed out (locked while a number is taken)."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Zähler der Mitgliedsnummern")

    def __str__(self):
        return str(self.last_number)


class Member(models.Model):
    """A member of the club. Never deleted: leavers keep their row with status "ausgetreten"."""

    number = models.PositiveIntegerField(
        _("Mitgliedsnummer"),
        unique=True,
        help_text=_("Wird beim Anlegen automatisch vergeben und kann geändert werden."),
    )
    title = models.CharField(_("Titel"), max_length=40, blank=True, help_text=_("z. B. Dr."))
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    birth_date = models.DateField(
        _("Geburtsdatum"), null=True, blank=True, validators=[validate_birth_date], help_text=_("z. B. 14.06.1985")
    )
    gender = models.CharField(
        _("Geschlecht"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_("Freiwillig; nur für die Bestandserhebung der Verbände."),
    )
    street = models.CharField(_("Straße"), max_length=100, blank=True)
    house_number = models.CharField(_("Hausnummer"), max_length=16, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=16, blank=True)
    town = models.CharField(_("Ort"), max_length=100, blank=True)
    country = models.CharField(
        _("Land"), max_length=2, default="DE", validators=[validate_country], help_text=_("Ländercode, z. B. DE")
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=30, blank=True, validators=[PHONE])
    mobile = models.CharField(_("Mobiltelefon"), max_length=30, blank=True, validators=[PHONE])
    joined_on = models.DateField(_("Eintritt am"), default=timezone.localdate, help_text=_("z. B. 01.04.2020"))
    left_on = models.DateField(
        _("Austritt am"), null=True, blank=True, help_text=_("Tag, an dem die Mitgliedschaft endet.")
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.ACTIVE, db_index=True
    )
    departments = models.ManyToManyField(Department, verbose_name=_("Abteilungen"), blank=True, related_name="members")
    fee_group = models.ForeignKey(
        "office.FeeGroup",
        verbose_name=_("Beitragsgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    payer = models.ForeignKey(
        "self",
        verbose_name=_("Zahlendes Mitglied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paid_for",
        help_text=_("Nur ausfüllen, wenn ein anderes Mitglied (z. B. ein Elternteil) den Beitrag zahlt."),
    )
    photo_consent = models.BooleanField(_("Einwilligung Fotos"), default=False)
    photo_consent_on = models.DateField(_("Fotos: Einwilligung vom"), null=True, blank=True)
    newsletter_consent = models.BooleanField(_("Einwilligung Newsletter"), default=False)
    newsletter_consent_on = models.DateField(_("Newsletter: Einwilligung vom"), null=True, blank=True)
    notes = models.TextField(_("Notizen"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "number"]
        verbose_name = _("Mitglied")
        verbose_name_plural = _("Mitglieder")
        indexes = [models.Index(fields=["last_name", "first_name"]), models.Index(fields=["birth_date"])]
        permissions = [
            ("view_bank_data", _("Kann Bankdaten (IBAN, Mandate) sehen und bearbeiten")),
            ("manage_debits", _("Kann Lastschriftläufe erstellen und exportieren")),
        ]

    def __str__(self):
        return f"{self.last_name}, {self.first_name} ({self.number})" if self.number else self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    def age_on(self, day: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def clean(self):
        errors = {}
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("Der Austritt kann nicht vor dem Eintritt liegen.")
        if self.status == MemberStatus.LEFT and not self.left_on:
            errors["left_on"] = _("Bitte das Austrittsdatum angeben.")
        if self.birth_date and self.joined_on and self.joined_on < self.birth_date:
            errors["joined_on"] = _("Der Eintritt kann nicht vor der Geburt liegen.")
        if self.payer_id:
            if self.pk and self.payer_id == self.pk:
                errors["payer"] = _(
                    "Ein Mitglied kann nicht für sich selbst als zahlendes Mitglied eingetragen werden."
                )
            elif self.payer.payer_id:
                errors["payer"] = _("Das zahlende Mitglied lässt selbst von einem anderen Mitglied zahlen.")
        # A consent given without a date gets today's (office.services.members).
        for day in ("photo_consent_on", "newsletter_consent_on"):
            if getattr(self, day) and getattr(self, day) > timezone.localdate():
                errors[day] = _("Dieses Datum liegt in der Zukunft.")
        if self.country:
            self.country = self.country.upper()
        if errors:
            raise ValidationError(errors)
