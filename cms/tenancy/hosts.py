"""Host → club (and the club's Wagtail site), kept in memory per process, checked on every use.

Every request needs to know which club a Host header belongs to, and every page needs the
Wagtail site of that host. Both are one query each; with 2,000 clubs a cache that simply
expires entries after a few seconds misses on most requests (each host comes round less often
than the entries live), so the cost grew with the number of clubs. Here entries live until
their club, domain or site changes: each entry carries the stamp it was read under — the
generations of its host name, its schema and of every host (cms/tenancy/invalidation.py, one
`get_many` per request in the shared cache) — and is used only while they are unchanged. A
change made by any instance shows on the next request of every instance.

Hosts nobody serves are remembered too (a flood of made-up Host headers must not become a
flood of queries); the whole map is bounded (`MAX_HOSTS`) and starts afresh when full.

Thread safety (gunicorn's threaded workers): `remember` compares the generations read before the
database lookup with those read after it and keeps nothing when they moved, so a lookup that
raced a change is never served after it. `HH_PROCESS_CACHES=false` switches the map (and the
schema memos of cms/tenancy/schema_caches.py) off: for a server that another process changes without a
shared cache (the browser tests).
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cms.prepared_queries import PreparedQuery
from cms.tenancy import invalidation

MAX_HOSTS = 20_000
UNKNOWN = object()  # marks a host that serves no club (or a deactivated one)
_NO_SCHEMA = "-"


@dataclass
class HostEntry:
    schema: str  # the club's schema ("" for an unknown host)
    tenant: object  # the club, or UNKNOWN
    stamp: tuple  # generations of (host, schema, every host) the entry was read under
    sites: dict = field(default_factory=dict)  # (raw host name, port) → its Wagtail site (None: no site)
    root_models: dict = field(default_factory=dict)  # (raw host name, port) → page class of the site's root


_lock = threading.Lock()
_entries: dict[str, HostEntry] = {}


def enabled() -> bool:
    return bool(getattr(settings, "HH_PROCESS_CACHES", True))


def _stamp(hostname: str, schema: str) -> tuple[str, str, str]:
    return invalidation.read(invalidation.host_scope(hostname), schema or _NO_SCHEMA, invalidation.EVERY_SCHEMA)


def forget() -> None:
    """Drop every host this process knows (tests; the generations make it unnecessary otherwise)."""
    with _lock:
        _entries.clear()


def lookup(hostname: str) -> tuple[HostEntry | None, tuple]:
    """The entry of `hostname` while its stamp is current (else None), and what to pass to
    `remember` after looking the host up in the database."""
    if not enabled():
        return None, ()
    entry = _entries.get(hostname)
    if entry is not None:
        if entry.stamp == _stamp(hostname, entry.schema):
            return entry, ()
        with _lock:
            if _entries.get(hostname) is entry:
                del _entries[hostname]
    host, everything = invalidation.read(invalidation.host_scope(hostname), invalidation.EVERY_SCHEMA)
    return None, (host, everything)


def remember(hostname: str, tenant, before: tuple) -> HostEntry | None:
    """Keep `tenant` (or UNKNOWN) for `hostname`, read from the database after `lookup` handed
    out `before`; nothing is kept when the host's or every host's generation moved meanwhile."""
    if not enabled() or not before:
        return None
    schema = getattr(tenant, "schema_name", "") if tenant is not UNKNOWN else ""
    stamp = _stamp(hostname, schema)
    if (stamp[0], stamp[2]) != before:
        return None  # changed while it was looked up: the next request looks again
    entry = HostEntry(schema=schema, tenant=copy.copy(tenant) if tenant is not UNKNOWN else UNKNOWN, stamp=stamp)
    with _lock:
        if len(_entries) >= MAX_HOSTS:
            _entries.clear()
        _entries[hostname] = entry
    return entry


def remember_site(entry: HostEntry | None, port: tuple, site) -> None:
    """Keep the Wagtail site Wagtail found for the entry's host on `port` (None: none)."""
    if entry is None:
        return
    if site is not None:
        root = site._state.fields_cache.get("root_page")
        if root is not None:
            try:
                entry.root_models[port] = root.specific_class
            except Exception:  # noqa: BLE001 - an odd content type: Wagtail routes as usual
                entry.root_models.pop(port, None)
        # Without the root page Wagtail selected with it: pages change with every publish.
        site = copy.copy(site)
        site._state.fields_cache = {}
    entry.sites[port] = site


def tenant_of(entry: HostEntry):
    """A copy of the entry's club: a form bound to request.tenant must never change what other requests see."""
    return copy.copy(entry.tenant)


def site_of(entry: HostEntry, port: tuple, *, shared_for=None):
    """(True, a copy of the site) when known for `port` (raw host name, port), else (False, None).

    `shared_for`: a reading request to the site's pages (never the admin or a write); its root
    page may then come from the page cache's object store (purged like the pages)."""
    if port not in entry.sites:
        return False, None
    site = entry.sites[port]
    if site is None:
        return True, None
    site = copy.copy(site)
    root_model = entry.root_models.get(port)
    if root_model is not None:
        # Wagtail routes from `site.root_page.localized.specific`: the root page of its own class
        # in one query when first used (not a base page and then its specific row: two).
        root_id = site.root_page_id
        # A root page class may name what its template always shows (the club home's hero image).
        related = tuple(getattr(root_model, "routing_select_related", ()))

        query = _root_query(root_model, related)

        def load():
            rows = query(pk=root_id)
            if not rows:
                raise root_model.DoesNotExist(f"{root_model.__name__} {root_id} does not exist")
            return rows[0]

        if shared_for is not None:
            from cms.tenancy import page_cache

            site._state.fields_cache["root_page"] = SimpleLazyObject(
                lambda: page_cache.cached_object(shared_for, f"root:{root_id}", load)
            )
        else:
            site._state.fields_cache["root_page"] = SimpleLazyObject(load)
    return True, site


_root_queries: dict = {}


def _root_query(root_model, related: tuple):
    """The site's root page by id, of its own class with `related`: a query compiled once per
    process (cms/prepared_queries.py; building and compiling it cost more than running it)."""
    query = _root_queries.get((root_model, related))
    if query is None:
        query = PreparedQuery(lambda pk: root_model._base_manager.select_related(*related).filter(pk=pk), pk=int)
        _root_queries[(root_model, related)] = query
    return query
