"""Public clubs: the directory's clubs, one by slug, a club's listings."""

from django.db.models import Case, F, QuerySet, When

from cms.constants import ListingKind
from sites.clubs.models import Club
from sites.portal.models import Listing

from .filters import ListingFilters, _apply_filters, visible_listings, without_nul


def club_listings(*, club: Club, limit: int = 50) -> dict[str, list[Listing]]:
    """A club's current listings grouped by kind, for its entry in the club directory."""
    queryset = _apply_filters(visible_listings().filter(club=club), ListingFilters(), [])
    queryset = queryset.exclude(kind=ListingKind.CLUB)
    event_start = Case(When(kind=ListingKind.EVENT, then=F("starts_at")), default=None)
    grouped: dict[str, list[Listing]] = {}
    for listing in queryset.order_by(event_start.asc(nulls_last=True), "-first_seen_at")[:limit]:
        grouped.setdefault(listing.kind, []).append(listing)
    return grouped


def clubs_public() -> QuerySet[Club]:
    return Club.objects.live()


def club_public_by_slug(slug: str) -> Club | None:
    return clubs_public().filter(slug=without_nul(slug)).first()
