"""SEPA debit runs (Lastschriftläufe) and their lines; the generated pain.008 is kept in the database.

The XML is stored as text on the run, never under MEDIA_ROOT: it holds IBANs of members and is served
only through the permission-checked download view (office/views/debits.py).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from office.constants import MandateSequence


class DebitRunStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    NOTIFIED = "notified", _("Vorabinformation versandt")
    EXPORTED = "exported", _("Datei erstellt")
    CLOSED = "closed", _("abgeschlossen")


class DebitLineStatus(models.TextChoices):
    OPEN = "open", _("offen")
    COLLECTED = "collected", _("eingezogen")
    RETURNED = "returned", _("zurückgegeben")


class DebitRun(models.Model):
    """One collection of dues on one day: the lines, the pre-notifications and the pain.008 file."""

    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    collection_date = models.DateField(_("Einzugstag"))
    status = models.CharField(
        _("Status"), max_length=10, choices=DebitRunStatus.choices, default=DebitRunStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    # Who created it, as a snapshot (users may be removed later).
    created_by_id = models.IntegerField(_("Benutzer-ID"), null=True, blank=True)
    created_by_name = models.CharField(_("Angelegt von"), max_length=150, blank=True)
    creditor_id = models.CharField(_("Gläubiger-ID"), max_length=35, blank=True)
    pain_version = models.CharField(_("Dateiformat"), max_length=20, blank=True)
    message_id = models.CharField(_("Nachrichten-ID"), max_length=35, blank=True)
    xml = models.TextField(_("pain.008-Datei"), blank=True)
    notified_at = models.DateTimeField(_("Vorabinformation am"), null=True, blank=True)
    exported_at = models.DateTimeField(_("Datei erstellt am"), null=True, blank=True)

    class Meta:
        ordering = ["-collection_date", "-pk"]
        verbose_name = _("Lastschriftlauf")
        verbose_name_plural = _("Lastschriftläufe")

    def __str__(self):
        return _("Lastschriftlauf %(day)s") % {"day": f"{self.collection_date:%d.%m.%Y}"}

    @property
    def has_file(self) -> bool:
        return bool(self.xml)

    @property
    def filename(self) -> str:
        return f"lastschrift-{self.collection_date:%Y-%m-%d}-{self.message_id or self.pk}.xml"


class DebitLine(models.Model):
    """One collection from one mandate: the dues of the member and of everyone the member pays for."""

    run = models.ForeignKey(DebitRun, verbose_name=_("Lastschriftlauf"), on_delete=models.PROTECT, related_name="lines")
    member = models.ForeignKey(
        "office.Member", verbose_name=_("Mitglied"), on_delete=models.PROTECT, related_name="debit_lines"
    )
    mandate = models.ForeignKey(
        "office.SepaMandate", verbose_name=_("Mandat"), on_delete=models.PROTECT, related_name="debit_lines"
    )
    amount = models.DecimalField(
        _("Betrag in Euro"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    end_to_end_id = models.CharField(_("Ende-zu-Ende-Referenz"), max_length=35, unique=True)
    sequence = models.CharField(_("Lastschriftart"), max_length=4, choices=MandateSequence.choices)
    text = models.CharField(_("Verwendungszweck"), max_length=140)
    status = models.CharField(
        _("Status"), max_length=10, choices=DebitLineStatus.choices, default=DebitLineStatus.OPEN, db_index=True
    )
    entries = models.ManyToManyField(
        "office.MemberAccountEntry", verbose_name=_("Buchungen"), blank=True, related_name="debit_lines"
    )
    notified_at = models.DateTimeField(_("Vorabinformation am"), null=True, blank=True)
    returned_on = models.DateField(_("Zurückgegeben am"), null=True, blank=True)
    return_reason_code = models.CharField(_("Rückgabegrund (Code)"), max_length=4, blank=True)
    return_reason_text = models.CharField(_("Rückgabegrund"), max_length=200, blank=True)
    bank_fee = models.DecimalField(_("Bankgebühr"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["run", "member__last_name", "member__first_name", "pk"]
        verbose_name = _("Lastschrift")
        verbose_name_plural = _("Lastschriften")

    def __str__(self):
        return self.end_to_end_id
