"""Full-page cache for anonymous visitors of the club sites and the portal, correct per club.

A cache hit costs the tenant lookup (cached per process, cms/middleware.py) and one `get_many`
on the cache: no database query, no template. What is stored and served:

* only GET/HEAD requests without a session cookie, a messages cookie or an Authorization header,
  so signed-in editors, staff and visitors with a pending message always get a fresh page;
* only 200 responses that set no cookie, did not use the CSRF token (every page with a form
  renders `{% csrf_token %}`, so form pages are never stored), are not marked private/no-store
  and are not streamed;
* under a key of the schema, the host, the language the LocaleMiddleware chose and the full path
  (query string included), plus two generation numbers (one of the schema and one of the
  platform) and the schema's version in PostgreSQL's change log (cms/tenant_hosts.py). Purging
  bumps a generation in this cache and logs a change of the schema, so stale entries are never
  found again and expire: at once in this process (and in all, with Redis), within
  HH_TENANT_CACHE_SECONDS in other processes with their own local-memory cache.

Purged on publish, unpublish, move and delete of a page (Wagtail signals, in whichever schema
the page lives), on a save of any site setting (theme, colours, contact, footer), of a page's
view restriction, of a Wagtail site, of a club's profile or domain, and of a crisis (the banner
shows on every host). A club's publish
purges the portal too: its listings show the club's pages.

Fragments of pages (`{% page_fragment %}`, cms/templatetags/heldenhelfer.py: head, header,
footer, the home's sections) are stored in the same alias under the same generations, so they
are purged with the pages; they serve every visitor (also signed-in ones and pages with forms),
because they hold nothing personal.

Each stored page keeps its ETag and, when large enough, a gzip copy: hits answer a conditional
GET with 304 and gzip-accepting browsers without hashing or compressing (cms/http_caching.py
adds Cache-Control; cms/frontend_cache.py purges a reverse proxy with every purge here).

The cache alias is `pages` (cms/settings/base.py). Its keys carry the schema name themselves
(tenancy rule 7) instead of taking it from the connection, because a purge runs in whichever
schema the signal fires in. With the local-memory backend every process has its own cache; the
change log tells the others within HH_TENANT_CACHE_SECONDS (docs/operations.md: Redis still
shares one copy of each page between processes). `HH_PAGE_CACHE_SECONDS=0` switches
the cache off (the test settings do; tests of the cache switch it on).
"""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from django_tenants.utils import get_public_schema_name

from cms import frontend_cache, http_caching

ALIAS = "pages"
GLOBAL = "*"
_SKIPPED_HEADERS = {"set-cookie", "content-length"}


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Cache key function of the `pages` alias: the key already names its schema."""
    return f"{key_prefix}:{version}:{key}"


def _cache():
    return caches[ALIAS]


def _seconds() -> int:
    return int(getattr(settings, "HH_PAGE_CACHE_SECONDS", 0) or 0)


def _generation_key(schema: str) -> str:
    return f"pagecache:gen:{schema}"


def page_cache_purge(*, schema: str | None = None) -> None:
    """Forget every cached page of `schema` (the current one by default); GLOBAL: of all hosts."""
    from cms import tenant_hosts

    schema = schema or connection.schema_name
    key = _generation_key(schema)
    cache = _cache()
    # A new random generation, not incr(): incr on a missing key fails, and a re-created key
    # starting again at 1 could revive old entries.
    cache.set(key, os.urandom(6).hex(), None)
    # Once more after the commit: with Redis, another instance that renders the page between
    # this purge and the commit reads the old rows and stores them under the new generation
    # (tests/cms/test_multi_instance.py saw that page for up to HH_TENANT_CACHE_SECONDS).
    transaction.on_commit(lambda: cache.set(key, os.urandom(6).hex(), None))
    # And in PostgreSQL's change log, committed with the change: every other process (own
    # local-memory cache, no Redis) stops using the old entries within HH_TENANT_CACHE_SECONDS.
    tenant_hosts.record_change(tenant_hosts.EVERYTHING if schema == GLOBAL else schema)
    # And a reverse proxy in front, when one is configured (after the commit).
    frontend_cache.purge_later(schema)


def page_cache_purge_all() -> None:
    """Forget every cached page of every host (e.g. a crisis banner appears on all of them)."""
    page_cache_purge(schema=GLOBAL)


def _schema_of(request) -> str:
    return getattr(getattr(request, "tenant", None), "schema_name", None) or get_public_schema_name()


def generations(request) -> tuple[str, str, str]:
    """The generations of the request's schema and of all hosts in this cache, and the schema's
    version in PostgreSQL's change log (cms/tenant_hosts.py: moves in every process within
    HH_TENANT_CACHE_SECONDS after a purge anywhere); read once per request."""

    from cms import tenant_hosts

    memo = getattr(request, "_page_cache_generations", None)
    if memo is None:
        schema = _schema_of(request)
        keys = [_generation_key(schema), _generation_key(GLOBAL)]
        found = _cache().get_many(keys)
        logged = ".".join(map(str, tenant_hosts.schema_version(schema))) if tenant_hosts.interval() else ""
        memo = request._page_cache_generations = (found.get(keys[0], "0"), found.get(keys[1], "0"), logged)
    return memo


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


# --- purging on changes -------------------------------------------------------------------------


def _purge_current_and_portal(**kwargs) -> None:
    schema = connection.schema_name
    page_cache_purge(schema=schema)
    if schema != get_public_schema_name():
        page_cache_purge(schema=get_public_schema_name())


def _purge_on_settings_change(created=False, **kwargs) -> None:
    # Wagtail creates a site's settings row with its defaults on first read, mid-request: the
    # page being rendered already shows those defaults, so a creation changes nothing.
    if not created:
        _purge_current_and_portal()


def connect_signals() -> None:
    """Called from CmsConfig.ready()."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    uid = "cms.page_cache"
    page_published.connect(_purge_current_and_portal, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_purge_current_and_portal, dispatch_uid=f"{uid}.unpublished")
    page_slug_changed.connect(_purge_current_and_portal, dispatch_uid=f"{uid}.slug")
    post_page_move.connect(_purge_current_and_portal, dispatch_uid=f"{uid}.moved")
    for model in apps.get_models():
        if issubclass(model, Page | BaseSiteSetting | BaseGenericSetting):
            if issubclass(model, BaseSiteSetting | BaseGenericSetting):
                post_save.connect(
                    _purge_on_settings_change, sender=model, dispatch_uid=f"{uid}.save.{model._meta.label}"
                )
            post_delete.connect(_purge_current_and_portal, sender=model, dispatch_uid=f"{uid}.del.{model._meta.label}")
    # A new view restriction (password, sign-in) must not leave the page readable from the cache;
    # a changed Wagtail site (host, root page) changes what every page of the schema shows.
    for label in ("wagtailcore.PageViewRestriction", "wagtailcore.Site"):
        model = apps.get_model(label)
        post_save.connect(_purge_current_and_portal, sender=model, dispatch_uid=f"{uid}.save.{label}")
        post_delete.connect(_purge_current_and_portal, sender=model, dispatch_uid=f"{uid}.del.{label}")
    # Models of the domain apps (clubs, domains, crises) register their own triggers:
    # cms.tenancy.hooks.purge_on_change, called from their AppConfig.ready().
