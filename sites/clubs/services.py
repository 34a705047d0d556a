"""Writes on clubs: the portal and template tenants, provisioning, registration decisions.

Provisioning clones the kept-migrated template schema (ARCHITECTURE.md, "Provisioning a club";
the copy itself is `cloning.schema_clone`):
one transaction makes the club row, its domain and the cloned schema, so a failure half-way
leaves nothing behind; files and e-mail follow only after the commit.
"""

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import LogContext

from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from cms.mail import header_text, mail_send_after_commit, reply_to
from cms.middleware import forget_tenant_hosts

from .cloning import schema_clone
from .constants import ClubKind, RegistrationStatus
from .invitations import INVITATION_VALID_FOR, invitation_link
from .models import BoardMember, Category, Club, ClubRegistration, Domain
from .roles import VEREINSADMIN, VEREINSREDAKTION, club_roles_ensure
from .selectors import club_hostname, host_url, subdomain_is_free

logger = logging.getLogger(__name__)

TEMPLATE_SLUG = "club-template"
# Key of the PostgreSQL advisory lock that serialises provisioning (any constant bigint).
PROVISIONING_LOCK = 4_711_001
PORTAL_SLUG = "portal"


class ProvisioningError(Exception):
    """Provisioning failed; nothing of the club was kept."""


def portal_ensure() -> Club:
    """The public tenant, its domain (the base domain) and the portal's page tree; idempotent."""
    from sites.portal.services import portal_tree_ensure

    portal, _created = Club.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={
            "kind": ClubKind.PORTAL,
            "slug": PORTAL_SLUG,
            "name": "Heldenhelfer",
            "street": "Rathausplatz 1",
            "postal_code": "12345",
            "town": "Musterstadt",
            "email": "portal@heldenhelfer.localhost",
        },
    )
    Domain.objects.get_or_create(domain=settings.HH_BASE_DOMAIN, defaults={"tenant": portal, "is_primary": True})
    with schema_context(get_public_schema_name()):
        portal_tree_ensure(hostname=settings.HH_BASE_DOMAIN)
    return portal


def club_template_ensure(*, verbosity: int = 0) -> Club:
    """The template schema that new clubs are cloned from, migrated and with its starter tree."""
    from sites.pages.services import starter_tree_create

    template, _created = Club.objects.get_or_create(
        schema_name=settings.TENANT_BASE_SCHEMA,
        defaults={
            "kind": ClubKind.TEMPLATE,
            "slug": TEMPLATE_SLUG,
            "name": "Vorlage",
            "street": "-",
            "postal_code": "00000",
            "town": "-",
            "email": "template@heldenhelfer.localhost",
        },
    )
    if not schema_exists(template.schema_name):
        # The one schema that is migrated from scratch; migrate_schemas keeps it current after.
        Club.create_schema(template, check_if_exists=True, verbosity=verbosity)
    with schema_context(template.schema_name):
        starter_tree_create(site_name=_("Unser Verein"), hostname="template.invalid")
        _template_renditions_prepare()
    return template


def _template_renditions_prepare() -> None:
    """Render in the template what every new club would otherwise render on its first day.

    The portal indexes a new club's starter pages right after provisioning, with a rendition of
    each page's image. Made once here, the rendition rows are cloned and their files copied with
    the template's media, so provisioning does not spend a second resizing the same images.
    """
    from wagtail.models import Page

    for page in Page.objects.live().specific():
        payload = getattr(page, "listing_payload", None)
        if payload is None:
            continue
        try:
            payload()
        except Exception:  # noqa: BLE001 - an optimisation only; provisioning renders what is missing
            logger.warning("could not pre-render the template page %s", page.pk, exc_info=True)


def _schema_name_for(slug: str) -> str:
    return "club_" + slug.replace("-", "_")


