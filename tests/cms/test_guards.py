"""One way to say "portal only" and "club only" (cms/tenancy/guards.py), used by every app."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import include, path

import pytest

from cms.tenancy.guards import ClubOnlyMixin, PortalOnlyMixin, club_only, guard_urls, on_club, on_portal, portal_only

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "sites", "community", "forms_assistant", "office")
PORTAL = SimpleNamespace(is_portal=True, is_club=False)
CLUB = SimpleNamespace(is_portal=False, is_club=True)
TEMPLATE = SimpleNamespace(is_portal=False, is_club=False)


def _request(tenant):
    request = RequestFactory().get("/")
    if tenant is not None:
        request.tenant = tenant
    return request


def _view(request):
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("guard", "allowed"),
    [(portal_only, {"portal"}), (club_only, {"club"})],
)
def test_decorators_answer_404_off_their_host(guard, allowed):
    view = guard(_view)
    for name, tenant in {"portal": PORTAL, "club": CLUB, "template": TEMPLATE, "none": None}.items():
        if name in allowed:
            assert view(_request(tenant)).content == b"ok"
        else:
            with pytest.raises(Http404):
                view(_request(tenant))


def test_questions():
    assert on_portal(_request(PORTAL)) and not on_club(_request(PORTAL))
    assert on_club(_request(CLUB)) and not on_portal(_request(CLUB))
    assert not on_portal(_request(TEMPLATE)) and not on_club(_request(None))


def test_guard_urls_guards_every_view_also_inside_includes():
    urls = guard_urls([path("a/", _view), path("b/", include(([path("c/", _view)], "inner")))], club_only)
    assert urls[0].callback(_request(CLUB)).content == b"ok"
    with pytest.raises(Http404):
        urls[0].callback(_request(PORTAL))
    with pytest.raises(Http404):
        urls[1].url_patterns[0].callback(_request(PORTAL))


def test_mixins_hide_menu_items_and_refuse_views():
    class Item:
        def is_shown(self, request):
            return True

    class View:
        def dispatch(self, request, *args, **kwargs):
            return "served"

    class PortalItem(PortalOnlyMixin, Item):
        pass

    class ClubView(ClubOnlyMixin, View):
        pass

    assert PortalItem().is_shown(_request(PORTAL)) and not PortalItem().is_shown(_request(CLUB))
    assert ClubView().dispatch(_request(CLUB)) == "served"
    with pytest.raises(Http404):
        ClubView().dispatch(_request(PORTAL))


def _python_files():
    for app in APPS:
        for file in (ROOT / app).rglob("*.py"):
            if "migrations" not in file.parts:
                yield file


def test_no_app_has_a_guard_of_its_own():
    """The ~7 ways of asking "is this the portal?" are gone: no app compares the request's tenant's
    kind or defines its own portal/club guard (they all use cms.tenancy.guards)."""
    own_guard = re.compile(
        r"^def (portal_only|club_only|_on|_is_portal|_is_club|_on_club_host|on_club_host|_require_portal)\(", re.M
    )
    kind_of_request = re.compile(r"(request\.tenant|tenant)\.kind\s*[!=]=")
    offenders = []
    for file in _python_files():
        if file == ROOT / "cms" / "tenancy" / "guards.py":
            continue
        text = file.read_text()
        if own_guard.search(text) or kind_of_request.search(text):
            offenders.append(str(file.relative_to(ROOT)))
    assert offenders == []


def test_guarded_views_answer_404_on_the_other_host(club_client, portal_client):
    assert club_client.get("/vereine/").status_code == 404  # portal only
    assert club_client.get("/registrieren/").status_code == 404
    assert portal_client.get("/vereine/").status_code == 200
