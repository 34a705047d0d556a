"""How many clubs, events or entries each town holds, for the "Nach Ort" section (map and list)
of the directory, the event calendar and the search.

The counts are those of the page's current search WITHOUT its place filter (as a facet counts):
a visitor who searched "Chor" sees where the choirs are and narrows to one town with one click,
and a town picked already still shows its neighbours. One query (or bitmap pass of the search
engine) per page; the pages cache the result with themselves (cms/tenancy/page_cache.py and the search's
fragment cache, both purged or re-keyed with every change of the listings).

Where a town lies comes from the region's postal-code centroids (`constants.POSTAL_CODE_CENTROIDS`),
which the listings carry as coordinates: a town without a known postal code is listed, not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Avg, Count, QuerySet

from sites.clubs.models import Club
from sites.portal.constants import POSTAL_CODE_CENTROIDS
from sites.portal.models import Listing

from .filters import ListingFilters, _apply_filters, visible_listings
from .words import _tsquery, query_words


@dataclass(frozen=True)
class TownCount:
    town: str
    count: int
    position: tuple[float, float] | None = None  # (latitude, longitude)


def _merged(rows) -> list[TownCount]:
    """Rows (town, count, (lat, lon) or None) merged case-insensitively ("musterstadt" and
    "Musterstadt" are one town, as the filters treat them), the busiest spelling named, sorted
    by town name (German collation: Ä with A)."""
    towns: dict[str, dict] = {}
    for town, count, position in rows:
        town = (town or "").strip()
        if not town or not count:
            continue
        entry = towns.setdefault(town.casefold(), {"names": {}, "count": 0, "lat": 0.0, "lon": 0.0, "weight": 0})
        entry["names"][town] = entry["names"].get(town, 0) + count
        entry["count"] += count
        if position is not None:
            entry["lat"] += position[0] * count
            entry["lon"] += position[1] * count
            entry["weight"] += count
    merged = [
        TownCount(
            # The busiest spelling; on a tie the capitalised one ("Musterstadt", not "musterstadt").
            town=max(entry["names"].items(), key=lambda item: (item[1], item[0][:1].isupper(), item[0]))[0],
            count=entry["count"],
            position=(entry["lat"] / entry["weight"], entry["lon"] / entry["weight"]) if entry["weight"] else None,
        )
        for entry in towns.values()
    ]
    return sorted(merged, key=lambda t: (_sort_key(t.town), t.town))


def _sort_key(town: str) -> str:
    return town.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))


def _without_place(filters: ListingFilters) -> ListingFilters:
    return replace(filters, place="", radius_km=None)


def _listing_town_rows(queryset: QuerySet[Listing]) -> list[tuple]:
    rows = (
        queryset.order_by()
        .values("town")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
        .values_list("town", "n", "lat", "lon")
    )
    return [(town, n, (lat, lon) if lat is not None else None) for town, n, lat, lon in rows]


def town_counts_of_listings(queryset: QuerySet[Listing]) -> list[TownCount]:
    """Rows of a listings queryset (e.g. the calendar's events, without the place filter) per town."""
    return _merged(_listing_town_rows(queryset))


def town_counts_of_search(*, filters: ListingFilters) -> list[TownCount]:
    """Matches of the search page's search per town, the place filter left out; counted by the
    search engine where the search itself is (same matches), else by one SQL aggregate."""
    from sites.portal.search_engine import SqlOnly

    from . import search

    filters = _without_place(filters)
    if search.USE_ENGINE:
        from .engine import _engine_town_counts

        try:
            return _merged(_engine_town_counts(filters=filters))
        except SqlOnly:
            pass
    queryset = _apply_filters(visible_listings(), filters, [])
    if (search_query := _tsquery(query_words(filters.q))) is not None:
        queryset = queryset.filter(search_vector=search_query)
    return _merged(_listing_town_rows(queryset))


def town_counts_of_clubs(clubs: QuerySet[Club]) -> list[TownCount]:
    """Clubs of the directory's search (without its town filter) per town; one query."""
    rows = (
        clubs.order_by()
        .values("town", "postal_code")
        .annotate(n=Count("pk", distinct=True))
        .values_list("town", "postal_code", "n")
    )
    return _merged((town, n, POSTAL_CODE_CENTROIDS.get((plz or "").strip())) for town, plz, n in rows)
