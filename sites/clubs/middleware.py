"""A club site that has not gone live yet: its editors see it, visitors see "coming soon".

A newly approved club prepares its site first (issue #15, "Going live when ready"). Until an
editor publishes it (`services.club_go_live`), every request to its host from someone who is not
signed in there gets a short page with the club's name and a link to the portal; signed-in
editors (every user of a club's schema is one of its editors) see the real site with a preview
banner (`request.hh_preview`, templates/base.html). robots.txt forbids everything; the admin, the
invitation links and the health probes keep working.

Why 200 with `noindex` and not 503 with Retry-After: 503 tells crawlers and monitors that the
site is down for a short while; a club may prepare its site for weeks, and search engines treat a
503 that lasts for days as an error and start dropping the host. The placeholder is no error: it
answers 200, asks not to be indexed (header and meta tag; robots.txt disallows all, so polite
crawlers do not even fetch it) and must not be kept (`Cache-Control: no-cache`: neither browsers
nor our page cache keep it, so the real site shows the moment the club goes live).

Sits after the authentication middlewares (cms/settings/base.py). The page cache above it never
holds a page of a club that is not live: it stores only anonymous 200 answers, and anonymous
visitors get this placeholder, which it does not store.
"""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .constants import ClubKind

# Paths that work for everyone before the club goes live (the admin's sign-in, invitations,
# files the placeholder itself uses, probes). Everything else is the site and waits.
# Members act through their personal links whether or not the club's website is published yet
# (an office can run before the site goes live): confirmation of a join, self-service and the
# general assembly (motions, online check-in, votes).
OPEN_PATH_PREFIXES = (
    "/admin/",
    "/einladung/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/theme.css",
    "/mitgliedsantrag/",
    "/mitgliedskonto/",
    "/versammlung/",
    "/beschluss/",
)


def _robots_disallow_all() -> HttpResponse:
    response = HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, no_cache=True)
    return response


def coming_soon_response(request, club) -> TemplateResponse:
    response = TemplateResponse(request, "clubs/coming_soon.html", {"club": club}, status=200)
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, no_cache=True)
    return response.render()  # a middleware's answer is not rendered by the handler


class ComingSoonMiddleware:
    """Visitors of a club that is not live get the placeholder; its editors get a preview."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        club = getattr(request, "tenant", None)
        if club is None or club.kind != ClubKind.CLUB or club.is_live:
            return self.get_response(request)
        path = request.path_info
        if path == "/robots.txt":
            return _robots_disallow_all()
        if path.startswith(OPEN_PATH_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            request.hh_preview = True
            response = self.get_response(request)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return coming_soon_response(request, club)
