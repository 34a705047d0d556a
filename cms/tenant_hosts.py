"""Host → club (and the club's Wagtail site), kept in memory per process, checked against PostgreSQL.

Every request needs to know which club a Host header belongs to, and every page needs the
Wagtail site of that host. Both are one query each; with 2,000 clubs a cache that simply
expires entries after a few seconds misses on most requests (each host comes round less often
than the entries live), so the cost grew with the number of clubs. Here entries live until
something changes, and "did something change?" is one primary-key read of a version number
PostgreSQL keeps (migration clubs 0004: a trigger bumps it with every write to clubs and
domains; saves of Wagtail sites bump it from Python), done at most once every
`HH_TENANT_CACHE_SECONDS` per process, whatever the number of hosts. A change made by another
process shows within that interval; one made by this process at once (`forget`).

Hosts nobody serves are remembered too (a flood of made-up Host headers must not become a
flood of queries); the whole map is bounded (`MAX_HOSTS`) and starts afresh when full.

Thread safety (gunicorn's threaded workers): an entry carries the version it was read under and
counts only while that is still the version in force, so a lookup that raced a change is never
served after the change has been noticed.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

MAX_HOSTS = 20_000
UNKNOWN = object()  # marks a host that serves no club (or a deactivated one)


@dataclass
class HostEntry:
    version: int
    tenant: object  # the club, or UNKNOWN
    sites: dict = field(default_factory=dict)  # (raw host name, port) → its Wagtail site (None: no site)


_lock = threading.Lock()
_entries: dict[str, HostEntry] = {}
_state = {"version": -1, "checked": float("-inf")}


def interval() -> float:
    return float(getattr(settings, "HH_TENANT_CACHE_SECONDS", 2) or 0)


def stored_version() -> int:
    """The version PostgreSQL keeps (one primary-key read in the public schema)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM public.clubs_host_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_host_version() -> None:
    """Mark hosts as changed for every process (in the caller's transaction; commits with it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE public.clubs_host_version SET version = nextval('public.clubs_host_version_seq') WHERE id = 1"
        )
    forget()


def forget() -> None:
    """Forget every host in this process (called when clubs, domains or sites change here)."""
    with _lock:
        _entries.clear()
        _state["checked"] = float("-inf")


def current_version() -> int:
    """The version in force in this process, read from PostgreSQL when the interval is over."""
    now = time.monotonic()
    if now - _state["checked"] >= interval():
        version = stored_version()
        with _lock:
            if version != _state["version"]:
                _entries.clear()
                _state["version"] = version
            _state["checked"] = now
    return _state["version"]


def lookup(hostname: str) -> tuple[HostEntry | None, int]:
    """The cached entry of `hostname` valid for the version in force (None when not known), and
    that version: pass it to `remember` after looking the host up in the database."""
    if not interval():
        return None, -1
    version = current_version()
    entry = _entries.get(hostname)
    if entry is None or entry.version != version:
        return None, version
    return entry, version


def remember(hostname: str, tenant, version: int) -> HostEntry | None:
    """Keep `tenant` (or UNKNOWN) for `hostname`, read under `version` (from `lookup`)."""
    if not interval() or version < 0:
        return None
    entry = HostEntry(version=version, tenant=copy.copy(tenant) if tenant is not UNKNOWN else UNKNOWN)
    with _lock:
        if len(_entries) >= MAX_HOSTS:
            _entries.clear()
        _entries[hostname] = entry
    return entry


def remember_site(entry: HostEntry | None, port: tuple, site) -> None:
    """Keep the Wagtail site Wagtail found for the entry's host on `port` (None: none)."""
    if entry is None or entry.version != _state["version"]:
        return
    if site is not None:
        # Without the root page Wagtail selected with it: pages change with every publish.
        site = copy.copy(site)
        site._state.fields_cache = {}
    entry.sites[port] = site


def tenant_of(entry: HostEntry):
    """A copy of the entry's club: a form bound to request.tenant must never change what other requests see."""
    return copy.copy(entry.tenant)


def site_of(entry: HostEntry, port: tuple):
    """(True, a copy of the site) when known for `port` (raw host name, port), else (False, None)."""
    if port not in entry.sites:
        return False, None
    site = entry.sites[port]
    return True, (copy.copy(site) if site is not None else None)


def _site_changed(**kwargs) -> None:
    bump_host_version()


def connect_signals() -> None:
    """Called from CmsConfig.ready(): a saved or deleted Wagtail site changes what a host shows."""
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Site

    post_save.connect(_site_changed, sender=Site, dispatch_uid="cms.tenant_hosts.site_saved")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="cms.tenant_hosts.site_deleted")
