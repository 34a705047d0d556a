"""Reads of platform data about clubs (public schema)."""

from django.conf import settings
from django.db.models import Q, QuerySet

from cms.public_urls import absolute_url
from cms.search_text import Folded, fold

from .constants import ClubKind
from .models import Category, Club


def host_url(hostname: str, path: str = "/") -> str:
    """Absolute URL on one of our hosts, with the scheme and port in use (cms.public_urls)."""
    return absolute_url(hostname, path)


def club_hostname(slug: str) -> str:
    return f"{slug}.{settings.HH_BASE_DOMAIN}"


def club_list(*, query: str = "", category: str = "", town: str = "") -> QuerySet[Club]:
    """Live clubs for the directory, filtered by name, category slug and town."""
    clubs = Club.objects.live().prefetch_related("categories", "domains")
    if query:
        # Both sides folded the same way (cms.search_text): "fussball" finds "Fußball",
        # "Muehlhausen" finds "Mühlhausen".
        folded = fold(query.strip())
        clubs = clubs.alias(
            folded_name=Folded("name"), folded_short=Folded("short_name"), folded_text=Folded("description")
        ).filter(Q(folded_name__contains=folded) | Q(folded_short__contains=folded) | Q(folded_text__contains=folded))
    if category:
        clubs = clubs.filter(categories__slug=category)
    if town:
        clubs = clubs.filter(town__iexact=town)
    return clubs.distinct().order_by("name")


def club_towns() -> list[str]:
    return list(Club.objects.live().order_by("town").values_list("town", flat=True).distinct())


def subdomain_is_free(slug: str) -> bool:
    """Neither a club nor an open registration (pending, or failed and waiting for a retry) has it."""
    from .constants import RegistrationStatus
    from .models import ClubRegistration

    taken = (
        Club.objects.filter(slug=slug).exists()
        or ClubRegistration.objects.filter(
            subdomain=slug, status__in=[RegistrationStatus.PENDING, RegistrationStatus.FAILED]
        ).exists()
    )
    return not taken


def club_directory_get(*, slug: str) -> Club | None:
    """A live club for the portal's directory detail page, with what the page shows."""
    return Club.objects.live().filter(slug=slug).prefetch_related("categories", "domains", "board_members").first()


def club_fresh(*, club: Club) -> Club:
    """The club as stored now; `request.tenant` is the middleware's cached copy."""
    return Club.objects.prefetch_related("categories", "board_members").get(pk=club.pk)


def portal_operator() -> Club | None:
    """The platform's own profile (the portal tenant): who runs Heldenhelfer, for its legal pages."""
    return Club.objects.filter(kind=ClubKind.PORTAL).prefetch_related("board_members").first()


def category_list() -> QuerySet[Category]:
    return Category.objects.all()