def club_provision(
    *,
    slug: str,
    profile: dict,
    editor_name: str,
    editor_email: str,
    categories=(),
    send_invitation: bool = True,
    live: bool = False,
) -> Club:
    """Create a club: clone, domain, site, starter tree, first editor (Vereinsadmin), invitation.

    A new club is not live (`live=False`): its editors prepare the site and publish it from the
    admin's first steps (`club_go_live`); demo clubs and `create_club --live` start live.
    """
    template = Club.objects.filter(kind=ClubKind.TEMPLATE).first()
    if template is None or not schema_exists(template.schema_name):
        raise ProvisioningError(_("Die Vorlage für neue Vereine fehlt. Bitte „manage.py migrate_schemas“ ausführen."))
    if Club.objects.filter(slug=slug).exists():
        raise ProvisioningError(_("Die Adresse „%(slug)s“ ist bereits vergeben.") % {"slug": slug})

    hostname = club_hostname(slug)
    schema_name = _schema_name_for(slug)
    media_dir = Path(settings.MEDIA_ROOT) / schema_name
    try:
        with transaction.atomic():
            # One provisioning at a time: two clones at once would only compete for the same disk,
            # and the slug check below stays true until the commit.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK])
            if Club.objects.filter(slug=slug).exists():
                raise ProvisioningError(_("Die Adresse „%(slug)s“ ist bereits vergeben.") % {"slug": slug})
            club = Club(schema_name=schema_name, slug=slug, kind=ClubKind.CLUB, **profile)
            club.is_live = live
            if live:
                club.went_live_at, club.went_live_by = timezone.now(), "provisioning"
            club.full_clean()
            club.save()
            club.categories.set(categories)
            Domain.objects.create(domain=hostname, tenant=club, is_primary=True)
            schema_clone(source=template.schema_name, target=schema_name)
            # LogContext(): Wagtail logs page actions for the request's user (an operator in
            # public); that user id means nothing, or someone else, in the club's schema.
            with schema_context(schema_name), LogContext():
                editor = _club_fill(club=club, hostname=hostname, editor_name=editor_name, editor_email=editor_email)
            connection.set_schema_to_public()
            # Still inside the transaction: if copying fails, the schema and rows go too.
            _copy_template_media(template.schema_name, media_dir)
    except Exception as exc:
        connection.set_schema_to_public()
        shutil.rmtree(media_dir, ignore_errors=True)
        logger.exception("provisioning of %s failed", slug)
        if isinstance(exc, ProvisioningError):
            raise
        raise ProvisioningError(_readable_error(exc)) from exc
    forget_tenant_hosts()
    club.invitation_error = ""
    if send_invitation:
        try:
            invitation_send(club=club, user_id=editor.pk)
        except Exception as exc:  # noqa: BLE001 - the club is live; the operator resends the invitation
            logger.exception("invitation for %s could not be sent", slug)
            club.invitation_error = str(exc) or exc.__class__.__name__
    return club


def _readable_error(exc: Exception) -> str:
    """A message an operator can act on: "Postleitzahl: Bitte eine fünfstellige …" rather than a dict."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        parts = []
        for field, errors in exc.message_dict.items():
            label = field
            for model in (Club, get_user_model()):
                try:
                    label = str(model._meta.get_field(field).verbose_name)
                    break
                except Exception:  # noqa: S112 - not a field of this model, try the next
                    continue
            parts.append(f"{label}: {' '.join(errors)}")
        return "; ".join(parts)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or exc.__class__.__name__


def _club_fill(*, club: Club, hostname: str, editor_name: str, editor_email: str):
    from sites.pages.services import starter_tree_personalise

    port = int(settings.HH_PUBLIC_PORT or 80)
    starter_tree_personalise(club=club, hostname=hostname, port=port)
    return _editor_create(name=editor_name, email=editor_email, role=VEREINSADMIN)


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


def _copy_template_media(template_schema: str, media_dir: Path) -> None:
    source = Path(settings.MEDIA_ROOT) / template_schema
    if source.is_dir():
        shutil.copytree(source, media_dir, dirs_exist_ok=True)


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


def registration_approve(*, registration: ClubRegistration, by: str) -> Club:
    """Approve a registration and provision its club; a failure is recorded on the registration."""
    registration = ClubRegistration.objects.get(pk=registration.pk)  # the current status, not a stale copy
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
        raise ProvisioningError(_("Diese Registrierung wurde bereits entschieden."))
    profile = {
        f: getattr(registration, f)
        for f in ("name", "legal_form", "register_court", "register_number", "street", "postal_code", "town", "email")
    }
    profile["contact_name"] = registration.editor_name
    try:
        club = club_provision(
            slug=registration.subdomain,
            profile=profile,
            editor_name=registration.editor_name,
            editor_email=registration.editor_email,
            categories=list(registration.categories.all()),
        )
    except ProvisioningError as exc:
        # Not inside one transaction with the provisioning: the failure must stay recorded.
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.APPROVED:
            raise  # approved meanwhile by someone else; keep that decision
        registration.status = RegistrationStatus.FAILED
        registration.status_note = str(exc)
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.save()
        raise
    registration.status = RegistrationStatus.APPROVED
    registration.status_note = (
        _(
            "Der Verein ist eingerichtet, aber die Einladung konnte nicht verschickt werden (%(error)s). "
            "Bitte unter „Vereine“ die Einladung erneut senden."
        )
        % {"error": club.invitation_error}
        if club.invitation_error
        else ""
    )
    registration.club = club
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.save()
    return club


def registration_reject(*, registration: ClubRegistration, by: str, reason: str) -> None:
    """Reject a registration with a reason; the applicant is told by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"status_note": _("Bitte eine Begründung angeben.")})
    with transaction.atomic():
        registration = ClubRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.FAILED):
            raise ProvisioningError(_("Diese Registrierung wurde bereits entschieden."))
        registration.status = RegistrationStatus.REJECTED
        registration.status_note = reason
        registration.decided_at = timezone.now()
        registration.decided_by = by
        registration.save()
    _mail(
        template="clubs/email/registration_rejected.txt",
        subject=_("Ihre Registrierung bei Heldenhelfer: %(name)s") % {"name": registration.name},
        to=_applicant_addresses(registration),
        context={"registration": registration, "reason": reason},
        reply_to=_operator_reply_to(),  # the mail asks the applicant to answer it
    )


