"""Dunning (Mahnwesen): the club's reminder levels and every reminder sent to a member.

A reminder keeps a snapshot of the items it asked for (dates, texts, open amounts), so its letter can be
produced again exactly as it was sent; the member's name and address are read from the member (and
follow an anonymisation). The fee of a level is booked as an open item on the member's account.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DunningLevel(models.Model):
    """One step of the club's dunning: 1. Zahlungserinnerung, 2. Mahnung, 3. letzte Mahnung …"""

    level = models.PositiveSmallIntegerField(
        _("Stufe"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 für die erste Erinnerung, 2 für die nächste und so weiter."),
    )
    title = models.CharField(
        _("Bezeichnung"), max_length=60, help_text=_("Steht als Betreff im Brief, z. B. „Zahlungserinnerung“.")
    )
    days = models.PositiveSmallIntegerField(
        _("Wartezeit in Tagen"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Stufe 1: so viele Tage nach der Fälligkeit (Schonfrist). "
            "Weitere Stufen: so viele Tage nach der vorigen Mahnung."
        ),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("Zahlungsfrist in Tagen"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Bis wann das Mitglied zahlen soll, gerechnet ab dem Tag der Mahnung."),
    )
    fee = models.DecimalField(
        _("Mahngebühr in Euro"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("0 für keine Gebühr; die Gebühr wird als offener Posten auf dem Mitgliedskonto gebucht."),
    )
    text = models.TextField(
        _("Zusätzlicher Text"),
        blank=True,
        max_length=1000,
        help_text=_("Erscheint im Brief vor dem Gruß, z. B. ein Hinweis auf die Satzung."),
    )

    class Meta:
        ordering = ["level"]
        verbose_name = _("Mahnstufe")
        verbose_name_plural = _("Mahnstufen")

    def __str__(self):
        return f"{self.level}. {self.title}"


class DunningChannel(models.TextChoices):
    EMAIL = "email", _("E-Mail mit PDF")
    LETTER = "letter", _("Brief (Post)")


class DunningNotice(models.Model):
    """One reminder sent to a member (the payer of the open items); never changed after sending."""

    member = models.ForeignKey(
        "office.Member", verbose_name=_("Mitglied"), on_delete=models.PROTECT, related_name="dunning_notices"
    )
    level = models.PositiveSmallIntegerField(_("Stufe"))
    title = models.CharField(_("Bezeichnung"), max_length=60)
    is_last_level = models.BooleanField(_("Letzte Stufe"), default=False)
    sent_on = models.DateField(_("Datum"))
    pay_by = models.DateField(_("Zahlbar bis"))
    channel = models.CharField(_("Versand"), max_length=6, choices=DunningChannel.choices)
    total = models.DecimalField(_("Offener Betrag in Euro"), max_digits=10, decimal_places=2)
    fee = models.DecimalField(_("Mahngebühr in Euro"), max_digits=6, decimal_places=2, default=Decimal("0"))
    # [{"date": "15.01.2026", "kind": "Rücklastschrift", "text": …, "mandate": "M-00042-1", "open": "12.50"}]
    lines = models.JSONField(_("Posten"), default=list)
    extra_text = models.TextField(_("Zusätzlicher Text"), blank=True)
    entries = models.ManyToManyField(
        "office.MemberAccountEntry", verbose_name=_("Offene Posten"), blank=True, related_name="dunning_notices"
    )
    fee_entry = models.OneToOneField(
        "office.MemberAccountEntry",
        verbose_name=_("Gebuchte Mahngebühr"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dunning_fee_of",
    )
    created_at = models.DateTimeField(_("Erstellt am"), auto_now_add=True)
    created_by_id = models.IntegerField(_("Benutzer-ID"), null=True, blank=True)
    created_by_name = models.CharField(_("Erstellt von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("Mahnung")
        verbose_name_plural = _("Mahnungen")
        indexes = [models.Index(fields=["member", "sent_on"])]

    def __str__(self):
        return f"{self.level}. {self.title} {self.sent_on:%d.%m.%Y}"

    @property
    def filename(self) -> str:
        return f"mahnung-{self.sent_on:%Y-%m-%d}-{self.pk}.pdf"
