"""Admin pages of the menu "Finanzen" (`office.manage_finances` only, club hosts only): bookings, money
accounts, the year end (income-surplus statement, cash audit as PDF/XLSX, closing), bank statement
import, donors, donations, receipts and the club's tax data. Thin: every write goes through
office/services/finance.py or office/services/donations.py."""

import io
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.private_files import file_response, harden
from cms.uploads import upload_check
from office.books.spheres import Sphere
from office.models import Account, Booking, Donation, DonationReceipt, Donor, LedgerCategory, StatementImport
from office.models.finance import MANAGE_FINANCES, EntryStatus, OfficeSettings
from office.receipts.purposes import PURPOSE_CHOICES
from office.services import donations as donation_services
from office.services import finance as services

FINANCE_ACCESS = MANAGE_FINANCES
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
VOUCHER_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
MAX_UPLOAD = 10 * 1024 * 1024


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": gettext_lazy("Bitte ein Datum wie 14.06.2026 eingeben.")},
        **kwargs,
    )


def _amount_field(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": gettext_lazy("Bitte einen Betrag wie 49,90 eingeben.")},
        **kwargs,
    )


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "message_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request, template, context, status=None):
    if status is None:
        status = (
            400 if any(getattr(f, "errors", None) for f in context.values() if isinstance(f, forms.BaseForm)) else 200
        )
    return TemplateResponse(request, f"office/finance/{template}.html", context, status=status)


# --- bookings ------------------------------------------------------------------------------------------


class BookingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Jahr"), coerce=int, required=False)
    account = forms.ModelChoiceField(Account.objects.all(), label=gettext_lazy("Geldkonto"), required=False)
    sphere = forms.ChoiceField(
        label=gettext_lazy("Sphäre"), choices=[("", "---------"), *Sphere.choices], required=False
    )
    category = forms.ModelChoiceField(LedgerCategory.objects.all(), label=gettext_lazy("Kategorie"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "---------"), *((y, y) for y in services.years_known())]


