"""Security plumbing shared by both trees: Content-Security-Policy, client address, second factor.

* `ContentSecurityPolicyMiddleware` sends django-csp's strict policy (no inline script) everywhere
  and adds `HH_CSP_ADMIN_UPDATE` only under /admin/, where Wagtail and its add-ons still ship
  inline scripts.
* `client_ip` is the address django-axes counts failed logins for, behind `HH_TRUSTED_PROXY_COUNT`
  reverse proxies.
* `AdminTwoFactorMiddleware` asks a signed-in admin user for the one-time password of their
  device (django-otp, TOTP) before any admin page; staff and operators on the portal must set a
  device up first, club editors may.
"""

import functools
import logging

from django.conf import settings
from django.core.signals import setting_changed
from django.db import ProgrammingError
from django.dispatch import receiver
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from psycopg import errors as pg_errors

from .tenancy.guards import on_portal

ADMIN_PREFIX = "/admin/"
logger = logging.getLogger(__name__)


# What a response may carry to change its policy (django-csp's decorators).
_CSP_RESPONSE_ATTRS = frozenset(
    f"_csp_{name}{suffix}" for name in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)


@functools.cache
def _plain_policy() -> str:
    """The header of the settings alone, built once per process."""
    return build_policy()


@receiver(setting_changed)
def _forget_plain_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _plain_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # The sites' common case: no nonce used, nothing changed by the view, not /admin/, no
        # report-only policy: the header is the same string every time (django-csp builds it
        # from the settings anew on each response, ~35 µs of every page).
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or request.path_info.startswith(ADMIN_PREFIX)
            or not _CSP_RESPONSE_ATTRS.isdisjoint(response.__dict__)
            or HEADER in response
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        policy = _plain_policy()
        if policy:
            response[HEADER] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            update = dict(parts.update or {})
            for directive, sources in settings.HH_CSP_ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the entry our own proxies appended to X-Forwarded-For."""
    proxies = settings.HH_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        # Each trusted proxy appends the address it saw; anything left of that the client may have forged.
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


# --- second factor ----------------------------------------------------------------------------------

# Admin paths reachable before the second factor: signing in and out, resetting a password,
# and the two second-factor views that ask for it or set the first one up (exact paths: the
# recovery-code page and anything added under zwei-faktor/ later stay behind the factor). The
# set-up view itself sends a password-only session of a user who has a device to the verify page.
_OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/", "jsi18n/", "sprite")
_OPEN_TWO_FACTOR_PATHS = frozenset({"zwei-faktor/", "zwei-faktor/einrichten/"})


def two_factor_required(request) -> bool:
    """Staff and operators (portal host) must use a second factor; club editors may."""
    return bool(on_portal(request) and settings.HH_2FA_REQUIRED_ON_PORTAL)


def user_has_device(user) -> bool:
    from django_otp import user_has_device as has

    return has(user, confirmed=True)


class AdminTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        admin_path = path[len(ADMIN_PREFIX) :]
        if (
            path.startswith(ADMIN_PREFIX)
            and not admin_path.startswith(_OPEN_ADMIN_PATHS)
            and admin_path not in _OPEN_TWO_FACTOR_PATHS
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
        ):
            if user_has_device(user):
                return redirect(f"{reverse('cms_2fa_verify')}?next={path}")
            if two_factor_required(request):
                return redirect(reverse("cms_2fa_setup"))
        return self.get_response(request)


# --- requests that cannot be answered -------------------------------------------------------------


class RequestErrorMiddleware:
    """Answers two kinds of request that are the client's doing with 4xx instead of a 500.

    * A form post without the fields the view reads (`MultiValueDictKeyError`, e.g. a hand-made
      POST to one of Wagtail's admin views): 400.
    * A model whose table does not exist in this schema (a club-only model asked for on the
      portal through one of Wagtail's generic admin URLs, `/admin/editing-sessions/ping/<app>/<model>/…`):
      404 — in this schema the object does not exist. Checked before the view runs; a query on a
      missing table that slips through is answered the same way and logged as an error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's generic admin URLs name a model (`<app_label>/<model_name>`): one whose table is
        # not in this schema does not exist here. Answered before the view queries a missing table.
        app_label, model_name = view_kwargs.get("app_label"), view_kwargs.get("model_name")
        if app_label and model_name:
            from django.apps import apps

            from .tenancy.deletion import model_in_current_schema

            try:
                model = apps.get_model(app_label, model_name)
            except (LookupError, ValueError):
                return None
            if not model_in_current_schema(model):
                return HttpResponseNotFound(b"Not found", content_type="text/plain")
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            logger.warning("malformed form post to %s: missing %s", request.path, exception)
            return HttpResponseBadRequest(b"Bad request", content_type="text/plain")
        if isinstance(exception, ProgrammingError) and isinstance(exception.__cause__, pg_errors.UndefinedTable):
            logger.error(
                "table missing in schema %s for %s",
                getattr(getattr(request, "tenant", None), "schema_name", "?"),
                request.path,
            )
            return HttpResponseNotFound(b"Not found", content_type="text/plain")
        return None
