"""Reads of the listings index: faceted search, the event calendar, feeds and the open-data API.

Every read starts from `visible_listings()`: rows of active clubs that went live only, so a
deactivated club vanishes at once even if its rows were not rewritten yet, and a club that is not
live yet never shows. Full-text search uses PostgreSQL's
German configuration (stemming: "Jugendliche" → jugend, "Kinder" → kind) with prefix matching
(`jugend:*` finds "Jugendarbeit", `kind:*` finds "Kinderturnen"); typos are corrected from the
index's own vocabulary, and pg_trgm's similarity is added where the server ships the extension.

One module per topic; this package re-exports every name, so `sites.portal.selectors.x` keeps
working. Flags and memos (`USE_ENGINE`, the index version) live in their module (`search`, `cache`):
set them there.
"""

from .cache import (
    SEARCH_CACHE_SECONDS,
    SEARCH_FRAGMENT_SECONDS,
    _index_version,
    _search_cache,
    _search_key,
    _version_memo,
    listings_changed,
    request_finished,
    request_started,
    search_fragment_get,
    search_fragment_key,
    search_fragment_set,
    search_page_key,
)
from .clubs import club_listings, club_public_by_slug, clubs_public
from .engine import _engine_search
from .events import events_between, feed_events, feed_news
from .filters import (
    ListingFilters,
    _apply_filters,
    _distance_sql,
    date_bounds,
    place_centre,
    radius_box,
    unknown_place_note,
    visible_listings,
    without_nul,
)
from .json_ld import (
    _page_url,
    _postal_address,
    club_organization_ld,
    club_page_json_ld,
    opportunity_job_posting_ld,
    page_breadcrumbs_ld,
)
from .results import _LIST_FIELDS, SearchResult, _facet_spec, _facets_from, _rows_in_order
from .search import USE_ENGINE, _listing_search, listing_search, listings_new_since
from .sql import _date_window, _search_window, _sql_search
from .towns import TownCount, town_counts_of_clubs, town_counts_of_listings, town_counts_of_search
from .words import _WORD, _stem, _tsquery, _vocabulary, correct_words, query_words, trigram_available

__all__ = [
    "without_nul",
    "visible_listings",
    "ListingFilters",
    "place_centre",
    "_distance_sql",
    "radius_box",
    "unknown_place_note",
    "date_bounds",
    "_apply_filters",
    "_WORD",
    "query_words",
    "_tsquery",
    "trigram_available",
    "_vocabulary",
    "_stem",
    "correct_words",
    "_LIST_FIELDS",
    "SearchResult",
    "_facet_spec",
    "_facets_from",
    "_rows_in_order",
    "SEARCH_CACHE_SECONDS",
    "_version_memo",
    "_search_cache",
    "listings_changed",
    "request_started",
    "request_finished",
    "_search_key",
    "SEARCH_FRAGMENT_SECONDS",
    "search_fragment_key",
    "search_page_key",
    "search_fragment_get",
    "search_fragment_set",
    "_index_version",
    "_search_window",
    "_date_window",
    "_sql_search",
    "_engine_search",
    "listing_search",
    "USE_ENGINE",
    "_listing_search",
    "listings_new_since",
    "events_between",
    "feed_events",
    "feed_news",
    "club_listings",
    "clubs_public",
    "club_public_by_slug",
    "_postal_address",
    "club_organization_ld",
    "_page_url",
    "page_breadcrumbs_ld",
    "opportunity_job_posting_ld",
    "club_page_json_ld",
    "TownCount",
    "town_counts_of_clubs",
    "town_counts_of_listings",
    "town_counts_of_search",
]
