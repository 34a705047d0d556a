"""Admin pages of the menu "Finanzen" (`office.manage_finances` only, club hosts only): bookings (new, edit
with history, cancel), money accounts, the year end (income-surplus statement, cash audit as PDF/XLSX,
closing), donors, donations, receipts and the club's tax data; the bank statement pages are
office/views/finance_statements.py. Thin: every write goes through office/services/finance.py or
office/services/donations.py."""

import io
import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.forms import form_errors_from
from cms.private_files import file_response, harden
from cms.uploads import upload_check
from office.books.spheres import Sphere
from office.models import Account, Booking, Donation, DonationReceipt, Donor, LedgerCategory
from office.models.finance import MANAGE_FINANCES, FinancialYear, OfficeSettings
from office.receipts.purposes import PURPOSE_CHOICES
from office.selectors import object_history
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


GROUPED_AMOUNT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d*)?$")


class AmountField(forms.DecimalField):
    """A German amount: 49,90, -1.234,50 (thousands grouped as the pages print them) or 2.000 €."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\xa0", "").replace(" ", "")
            if GROUPED_AMOUNT.match(value):
                value = value.replace(".", "")
        return super().to_python(value)


def _amount_field(label, **kwargs):
    return AmountField(
        label=label,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": gettext_lazy("Bitte einen Betrag wie 49,90 eingeben.")},
        **kwargs,
    )


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
    closed_years = set(FinancialYear.objects.filter(closed=True).values_list("year", flat=True))
    return _page(request, "bookings", {"filters": filters, "bookings": rows, "closed_years": closed_years}, status=200)


def booking_create(request):
    form = BookingForm(request.POST or None, request.FILES or None, initial={"booked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "voucher"}
        try:
            booking = services.booking_create(data=data, voucher=form.cleaned_data.get("voucher"), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Buchung ist gespeichert."))
            return redirect(f"{_url('office_finance_bookings')}?year={booking.booked_on.year}")
    return _page(request, "booking_form", {"form": form})


BOOKING_EDIT_FIELDS = ("booked_on", "amount", "account", "category", "sphere", "text", "counterparty", "cost_centre")


def _history_rows(booking: Booking) -> list[tuple]:
    """(record, [(field label, before, after), …]) of the booking's history, newest first."""
    labels = {field.name: field.verbose_name for field in Booking._meta.fields}
    return [
        (record, [(labels.get(name, name), *values) for name, values in record.changes.items()])
        for record in object_history(instance=booking)
    ]


def booking_edit(request, pk):
    """Edit a booking of an open year (every field, a new voucher); in a closed year, or for a cancelled
    booking or a counter-booking, only the history and "Stornieren". The service refuses such a change
    on its own; the page only does not offer it."""
    booking = get_object_or_404(Booking.objects.select_related("account", "category", "cancels"), pk=pk)
    editable = services.booking_editable(booking)
    initial = {name: getattr(booking, name) for name in BOOKING_EDIT_FIELDS}
    form = BookingForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["account"].queryset = Account.objects.filter(Q(is_active=True) | Q(pk=booking.account_id))
    form.fields["category"].queryset = LedgerCategory.objects.filter(Q(is_active=True) | Q(pk=booking.category_id))
    form.fields["voucher"].label = _("Neuer Beleg (PDF, JPG oder PNG)")
    form.fields["voucher"].help_text = _("höchstens 10 MB; der bisherige Beleg bleibt in der Historie erhalten")
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "voucher"}
        try:
            services.booking_update(
                booking=booking, data=data, voucher=form.cleaned_data.get("voucher"), by=request.user
            )
        except services.FinanceError as error:
            refusal = error.message
        except ValidationError as error:
            if editable:
                form_errors_from(form, error)
            else:
                refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Die Änderung ist gespeichert."))
            return redirect("office_finance_booking_edit", pk=booking.pk)
    if request.method == "POST" and not editable and not refusal:
        refusal = _("Diese Buchung kann nicht mehr geändert werden; bitte stornieren (Gegenbuchung).")
    if refusal:
        messages.error(request, refusal)
    context = {
        "booking": booking,
        "form": form if editable else None,
        "editable": editable,
        "cancelled_by": Booking.objects.filter(cancels=booking).first(),
        "history": _history_rows(booking),
    }
    status = 400 if request.method == "POST" and (refusal or form.errors) else 200
    return _page(request, "booking_edit", context, status=status)


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
    if request.POST.get("next") == "edit":
        return redirect("office_finance_booking_edit", pk=booking.pk)
    return redirect("office_finance_bookings")


def booking_voucher(request, pk):
    booking = get_object_or_404(Booking, pk=pk)
    return file_response(booking.voucher, filename=booking.voucher_name or "beleg")


# --- accounts ------------------------------------------------------------------------------------------


class OpeningForm(forms.Form):
    account = forms.ModelChoiceField(Account.objects.all(), label=gettext_lazy("Geldkonto"))
    amount = _amount_field(gettext_lazy("Anfangsbestand (€)"))
    counted = _amount_field(
        gettext_lazy("Endbestand laut Auszug / Kassenzählung (€)"),
        required=False,
        help_text=gettext_lazy("Für die Kassenprüfung; leer lassen, wenn noch nicht bekannt."),
    )


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
    statement, audit = services.year_end_for(year=year)
    context = {
        "year": year,
        "years": services.years_known(),
        "statement": statement,
        "audit": audit,
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
    statement, audit = services.year_end_for(year=year)
    return {
        "year": year,
        "club": request.tenant,
        "audit": audit,
        "bookings": services.bookings_list(year=year).order_by("booked_on", "pk"),
        "open_items": services.open_items(year=year),
        "statement": statement,
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
            form_errors_from(form, error)
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
            form_errors_from(form, error)
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
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Steuerdaten sind gespeichert."))
            return redirect("office_finance_tax")
    return _page(request, "tax_settings", {"form": form})


__all__ = ["FINANCE_ACCESS"]
