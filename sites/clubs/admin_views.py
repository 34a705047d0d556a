"""Operators' actions in the portal's Wagtail admin: approve or reject a registration, (de)activate a club;
and in a club's own admin: publishing the site, inviting and removing its editors.

Each view acts on POST only (the operators' show a confirmation page on GET); the operators' views
refuse with 404 outside the portal host, the club's outside a club host, and all with 403 without
their permission (`wagtail_hooks.py`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.forms import form_errors_from
from cms.tenancy.guards import club_only

from .constants import ClubKind, RegistrationStatus
from .first_steps import club_editor_list
from .forms import EditorInviteForm, RejectForm
from .models import Club, ClubRegistration
from .services import (
    ProvisioningError,
    club_editor_invite,
    club_editor_remove,
    club_go_live,
    club_invitations_resend,
    club_set_active,
    registration_approve,
    registration_reject,
)


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


# --- club host: going live and the club's editors (issue #15) --------------------------------------


@club_only
def go_live_view(request):
    """POST only (the button of the first-steps panel): publish the club's site."""
    _require(request, "clubs.go_live")
    if request.method != "POST":
        return redirect("wagtailadmin_home")
    try:
        club = club_go_live(club=request.tenant, by=_by(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Ihre Website ist veröffentlicht: %(url)s – das Portal zeigt ab sofort Ihre Termine und Angebote.")
            % {"url": club.url},
        )
    return redirect("wagtailadmin_home")


def _editors_context(request, form):
    from .roles import user_role

    editors = [
        {"user": user, "role": user_role(user), "is_me": user.pk == request.user.pk} for user in club_editor_list()
    ]
    return {"form": form, "editors": editors, "club": request.tenant}


@club_only
def editors_view(request):
    """The club's editors, and inviting a new one with the existing invitation mail."""
    _require(request, "clubs.manage_editors")
    form = EditorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            club_editor_invite(
                club=request.tenant, name=data["name"], email=data["email"], role=data["role"], by=_by(request)
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        except Exception as exc:  # noqa: BLE001 - the mail server's answer; the editor exists, resend later
            messages.warning(
                request,
                _("%(email)s ist eingetragen, aber die Einladung konnte nicht verschickt werden (%(error)s).")
                % {"email": data["email"], "error": exc},
            )
            return redirect("clubs_editors")
        else:
            messages.success(request, _("Die Einladung an %(email)s ist verschickt.") % {"email": data["email"]})
            return redirect("clubs_editors")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "clubs/admin/editors.html", _editors_context(request, form), status=status)


@club_only
def editor_remove_view(request, user_id: int):
    _require(request, "clubs.manage_editors")
    if request.method != "POST":
        return redirect("clubs_editors")
    try:
        club_editor_remove(club=request.tenant, user_id=user_id, by_user_id=request.user.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Der Zugang ist entfernt."))
    return redirect("clubs_editors")
