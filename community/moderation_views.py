"""Operators' side of the exchange in the portal's Wagtail admin: crises, reports, hiding, suspensions.

All of these exist only on the portal host (404 elsewhere: `cms.admin_permissions.PortalModelAdmin`
guards the URLs) and need the model
permission (403 without it). Changes go through `community.services`.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_modeladmin.views import CreateView, EditView

from cms.forms import form_errors_from

from . import services
from .constants import ReportStatus
from .models import Crisis, Post, Report


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _by(request) -> str:
    return request.user.get_username()


class CrisisCreateView(CreateView):
    """Declaring a crisis goes through the service: it e-mails the clubs in the area."""

    def form_valid(self, form):
        data = {k: form.cleaned_data.get(k) for k in ("title", "description", "area_postal_codes", "area_towns")}
        try:
            self.instance = services.crisis_declare(
                **data,
                starts_at=form.cleaned_data.get("starts_at"),
                planned_end=form.cleaned_data.get("planned_end"),
                by=_by(self.request),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Krise „%(title)s“ ausgerufen. Die Vereine im Gebiet werden per E-Mail informiert.")
            % {"title": self.instance.title},
        )
        return redirect(self.get_success_url())


class CrisisEditView(EditView):
    def form_valid(self, form):
        fields = {
            k: form.cleaned_data[k]
            for k in ("title", "description", "area_postal_codes", "area_towns", "starts_at", "planned_end")
            if k in form.cleaned_data
        }
        try:
            self.instance = services.crisis_update(crisis=self.instance, by=_by(self.request), **fields)
        except ValidationError as exc:
            form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Krise gespeichert."))
        return redirect(self.get_success_url())


class SuspensionCreateView(CreateView):
    def form_valid(self, form):
        try:
            self.instance = services.club_suspend(
                club=form.cleaned_data["club"], reason=form.cleaned_data["reason"], by=_by(self.request)
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Der Netzwerk-Zugang von %(club)s ist gesperrt.") % {"club": self.instance.club}
        )
        return redirect(self.get_success_url())


def crisis_end_view(request, instance_pk):
    _require(request, "community.change_crisis")
    crisis = get_object_or_404(Crisis, pk=instance_pk)
    index = reverse("community_crisis_modeladmin_index")
    if request.method == "POST":
        services.crisis_end(crisis=crisis, by=_by(request))
        messages.success(request, _("Krise „%(title)s“ beendet. Das Banner verschwindet.") % {"title": crisis.title})
        return redirect(index)
    return TemplateResponse(
        request,
        "community/admin/confirm.html",
        {
            "title": _("Krise beenden"),
            "text": _(
                "Soll die Krise „%(title)s“ jetzt beendet werden? Das Banner verschwindet auf allen Seiten; "
                "die Daten der Helfenden werden 30 Tage danach gelöscht."
            )
            % {"title": crisis.title},
            "button": _("Krise beenden"),
            "back": index,
        },
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Grund (für den Verein sichtbar)"), required=False, max_length=300)


def post_hide_view(request, instance_pk):
    _require(request, "community.change_post")
    post = get_object_or_404(Post, pk=instance_pk)
    index = reverse("community_post_modeladmin_index")
    form = HideForm(request.POST or None)
    if request.method == "POST":
        if post.is_hidden:
            services.post_unhide(post=post, by=_by(request))
            messages.success(request, _("Beitrag wieder sichtbar."))
            return redirect(index)
        if form.is_valid():
            services.post_hide(post=post, reason=form.cleaned_data["reason"], by=_by(request))
            messages.success(request, _("Beitrag ausgeblendet."))
            return redirect(index)
    return TemplateResponse(
        request,
        "community/admin/confirm.html",
        {
            "title": _("Beitrag einblenden") if post.is_hidden else _("Beitrag ausblenden"),
            "text": post.title,
            "reason_field": not post.is_hidden,
            "form": form,
            "button": _("Einblenden") if post.is_hidden else _("Ausblenden"),
            "back": index,
        },
        status=400 if form.errors else 200,
    )


class ReportDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Ergebnis"),
        choices=[
            (ReportStatus.RESOLVED.value, ReportStatus.RESOLVED.label),
            (ReportStatus.DISMISSED.value, ReportStatus.DISMISSED.label),
        ],
    )
    hide = forms.BooleanField(label=gettext_lazy("Gemeldeten Inhalt ausblenden"), required=False)
    suspend = forms.BooleanField(label=gettext_lazy("Netzwerk-Zugang des gemeldeten Vereins sperren"), required=False)
    note = forms.CharField(label=gettext_lazy("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def report_decide_view(request, instance_pk):
    _require(request, "community.change_report")
    report = get_object_or_404(Report.objects.select_related("post", "message", "reporter"), pk=instance_pk)
    index = reverse("community_report_modeladmin_index")
    form = ReportDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.report_resolve(
            report=report, by=_by(request), status=data["status"], note=data["note"], hide=data["hide"]
        )
        if data["suspend"]:
            services.club_suspend(club=report.target_club, reason=data["note"] or report.reason, by=_by(request))
        messages.success(request, _("Meldung bearbeitet."))
        return redirect(index)
    return TemplateResponse(
        request, "community/admin/report_decide.html", {"report": report, "form": form, "back": index}
    )
