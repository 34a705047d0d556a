"""Full-page cache for anonymous visitors of the club sites and the portal, correct per club.

A cache hit costs the tenant lookup (cached per process, cms/tenancy/middleware.py) and one `get_many`
on the cache: no database query, no template. What is stored and served:

* only GET/HEAD requests without a session cookie, a messages cookie or an Authorization header,
  so signed-in editors, staff and visitors with a pending message always get a fresh page;
* only 200 responses that set no cookie, did not use the CSRF token (every page with a form
  renders `{% csrf_token %}`, so form pages are never stored), are not marked private/no-store
  and are not streamed;
* under a key of the schema, the host, the language the LocaleMiddleware chose and the full path
  (query string included), plus the generations of the schema and of every host
  (cms/tenancy/invalidation.py: one way to invalidate, shared by every instance through Redis).
  A purge bumps a generation, so stale entries are never found again and expire.

What purges what is registered in one place (cms/tenancy/invalidation.py for Wagtail's models,
cms/tenancy/hooks.py for the domain apps' clubs, domains and crises) and listed in
docs/architecture.md ("Which change purges which cache").

Fragments of pages (`{% page_fragment %}`, cms/templatetags/heldenhelfer.py: head, header,
footer, the home's sections) are stored in the same alias under the same generations, so they
are purged with the pages; they serve every visitor (also signed-in ones and pages with forms),
because they hold nothing personal.

Each stored page keeps its ETag and, when large enough, a gzip copy: hits answer a conditional
GET with 304 and gzip-accepting browsers without hashing or compressing (cms/http_caching.py
adds Cache-Control; cms/frontend_cache.py purges a reverse proxy with every purge here).

The cache alias is `pages` (cms/settings/base.py). Its keys carry the schema name themselves
(tenancy rule 7) instead of taking it from the connection, because a purge runs in whichever
schema the signal fires in. With the local-memory backend every process has its own cache and
its own generations: one process only (development); more than one needs Redis
(docs/operations.md). `HH_PAGE_CACHE_SECONDS=0` switches the cache off (the test settings do;
tests of the cache switch it on).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from django_tenants.utils import get_public_schema_name

from cms import http_caching
from cms.tenancy import invalidation

ALIAS = "pages"
GLOBAL = invalidation.EVERY_SCHEMA
_SKIPPED_HEADERS = {"set-cookie", "content-length"}


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Cache key function of the `pages` alias: the key already names its schema."""
    return f"{key_prefix}:{version}:{key}"


def _cache():
    return caches[ALIAS]


def _seconds() -> int:
    return int(getattr(settings, "HH_PAGE_CACHE_SECONDS", 0) or 0)


def page_cache_purge(*, schema: str | None = None) -> None:
    """Forget every cached page of `schema` (the current one by default); GLOBAL: of all hosts."""
    invalidation.purge(schema or connection.schema_name)


def page_cache_purge_all() -> None:
    """Forget every cached page of every host (e.g. a crisis banner appears on all of them)."""
    page_cache_purge(schema=GLOBAL)


def _schema_of(request) -> str:
    return getattr(getattr(request, "tenant", None), "schema_name", None) or get_public_schema_name()


def generations(request) -> tuple[str, str]:
    """The generations of the request's schema and of all hosts (read once per request, together
    with the host's, cms/tenancy/hosts.py)."""
    return invalidation.stamp(_schema_of(request))


def _anonymous(request) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def _page_key(request) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    return _page_part_key(request, "page", f"{request.get_host().lower()}:{language}:{path}")


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "_page_cache_skip", False):
        return False
    # A view that wrote into an anonymous visitor's session: the SessionMiddleware (above this
    # one) is about to set its cookie, so the page is that visitor's.
    if getattr(getattr(request, "session", None), "modified", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return response.get("Content-Type", "").startswith(("text/html", "application/xhtml"))


def page_cache_skip(request) -> None:
    """Mark this request's response as not cacheable (a view that knows it is personal)."""
    request._page_cache_skip = True


class PageCacheMiddleware:
    """Serves and stores anonymous pages; sits right after the LocaleMiddleware (language known)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds()
        if not seconds or request.method not in ("GET", "HEAD") or not _anonymous(request):
            return self.get_response(request)
        cache = _cache()
        key = _page_key(request)
        hit = cache.get(key)
        if hit is not None:
            # The ETag and a gzip copy were stored with the page (cms/http_caching.py answers 304).
            status, headers, content, compressed = (*hit, None)[:4]
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
            if compressed is not None and http_caching.accepts_gzip(request):
                http_caching.use_compressed(response, compressed)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            content = response.content
            if not response.has_header("ETag"):
                response["ETag"] = http_caching.etag_of(content)
            compressed = http_caching.gzip_body(content) if http_caching.compressible(content) else None
            headers = [(name, value) for name, value in response.items() if name.lower() not in _SKIPPED_HEADERS]
            cache.set(key, (response.status_code, headers, content, compressed), seconds)
            if compressed is not None and http_caching.accepts_gzip(request):
                http_caching.use_compressed(response, compressed)
            response["X-Page-Cache"] = "miss"
        return response


# --- fragments of pages -------------------------------------------------------------------------


def fragment_seconds() -> int:
    return int(getattr(settings, "HH_FRAGMENT_CACHE_SECONDS", 0) or 0)


def _page_part_key(request, kind: str, name: str) -> str:
    return f"pagecache:{kind}:{_schema_of(request)}:{':'.join(generations(request))}:{name}"


def fragment_key(request, name: str, parts: tuple) -> str:
    """Key of a fragment of a page: schema, generations, host, language, full path, name and
    whatever else the fragment varies on. Purged with the pages (same generations)."""
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    varies = hashlib.blake2b(repr((request.get_full_path(), parts)).encode(), digest_size=16).hexdigest()
    return _page_part_key(request, "frag", f"{request.get_host().lower()}:{language}:{name}:{varies}")


def kept(key: str, load):
    """The value under `key`, or `load()` kept there for HH_FRAGMENT_CACHE_SECONDS (0: not kept)."""
    seconds = fragment_seconds()
    if not seconds:
        return load()
    value = _cache().get(key)
    if value is None:
        value = load()
        _cache().set(key, value, seconds)
    return value


def cached_object(request, name: str, load):
    """`load()`, kept like a fragment (same generations, same purges): for objects every visitor
    of the request's schema shares (the site's root page)."""
    return kept(_page_part_key(request, "obj", name), load)
