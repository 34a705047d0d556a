"""Applications to join the club sent through the club site's join page (`sites.pages.JoinPage`).

They live here, in the office, and not in `sites.pages.MembershipApplication`: an application now
carries a SEPA mandate (IBAN, account holder), and the page editors who read the site's "Eingänge"
must not see bank data. `MembershipApplication` stays as it is for the applications sent before
online joining (its rows are read and deleted in "Eingänge › Mitgliedsanträge" as before); the join
page writes only `JoinApplication` since office migration 0005.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from office.validators import validate_birth_date, validate_country, validate_iban, validate_mandate_reference

from .members import PHONE


class JoinStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-Mail noch nicht bestätigt")
    PENDING = "pending", _("wartet auf Entscheidung")
    ACCEPTED = "accepted", _("aufgenommen")
    DECLINED = "declined", _("abgelehnt")


class PaymentMethod(models.TextChoices):
    DIRECT_DEBIT = "debit", _("SEPA-Lastschrift")
    TRANSFER = "transfer", _("Überweisung")


class JoinApplication(models.Model):
    """What a visitor sent to join, with the mandate text they agreed to; the board decides once the
    e-mail address is confirmed (double opt-in). Kept after the decision as the record of it."""

    status = models.CharField(
        _("Status"), max_length=12, choices=JoinStatus.choices, default=JoinStatus.UNCONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("E-Mail bestätigt am"), null=True, blank=True)
    page_title = models.CharField(_("Gesendet über die Seite"), max_length=255, blank=True)
    fee_group = models.ForeignKey(
        "office.FeeGroup",
        verbose_name=_("Beitragsgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="join_applications",
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    birth_date = models.DateField(_("Geburtsdatum"), validators=[validate_birth_date])
    street = models.CharField(_("Straße"), max_length=100)
    house_number = models.CharField(_("Hausnummer"), max_length=16, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=16)
    town = models.CharField(_("Ort"), max_length=100)
    country = models.CharField(_("Land"), max_length=2, default="DE", validators=[validate_country])
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=30, blank=True, validators=[PHONE])
    message = models.TextField(_("Nachricht an den Verein"), blank=True, max_length=2000)
    consent = models.BooleanField(_("Einwilligung in die Datenverarbeitung"), default=False)
    payment_method = models.CharField(
        _("Zahlungsweise"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.DIRECT_DEBIT
    )
    account_holder = models.CharField(_("Kontoinhaber/in"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    mandate_reference = models.CharField(
        _("Mandatsreferenz"), max_length=35, blank=True, validators=[validate_mandate_reference]
    )
    creditor_id = models.CharField(_("Gläubiger-Identifikationsnummer"), max_length=35, blank=True)
    mandate_text = models.TextField(_("Text des Mandats"), blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.CharField(_("Entschieden von"), max_length=150, blank=True)
    decline_reason = models.TextField(_("Grund der Ablehnung"), blank=True, max_length=2000)
    member = models.ForeignKey(
        "office.Member",
        verbose_name=_("Mitglied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="join_applications",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Aufnahmeantrag")
        verbose_name_plural = _("Aufnahmeanträge")
        constraints = [
            models.UniqueConstraint(
                fields=["mandate_reference"],
                condition=~models.Q(mandate_reference=""),
                name="office_join_unique_mandate_reference",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_iban(self) -> str:
        return f"{self.iban[:4]} … {self.iban[-4:]}" if self.iban else ""
