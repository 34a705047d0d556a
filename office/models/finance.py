"""The club's books and donations (issue #13, menu "Finanzen"): tax settings, money accounts, financial years,
the chart, bookings with private vouchers, bank statement imports, donors, donations and receipts.

The computations live in the pure packages `office/books` and `office/receipts`; the services in
`office/services/finance.py` and `office/services/donations.py` build their values from these rows.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from cms.private_files import PrivateStorage, random_name
from office.books.spheres import Sphere
from office.receipts.purposes import PURPOSES_BY_CODE

MANAGE_FINANCES = "office.manage_finances"


def private_storage() -> PrivateStorage:
    """Vouchers and receipts hold personal data: below PRIVATE_MEDIA_ROOT, served only by a checking view."""
    return PrivateStorage("office")


def voucher_upload_to(instance, filename: str) -> str:
    """`<schema>/vouchers/<yyyy>/<uuid4 hex>.<ext>`: one folder per club, unguessable names."""
    return f"{connection.schema_name}/" + random_name("vouchers/%Y", filename)


class NoticeKindChoice(models.TextChoices):
    EXEMPTION = "freistellungsbescheid", _("Freistellungsbescheid")
    CORPORATE_TAX_ANNEX = "anlage_kst", _("Anlage zum Körperschaftsteuerbescheid")
    STATUTES_60A = "feststellung_60a", _("Feststellung der Satzungsmäßigkeit (§ 60a AO)")


class OfficeSettings(models.Model):
    """One row per club schema: the tax data donation receipts need (§ 63 Abs. 5 AO, R 10b.1 Abs. 4 EStR)."""

    tax_office = models.CharField(
        _("Finanzamt"), max_length=120, blank=True, help_text=_("z. B. Finanzamt Musterstadt")
    )
    tax_number = models.CharField(_("Steuernummer"), max_length=40, blank=True, help_text=_("z. B. 12/345/67890"))
    purposes = models.JSONField(_("Steuerbegünstigte Zwecke"), default=list, blank=True)
    notice_kind = models.CharField(
        _("Art des letzten Bescheids"),
        max_length=24,
        choices=NoticeKindChoice.choices,
        default=NoticeKindChoice.EXEMPTION,
    )
    notice_date = models.DateField(_("Datum des Bescheids"), null=True, blank=True, help_text=_("z. B. 15.03.2024"))
    assessment_period = models.CharField(
        _("Veranlagungszeitraum"),
        max_length=40,
        blank=True,
        help_text=_("Nur beim Freistellungsbescheid, z. B. „2021 bis 2023“."),
    )
    receipt_place = models.CharField(
        _("Ort der Bestätigung"), max_length=120, blank=True, help_text=_("Leer: der Ort des Vereins.")
    )
    signatory = models.CharField(_("Unterzeichnende Person"), max_length=120, blank=True)
    machine_made = models.BooleanField(
        _("Maschinell erstellte Bestätigungen ohne Unterschrift"),
        default=False,
        help_text=_("Nur wenn das Verfahren dem Finanzamt angezeigt wurde (R 10b.1 Abs. 4 EStR)."),
    )
    machine_notified_on = models.DateField(_("Dem Finanzamt angezeigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Steuerdaten des Vereins")
        verbose_name_plural = _("Steuerdaten des Vereins")

    def __str__(self):
        return f"{self.tax_office} {self.tax_number}".strip()

    def clean(self):
        unknown = [code for code in self.purposes or [] if code not in PURPOSES_BY_CODE]
        if unknown:
            raise ValidationError({"purposes": _("Unbekannter Zweck: %(codes)s") % {"codes": ", ".join(unknown)}})
        if self.machine_made and not self.machine_notified_on:
            raise ValidationError(
                {"machine_notified_on": _("Bitte das Datum eintragen, an dem das Verfahren angezeigt wurde.")}
            )


class AccountKind(models.TextChoices):
    BANK = "bank", _("Bankkonto")
    CASH = "cash", _("Kasse")


class Account(models.Model):
    """A money account of the club: a bank account or a cash box (a money account of the chart)."""

    name = models.CharField(_("Bezeichnung"), max_length=100, help_text=_("z. B. Girokonto Sparkasse"))
    kind = models.CharField(_("Art"), max_length=8, choices=AccountKind.choices, default=AccountKind.BANK)
    number = models.CharField(
        _("Kontonummer im Kontenplan"),
        max_length=10,
        unique=True,
        help_text=_("Geldkonto des Kontenplans, z. B. 1200 (Girokonto) oder 1000 (Kasse)."),
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    is_active = models.BooleanField(_("Aktiv"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Geldkonto")
        verbose_name_plural = _("Geldkonten")

    def __str__(self):
        return f"{self.number} {self.name}"


class FinancialYear(models.Model):
    """A calendar year of the books; once closed, its bookings cannot change (cancel with a counter-booking)."""

    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True, validators=[MinValueValidator(1900)])
    closed = models.BooleanField(_("Abgeschlossen"), default=False)
    closed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    closed_by = models.CharField(_("Abgeschlossen von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Geschäftsjahr")
        verbose_name_plural = _("Geschäftsjahre")

    def __str__(self):
        return str(self.year)


class OpeningBalance(models.Model):
    """An account's balance at the start of a year and, optionally, what was counted at its end."""

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="balances")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    amount = models.DecimalField(_("Anfangsbestand (€)"), max_digits=12, decimal_places=2, default=0)
    counted = models.DecimalField(
        _("Gezählter/laut Auszug Endbestand (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        constraints = [models.UniqueConstraint("financial_year", "account", name="office_opening_once")]
        verbose_name = _("Anfangsbestand")
        verbose_name_plural = _("Anfangsbestände")

    def __str__(self):
        return f"{self.financial_year_id}/{self.account_id}: {self.amount}"


class CategoryKind(models.TextChoices):
    INCOME = "income", _("Einnahme")
    EXPENSE = "expense", _("Ausgabe")
    MONEY = "money", _("Geldkonto")
    TRANSIT = "transit", _("Durchlaufend/Umbuchung")


class LedgerCategory(models.Model):
    """An account of the club's chart (seeded from office/books/chart.json, editable per club)."""

    number = models.CharField(_("Nummer"), max_length=10, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    kind = models.CharField(_("Art"), max_length=8, choices=CategoryKind.choices)
    sphere = models.CharField(_("Sphäre"), max_length=16, choices=Sphere.choices, blank=True)
    is_active = models.BooleanField(_("Aktiv"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Buchungskategorie")
        verbose_name_plural = _("Buchungskategorien")

    def __str__(self):
        return f"{self.number} {self.name}"

    def clean(self):
        if (self.kind in (CategoryKind.INCOME, CategoryKind.EXPENSE)) != bool(self.sphere):
            raise ValidationError(
                {"sphere": _("Einnahmen und Ausgaben brauchen eine Sphäre, Geld- und Durchgangskonten keine.")}
            )


class Booking(models.Model):
    """One movement of money on one money account: positive in, negative out (gross)."""

    booked_on = models.DateField(_("Datum"), help_text=_("z. B. 14.06.2026"))
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Einnahmen positiv, Ausgaben negativ, z. B. -49,90"),
    )
    account = models.ForeignKey(Account, verbose_name=_("Geldkonto"), on_delete=models.PROTECT, related_name="bookings")
    counterparty = models.CharField(_("Zahlungsbeteiligte(r)"), max_length=140, blank=True)
    text = models.CharField(_("Buchungstext"), max_length=200)
    category = models.ForeignKey(
        LedgerCategory, verbose_name=_("Kategorie"), on_delete=models.PROTECT, related_name="bookings"
    )
    sphere = models.CharField(
        _("Sphäre"), max_length=16, choices=Sphere.choices, blank=True, help_text=_("Leer: die der Kategorie.")
    )
    cost_centre = models.CharField(
        _("Kostenstelle"), max_length=100, blank=True, help_text=_("Abteilung oder Veranstaltung, z. B. Sommerfest")
    )
    voucher = models.FileField(
        _("Beleg"), storage=private_storage, upload_to=voucher_upload_to, blank=True, max_length=200
    )
    voucher_name = models.CharField(_("Dateiname des Belegs"), max_length=200, blank=True)
    cancels = models.OneToOneField(
        "self",
        verbose_name=_("Storniert die Buchung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancelled_by",
    )
    created_at = models.DateTimeField(_("Erfasst am"), auto_now_add=True)
    created_by = models.CharField(_("Erfasst von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        permissions = [("manage_finances", _("Kann Buchhaltung, Spenden und Zuwendungsbestätigungen führen"))]

    def __str__(self):
        return f"{self.booked_on:%d.%m.%Y} {self.amount} {self.text}"

    @property
    def effective_sphere(self) -> str:
        return self.sphere or (self.category.sphere if self.category_id else "")

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount == 0:
            errors["amount"] = _("Der Betrag darf nicht 0 sein.")
        if self.booked_on and FinancialYear.objects.filter(year=self.booked_on.year, closed=True).exists():
            errors["booked_on"] = _(
                "Das Geschäftsjahr %(year)d ist abgeschlossen: Buchungen darin können nicht mehr angelegt oder "
                "geändert werden."
            ) % {"year": self.booked_on.year}
        if self.pk:
            stored = Booking.objects.filter(pk=self.pk).values_list("booked_on", flat=True).first()
            if stored and FinancialYear.objects.filter(year=stored.year, closed=True).exists():
                errors["booked_on"] = _(
                    "Die Buchung liegt im abgeschlossenen Geschäftsjahr %(year)d und kann nicht mehr geändert werden; "
                    "bitte stornieren (Gegenbuchung)."
                ) % {"year": stored.year}
        if errors:
            raise ValidationError(errors)


class StatementImport(models.Model):
    """One uploaded bank statement; its lines wait as proposals until a person books or ignores them."""

    account = models.ForeignKey(Account, verbose_name=_("Geldkonto"), on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(_("Datei"), max_length=200)
    created_at = models.DateTimeField(_("Eingelesen am"), auto_now_add=True)
    created_by = models.CharField(_("Eingelesen von"), max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Kontoauszug")
        verbose_name_plural = _("Kontoauszüge")

    def __str__(self):
        return self.filename


class EntryStatus(models.TextChoices):
    OPEN = "open", _("offen")
    BOOKED = "booked", _("gebucht")
    IGNORED = "ignored", _("übergangen")


class StatementEntry(models.Model):
    """A line of an imported statement with the proposal of office/books/matching.py."""

    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    booked_on = models.DateField(_("Buchungstag"))
    amount = models.DecimalField(_("Betrag (€)"), max_digits=12, decimal_places=2)
    name = models.CharField(_("Zahlungsbeteiligte(r)"), max_length=140, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    purpose = models.CharField(_("Verwendungszweck"), max_length=500, blank=True)
    kind = models.CharField(_("Vorschlag"), max_length=12)
    target_id = models.BigIntegerField(null=True, blank=True)
    category_number = models.CharField(_("Kategorie"), max_length=10, blank=True)
    sphere = models.CharField(_("Sphäre"), max_length=16, choices=Sphere.choices, blank=True)
    reason = models.CharField(_("Begründung"), max_length=300, blank=True)
    status = models.CharField(_("Status"), max_length=8, choices=EntryStatus.choices, default=EntryStatus.OPEN)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="statement_entry"
    )

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("Auszugszeile")
        verbose_name_plural = _("Auszugszeilen")

    def __str__(self):
        return f"{self.booked_on:%d.%m.%Y} {self.amount} {self.name}"


class Donor(models.Model):
    """Someone who gives to the club: a member or not."""

    member = models.ForeignKey(
        "office.Member", verbose_name=_("Mitglied"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=140)
    street = models.CharField(_("Straße und Hausnummer"), max_length=140, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=16, blank=True)
    town = models.CharField(_("Ort"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Spender/in")
        verbose_name_plural = _("Spender/innen")

    def __str__(self):
        return self.name

    @property
    def address_lines(self) -> tuple[str, ...]:
        town = f"{self.postal_code} {self.town}".strip()
        return tuple(line for line in (self.street, town) if line)


class DonationType(models.TextChoices):
    MONEY = "money", _("Geldspende")
    MEMBERSHIP_FEE = "fee", _("Mitgliedsbeitrag")
    IN_KIND = "in_kind", _("Sachspende")
    WAIVER = "waiver", _("Aufwandsspende (Verzicht auf Erstattung)")


class InKindOriginChoice(models.TextChoices):
    PRIVATE = "privatvermoegen", _("Privatvermögen")
    BUSINESS = "betriebsvermoegen", _("Betriebsvermögen")
    UNKNOWN = "keine_angabe", _("keine Angabe")


class Donation(models.Model):
    """A donation of money, in kind (with the basis of its value) or a waiver of reimbursement."""

    donor = models.ForeignKey(Donor, verbose_name=_("Spender/in"), on_delete=models.PROTECT, related_name="donations")
    donated_on = models.DateField(_("Datum der Zuwendung"), help_text=_("z. B. 14.06.2026"))
    amount = models.DecimalField(
        _("Betrag/Wert (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    kind = models.CharField(_("Art"), max_length=8, choices=DonationType.choices, default=DonationType.MONEY)
    description = models.CharField(
        _("Bezeichnung der Sachzuwendung"),
        max_length=300,
        blank=True,
        help_text=_("Nur bei Sachspenden: Art, Alter, Zustand, Kaufpreis."),
    )
    value_basis = models.CharField(
        _("Grundlage der Bewertung"),
        max_length=300,
        blank=True,
        help_text=_("Nur bei Sachspenden, z. B. „Kaufbeleg vom 02.05.2026“ oder „Gutachten“."),
    )
    origin = models.CharField(
        _("Herkunft der Sachzuwendung"),
        max_length=20,
        choices=InKindOriginChoice.choices,
        default=InKindOriginChoice.PRIVATE,
    )
    booking = models.ForeignKey(
        Booking, verbose_name=_("Buchung"), null=True, blank=True, on_delete=models.SET_NULL, related_name="donations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-donated_on", "-pk"]
        verbose_name = _("Zuwendung")
        verbose_name_plural = _("Zuwendungen")

    def __str__(self):
        return f"{self.donated_on:%d.%m.%Y} {self.amount} € ({self.get_kind_display()})"

    def clean(self):
        if self.kind == DonationType.IN_KIND and not self.description.strip():
            raise ValidationError({"description": _("Bei einer Sachspende bitte genau bezeichnen, was gegeben wurde.")})
        if self.kind == DonationType.IN_KIND and not self.value_basis.strip():
            raise ValidationError({"value_basis": _("Bei einer Sachspende bitte angeben, worauf der Wert beruht.")})


class ReceiptType(models.TextChoices):
    SINGLE = "single", _("Einzelbestätigung")
    COLLECTIVE = "collective", _("Sammelbestätigung")


class DonationReceipt(models.Model):
    """An issued Zuwendungsbestätigung; its PDF is kept as the duplicate (never changed, never deleted)."""

    number = models.CharField(_("Nummer"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    kind = models.CharField(_("Art"), max_length=10, choices=ReceiptType.choices)
    donor = models.ForeignKey(Donor, verbose_name=_("Spender/in"), on_delete=models.PROTECT, related_name="receipts")
    donations = models.ManyToManyField(Donation, verbose_name=_("Zuwendungen"), related_name="receipts")
    total = models.DecimalField(_("Summe (€)"), max_digits=12, decimal_places=2)
    issued_on = models.DateField(_("Ausgestellt am"))
    pdf = models.BinaryField(_("PDF (Zweitschrift)"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(_("Ausgestellt von"), max_length=150, blank=True)
    sent_at = models.DateTimeField(_("Versandt am"), null=True, blank=True)
    sent_to = models.EmailField(_("Versandt an"), blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("Zuwendungsbestätigung")
        verbose_name_plural = _("Zuwendungsbestätigungen")

    def __str__(self):
        return self.number

    @property
    def filename(self) -> str:
        return f"Zuwendungsbestaetigung-{self.number}.pdf"
