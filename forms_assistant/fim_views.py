"""The FIM import page in the portal admin: upload, see the report, create a draft template."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .authoring import authorities_user_may_author
from .fim import FimError
from .models import Authority
from .services import ApplicationError
from .services import fim_import as fim_import_service


class FimUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XDatenfelder-Datei (XML)"),
        help_text=gettext_lazy("Stammdatenschema in XDatenfelder 2 oder 3, z. B. aus dem FIM-Portal."),
    )
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Zuständige Behörde"), queryset=Authority.objects.none(), required=False
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Nur prüfen (nichts anlegen)"), required=False, initial=True)

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the authorities whose catalogue section the user may write to: a clerk imports into
        # their own authority's section, never into another one's (another id is an invalid choice).
        self.fields["authority"].queryset = authorities
        self.fields["authority"].error_messages["invalid_choice"] = gettext_lazy(
            "In den Katalog dieser Behörde dürfen Sie nicht importieren."
        )
        if len(authorities) == 1:
            self.fields["authority"].initial = authorities[0].pk


def fim_import(request):
    authorities = authorities_user_may_author(request.user)
    if not (request.user.is_superuser or authorities.exists()):
        raise PermissionDenied
    form = FimUploadForm(request.POST or None, request.FILES or None, authorities=authorities)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("Die Datei ist größer als 5 MB."))
        else:
            try:
                report, page = fim_import_service(
                    data=upload.read(),
                    authority=form.cleaned_data["authority"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except FimError as exc:
                form.add_error("file", str(exc))
            except ApplicationError as exc:
                form.add_error("authority", str(exc))
            else:
                if page is not None:
                    messages.success(
                        request,
                        _(
                            "Der Entwurf „%(t)s“ ist angelegt. Bitte prüfen und zur Freigabe einreichen "
                            "(oder veröffentlichen, wenn Sie die Freigabe erteilen)."
                        )
                        % {"t": page.title},
                    )
                    if report.unmapped:  # never dropped silently: the editor sees it next to the draft
                        messages.warning(request, _("Nicht übernommen:") + " " + " · ".join(report.unmapped))
                    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return render(request, "forms_assistant/admin/fim_import.html", {"form": form, "report": report})
