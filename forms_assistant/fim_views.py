"""The FIM import page in the portal admin: upload, see the report, create a draft template."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        label=gettext_lazy("Zuständige Behörde"), queryset=Authority.objects.all(), required=False
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Nur prüfen (nichts anlegen)"), required=False, initial=True)


def fim_import(request):
    if not request.user.has_perm("wagtailcore.add_page"):
        raise PermissionDenied
    form = FimUploadForm(request.POST or None, request.FILES or None)
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
                        _("Der Entwurf „%(t)s“ ist angelegt. Bitte prüfen und veröffentlichen.") % {"t": page.title},
                    )
                    if report.unmapped:  # never dropped silently: the editor sees it next to the draft
                        messages.warning(request, _("Nicht übernommen:") + " " + " · ".join(report.unmapped))
                    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return render(request, "forms_assistant/admin/fim_import.html", {"form": form, "report": report})
