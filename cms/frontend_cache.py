"""Purging a reverse proxy or CDN in front of the web instances (wagtail.contrib.frontend_cache).

Off unless `WAGTAILFRONTENDCACHE` is configured (cms/settings/base.py: `HH_FRONTEND_CACHE_URL`
for an HTTP PURGE backend such as Varnish; docs/operations.md). Hooked into the page cache's
purges (`cms.tenancy.page_cache.page_cache_purge`), so the proxy forgets what the page cache forgets:
a purge of a schema sends one `PURGE /` per host of that schema (a purge of every host: one per
host of the platform), after the transaction commits (earlier, the proxy could fetch the old
page again). Like the page cache's generations, a purge means *the whole host*: the portal's
listings, a club's navigation or a crisis banner change many URLs at once. The proxy is
configured to treat `PURGE /` as "drop every page of this Host" (a Varnish ban, see
docs/operations.md). The requests go out through Wagtail's purge task (django-tasks: a worker
in production), never inside the editor's request.

The page's own URLs are not sent separately: `wagtail.contrib.frontend_cache` is not in
INSTALLED_APPS, so its publish handlers do not send a second, narrower purge.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import transaction

GLOBAL = "*"

_pending = threading.local()


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_later(schema: str) -> None:
    """Purge every host of `schema` (GLOBAL: every host) from the proxy once the transaction commits."""
    if not enabled():
        return
    schemas = getattr(_pending, "schemas", None)
    if schemas is None:
        schemas = _pending.schemas = set()
    schemas.add(schema)
    # One callback per call, but the first one to run sends everything pending (a publish purges
    # the club and the portal); after a rollback the schemas wait for the next commit (one extra
    # purge, never a missed one).
    transaction.on_commit(_flush)


def _flush() -> None:
    schemas = getattr(_pending, "schemas", None)
    if not schemas:
        return
    _pending.schemas = set()
    urls = host_urls(schemas)
    if urls:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls)


def host_urls(schemas: set[str]) -> list[str]:
    """`/` on every host (domain) of the schemas, with the scheme and port in use."""
    from django_tenants.utils import get_tenant_domain_model

    from cms.public_urls import absolute_url

    domains = get_tenant_domain_model().objects.all()
    if GLOBAL not in schemas:
        domains = domains.filter(tenant__schema_name__in=schemas)
    hosts = sorted(set(domains.values_list("domain", flat=True)))
    return [absolute_url(host, "/") for host in hosts]
