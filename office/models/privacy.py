"""Data protection of the office: the club's retention periods and which leavers were anonymised."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionSettings(models.Model):
    """One row per club schema: how long records are kept after the end of the year (§ 147 AO since 2025)."""

    books_years = models.PositiveSmallIntegerField(
        _("Bücher und Aufzeichnungen (Jahre)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Gesetzlich 10 Jahre (§ 147 Abs. 3 AO)."),
    )
    vouchers_years = models.PositiveSmallIntegerField(
        _("Buchungsbelege (Jahre)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Gesetzlich 8 Jahre seit 2025 (§ 147 Abs. 3 AO)."),
    )
    letters_years = models.PositiveSmallIntegerField(
        _("Handels- und Geschäftsbriefe (Jahre)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Gesetzlich 6 Jahre (§ 147 Abs. 3 AO)."),
    )

    class Meta:
        verbose_name = _("Aufbewahrungsfristen")
        verbose_name_plural = _("Aufbewahrungsfristen")

    def __str__(self):
        return f"{self.books_years}/{self.vouchers_years}/{self.letters_years}"


class MemberAnonymisation(models.Model):
    """A leaver whose personal data was replaced by placeholders (amounts stay for the books)."""

    member = models.OneToOneField(
        "office.Member", verbose_name=_("Mitglied"), on_delete=models.PROTECT, related_name="anonymisation"
    )
    anonymised_on = models.DateField(_("Anonymisiert am"))
    # The day the retention ended; kept so the board can see why the data went.
    due_since = models.DateField(_("Aufbewahrungsfrist endete am"))

    class Meta:
        verbose_name = _("Anonymisierung")
        verbose_name_plural = _("Anonymisierungen")

    def __str__(self):
        return f"{self.member_id}: {self.anonymised_on:%d.%m.%Y}"