def registration_submit(*, data: dict, categories=(), notify: bool = True) -> ClubRegistration:
    """Store a club's registration (pending) and confirm it to the applicant and the operators."""
    with transaction.atomic():
        registration = ClubRegistration(**data)
        registration.subdomain = (registration.subdomain or "").strip().lower()
        registration.full_clean()
        if not subdomain_is_free(registration.subdomain):
            raise ValidationError(
                {"subdomain": _("Die Adresse „%(value)s“ ist schon vergeben.") % {"value": registration.subdomain}}
            )
        registration.save()
        registration.categories.set(categories)
    if notify:
        context = {
            "registration": registration,
            # Names, not the QuerySet: a template with autoescape off prints a QuerySet's repr.
            "categories": ", ".join(category.name for category in registration.categories.order_by("name")),
            "address": club_hostname(registration.subdomain),
            "admin_url": host_url(
                settings.HH_BASE_DOMAIN,
                reverse(
                    "clubs_clubregistration_modeladmin_inspect",
                    args=[registration.pk],
                    urlconf=settings.PUBLIC_SCHEMA_URLCONF,
                ),
            ),
        }
        _mail(
            template="clubs/email/registration_received.txt",
            subject=_("Wir haben Ihre Registrierung erhalten: %(name)s") % {"name": registration.name},
            to=_applicant_addresses(registration),
            context=context,
            reply_to=_operator_reply_to(),  # questions about the registration reach the operators
        )
        if settings.HH_OPERATOR_EMAILS:
            _mail(
                template="clubs/email/registration_operator.txt",
                subject=_("Neue Vereinsregistrierung: %(name)s (%(subdomain)s)")
                % {"name": registration.name, "subdomain": registration.subdomain},
                to=list(settings.HH_OPERATOR_EMAILS),
                context=context,
            )
    return registration


def _applicant_addresses(registration: ClubRegistration) -> list[str]:
    return list(dict.fromkeys(a.lower() for a in (registration.email, registration.editor_email) if a))


def _operator_reply_to() -> list[str] | None:
    """Reply-To for mails to applicants: the operators' first address (the sender is noreply@)."""
    return reply_to(settings.HH_OPERATOR_EMAILS[0]) if settings.HH_OPERATOR_EMAILS else None


