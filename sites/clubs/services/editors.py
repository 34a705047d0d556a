"""A club's editors and accounts: invitations, inviting and removing editors, passwords, operators."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context

from cms.mail import header_text
from sites.clubs.invitations import INVITATION_VALID_FOR, invitation_link
from sites.clubs.models import Club
from sites.clubs.roles import VEREINSADMIN, VEREINSREDAKTION, club_roles_ensure

logger = logging.getLogger(__name__)


def _editor_create(*, name: str, email: str, role: str):
    """A club editor in the current (club) schema with one of the club roles, not a superuser."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=role).first()
    if group is None:  # a schema cloned before the roles existed
        group = club_roles_ensure()[role]
    first, _sep, last = name.strip().partition(" ")
    user_model = get_user_model()
    editor = user_model(
        username=email.lower(), email=email.lower(), first_name=first, last_name=last, is_superuser=False, is_staff=True
    )
    editor.set_unusable_password()
    editor.full_clean(exclude=["password"])
    editor.save()
    editor.groups.add(group)
    return editor


def invitation_send(*, club: Club, user_id: int, co_editor: bool = False) -> None:
    """E-mail a club editor the one-time link to set a password; the user lives in the club's schema.

    `co_editor`: invited by the club's admin to an existing site (not its first editor).
    """
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(pk=user_id)
        link = invitation_link(club=club, user=user)
    context = {"club": club, "user": user, "link": link, "days": INVITATION_VALID_FOR.days, "co_editor": co_editor}
    subject = (
        _("Einladung in die Redaktion von %(club)s auf Heldenhelfer")
        if co_editor
        else _("Willkommen bei Heldenhelfer: Ihre Vereinsseite %(club)s ist bereit")
    )
    send_mail(
        subject=header_text(subject % {"club": club.display_name}),
        message=render_to_string("clubs/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def club_invitations_resend(*, club: Club) -> list[str]:
    """Send a fresh invitation to each of the club's editors who has not set a password yet.

    For an invitation that expired or never arrived; returns the addresses written to.
    """
    with schema_context(club.schema_name):
        pending = [
            (user.pk, user.email)
            for user in get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
            if not user.has_usable_password()
        ]
    for user_id, _email in pending:
        invitation_send(club=club, user_id=user_id)
    return [email for _pk, email in pending]


def club_editor_invite(*, club: Club, name: str, email: str, role: str, by: str) -> int:
    """Add an editor to the club (Vereinsredaktion or Vereinsadmin) and e-mail the invitation.

    Returns the new user's id. A mail that fails leaves the editor in place (the invitation can be
    sent again); the error is raised for the caller to show.
    """
    email = (email or "").strip().lower()
    name = " ".join((name or "").split())
    errors = {}
    if role not in (VEREINSADMIN, VEREINSREDAKTION):
        errors["role"] = _("Bitte eine Rolle wählen.")
    if not name:
        errors["name"] = _("Bitte einen Namen angeben.")
    if errors:
        raise ValidationError(errors)
    with schema_context(club.schema_name), transaction.atomic():
        user_model = get_user_model()
        if (
            user_model.objects.filter(username__iexact=email).exists()
            or user_model.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError({"email": _("%(email)s gehört schon zur Redaktion.") % {"email": email}})
        editor = _editor_create(name=name, email=email, role=role)
    logger.info("editor %s invited to %s as %s by %s", editor.pk, club.slug, role, by)
    invitation_send(club=club, user_id=editor.pk, co_editor=True)
    return editor.pk


def club_editor_remove(*, club: Club, user_id: int, by_user_id: int) -> None:
    """Take an editor's access away (deactivated, not deleted: page histories keep the name).

    Nobody removes themselves, and the club keeps at least one active Vereinsadmin.
    """
    with schema_context(club.schema_name), transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            raise ValidationError(_("Diese Person gehört nicht (mehr) zur Redaktion."))
        if user.pk == by_user_id:
            raise ValidationError(_("Sie können sich nicht selbst entfernen."))
        admins = get_user_model().objects.filter(is_active=True, groups__name=VEREINSADMIN).exclude(pk=user.pk)
        if not admins.exists():
            raise ValidationError(_("Der Verein braucht mindestens eine Person mit der Rolle Vereinsadmin."))
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        user.groups.clear()
    logger.info("editor %s of %s removed by %s", user_id, club.slug, by_user_id)


def club_user_password_set(*, club: Club, username: str, password: str) -> None:
    """Set a club user's password (demo data, operators' support); the user lives in the club schema."""
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])


def operator_ensure(*, email: str, password: str) -> bool:
    """A platform operator (superuser of the public schema); True if it was created."""
    with schema_context(get_public_schema_name()):
        user_model = get_user_model()
        if user_model.objects.filter(username=email).exists():
            return False
        user = user_model(username=email, email=email, is_staff=True, is_superuser=True)
        user.set_password(password)
        user.full_clean()
        user.save()
        return True
