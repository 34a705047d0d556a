"""Tenant routing: picks the club (or the portal) from the Host header.

Extends django-tenants' middleware with a short-lived in-process cache of host → club, so the
hot path needs no query for the tenant lookup (ARCHITECTURE.md, "Requests are cheap only if the
plumbing is"), and with friendly answers for hosts that are unknown or deactivated.
"""

import copy
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from django_tenants.middleware.main import TenantMainMiddleware

_cache: dict[str, tuple[float, object]] = {}


def forget_tenant_hosts() -> None:
    """Drop the host cache of this process (called when clubs or domains change)."""
    _cache.clear()


class ClubTenantMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        try:
            host = request.get_host()
        except DisallowedHost:
            host = None
        # django-tenants answers 404 here; a malformed or foreign Host header is a bad request,
        # and so is a name DNS could never resolve (labels of at most 63, names of at most 253 characters).
        name = (host or "").rsplit(":", 1)[0] if host and not host.endswith("]") else (host or "")
        if host is None or len(name) > 253 or any(len(label) > 63 for label in name.split(".")):
            return HttpResponseBadRequest(
                _("Ungültige Adresse (Host-Kopfzeile)."), content_type="text/plain; charset=utf-8"
            )
        return super().process_request(request)

    def get_tenant(self, domain_model, hostname):
        now = time.monotonic()
        hit = _cache.get(hostname)
        if hit and hit[0] > now:
            # A copy: a form bound to request.tenant must never change what other requests see.
            return copy.copy(hit[1])
        domain = domain_model.objects.select_related("tenant").get(domain=hostname)
        tenant = domain.tenant
        if not tenant.serves_requests:
            raise domain_model.DoesNotExist
        ttl = getattr(settings, "HH_TENANT_CACHE_SECONDS", 5)
        if ttl:
            _cache[hostname] = (now + ttl, copy.copy(tenant))
        return tenant
