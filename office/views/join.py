"""Joining online in the admin ("Aufnahmeanträge": the board accepts or declines confirmed
applications) and the public confirmation link on the club's host. Writes go through
office/services/join.py; unconfirmed applications never show here (404 like a missing one)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from office.models import JoinApplication, JoinStatus
from office.services.join import (
    TokenInvalid,
    join_application_accept,
    join_application_confirm,
    join_application_decline,
    join_application_for_token,
)
from sites.clubs.models import Club

from .guards import BANK_ACCESS, forbidden

DECIDE_ACCESS = "office.add_member"
VISIBLE = (JoinStatus.PENDING, JoinStatus.ACCEPTED, JoinStatus.DECLINED)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Grund der Ablehnung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Wird der Person in der E-Mail mitgeteilt. Bitte freundlich formulieren."),
        error_messages={"required": gettext_lazy("Bitte geben Sie einen Grund für die Ablehnung an.")},
    )


def _club(request) -> Club:
    return Club.objects.get(pk=request.tenant.pk)


def join_index(request):
    show = request.GET.get("zeige", "offen")
    applications = JoinApplication.objects.select_related("fee_group")
    if show == "entschieden":
        applications = applications.filter(status__in=(JoinStatus.ACCEPTED, JoinStatus.DECLINED))
    else:
        show = "offen"
        applications = applications.filter(status=JoinStatus.PENDING).order_by("confirmed_at")
    return TemplateResponse(
        request,
        "office/join/index.html",
        {
            "applications": applications[:500],
            "show": show,
            "pending_count": JoinApplication.objects.filter(status=JoinStatus.PENDING).count(),
        },
    )


def join_detail(request, pk: int):
    application = get_object_or_404(
        JoinApplication.objects.select_related("fee_group", "member"), pk=pk, status__in=VISIBLE
    )
    decline_form = DeclineForm()
    if request.method == "POST":
        if not request.user.has_perm(DECIDE_ACCESS):
            return forbidden(request)
        action = request.POST.get("action")
        try:
            if action == "accept":
                member = join_application_accept(application=application, club=_club(request), by=request.user)
                messages.success(
                    request,
                    _("%(name)s ist als Mitglied Nr. %(number)s aufgenommen; die Willkommens-E-Mail ist unterwegs.")
                    % {"name": member.full_name, "number": member.number},
                )
                return redirect("office_join_detail", pk=application.pk)
            if action == "decline":
                decline_form = DeclineForm(request.POST)
                if decline_form.is_valid():
                    join_application_decline(
                        application=application,
                        club=_club(request),
                        reason=decline_form.cleaned_data["reason"],
                        by=request.user,
                    )
                    messages.success(request, _("Der Antrag ist abgelehnt; die Person erhält eine E-Mail."))
                    return redirect("office_join_detail", pk=application.pk)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if action not in ("accept", "decline"):
                messages.error(request, _("Unbekannte Aktion."))
    return TemplateResponse(
        request,
        "office/join/detail.html",
        {
            "application": application,
            "decline_form": decline_form,
            "can_decide": request.user.has_perm(DECIDE_ACCESS) and application.status == JoinStatus.PENDING,
            "sees_bank_data": request.user.has_perm(BANK_ACCESS),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def join_confirm(request, token: str):
    """The link in the confirmation e-mail (club host, no sign-in). Opening it shows a button; only
    the button confirms, so a mail scanner that follows links confirms nothing."""
    try:
        application = join_application_for_token(token)
    except TokenInvalid as error:
        response = TemplateResponse(
            request, "office/join/confirm.html", {"error": str(error), "expired": error.expired}, status=400
        )
    else:
        done = application.status != JoinStatus.UNCONFIRMED
        if request.method == "POST" and not done:
            application = join_application_confirm(application=application, club=_club(request))
            done = True
        response = TemplateResponse(request, "office/join/confirm.html", {"application": application, "done": done})
    # same-origin, not no-referrer: with no-referrer browsers post with `Origin: null`, which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response
