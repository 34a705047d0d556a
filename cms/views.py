"""Health probes served on every host (the portal and each club): /healthz and /readyz.

`/healthz` says the process is alive and touches no database (the tenant middleware may look up
the host, but that answer is cached per process). `/readyz` says whether this instance should get
traffic: the database answers and the public schema has every migration on disk. Both are never
cached by proxies. docs/operations.md explains how a load balancer uses them.

Also the portal's accessibility statement, a static page every footer links to.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
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
