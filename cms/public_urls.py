"""Absolute URLs of our hosts, built when they are needed, for the scheme and port in use.

Nothing that is stored carries a scheme or port: those depend on how the platform is reached
(`make run PORT=8012`, https behind a proxy). A link is made absolute when it is rendered or sent:

* inside a request, with the request's scheme and the port of its Host header (what the browser
  used; a proxy's internal port never leaks into a link) — `RequestOriginMiddleware` keeps both
  for the duration of the request, so e-mails and feeds built deep in services get them too;
* without a request (commands, background tasks), from HH_PUBLIC_SCHEME and HH_PUBLIC_PORT.

The host name is always the one the link is for (a club's host, the portal's), never simply the
request's: users, sessions and pages live per host.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http.request import split_domain_port

from django_tenants.utils import get_public_schema_name, get_tenant_model


@dataclass(frozen=True)
class Origin:
    scheme: str
    port: str  # "" for the scheme's default port
    host: str = ""  # the request's host name (without port); "" outside a request


_request_origin: ContextVar[Origin | None] = ContextVar("hh_request_origin", default=None)


def origin_of(request) -> Origin | None:
    """Scheme, port and host of the request as the visitor's browser addressed it (worked out
    once per request: a page asks for it several times)."""
    memo = getattr(request, "_hh_origin", None)
    if memo is not None and memo[0] is request.META:
        return memo[1]
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    name, port = split_domain_port(host)
    scheme = "https" if request.is_secure() else settings.HH_PUBLIC_SCHEME
    if (scheme, port) in (("http", "80"), ("https", "443")):
        port = ""
    origin = Origin(scheme=scheme, port=port, host=name)
    with contextlib.suppress(AttributeError):  # an object without attributes: worked out each time
        request._hh_origin = (request.META, origin)
    return origin


def current_origin() -> Origin:
    """The origin of the request being answered, else the configured public one."""
    origin = _request_origin.get()
    if origin is not None:
        return origin
    return Origin(scheme=settings.HH_PUBLIC_SCHEME, port=str(settings.HH_PUBLIC_PORT or ""))


def absolute_url(host: str, path: str = "/", *, request=None) -> str:
    """`path` on `host` (a host name without port), with the scheme and port in use.

    `request` (optional) overrides the remembered request, e.g. in code that runs outside the
    middleware (tests that call views directly).
    """
    origin = (origin_of(request) if request is not None else None) or current_origin()
    port = f":{origin.port}" if origin.port and origin.port not in ("80", "443") else ""
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{origin.scheme}://{host}{port}{path}"


def portal_url(path: str = "/", *, request=None) -> str:
    """An address on the portal's host."""
    return absolute_url(settings.HH_BASE_DOMAIN, path, request=request)


def url_path(url: str) -> str:
    """The path (and query) of a URL, absolute or not: what may be stored."""
    parts = urlsplit(url or "/")
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def url_host(url: str) -> str:
    """The host name of an absolute URL without its port ("" for a path)."""
    return (urlsplit(url or "").hostname or "").lower()


def page_full_url(page, request=None) -> str:
    """A Wagtail page's absolute URL on its site's host, with the scheme and port in use.

    Wagtail's own `get_full_url()` takes scheme and port from the Site row, which holds what was
    true when the club was provisioned (port 8000 of a demo load, port 80 in production).
    """
    parts = page.get_url_parts(request=request)
    if parts is None:
        return ""
    _site_id, root_url, page_path = parts
    if root_url is None or page_path is None:
        return ""
    return absolute_url(url_host(root_url), page_path, request=request)


def admin_base_url() -> str:
    """Base of links into the Wagtail admin that this schema's users can sign in to.

    In a request: the host it came to (users and sessions live per host). Otherwise the primary
    host of the current club schema, or the portal's host.
    """
    origin = _request_origin.get()
    if origin is not None and origin.host:
        return absolute_url(origin.host, "").rstrip("/")
    return absolute_url(_schema_hostname() or settings.HH_BASE_DOMAIN, "").rstrip("/")


def _schema_hostname() -> str | None:
    """Primary host name of the club whose schema is active (None in the public schema)."""
    schema = getattr(connection, "schema_name", None)
    if not schema or schema == get_public_schema_name():
        return None
    tenant = getattr(connection, "tenant", None)
    if not hasattr(tenant, "primary_hostname"):  # schema_context() sets a stand-in tenant
        tenant = get_tenant_model().objects.filter(schema_name=schema).first()
    return getattr(tenant, "primary_hostname", None) if getattr(tenant, "is_club", False) else None


class RequestOriginMiddleware:
    """Remembers the request's scheme, host and port while it is answered (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_origin.set(origin_of(request))
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
