"""Tenant routing and the request's language.

`ClubTenantMiddleware` picks the club (or the portal) from the Host header. It extends
django-tenants' middleware with a short-lived in-process cache of host → club, so the hot path
needs no query for the tenant lookup (ARCHITECTURE.md, "Requests are cheap only if the plumbing
is"), and with friendly answers for hosts that are unknown or deactivated.

`LanguageMiddleware` is Django's LocaleMiddleware with one exception for the portal, see there.
"""

import copy
import functools
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail import views as wagtail_views

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


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware; on the portal, its own views keep following the visitor's choice.

    Both URL configurations serve Wagtail pages through `i18n_patterns(prefix_default_language=False)`:
    translations under /en/…, German without a prefix. With such patterns Django makes *every*
    unprefixed path German, whatever the `django_language` cookie or Accept-Language says. That is
    right for club sites (everything there is a page or belongs to one), but the portal's own views
    (/vereine/, /engagement/, /registrieren/, …) have no prefixed variant and have always been
    shown in the visitor's language. So on the portal host an unprefixed path that is not one of
    Wagtail's page URLs still negotiates its language from cookie and Accept-Language.
    """

    def process_request(self, request):
        super().process_request(request)
        urlconf = getattr(request, "urlconf", None)
        if urlconf is None or urlconf != getattr(settings, "PUBLIC_SCHEMA_URLCONF", None):
            return
        path = request.path_info
        if translation.get_language_from_path(path):
            return
        # Memoised (bounded, short paths only): resolving a page path tries every pattern before
        # Wagtail's catch-all, up to about 40 µs, and this runs before the page cache too.
        page = _serves_page_cached(urlconf, path) if len(path) <= 200 else _serves_page(urlconf, path)
        if not page:
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()


def _serves_page(urlconf: str, path: str) -> bool:
    """Whether `path` goes to Wagtail's page serving view. Called while the default language is
    active: the unprefixed page patterns match only then."""
    try:
        return resolve(path, urlconf).func is wagtail_views.serve
    except Resolver404:
        return False


_serves_page_cached = functools.lru_cache(maxsize=4096)(_serves_page)
