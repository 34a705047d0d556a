"""The club profile's direct-debit fields (creditor identifier, notice period of the statute), kept by
the board (bank-data permission) in the office menu; saved by `club_debit_settings_update`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from cms.forms import form_errors_from
from office.sepa.identifiers import normalize_creditor_id
from office.services.club_settings import FIELDS, club_debit_settings_update
from sites.clubs.models import Club


class DebitSettingsForm(forms.ModelForm):
    """The club profile's fields for direct debits and leaving (saved by `club_debit_settings_update`)."""

    class Meta:
        model = Club
        fields = FIELDS

    def clean_creditor_id(self) -> str:
        return normalize_creditor_id(self.cleaned_data.get("creditor_id"))


@sensitive_post_parameters("creditor_id")
def debit_settings(request):
    club = Club.objects.get(pk=request.tenant.pk)
    form = DebitSettingsForm(request.POST or None, instance=club)
    if request.method == "POST" and form.is_valid():
        try:
            club_debit_settings_update(club=request.tenant, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Die Einstellungen sind gespeichert."))
            return redirect("office_debit_settings")
    if request.method == "POST" and form.errors:
        messages.error(
            request, _("Die Einstellungen wurden nicht gespeichert. Bitte prüfen Sie die markierten Felder.")
        )
    return TemplateResponse(request, "office/debit_settings.html", {"form": form})
