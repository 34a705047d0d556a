"""Admin pages of debit runs (menu "Mitglieder" → "Lastschriften", `office.manage_debits` only): list,
create, detail with pre-notifications, export and download of the stored pain.008, returns import."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from office.models import DebitRun, DebitRunStatus
from office.selectors import debit_run_lines, debit_runs
from office.sepa.errors import CollectionDateError, SepaError
from office.services.debit_returns import debit_returns_import
from office.services.debits import (
    DebitRunError,
    debit_run_close,
    debit_run_create,
    debit_run_export,
    debit_run_notify,
    month_of,
    next_collection_date_for,
    run_total,
)

DEBIT_ACCESS = "office.manage_debits"
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
MAX_RETURNS_FILE = 10 * 1024 * 1024


def _date_field(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": gettext_lazy("Bitte ein Datum wie 15.01.2027 eingeben.")},
        help_text=gettext_lazy("z. B. 15.01.2027"),
    )


class DebitRunForm(forms.Form):
    period_start = _date_field(gettext_lazy("Zeitraum von"))
    period_end = _date_field(gettext_lazy("Zeitraum bis"))
    collection_date = _date_field(gettext_lazy("Einzugstag"))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return data


class ReturnsForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Kontoauszug (camt.053/054) oder CSV-Export der Bank"),
        error_messages={"required": gettext_lazy("Bitte eine Datei auswählen.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RETURNS_FILE:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        return upload


def index(request):
    return TemplateResponse(request, "office/debits/index.html", {"runs": debit_runs()})


def create(request):
    today = timezone.localdate()
    start, end = month_of(today)
    initial = {
        "period_start": start,
        "period_end": end,
        "collection_date": next_collection_date_for(club=request.tenant),
    }
    form = DebitRunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run = debit_run_create(club=request.tenant, **form.cleaned_data, by=request.user)
        except CollectionDateError as error:
            form.add_error("collection_date", error.message)
        except DebitRunError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Der Lastschriftlauf ist angelegt (%(count)d Lastschriften).") % {"count": run.lines.count()}
            )
            return redirect("office_debit_detail", pk=run.pk)
    return TemplateResponse(request, "office/debits/create.html", {"form": form})


def _run(pk) -> DebitRun:
    return get_object_or_404(DebitRun, pk=pk)


def detail(request, pk, problems=None, status=200):
    run = _run(pk)
    return TemplateResponse(
        request,
        "office/debits/detail.html",
        {
            "run": run,
            "lines": debit_run_lines(run=run),
            "total": run_total(run),
            "problems": problems or [],
            "can_notify": run.status in (DebitRunStatus.DRAFT, DebitRunStatus.NOTIFIED),
            "can_export": run.status in (DebitRunStatus.DRAFT, DebitRunStatus.NOTIFIED),
            "can_close": run.status == DebitRunStatus.EXPORTED,
        },
        status=status,
    )


@require_POST
def notify(request, pk):
    run = _run(pk)
    try:
        result = debit_run_notify(run=run, club=request.tenant, by=request.user)
    except DebitRunError as error:
        messages.error(request, error.message)
        return redirect("office_debit_detail", pk=run.pk)
    messages.success(request, _("%(count)d Vorabinformationen versandt.") % {"count": result.sent})
    if result.without_email:
        names = ", ".join(member.full_name for member in result.without_email)
        messages.warning(request, _("Ohne E-Mail-Adresse, bitte per Post informieren: %(names)s") % {"names": names})
    return redirect("office_debit_detail", pk=run.pk)


@require_POST
def export(request, pk):
    run = _run(pk)
    try:
        debit_run_export(run=run, club=request.tenant, by=request.user)
    except DebitRunError as error:
        messages.error(request, error.message)
        return detail(request, pk, problems=error.problems, status=400)
    messages.success(request, _("Die Lastschriftdatei ist erstellt und geprüft."))
    return redirect("office_debit_detail", pk=run.pk)


@require_POST
def close(request, pk):
    run = _run(pk)
    try:
        debit_run_close(run=run, by=request.user)
    except DebitRunError as error:
        messages.error(request, error.message)
    return redirect("office_debit_detail", pk=run.pk)


def download(request, pk):
    run = _run(pk)
    if not run.xml:
        raise Http404
    response = HttpResponse(run.xml.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def returns(request):
    form = ReturnsForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            # The reminder goes out as a letter of the dunning ("Erinnerung senden" on the result).
            result = debit_returns_import(
                data=form.cleaned_data["file"].read(), club=request.tenant, by=request.user, remind=False
            )
        except SepaError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("%(count)d Rücklastschriften gebucht.") % {"count": len(result.booked)})
    return TemplateResponse(
        request, "office/debits/returns.html", {"form": form, "result": result}, status=400 if form.errors else 200
    )
