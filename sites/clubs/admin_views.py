"""Operators' actions in the portal's Wagtail admin: approve or reject a registration, (de)activate a club.

Each view shows a confirmation page on GET and acts on POST; all refuse with 404 outside the
portal host and with 403 without the model permission (see `wagtail_hooks.py`).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .constants import ClubKind, RegistrationStatus
from .forms import RejectForm
from .models import Club, ClubRegistration
from .services import (
    ProvisioningError,
    club_invitations_resend,
    club_set_active,
    registration_approve,
    registration_reject,
)


def portal_only(view):
    """Operators' admin exists only on the portal host: a club host answers 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.kind != ClubKind.PORTAL:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _by(request) -> str:
    return request.user.get_username()


def registration_approve_view(request, instance_pk):
    _require(request, "clubs.change_clubregistration")
    registration = get_object_or_404(ClubRegistration, pk=instance_pk)
    inspect_url = reverse("clubs_clubregistration_modeladmin_inspect", args=[registration.pk])
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
        messages.warning(request, _("Diese Registrierung wurde bereits entschieden."))
        return redirect(inspect_url)
    if request.method == "POST":
        try:
            club = registration_approve(registration=registration, by=_by(request))
        except ProvisioningError as exc:
            messages.error(
                request,
                _(
                    "Die Einrichtung ist fehlgeschlagen (%(error)s). Es wurde nichts angelegt; Sie können es erneut versuchen."
                )
                % {"error": exc},
            )
            return redirect(inspect_url)
        if club.invitation_error:
            messages.warning(
                request,
                _(
                    "„%(name)s“ ist eingerichtet (%(url)s), aber die Einladung an %(email)s konnte nicht "
                    "verschickt werden (%(error)s). Bitte unter „Vereine“ erneut senden."
                )
                % {
                    "name": club.name,
                    "url": club.url,
                    "email": registration.editor_email,
                    "error": club.invitation_error,
                },
            )
        else:
            messages.success(
                request,
                _("„%(name)s“ ist eingerichtet (%(url)s). Die Einladung an %(email)s ist verschickt.")
                % {"name": club.name, "url": club.url, "email": registration.editor_email},
            )
        return redirect(inspect_url)
    return TemplateResponse(
        request,
        "clubs/admin/registration_approve.html",
        {"registration": registration, "inspect_url": inspect_url},
    )


def registration_reject_view(request, instance_pk):
    _require(request, "clubs.change_clubregistration")
    registration = get_object_or_404(ClubRegistration, pk=instance_pk)
    inspect_url = reverse("clubs_clubregistration_modeladmin_inspect", args=[registration.pk])
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
        messages.warning(request, _("Diese Registrierung wurde bereits entschieden."))
        return redirect(inspect_url)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_reject(registration=registration, by=_by(request), reason=form.cleaned_data["reason"])
        except (ProvisioningError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("Die Registrierung von „%(name)s“ ist abgelehnt; der Verein wurde per E-Mail informiert.")
                % {"name": registration.name},
            )
            return redirect(inspect_url)
    return TemplateResponse(
        request,
        "clubs/admin/registration_reject.html",
        {"registration": registration, "form": form, "inspect_url": inspect_url},
    )


def club_active_view(request, instance_pk):
    _require(request, "clubs.change_club")
    club = get_object_or_404(Club, pk=instance_pk, kind=ClubKind.CLUB)
    inspect_url = reverse("clubs_club_modeladmin_inspect", args=[club.pk])
    if request.method == "POST":
        active = not club.is_active
        club_set_active(club=club, active=active, by=_by(request))
        if active:
            messages.success(request, _("„%(name)s“ ist wieder online.") % {"name": club.name})
        else:
            messages.success(
                request, _("„%(name)s“ ist deaktiviert; die Vereinsseite ist ab sofort offline.") % {"name": club.name}
            )
        return redirect(inspect_url)
    return TemplateResponse(request, "clubs/admin/club_active.html", {"club": club, "inspect_url": inspect_url})


def club_invite_view(request, instance_pk):
    """Resend the invitation to the club's editors without a password (expired or lost link)."""
    _require(request, "clubs.change_club")
    club = get_object_or_404(Club, pk=instance_pk, kind=ClubKind.CLUB)
    inspect_url = reverse("clubs_club_modeladmin_inspect", args=[club.pk])
    if request.method == "POST":
        try:
            sent_to = club_invitations_resend(club=club)
        except Exception as exc:  # noqa: BLE001 - the mail server's answer is what the operator needs
            messages.error(request, _("Die Einladung konnte nicht verschickt werden (%(error)s).") % {"error": exc})
        else:
            if sent_to:
                messages.success(request, _("Einladung verschickt an %(emails)s.") % {"emails": ", ".join(sent_to)})
            else:
                messages.info(request, _("Alle Redakteurinnen und Redakteure haben bereits ein Passwort."))
        return redirect(inspect_url)
    return TemplateResponse(request, "clubs/admin/club_invite.html", {"club": club, "inspect_url": inspect_url})
