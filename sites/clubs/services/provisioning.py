"""The portal and template tenants, and provisioning a club: clone, domain, site, first editor."""

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import LogContext

from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from cms.tenancy.middleware import forget_tenant_hosts
from sites.clubs.cloning import schema_clone
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club, Domain
from sites.clubs.roles import VEREINSADMIN
from sites.clubs.selectors import club_hostname

from .editors import _editor_create, invitation_send

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


def _copy_template_media(template_schema: str, media_dir: Path) -> None:
    source = Path(settings.MEDIA_ROOT) / template_schema
    if source.is_dir():
        shutil.copytree(source, media_dir, dirs_exist_ok=True)
