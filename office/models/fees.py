"""Fee groups (Beitragsgruppen) and each member's account of dues, payments and open items."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from office.constants import EntryKind, FeeInterval, ProRata


class FeeGroup(models.Model):
    """What a group of members pays, how often and when."""

    name = models.CharField(_("Name"), max_length=100, unique=True, help_text=_("z. B. „Erwachsene“ oder „Familie“"))
    amount = models.DecimalField(
        _("Beitrag in Euro"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Betrag je Zahlungszeitraum, z. B. 12,50"),
    )
    interval = models.CharField(
        _("Zahlungsweise"), max_length=12, choices=FeeInterval.choices, default=FeeInterval.YEARLY
    )
    due_month = models.PositiveSmallIntegerField(
        _("Fällig im Monat"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Monat der ersten Fälligkeit im Jahr (1 = Januar)."),
    )
    due_day = models.PositiveSmallIntegerField(
        _("Fällig am Tag"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Tag im Monat, 1 bis 28 (damit es den Tag in jedem Monat gibt)."),
    )
    admission_fee = models.DecimalField(
        _("Aufnahmegebühr in Euro"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    pro_rata = models.CharField(
        _("Eintritt im laufenden Zeitraum"), max_length=12, choices=ProRata.choices, default=ProRata.MONTHS
    )
    is_family_fee = models.BooleanField(
        _("Familienbeitrag"),
        default=False,
        help_text=_("Ein Mitglied zahlt für die Familie; die Angehörigen tragen es als zahlendes Mitglied ein."),
    )
    is_active = models.BooleanField(
        _("Aktiv"), default=True, help_text=_("Nicht mehr angebotene Gruppen bleiben für bestehende Mitglieder.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Beitragsgruppe")
        verbose_name_plural = _("Beitragsgruppen")

    def __str__(self):
        return self.name


class MemberAccountEntry(models.Model):
    """One booking on a member's account; dues, returns and fees raise the balance, payments lower it."""

    member = models.ForeignKey(
        "office.Member",
        verbose_name=_("Mitglied"),
        on_delete=models.PROTECT,
        related_name="account_entries",
        db_index=False,  # office_entry_balance_idx (member_id first) is its index
    )
    booked_on = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=12, choices=EntryKind.choices)
    amount = models.DecimalField(
        _("Betrag in Euro"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    period_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    text = models.CharField(_("Buchungstext"), max_length=140, blank=True)
    mandate = models.ForeignKey(
        "office.SepaMandate",
        verbose_name=_("Mandat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account_entries",
    )
    # The debit line of a debit run joins here once debit runs exist (issue #12, SEPA part).
    created_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        indexes = [
            models.Index(fields=["member", "booked_on"]),
            # A member's balance read from the index alone (selectors._balance_expression): the member
            # list's "open items" filter sums every member's entries (10,000 members, 60,000 entries:
            # 50 -> 24 ms), sorting by balance (57 -> 30 ms); each row's balance on a page.
            models.Index(fields=["member"], include=["kind", "amount"], name="office_entry_balance_idx"),
        ]

    def __str__(self):
        # As get_kind_display(), which hashes every label (each a translation) on each call: history
        # records of a debit run name thousands of entries.
        kind = EntryKind(self.kind).label if self.kind in EntryKind.values else self.kind
        return self.describe(self.booked_on, kind, self.amount)

    @staticmethod
    def describe(booked_on, kind_label: str, amount: Decimal) -> str:
        """What str() says of an entry, for callers that book thousands from plain rows."""
        amount_text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")  # 1.200,00
        return f"{booked_on:%d.%m.%Y} {kind_label} {amount_text} €"

    @property
    def signed_amount(self) -> Decimal:
        """What this entry adds to what the member owes."""
        return self.amount if self.kind in (EntryKind.DUE, EntryKind.RETURN, EntryKind.FEE) else -self.amount
