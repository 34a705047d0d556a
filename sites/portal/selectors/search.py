"""The search entry point: cached, engine first, SQL for what the engine leaves; new matches since."""

from datetime import datetime

from sites.portal.constants import PAGE_SIZE
from sites.portal.models import Listing

from .cache import SEARCH_CACHE_SECONDS, _search_cache, _search_key
from .engine import _engine_search
from .filters import ListingFilters, _apply_filters, visible_listings
from .results import SearchResult
from .sql import _sql_search
from .words import _tsquery, query_words


def listing_search(
    *, filters: ListingFilters, page: int = 1, page_size: int = PAGE_SIZE, facets: bool = True
) -> SearchResult:
    """One page of results with facet counts; never raises on odd input (filters are pre-parsed)."""
    key = _search_key(filters, page, page_size, facets)
    result = _search_cache().get(key)
    if result is None:
        result = _listing_search(filters=filters, page=page, page_size=page_size, facets=facets)
        _search_cache().set(key, result, SEARCH_CACHE_SECONDS)
    return result


# The in-memory engine (sites.portal.search_engine) answers searches; the SQL path below stays for
# what it leaves (typo search with pg_trgm) and as the reference the engine is tested against.
USE_ENGINE = True


def _listing_search(*, filters: ListingFilters, page: int, page_size: int, facets: bool) -> SearchResult:
    if USE_ENGINE:
        from sites.portal.search_engine import SqlOnly

        try:
            return _engine_search(filters=filters, page=page, page_size=page_size, facets=facets)
        except SqlOnly:
            pass
    return _sql_search(filters=filters, page=page, page_size=page_size, facets=facets)


def listings_new_since(*, filters: ListingFilters, since: datetime, limit: int = 20) -> list[Listing]:
    """Matches first seen after `since` (for the "notify me" e-mails)."""
    notes: list[str] = []
    queryset = _apply_filters(visible_listings(), filters, notes).filter(first_seen_at__gt=since)
    if (search_query := _tsquery(query_words(filters.q))) is not None:
        queryset = queryset.filter(search_vector=search_query)
    return list(queryset.select_related("club").order_by("-first_seen_at")[:limit])
