"""Tenant routing: the club (or the portal) of a request, from its Host header.

`ClubTenantMiddleware` extends django-tenants' middleware with an in-process cache of host → club
and the host's Wagtail site (cms/tenancy/hosts.py, checked against the generations in the shared
cache: one `get_many` per request, cms/tenancy/invalidation.py), so the hot path needs no query for
either (ARCHITECTURE.md, "Requests are cheap only if the plumbing is"), and with friendly answers
for hosts that are unknown or deactivated. It sits below the security middlewares (MIDDLEWARE in
cms/settings/base.py), so its own answers — the unknown-host page, a bad Host header — get the
HTTPS redirect, HSTS, nosniff, CSP and X-Frame-Options like every other response.
"""

import threading

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponseBadRequest
from django.http.request import split_domain_port
from django.utils.translation import gettext as _

from django_tenants.middleware.main import TenantMainMiddleware

from cms.tenancy import hosts, invalidation

# The host entry found by get_tenant(), for process_request() of the same request (middleware
# instances are shared by the threads of a worker).
_found = threading.local()


def forget_tenant_hosts() -> None:
    """Drop the host cache of this process (tests; changes themselves move the generations)."""
    hosts.forget()


class ClubTenantMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        invalidation.begin_request()
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
        response = super().process_request(request)
        if response is None and hasattr(request, "tenant"):
            self._attach_site(request)
        return response

    def get_tenant(self, domain_model, hostname):
        _found.entry = None
        entry, before = hosts.lookup(hostname)
        if entry is not None:
            if entry.tenant is hosts.UNKNOWN:
                raise domain_model.DoesNotExist
            _found.entry = entry
            return hosts.tenant_of(entry)
        domain = domain_model.objects.select_related("tenant").filter(domain=hostname).first()
        tenant = domain.tenant if domain is not None else None
        if tenant is None or not tenant.serves_requests:
            hosts.remember(hostname, hosts.UNKNOWN, before)
            raise domain_model.DoesNotExist
        _found.entry = hosts.remember(hostname, tenant, before)
        return tenant

    def _attach_site(self, request) -> None:
        """The host's Wagtail site, from the host cache (Wagtail reads `request._wagtail_site`)."""
        entry, _found.entry = getattr(_found, "entry", None), None
        if entry is None:
            return
        # Wagtail matches the raw host name (a "www." included) and the port.
        port = (split_domain_port(request._get_raw_host())[0], request.get_port())
        # Reading a site's pages: its root page may be shared from the page cache (not in the admin).
        reading = request.method in ("GET", "HEAD") and not request.path_info.startswith("/admin/")
        shared_for = request if reading else None
        known, site = hosts.site_of(entry, port, shared_for=shared_for)
        if known:
            request._wagtail_site = site
            return
        from wagtail.models import Site

        try:
            hosts.remember_site(entry, port, Site.find_for_request(request))
        except DatabaseError:  # e.g. a schema without Wagtail's tables: let the view answer
            request.__dict__.pop("_wagtail_site", None)
            return
        # From the first request on as from the cache (its root page as its own class, shared).
        known, site = hosts.site_of(entry, port, shared_for=shared_for)
        if known:
            request._wagtail_site = site
