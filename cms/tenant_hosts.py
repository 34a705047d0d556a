"""Host → club (and the club's Wagtail site), kept in memory per process, checked against PostgreSQL.

Every request needs to know which club a Host header belongs to, and every page needs the
Wagtail site of that host. Both are one query each; with 2,000 clubs a cache that simply
expires entries after a few seconds misses on most requests (each host comes round less often
than the entries live), so the cost grew with the number of clubs. Here entries live until
their club, domain or site changes. PostgreSQL keeps a log of such changes (migrations clubs
0004/0005: triggers on clubs and domains; saves of Wagtail sites, locales and view restrictions
log their schema from Python, `record_change`), each under a version number that orders them.
At most once every `HH_TENANT_CACHE_SECONDS` a process reads the changes newer than the version
it has seen (one indexed query, usually empty, whatever the number of hosts) and forgets just
the hosts and schemas they name. A change made by another process shows within that interval;
one made by this process at once (`forget`).

Hosts nobody serves are remembered too (a flood of made-up Host headers must not become a
flood of queries); the whole map is bounded (`MAX_HOSTS`) and starts afresh when full.

Other per-schema memos (cms/schema_caches.py) key their entries on `schema_version(schema)`,
which moves when a change names that schema.

Thread safety (gunicorn's threaded workers): `lookup` hands out the version seen when it began;
`remember` drops an entry when a change newer than that version has named its host or schema
since, so a lookup that raced a change is never served after the change has been noticed.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject

MAX_HOSTS = 20_000
UNKNOWN = object()  # marks a host that serves no club (or a deactivated one)
EVERYTHING = "*"


@dataclass
class HostEntry:
    schema: str  # the club's schema ("" for an unknown host)
    tenant: object  # the club, or UNKNOWN
    sites: dict = field(default_factory=dict)  # (raw host name, port) → its Wagtail site (None: no site)
    root_models: dict = field(default_factory=dict)  # (raw host name, port) → page class of the site's root


_lock = threading.Lock()
_entries: dict[str, HostEntry] = {}
# seen: the newest change applied here; epoch: moves when everything was forgotten;
# changed_at: version of the newest change per schema / host (for remember() and schema_version()).
_state = {"seen": -1, "epoch": 0, "checked": float("-inf")}
_schema_changed: dict[str, int] = {}
_host_changed: dict[str, int] = {}


def interval() -> float:
    return float(getattr(settings, "HH_TENANT_CACHE_SECONDS", 2) or 0)


def stored_version() -> int:
    """The newest change's version as PostgreSQL keeps it (one primary-key read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM public.clubs_host_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def record_change(schema: str) -> None:
    """Log a change of what `schema`'s hosts show (in the caller's transaction; commits with it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.clubs_host_change_record(%s, NULL)", [schema])
    forget()


def forget(everything: bool = False) -> None:
    """Make this process read the changes log on its next lookup (called after changes here);
    `everything`: also drop every host it knows."""
    if everything:
        with _lock:
            _forget_everything(-1)
    _state["checked"] = float("-inf")


def _forget_everything(seen: int) -> None:
    _entries.clear()
    _schema_changed.clear()
    _host_changed.clear()
    _state["epoch"] += 1
    _state["seen"] = seen


def _apply_changes() -> None:
    seen = _state["seen"]
    if seen < 0:  # nothing known yet: start from the newest version
        current = stored_version()
        with _lock:
            _forget_everything(current)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.version, v.pruned_below, c.version, c.schema_name, c.domain"
            " FROM public.clubs_host_version v"
            " LEFT JOIN public.clubs_host_change c ON c.version > %s"
            " WHERE v.id = 1 ORDER BY c.version",
            [seen],
        )
        rows = cursor.fetchall()
    if not rows:
        return
    current, pruned_below = rows[0][0], rows[0][1]
    if current == seen:
        return
    with _lock:
        # current < seen: this connection saw changes of its own transaction that were rolled back.
        if current < seen or seen < pruned_below or any(row[3] == EVERYTHING for row in rows):
            _forget_everything(current)
            return
        for _current, _pruned, version, schema, domain in rows:
            if version is None:
                continue
            if schema:
                _schema_changed[schema] = version
                for hostname in [name for name, entry in _entries.items() if entry.schema == schema]:
                    _entries.pop(hostname, None)
            if domain:
                _host_changed[domain] = version
                _entries.pop(domain, None)
        if len(_host_changed) + len(_schema_changed) > 4 * MAX_HOSTS:
            _forget_everything(current)
        _state["seen"] = current


def current_version() -> int:
    """The newest change applied in this process; the log is read when the interval is over."""
    now = time.monotonic()
    if now - _state["checked"] >= interval():
        _apply_changes()
        _state["checked"] = now
    return _state["seen"]


def schema_version(schema: str) -> tuple[int, int]:
    """Moves whenever a change names `schema` (or everything is forgotten): a key part for memos."""
    current_version()
    return _state["epoch"], _schema_changed.get(schema, 0)


def lookup(hostname: str) -> tuple[HostEntry | None, tuple[int, int]]:
    """The cached entry of `hostname` (None when not known) and the (epoch, version) seen now:
    pass that to `remember` after looking the host up in the database."""
    if not interval():
        return None, (-1, -1)
    seen = current_version()
    return _entries.get(hostname), (_state["epoch"], seen)


def remember(hostname: str, tenant, seen: tuple[int, int]) -> HostEntry | None:
    """Keep `tenant` (or UNKNOWN) for `hostname`, read after `lookup` handed out `seen`."""
    epoch, version = seen
    if not interval() or version < 0:
        return None
    schema = getattr(tenant, "schema_name", "") if tenant is not UNKNOWN else ""
    with _lock:
        if epoch != _state["epoch"] or max(_host_changed.get(hostname, 0), _schema_changed.get(schema, 0)) > version:
            return None  # changed while it was looked up: the next request looks again
        entry = HostEntry(schema=schema, tenant=copy.copy(tenant) if tenant is not UNKNOWN else UNKNOWN)
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

        def load():
            return root_model._base_manager.select_related(*related).get(pk=root_id)

        if shared_for is not None:
            from cms import page_cache

            site._state.fields_cache["root_page"] = SimpleLazyObject(
                lambda: page_cache.cached_object(shared_for, f"root:{root_id}", load)
            )
        else:
            site._state.fields_cache["root_page"] = SimpleLazyObject(load)
    return True, site


def _site_changed(instance=None, **kwargs) -> None:
    record_change(connection.schema_name)


def connect_signals() -> None:
    """Called from CmsConfig.ready(): a saved or deleted Wagtail site changes what a host shows."""
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Site

    post_save.connect(_site_changed, sender=Site, dispatch_uid="cms.tenant_hosts.site_saved")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="cms.tenant_hosts.site_deleted")
