"""Health probes served on every host (the portal and each club): /healthz and /readyz.

`/healthz` says the process is alive and touches no database (the tenant middleware may look up
the host, but that answer is cached per process). `/readyz` says whether this instance should get
traffic: the database answers and the public schema has every migration on disk. Both are never
cached by proxies. docs/operations.md explains how a load balancer uses them.
"""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from .selectors import readiness


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
def readyz(request):
    state = readiness()
    return JsonResponse(state, status=200 if state["ready"] else 503)
