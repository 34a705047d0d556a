"""The portal home (sites/portal/blocks.py, sites/portal/home.py): what it shows, what it costs,
its default arrangement, and that the full-page cache forgets it when what it lists changes."""

from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from sites.portal.home import portal_home_arrange, portal_home_default_body
from sites.portal.models import PortalHomePage
from tests.sites.portal.conftest import make_event, make_opportunity

MAX_QUERIES = 14


def _data_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].startswith("SET search_path")]


def _home() -> PortalHomePage:
    with schema_context(get_public_schema_name()):
        return PortalHomePage.objects.get(locale__language_code="de")


def _editor(club):
    from django.contrib.auth import get_user_model

    with schema_context(club.schema_name):
        return get_user_model().objects.get(email=f"editor@{club.slug}.example")


def _post(club, **fields):
    from community.services import post_create

    values = {
        "post_type": "offer",
        "kind": "equipment",
        "title": "40 Bierbänke mit Tischen",
        "description": "Stabile Garnituren, abzuholen in der Vereinshalle.",
        "postal_code": club.postal_code,
        "town": club.town,
        "is_public": True,
    }
    values.update(fields)
    return post_create(club=club, contact=_editor(club), **values)


@pytest.fixture(autouse=True)
def _after_commit_now(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.core.cache import cache

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.mark.django_db
def test_platform_setup_arranged_the_home_with_the_portal_blocks():
    kinds = [block.block_type for block in _home().body]
    assert kinds == [item["type"] for item in portal_home_default_body()]
    assert {"search", "events", "opportunities", "exchange", "crisis", "numbers", "categories", "towns"} <= set(kinds)


@pytest.mark.django_db
def test_arranging_again_never_overwrites_what_an_operator_arranged():
    home = _home()
    home.body = [{"type": "rich_text", "value": "<p>Nur ein Text des Betreibers.</p>"}]
    home.save_revision().publish()
    assert portal_home_arrange() is False
    assert [block.block_type for block in _home().body] == ["rich_text"]


@pytest.mark.django_db
def test_an_empty_home_gets_the_default_arrangement_once():
    home = _home()
    home.body = []
    home.save_revision().publish()
    assert portal_home_arrange() is True
    assert len(_home().body) == len(portal_home_default_body())
    assert portal_home_arrange() is False


@pytest.mark.django_db
def test_home_shows_events_offers_exchange_numbers_and_ways_in(club, other_club, portal_client):
    make_event(club, title="Sommerfest am See", days=3)
    make_opportunity(club, title="Trainerin für die F-Jugend")
    _post(other_club, title="Festzelt zu verleihen")
    _post(club, title="Nicht öffentlich", is_public=False)

    html = portal_client.get("/").content.decode()

    assert "Sommerfest am See" in html
    assert "Trainerin für die F-Jugend" in html
    assert "Festzelt zu verleihen" in html
    assert "Nicht öffentlich" not in html
    assert 'action="/engagement/"' in html and 'name="q"' in html
    assert "Termin diese Woche" in html  # "1 Termin diese Woche"
    assert "Vereine nach Ort" in html and "?ort=Musterstadt" in html
    # No crisis: no crisis board.
    assert "portal-crisis" not in html


@pytest.mark.django_db
def test_crisis_board_appears_while_a_crisis_is_on(club, portal_client):
    from community.services import crisis_declare

    crisis = crisis_declare(title="Hochwasser an der Muster", description="Sandsäcke.", area_postal_codes="123", by="t")
    _post(club, post_type="request", kind="helpers", title="Sandsäcke füllen", crisis=crisis, is_public=False)
    html = portal_client.get("/").content.decode()
    assert "portal-crisis" in html
    assert "Hochwasser an der Muster" in html and "Sandsäcke füllen" in html


@pytest.mark.django_db
def test_home_needs_the_same_few_queries_for_three_or_twelve_entries(club, other_club, portal_client):
    def measured() -> list[str]:
        portal_client.get("/")  # warm the process caches
        with CaptureQueriesContext(connection) as captured:
            assert portal_client.get("/").status_code == 200
        return _data_queries(captured.captured_queries)

    for number in range(3):
        make_event(club, title=f"Termin {number}", days=number + 1)
        make_opportunity(club, title=f"Aufgabe {number}")
        _post(other_club, title=f"Angebot {number}")
    few = measured()
    for number in range(3, 12):
        make_event(other_club, title=f"Termin {number}", days=number + 1)
        make_opportunity(other_club, title=f"Aufgabe {number}")
        _post(club, title=f"Angebot {number}")
    many = measured()
    assert len(few) <= MAX_QUERIES, "\n".join(sql[:160] for sql in few)
    assert len(many) == len(few), "\n".join(sql[:160] for sql in many)


@pytest.mark.django_db
class TestWithThePageCacheOn:
    @pytest.fixture(autouse=True)
    def page_cache_on(self):
        with override_settings(HH_PAGE_CACHE_SECONDS=60, HH_FRAGMENT_CACHE_SECONDS=60):
            yield

    def test_the_home_is_served_from_the_cache(self, portal_client, django_assert_num_queries):
        assert portal_client.get("/")["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert portal_client.get("/")["X-Page-Cache"] == "hit"

    def test_a_club_publishing_an_event_purges_the_home(self, club, portal_client):
        portal_client.get("/")
        assert portal_client.get("/")["X-Page-Cache"] == "hit"
        make_event(club, title="Frisch eingetragenes Konzert", days=2)
        response = portal_client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "Frisch eingetragenes Konzert" in response.content.decode()

    def test_a_new_exchange_post_purges_the_home(self, other_club, portal_client):
        portal_client.get("/")
        assert portal_client.get("/")["X-Page-Cache"] == "hit"
        _post(other_club, title="Anhänger für Umzüge")
        response = portal_client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "Anhänger für Umzüge" in response.content.decode()

    def test_rebuilding_the_listings_purges_the_home(self, club, portal_client):
        from django.core.management import call_command

        from sites.portal.models import Listing

        event = make_event(club, title="Kommt zurück nach dem Neuaufbau", days=2)
        Listing.objects.filter(club=club, page_id=event.pk).delete()
        portal_client.get("/")
        assert "Kommt zurück nach dem Neuaufbau" not in portal_client.get("/").content.decode()
        call_command("rebuild_listings", club=[club.slug], verbosity=0)
        response = portal_client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "Kommt zurück nach dem Neuaufbau" in response.content.decode()
