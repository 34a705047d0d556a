"""One way to invalidate: a generation per schema (and per host name) in the shared cache.

Every cached thing that depends on a club's data is keyed on, or stamped with, the *generation*
of its schema: a random value under `gen:<schema>` in the cache alias `pages` — Redis in
production, so every instance and worker reads the same value; the process's memory in
single-process development and tests. `gen:*` belongs to every host (a crisis banner), and
`gen:host:<name>` to one host name (a new domain must be found even where the name was known as
unknown). A change bumps the generations it touches (`purge`, `purge_host`): entries under the
old value are never found again and expire; process-memory copies (host → club, the host's
Wagtail site, locale and view-restriction memos, cms/tenancy/hosts.py, cms/tenancy/schema_caches.py)
compare their stamp on use and are dropped. What purges what: docs/architecture.md, "Which change
purges which cache"; the triggers are registered in `connect_signals` below (Wagtail's models) and
by the domain apps through cms/tenancy/hooks.py.

No PostgreSQL trigger, no change log, no polling, no row lock on the write path: a bump is one
cache write, made once right away and once more after the transaction commits (an instance that
renders between the first bump and the commit reads the old rows and stores them under the new
generation; the second bump drops that). A missing generation (Redis evicted it, a fresh cache)
is created with `add` and read back, never read as a constant that old entries might carry.

A request reads the generations it needs once (`stamp`), in one `get_many` together with its
host's (cms/tenancy/hosts.py); they are kept for the rest of the request on its thread, and a bump
made by the request itself updates them.
"""

from __future__ import annotations

import os
import threading

from django.core.cache import caches
from django.db import transaction

ALIAS = "pages"
EVERY_SCHEMA = "*"

_request = threading.local()  # .generations: scope → value read during the current request


def _cache():
    return caches[ALIAS]


def _key(scope: str) -> str:
    return f"gen:{scope}"


def host_scope(hostname: str) -> str:
    return f"host:{hostname.lower()}"


def _new() -> str:
    # Random, not a counter: incr() fails on a missing key, and a re-created counter starting
    # again at 1 could revive old entries.
    return os.urandom(6).hex()


# --- reading --------------------------------------------------------------------------------------


def begin_request() -> None:
    """A request starts on this thread: generations are read afresh (cms/tenancy/middleware.py)."""
    _request.generations = {}


def end_request(**kwargs) -> None:
    _request.__dict__.pop("generations", None)


def read(*scopes: str) -> tuple[str, ...]:
    """The current generations of `scopes`, in one round trip for those not yet read in this request."""
    memo = getattr(_request, "generations", None)
    wanted = [scope for scope in scopes if memo is None or scope not in memo]
    if wanted:
        cache = _cache()
        keys = {_key(scope): scope for scope in wanted}
        found = cache.get_many(list(keys))
        for key in keys.keys() - found.keys():
            cache.add(key, _new(), None)  # another process may add first: read back what won
        if len(found) < len(keys):
            found.update(cache.get_many([key for key in keys if key not in found]))
        values = {scope: found.get(key, "") for key, scope in keys.items()}
        if memo is None:
            return tuple(values[scope] for scope in scopes)
        memo.update(values)
    return tuple(memo[scope] for scope in scopes)


def stamp(schema: str) -> tuple[str, str]:
    """What a cached value of `schema` is valid for: its generation and every host's."""
    return read(schema, EVERY_SCHEMA)


# --- bumping --------------------------------------------------------------------------------------


def _bump(scopes: list[str]) -> None:
    cache = _cache()
    values = {scope: _new() for scope in scopes}
    cache.set_many({_key(scope): value for scope, value in values.items()}, None)
    memo = getattr(_request, "generations", None)
    if memo is not None:
        memo.update(values)

    def again() -> None:
        cache.set_many({_key(scope): _new() for scope in scopes}, None)
        memo = getattr(_request, "generations", None)
        if memo is not None:
            for scope in scopes:
                memo.pop(scope, None)

    transaction.on_commit(again)


def purge(schema: str) -> None:
    """Everything cached for `schema` (EVERY_SCHEMA: for every host) is stale from now on: pages,
    fragments, shared objects, the process-memory copies; and a reverse proxy is told after the
    commit (cms/frontend_cache.py)."""
    from cms import frontend_cache

    _bump([schema])
    frontend_cache.purge_later(schema)


def purge_host(hostname: str) -> None:
    """What the process-memory host map knows about `hostname` is stale (a new or changed domain)."""
    _bump([host_scope(hostname)])


# --- what Wagtail's models change ------------------------------------------------------------------


def _schema_and_portal(**kwargs) -> None:
    from django.db import connection

    from django_tenants.utils import get_public_schema_name

    schema = connection.schema_name
    purge(schema)
    if schema != get_public_schema_name():
        purge(get_public_schema_name())  # the portal lists the clubs' pages


def _settings_saved(created=False, **kwargs) -> None:
    # Wagtail creates a site's settings row with its defaults on first read, mid-request: the
    # page being rendered already shows those defaults, so a creation changes nothing.
    if not created:
        _schema_and_portal()


def connect_signals() -> None:
    """Called from CmsConfig.ready(): Wagtail's own models. The domain apps register theirs
    (cms/tenancy/hooks.py: clubs, domains, crises)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    uid = "cms.tenancy.invalidation"
    page_published.connect(_schema_and_portal, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_schema_and_portal, dispatch_uid=f"{uid}.unpublished")
    page_slug_changed.connect(_schema_and_portal, dispatch_uid=f"{uid}.slug")
    post_page_move.connect(_schema_and_portal, dispatch_uid=f"{uid}.moved")
    for model in apps.get_models():
        if issubclass(model, Page | BaseSiteSetting | BaseGenericSetting):
            label = model._meta.label
            if issubclass(model, BaseSiteSetting | BaseGenericSetting):
                post_save.connect(_settings_saved, sender=model, dispatch_uid=f"{uid}.save.{label}")
            post_delete.connect(_schema_and_portal, sender=model, dispatch_uid=f"{uid}.del.{label}")
    # A view restriction (password, sign-in) must not leave a page readable from a cache; a Wagtail
    # site (host, root page) and a locale change what every page of the schema shows.
    for model in (PageViewRestriction, Site, Locale):
        label = model._meta.label
        post_save.connect(_schema_and_portal, sender=model, dispatch_uid=f"{uid}.save.{label}")
        post_delete.connect(_schema_and_portal, sender=model, dispatch_uid=f"{uid}.del.{label}")
