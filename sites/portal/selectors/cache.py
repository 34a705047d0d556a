"""Cached searches and the search page: keys carry the index version, read once per request."""

import threading

from django.core.cache import caches

from .filters import ListingFilters

# Search results are cached briefly, keyed by the filters and the version of the index PostgreSQL
# keeps (`search_engine.stored_version`: a trigger bumps it with every write to the listings, and
# it commits with them), so a publish or a deactivation shows at once in every process, also
# without a shared cache. The version is read once per request. The `pages` cache alias is used
# because its keys are schema-independent (the default alias prefixes keys with the current
# schema, and writes come from club schemas, reads from the portal's).
SEARCH_CACHE_SECONDS = 120
_version_memo = threading.local()


def _search_cache():
    return caches["pages"]


def listings_changed() -> None:
    """The index changed in a way its rows do not show (cached searches are stale from the commit on)."""
    from sites.portal.search_engine import bump_version

    bump_version()
    _version_memo.version = None


def request_started(**kwargs) -> None:
    """Signal receivers (PortalConfig.ready): the index version is memoised for one request only."""
    _version_memo.in_request, _version_memo.version = True, None


def request_finished(**kwargs) -> None:
    _version_memo.in_request, _version_memo.version = False, None


def _search_key(filters: ListingFilters, page: int, page_size: int, facets: bool) -> str:
    import hashlib
    import json

    from django.utils.translation import get_language

    version = _index_version()
    raw = json.dumps([filters.as_dict(), page, page_size, facets, get_language(), version], sort_keys=True)
    return "portal-search:" + hashlib.sha256(raw.encode()).hexdigest()


SEARCH_FRAGMENT_SECONDS = SEARCH_CACHE_SECONDS


def search_fragment_key(params) -> str:
    """Cache key of the rendered search body for a query string (a QueryDict), or "" not to cache.

    Keyed like the results: the parameters (order-independent), the language and the index
    version, so a publish or a deactivation shows at once.
    """
    import hashlib
    import json

    from django.utils.translation import get_language

    from cms.public_urls import current_origin

    items = sorted((key, sorted(values)) for key, values in params.lists())
    raw = json.dumps(items, ensure_ascii=True)
    if len(raw) > 4000:  # odd, long input: render it, but don't fill the cache with it
        return ""
    version = _index_version()
    # The cards link to the clubs' hosts with the scheme and port in use (cms.public_urls).
    origin = current_origin()
    digest = hashlib.sha256(f"{raw}|{get_language()}|{version}|{origin.scheme}:{origin.port}".encode()).hexdigest()
    return "portal-search-html:" + digest


def search_page_key(request) -> str:
    """Cache key of the whole rendered search page, or "" not to cache (see views.engagement_search).

    The search body's key plus the host and the generations of the full-page cache
    (cms.tenancy.page_cache), which a change of the portal's settings, theme or a crisis banner bumps.
    """

    from cms.tenancy.page_cache import generations

    body_key = search_fragment_key(request.GET)
    if not body_key:
        return ""
    return f"portal-search-page:{body_key}:{request.get_host().lower()}:{':'.join(generations(request))}"


def search_fragment_get(key: str) -> str | None:
    return _search_cache().get(key)


def search_fragment_set(key: str, html: str) -> None:
    _search_cache().set(key, html, SEARCH_FRAGMENT_SECONDS)


def _index_version() -> int:
    """The index's version as PostgreSQL keeps it; read once per request."""
    from sites.portal.search_engine import stored_version

    version = getattr(_version_memo, "version", None)
    if version is None:
        version = stored_version()
        if getattr(_version_memo, "in_request", False):
            _version_memo.version = version
    return version
