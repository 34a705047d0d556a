"""A club's profile, its activation, and the portal's categories."""

import logging

from django.db import transaction

from cms.tenancy.middleware import forget_tenant_hosts
from sites.clubs.constants import ClubKind
from sites.clubs.models import BoardMember, Category, Club

logger = logging.getLogger(__name__)

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


def category_ensure(*, name: str, slug: str, icon: str = "") -> Category:
    category, _created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "icon": icon})
    return category