class BookingForm(forms.Form):
    booked_on = _date_field(gettext_lazy("Datum"), help_text=gettext_lazy("z. B. 14.06.2026"))
    amount = _amount_field(
        gettext_lazy("Betrag (€)"), help_text=gettext_lazy("Einnahmen positiv, Ausgaben negativ, z. B. -49,90")
    )
    account = forms.ModelChoiceField(Account.objects.filter(is_active=True), label=gettext_lazy("Geldkonto"))
    category = forms.ModelChoiceField(LedgerCategory.objects.filter(is_active=True), label=gettext_lazy("Kategorie"))
    sphere = forms.ChoiceField(
        label=gettext_lazy("Sphäre"),
        choices=[("", gettext_lazy("die der Kategorie")), *Sphere.choices],
        required=False,
    )
    text = forms.CharField(label=gettext_lazy("Buchungstext"), max_length=200)
    counterparty = forms.CharField(label=gettext_lazy("Zahlungsbeteiligte(r)"), max_length=140, required=False)
    cost_centre = forms.CharField(
        label=gettext_lazy("Kostenstelle"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Abteilung oder Veranstaltung, z. B. Sommerfest"),
    )
    voucher = forms.FileField(
        label=gettext_lazy("Beleg (PDF, JPG oder PNG)"), required=False, help_text=gettext_lazy("höchstens 10 MB")
    )

    def clean_voucher(self):
        upload = self.cleaned_data.get("voucher")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
            upload_check(upload, extensions=VOUCHER_EXTENSIONS)
        return upload


def bookings(request):
    filters = BookingFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = services.bookings_list(**{k: v for k, v in values.items() if v not in (None, "")})[:500]
    return _page(request, "bookings", {"filters": filters, "bookings": rows}, status=200)


def booking_create(request):
    form = BookingForm(request.POST or None, request.FILES or None, initial={"booked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "voucher"}
        try:
            booking = services.booking_create(data=data, voucher=form.cleaned_data.get("voucher"), by=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Die Buchung ist gespeichert."))
            return redirect(f"{_url('office_finance_bookings')}?year={booking.booked_on.year}")
    return _page(request, "booking_form", {"form": form})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(Booking, pk=pk)
    try:
        counter = services.booking_cancel(booking=booking, by=request.user)
    except services.FinanceError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Storniert mit der Gegenbuchung vom %(date)s.") % {"date": f"{counter.booked_on:%d.%m.%Y}"}
        )
    return redirect("office_finance_bookings")


def booking_voucher(request, pk):
    booking = get_object_or_404(Booking, pk=pk)
    return file_response(booking.voucher, filename=booking.voucher_name or "beleg")


# --- accounts ------------------------------------------------------------------------------------------


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["name", "kind", "number", "iban"]


class OpeningForm(forms.Form):
    account = forms.ModelChoiceField(Account.objects.all(), label=gettext_lazy("Geldkonto"))
    amount = _amount_field(gettext_lazy("Anfangsbestand (€)"))
    counted = _amount_field(
        gettext_lazy("Endbestand laut Auszug / Kassenzählung (€)"),
        required=False,
        help_text=gettext_lazy("Für die Kassenprüfung; leer lassen, wenn noch nicht bekannt."),
    )


def accounts(request):
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_save(instance=form.instance, by=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Das Geldkonto ist angelegt."))
            return redirect("office_finance_accounts")
    return _page(request, "accounts", {"form": form, "accounts": Account.objects.all()})


# --- year end ------------------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 1900), 9999)


def year_end(request):
    year = _year(request)
    opening = OpeningForm(request.POST or None)
    if request.method == "POST" and opening.is_valid():
        try:
            services.opening_balance_set(year=year, by=request.user, **opening.cleaned_data)
        except services.FinanceError as error:
            opening.add_error(None, error.message)
        else:
            messages.success(request, _("Der Bestand ist gespeichert."))
            return redirect(f"{_url('office_finance_year')}?year={year}")
    context = {
        "year": year,
        "years": services.years_known(),
        "statement": services.income_surplus_for(year=year),
        "audit": services.cash_audit_for(year=year),
        "open_items": services.open_items(year=year),
        "closed": services.financial_year(year).closed,
        "opening": opening,
    }
    return _page(request, "year_end", context)


@require_POST
def year_close(request):
    year = _year(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Bitte bestätigen Sie den Abschluss mit dem Häkchen."))
    else:
        try:
            services.year_close(year=year, by=request.user)
        except services.FinanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Das Geschäftsjahr %(year)d ist abgeschlossen.") % {"year": year})
    return redirect(f"{_url('office_finance_year')}?year={year}")


def _audit_context(request, year):
    return {
        "year": year,
        "club": request.tenant,
        "audit": services.cash_audit_for(year=year),
        "bookings": services.bookings_list(year=year).order_by("booked_on", "pk"),
        "open_items": services.open_items(year=year),
        "statement": services.income_surplus_for(year=year),
        "now": timezone.localtime(),
    }


def cash_audit_pdf(request):
    from weasyprint import HTML

    year = _year(request)
    html = render_to_string("office/finance/cash_audit_pdf.html", _audit_context(request, year))
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kassenpruefung-{year}.pdf"'
    return harden(response)


def cash_audit_xlsx(request):
    from openpyxl import Workbook

    year = _year(request)
    context = _audit_context(request, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bestände"
    sheet.append(
        ["Konto", "Bezeichnung", "Anfangsbestand", "Einnahmen", "Ausgaben", "Endbestand", "Gezählt", "Differenz"]
    )
    for line in context["audit"].accounts:
        sheet.append(
            [
                line.account,
                line.name,
                line.opening,
                line.receipts,
                line.payments,
                line.closing,
                line.counted,
                line.difference,
            ]
        )
    bookings_sheet = workbook.create_sheet("Buchungen")
    bookings_sheet.append(
        [
            "Datum",
            "Betrag",
            "Konto",
            "Kategorie",
            "Sphäre",
            "Kostenstelle",
            "Zahlungsbeteiligte(r)",
            "Text",
            "Storno von",
        ]
    )
    for booking in context["bookings"]:
        bookings_sheet.append(
            [
                booking.booked_on,
                booking.amount,
                booking.account.number,
                str(booking.category),
                str(Sphere(booking.effective_sphere).label) if booking.effective_sphere else "",
                booking.cost_centre,
                booking.counterparty,
                booking.text,
                booking.cancels_id or "",
            ]
        )
        bookings_sheet.cell(row=bookings_sheet.max_row, column=1).number_format = "DD.MM.YYYY"
    items = workbook.create_sheet("Offene Posten")
    items.append(["Datum", "Betrag", "Name", "Verwendungszweck"])
    for entry in context["open_items"]:
        items.append([entry.booked_on, entry.amount, entry.name, entry.purpose])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="kassenpruefung-{year}.xlsx"'
    return harden(response)


# --- statement import ------------------------------------------------------------------------------------


class StatementForm(forms.Form):
    account = forms.ModelChoiceField(
        Account.objects.filter(is_active=True, kind="bank"), label=gettext_lazy("Bankkonto")
    )
    file = forms.FileField(
        label=gettext_lazy("Kontoauszug (camt.053, MT940 oder CSV der Bank)"),
        error_messages={"required": gettext_lazy("Bitte eine Datei auswählen.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        upload_check(upload, extensions=("xml", "sta", "mt940", "txt", "csv"))
        return upload


def statement_upload(request):
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.statement_import(
                account=form.cleaned_data["account"], data=upload.read(), filename=upload.name, by=request.user
            )
        except services.FinanceError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("%(count)d Umsätze eingelesen.") % {"count": sum(result.counts.values())})
            return redirect("office_finance_statement", pk=result.statement.pk)
    imports = StatementImport.objects.select_related("account")[:50]
    return _page(request, "statement_upload", {"form": form, "imports": imports})


def statement_detail(request, pk):
    statement = get_object_or_404(StatementImport, pk=pk)
    return _page(
        request,
        "statement_detail",
        {
            "statement": statement,
            "entries": statement.entries.select_related("booking"),
            "categories": LedgerCategory.objects.filter(is_active=True, kind__in=["income", "expense", "transit"]),
        },
        status=200,
    )


@require_POST
def statement_entry(request, pk, entry_pk):
    statement = get_object_or_404(StatementImport, pk=pk)
    entry = get_object_or_404(statement.entries, pk=entry_pk)
    try:
        if request.POST.get("action") == "ignore":
            services.statement_entry_ignore(entry=entry, by=request.user)
        else:
            category = LedgerCategory.objects.filter(pk=request.POST.get("category") or None).first()
            services.statement_entry_accept(entry=entry, category=category, by=request.user)
            messages.success(request, _("Gebucht: %(entry)s") % {"entry": entry})
    except services.FinanceError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("office_finance_statement", pk=statement.pk)


# --- donors, donations, receipts ---------------------------------------------------------------------------


class DonorForm(forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["name", "member", "street", "postal_code", "town", "email", "iban"]


class DonationForm(forms.Form):
    donor = forms.ModelChoiceField(Donor.objects.all(), label=gettext_lazy("Spender/in"))
    donated_on = _date_field(gettext_lazy("Datum der Zuwendung"), help_text=gettext_lazy("z. B. 14.06.2026"))
    amount = _amount_field(gettext_lazy("Betrag/Wert (€)"), min_value=Decimal("0.01"))
    kind = forms.ChoiceField(label=gettext_lazy("Art"), choices=Donation._meta.get_field("kind").choices)
    description = forms.CharField(
        label=gettext_lazy("Bezeichnung der Sachzuwendung"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Nur bei Sachspenden: Art, Alter, Zustand, Kaufpreis."),
    )
    value_basis = forms.CharField(
        label=gettext_lazy("Grundlage der Bewertung"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Nur bei Sachspenden, z. B. „Kaufbeleg vom 02.05.2026“."),
    )
    origin = forms.ChoiceField(
        label=gettext_lazy("Herkunft der Sachzuwendung"), choices=Donation._meta.get_field("origin").choices
    )


def donors(request):
    form = DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donation_services.donor_create(data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Die Spenderin / der Spender ist angelegt."))
            return redirect("office_finance_donors")
    return _page(request, "donors", {"form": form, "donors": Donor.objects.all()[:500]})


def donations(request):
    form = DonationForm(request.POST or None, initial={"donated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        donor = data.pop("donor")
        try:
            donation_services.donation_create(donor=donor, data=data, by=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Die Zuwendung ist gespeichert."))
            return redirect("office_finance_donations")
    rows = Donation.objects.select_related("donor").prefetch_related("receipts")[:500]
    return _page(request, "donations", {"form": form, "donations": rows})


@require_POST
def receipt_issue(request, pk):
    donation = get_object_or_404(Donation, pk=pk)
    try:
        receipt = donation_services.receipt_issue(club=request.tenant, donation=donation, by=request.user)
    except donation_services.ReceiptRefusal as refusal:
        messages.error(request, refusal.message)
        return redirect("office_finance_donations")
    messages.success(request, _("Zuwendungsbestätigung %(number)s ausgestellt.") % {"number": receipt.number})
    return redirect("office_finance_receipts")


def receipts(request):
    year = _year(request)
    if request.method == "POST":
        result = donation_services.receipts_issue_year(club=request.tenant, year=year, by=request.user)
        messages.success(request, _("%(count)d Bestätigungen ausgestellt.") % {"count": len(result.issued)})
        for refusal in result.refused:
            who = refusal.donor.name if refusal.donor else ""
            messages.error(request, f"{who}: {refusal.message}")
        return redirect(f"{_url('office_finance_receipts')}?year={year}")
    rows = DonationReceipt.objects.filter(year=year).select_related("donor").defer("pdf")
    return _page(request, "receipts", {"year": year, "years": services.years_known(), "receipts": rows})


def receipt_download(request, pk):
    receipt = get_object_or_404(DonationReceipt, pk=pk)
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt.filename}"'
    return harden(response)


@require_POST
def receipt_send(request, pk):
    receipt = get_object_or_404(DonationReceipt, pk=pk)
    try:
        donation_services.receipt_send(club=request.tenant, receipt=receipt, by=request.user)
    except donation_services.ReceiptRefusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Bestätigung %(number)s per E-Mail versandt.") % {"number": receipt.number})
    return redirect(f"{_url('office_finance_receipts')}?year={receipt.year}")


# --- tax data ---------------------------------------------------------------------------------------------


class TaxSettingsForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=gettext_lazy("Steuerbegünstigte Zwecke"),
        choices=PURPOSE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notice_date = _date_field(
        gettext_lazy("Datum des Bescheids"), required=False, help_text=gettext_lazy("z. B. 15.03.2024")
    )
    machine_notified_on = _date_field(gettext_lazy("Dem Finanzamt angezeigt am"), required=False)

    class Meta:
        model = OfficeSettings
        fields = [
            "tax_office",
            "tax_number",
            "purposes",
            "notice_kind",
            "notice_date",
            "assessment_period",
            "receipt_place",
            "signatory",
            "machine_made",
            "machine_notified_on",
        ]


def tax_settings(request):
    row = donation_services.office_settings(club=request.tenant)
    form = TaxSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            donation_services.office_settings_update(data=form.cleaned_data, by=request.user, club=request.tenant)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Die Steuerdaten sind gespeichert."))
            return redirect("office_finance_tax")
    return _page(request, "tax_settings", {"form": form})


__all__ = ["FINANCE_ACCESS", "EntryStatus"]
