"""Data protection in the office admin: a member's data on request (Art. 15 DSGVO, one click: JSON and
PDF in one ZIP, or each alone), the club's retention periods and the record of processing
activities (Art. 30 DSGVO) as PDF. The member's data includes the IBAN, so the board only
(bank-data permission)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.forms import form_errors_from
from office.models import MemberAnonymisation, RetentionSettings
from office.selectors import member_for_privacy
from office.services.privacy import (
    member_data_json,
    member_data_pdf,
    member_data_zip,
    processing_record_pdf,
    retention_settings,
    retention_settings_update,
)
from sites.clubs.models import Club


def _club(request) -> Club:
    return Club.objects.get(pk=request.tenant.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def member_data(request, pk: int):
    member = get_object_or_404(member_for_privacy(), pk=pk)
    kind = request.GET.get("format", "zip")
    if kind == "json":
        return _download(member_data_json(member=member), "application/json", f"auskunft-{member.number}.json")
    if kind == "pdf":
        return _download(
            member_data_pdf(member=member, club=_club(request)), "application/pdf", f"auskunft-{member.number}.pdf"
        )
    return _download(
        member_data_zip(member=member, club=_club(request)), "application/zip", f"auskunft-{member.number}.zip"
    )


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RetentionSettings
        fields = ["books_years", "vouchers_years", "letters_years"]


def privacy(request):
    form = RetentionForm(request.POST or None, instance=retention_settings())
    if request.method == "POST" and form.is_valid():
        try:
            retention_settings_update(data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Aufbewahrungsfristen sind gespeichert."))
            return redirect("office_privacy")
    if request.method == "POST" and form.errors:
        messages.error(request, _("Die Fristen wurden nicht gespeichert. Bitte prüfen Sie die markierten Felder."))
    context = {"form": form, "anonymised_count": MemberAnonymisation.objects.count()}
    return TemplateResponse(request, "office/privacy/index.html", context)


def processing_record(request):
    return _download(processing_record_pdf(club=_club(request)), "application/pdf", "verarbeitungsverzeichnis.pdf")
