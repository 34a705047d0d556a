"""A club goes live: its site shows on the portal and in the listings."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context

from cms.tenancy.middleware import forget_tenant_hosts
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club

logger = logging.getLogger(__name__)


def club_go_live(*, club: Club, by: str) -> Club:
    """Publish a club's site: from now on visitors see it and the portal lists it.

    Refused (ValidationError) while the legal minimum is missing (`selectors.club_legal_missing`).
    Records who and when, makes the club's listings visible (the save's signal) and rebuilds them
    from its tree, and purges the club's and the portal's page caches, so the site and its
    listings show at once.
    """
    from sites.clubs.first_steps import club_legal_missing

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
    from cms.tenancy.page_cache import page_cache_purge
    from sites.portal.services import listing_rebuild_club

    try:
        listing_rebuild_club(club=club)
    except Exception:  # noqa: BLE001 - the club is live either way; `rebuild_listings` heals the index
        logger.exception("listing rebuild after going live failed for %s", club.slug)
    page_cache_purge(schema=club.schema_name)
    page_cache_purge(schema=get_public_schema_name())
    forget_tenant_hosts()