def _mail(*, template: str, subject: str, to: list[str], context: dict, reply_to: list[str] | None = None) -> None:
    """Send after the commit; a failure is logged (cms/mail.py) and never undoes what was stored."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = EmailMessage(
        subject=header_text(subject), body=render_to_string(template, context), to=recipients, reply_to=reply_to
    )
    mail_send_after_commit(message, what=template)


# Profile fields a club's editors maintain (everything but tenancy, kind and activation).
PROFILE_FIELDS = (
    "name",
    "short_name",
    "description",
    "legal_form",
    "register_court",
    "register_number",
    "tax_office",
    "exemption_notice_date",
    "street",
    "postal_code",
    "town",
    "contact_name",
    "email",
    "phone",
    "iban",
    "bic",
    "bank_name",
    "founded_year",
    "member_count",
    "primary_colour",
    "secondary_colour",
)


def club_profile_update(*, club: Club, data: dict, by: str) -> Club:
    """Save a club's profile: fields, categories, logo (a clean file or False to remove), board.

    Loads the club afresh: `request.tenant` is the middleware's cached copy and must not be saved.
    """
    old_logo_name = ""
    with transaction.atomic():
        club = Club.objects.select_for_update().get(pk=club.pk)
        for field in PROFILE_FIELDS:
            if field in data:
                value = data[field]
                setattr(club, field, "" if value is None and _is_text_field(field) else value)
        if "logo" in data:
            old_logo_name = club.logo.name or ""
            if data["logo"] is False or data["logo"] is None:
                club.logo = ""
            else:
                club.logo.save(data["logo"].name, data["logo"], save=False)
            if old_logo_name == (club.logo.name or ""):
                old_logo_name = ""
        club.full_clean()
        club.save()
        if "categories" in data:
            club.categories.set(data["categories"] or [])
        if "board_members" in data:
            club.board_members.all().delete()
            BoardMember.objects.bulk_create(
                BoardMember(club=club, sort_order=index, **row) for index, row in enumerate(data["board_members"])
            )
            for member in club.board_members.all():
                member.full_clean()
    if old_logo_name:
        club.logo.storage.delete(old_logo_name)
    logger.info("profile of %s updated by %s", club.slug, by)
    # Other requests of this process must see the new name and colours at once.
    forget_tenant_hosts()
    return club


def _is_text_field(name: str) -> bool:
    return Club._meta.get_field(name).get_internal_type() in ("CharField", "TextField", "EmailField")


def club_set_active(*, club: Club, active: bool, by: str) -> Club:
    """Deactivate (the site vanishes at once) or reactivate a club."""
    with transaction.atomic():
        club = Club.objects.select_for_update().get(pk=club.pk, kind=ClubKind.CLUB)
        club.is_active = active
        club.save(update_fields=["is_active", "updated_at"])
    logger.info("club %s %s by %s", club.slug, "reactivated" if active else "deactivated", by)
    forget_tenant_hosts()
    return club


def club_go_live(*, club: Club, by: str) -> Club:
    """Publish a club's site: from now on visitors see it and the portal lists it.

    Refused (ValidationError) while the legal minimum is missing (`selectors.club_legal_missing`).
    Records who and when, makes the club's listings visible (the save's signal) and rebuilds them
    from its tree, and purges the club's and the portal's page caches, so the site and its
    listings show at once.
    """
    from .first_steps import club_legal_missing

    with schema_context(club.schema_name):
        missing = club_legal_missing(club=club)
    if missing:
        raise ValidationError(
            _("Die Seite kann noch nicht veröffentlicht werden. Es fehlt: %(missing)s")
            % {"missing": "; ".join(missing)}
        )
    with transaction.atomic():
        club = Club.objects.select_for_update().get(pk=club.pk, kind=ClubKind.CLUB)
        if club.is_live:
            return club
        club.is_live = True
        club.went_live_at = timezone.now()
        club.went_live_by = (by or "")[:150]
        club.save(update_fields=["is_live", "went_live_at", "went_live_by", "updated_at"])
    _after_go_live(club)
    logger.info("club %s went live, by %s", club.slug, by)
    return club


def _after_go_live(club: Club) -> None:
    from cms.page_cache import page_cache_purge
    from sites.portal.services import listing_rebuild_club

    try:
        listing_rebuild_club(club=club)
    except Exception:  # noqa: BLE001 - the club is live either way; `rebuild_listings` heals the index
        logger.exception("listing rebuild after going live failed for %s", club.slug)
    page_cache_purge(schema=club.schema_name)
    page_cache_purge(schema=get_public_schema_name())
    forget_tenant_hosts()


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


def category_ensure(*, name: str, slug: str, icon: str = "") -> Category:
    category, _created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "icon": icon})
    return category
