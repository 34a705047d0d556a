"""Health probes served on every host (the portal and each club): /healthz and /readyz.

`/healthz` says the process is alive and touches no database (the tenant middleware may look up
the host, but that answer is cached per process). `/readyz` says whether this instance should get
traffic: the database answers and the public schema has every migration on disk. Both are never
cached by proxies. docs/operations.md explains how a load balancer uses them.

Also the portal's accessibility statement that every portal footer links to (the Impressum and the
privacy notice need the operator's profile: sites/clubs/views.py).
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from .selectors import readiness


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request):
    state = readiness()
    return JsonResponse(state, status=200 if state["ready"] else 503)


def accessibility_statement(request):
    """Erklärung zur Barrierefreiheit (BITV 2.0 § 12b) of the portal, linked in every footer."""
    return render(
        request,
        "cms/accessibility_statement.html",
        {"contact_email": settings.HH_OPERATOR_EMAILS[0] if settings.HH_OPERATOR_EMAILS else ""},
    )


def language_choose(request, code: str):
    """The language switch of the portal: remember the visitor's choice and go on.

    The portal's own views follow the `django_language` cookie (cms.middleware.LanguageMiddleware,
    docs/decisions/0021), but a switch on a Wagtail page only leads to its /en/ address, which
    sets nothing. The switch's links come here (GET, so cached pages need no CSRF token):
    the cookie is set, then the visitor goes to `next` (a path on this host) in that language.
    """
    from django.http import HttpResponseRedirect
    from django.utils.cache import patch_cache_control
    from django.utils.http import url_has_allowed_host_and_scheme

    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}) or not next_url.startswith(
        "/"
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    patch_cache_control(response, private=True, no_store=True)
    return response


def favicon(request):
    """/favicon.ico, which feed readers and old browsers ask for without reading the page: the club's
    logo on a club's host (as the pages' icon link says), the portal's heart elsewhere."""
    from cms.templatetags.hh_meta import PORTAL_FAVICON

    logo = getattr(getattr(request, "tenant", None), "logo", None)
    response = HttpResponseRedirect(logo.url if logo else static(PORTAL_FAVICON))
    response["Cache-Control"] = "public, max-age=86400"
    return response
