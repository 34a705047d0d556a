"""SEPA direct-debit mandates of members (CORE scheme); debit runs follow in a later step."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from office.constants import MandateSequence, MandateStatus
from office.validators import compact, validate_bic, validate_iban, validate_mandate_reference, validate_not_in_future


class SepaMandate(models.Model):
    """A member's signed permission to debit an account; reference unique within the club."""

    member = models.ForeignKey(
        "office.Member", verbose_name=_("Mitglied"), on_delete=models.PROTECT, related_name="mandates"
    )
    reference = models.CharField(
        _("Mandatsreferenz"),
        max_length=35,
        unique=True,
        validators=[validate_mandate_reference],
        help_text=_("Höchstens 35 Zeichen, z. B. M-00042-1"),
    )
    signed_on = models.DateField(_("Unterschrieben am"), validators=[validate_not_in_future])
    account_holder = models.CharField(_("Kontoinhaber/in"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(
        _("BIC"), max_length=11, blank=True, validators=[validate_bic], help_text=_("Bei deutschen Konten nicht nötig.")
    )
    sequence = models.CharField(
        _("Lastschriftart"), max_length=4, choices=MandateSequence.choices, default=MandateSequence.FIRST
    )
    last_used_on = models.DateField(_("Zuletzt genutzt am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MandateStatus.choices, default=MandateStatus.ACTIVE, db_index=True
    )
    # An amendment (new IBAN or account holder) is reported in the next debit file with the original data.
    is_amended = models.BooleanField(_("Änderung ausstehend"), default=False)
    original_iban = models.CharField(_("Bisherige IBAN"), max_length=34, blank=True)
    original_reference = models.CharField(_("Bisherige Mandatsreferenz"), max_length=35, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        ordering = ["member", "-signed_on"]
        verbose_name = _("SEPA-Lastschriftmandat")
        verbose_name_plural = _("SEPA-Lastschriftmandate")

    def __str__(self):
        return self.reference

    @property
    def masked_iban(self) -> str:
        return f"{self.iban[:4]} … {self.iban[-4:]}" if self.iban else ""

    def clean_fields(self, exclude=None):
        # People type IBANs with spaces and in lower case; the stored form is compact.
        self.iban = compact(self.iban)
        self.bic = compact(self.bic)
        self.original_iban = compact(self.original_iban)
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.last_used_on and self.signed_on and self.last_used_on < self.signed_on:
            raise ValidationError({"last_used_on": _("Ein Mandat kann nicht vor der Unterschrift genutzt werden.")})
