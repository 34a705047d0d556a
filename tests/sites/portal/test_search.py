"""Search on the portal: German relevance, facets, odd input and invalid filters."""

import pytest

from sites.portal.forms import listing_filters_from
from sites.portal.selectors import ListingFilters, listing_search

from .conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db


def _titles(q="", **filters):
    result = listing_search(filters=ListingFilters(q=q, **filters))
    return [listing.title for listing in result.listings]


@pytest.fixture
def region(club, other_club):
    make_opportunity(
        club, title="Jugendarbeit im Verein", summary="Betreuung der Jugendgruppe.", target_groups=["youth"]
    )
    make_opportunity(club, title="Kinderturnen am Samstag", summary="Übungsleitung gesucht.", time_commitment="one_off")
    make_opportunity(
        other_club,
        title="Notenwart für den Chor",
        summary="Noten sortieren.",
        target_groups=["seniors"],
        time_commitment="flexible",
        postal_code="12399",
        town="Beispielheim",
    )
    make_event(other_club, title="Adventskonzert", summary="Der Chor singt.", days=10)


def test_jugendliche_finds_jugendarbeit(region):
    assert "Jugendarbeit im Verein" in _titles("Jugendliche")


def test_kinder_finds_kinderturnen(region):
    assert "Kinderturnen am Samstag" in _titles("Kinder")


def test_inflected_and_partial_words(region):
    assert "Notenwart für den Chor" in _titles("Noten")
    assert "Adventskonzert" in _titles("Advent")
    # Known limit: prefix matching finds compounds by their first part only ("Konzert" does not
    # find "Adventskonzert" by title; here it matches through the summary "Der Chor singt").
    assert "Adventskonzert" in _titles("singen")


def test_relevance_puts_title_hits_first(region):
    titles = _titles("Chor", sort="relevance")
    # Title hits (the choir club itself, its opportunity) before a hit in the summary only.
    assert set(titles[:2]) == {"Notenwart für den Chor", "Chor Beta e. V."}
    assert titles[2] == "Adventskonzert"


def test_typo_is_corrected_from_the_vocabulary(region):
    from django.core.cache import cache

    cache.delete("portal:vocabulary")
    result = listing_search(filters=ListingFilters(q="Kindertunren"))
    assert any(listing.title == "Kinderturnen am Samstag" for listing in result.listings)
    assert result.corrected_query


def test_facets_filter_and_count(region):
    result = listing_search(filters=ListingFilters(target_groups=["youth"]))
    assert [listing.title for listing in result.listings] == ["Jugendarbeit im Verein"]
    counts = {
        value: count for value, _label, count in listing_search(filters=ListingFilters()).facets["time_commitments"]
    }
    assert counts["one_off"] == 1 and counts["flexible"] == 1


def test_town_and_radius(region):
    assert "Notenwart für den Chor" in _titles(place="Beispielheim")
    assert "Notenwart für den Chor" not in _titles(place="Musterstadt")
    # Beispielheim is ~24 km from Musterstadt (centroid table): inside 25 km, outside 10 km.
    assert "Notenwart für den Chor" in _titles(place="12345", radius_km=25)
    assert "Notenwart für den Chor" not in _titles(place="12345", radius_km=10)


def test_kind_and_sort_by_date(region):
    titles = _titles(kinds=["event"], sort="date")
    assert titles == ["Adventskonzert"]


def test_pagination(club):
    for i in range(23):
        make_opportunity(club, title=f"Aufgabe {i}")
    first = listing_search(filters=ListingFilters(kinds=["opportunity"]), page=1)
    second = listing_search(filters=ListingFilters(kinds=["opportunity"]), page=2)
    assert first.total == 23 and first.num_pages == 2
    assert len(first.listings) == 20 and len(second.listings) == 3
    assert not {listing.pk for listing in first.listings} & {listing.pk for listing in second.listings}


@pytest.mark.parametrize(
    "q",
    [
        "",
        "x" * 5000,
        "'; DROP TABLE portal_listing; --",
        "1' OR '1'='1",
        "jugend & | ! :* <-> ( )",
        "🎉🙂 Fußball ⚽",
        "التطوع للأطفال",
        "Волонтёры помощь детям",
        "\x00\x01 null",
        "%_\\",
    ],
)
def test_any_input_returns_a_page(portal_client, region, q):
    response = portal_client.get("/engagement/", {"q": q})
    assert response.status_code == 200
    assert "Engagement finden" in response.content.decode()


def test_invalid_filters_are_ignored_with_a_note(portal_client, region):
    response = portal_client.get(
        "/engagement/",
        {
            "zielgruppe": ["youth", "aliens"],
            "art": "nonsense",
            "von": "gestern",
            "umkreis": "7",
            "seite": "abc",
            "sortierung": "x",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "aliens" in body and "ignoriert" in body
    assert "Jugendarbeit im Verein" in body  # the valid part of the filter still applies


def test_filter_parsing_keeps_valid_values():
    from django.http import QueryDict

    filters, page, notes = listing_filters_from(QueryDict("zielgruppe=youth&zielgruppe=bad&seite=2&von=2026-12-01"))
    assert filters.target_groups == ["youth"]
    assert page == 2
    assert filters.date_from.isoformat() == "2026-12-01"
    assert len(notes) == 1


def test_empty_state_is_readable(portal_client, region):
    body = portal_client.get("/engagement/", {"q": "Quantenchromodynamik"}).content.decode()
    assert "Dazu haben wir leider nichts gefunden." in body


def test_search_page_links_to_the_club_site(portal_client, club, region):
    body = portal_client.get("/engagement/", {"q": "Kinderturnen"}).content.decode()
    assert "http://alpha.localhost" in body


def test_page_out_of_range(portal_client, region):
    response = portal_client.get("/engagement/", {"seite": "999"})
    assert response.status_code == 200
    assert "erste Seite" in response.content.decode()


def test_search_is_not_served_on_club_hosts(club_client):
    assert club_client.get("/engagement/").status_code == 404


def test_deactivated_club_vanishes_from_search(portal_client, club, region):
    club.is_active = False
    club.save()
    body = portal_client.get("/engagement/", {"q": "Kinderturnen"}).content.decode()
    assert "Kinderturnen am Samstag" not in body


def test_calendar_list_and_month(portal_client, region):
    from datetime import timedelta

    from django.utils import timezone

    body = portal_client.get("/veranstaltungen/").content.decode()
    assert "Adventskonzert" in body
    month = (timezone.localdate() + timedelta(days=10)).strftime("%Y-%m")
    body = portal_client.get("/veranstaltungen/", {"ansicht": "monat", "monat": month}).content.decode()
    assert "Adventskonzert" in body
    response = portal_client.get("/veranstaltungen/", {"ansicht": "kaputt", "monat": "99-99", "zielgruppe": "x"})
    assert response.status_code == 200


def test_cached_search_sees_publish_and_deactivation_at_once(club):
    assert "Chorprobe helfen" not in _titles("Chorprobe")
    make_opportunity(club, title="Chorprobe helfen")
    assert "Chorprobe helfen" in _titles("Chorprobe")  # the cached empty answer is stale now
    club.is_active = False
    club.save()
    assert "Chorprobe helfen" not in _titles("Chorprobe")


def test_repeated_search_is_served_from_the_cache(portal_client, region, django_assert_max_num_queries):
    first = portal_client.get("/engagement/", {"q": "Kinder", "zielgruppe": "children"}).content.decode()
    assert "Kinderturnen am Samstag" in first
    # Second time: no search query reaches PostgreSQL (only the category list, the site and its
    # appearance, each with its search_path).
    with django_assert_max_num_queries(6):
        again = portal_client.get("/engagement/", {"q": "Kinder", "zielgruppe": "children"}).content.decode()
    assert "Kinderturnen am Samstag" in again and "http://alpha.localhost" in again


def test_cached_search_page_gets_each_visitors_csrf_token(portal_client, region):
    from sites.portal.selectors import listings_changed
    from sites.portal.views import _CSRF_PLACEHOLDER

    listings_changed()
    pages = [portal_client.get("/engagement/", {"q": "Chor"}).content.decode() for _ in range(2)]
    for body in pages:
        assert _CSRF_PLACEHOLDER not in body
        assert 'name="csrfmiddlewaretoken" value="' in body
        assert "Notenwart für den Chor" in body


def test_cached_search_page_shows_index_changes_at_once(portal_client, club, region):
    assert "Chorprobe" not in portal_client.get("/engagement/", {"q": "Chor"}).content.decode()
    make_opportunity(club, title="Chorprobe begleiten")
    assert "Chorprobe begleiten" in portal_client.get("/engagement/", {"q": "Chor"}).content.decode()


def test_date_order_pages_across_events_and_the_rest(club):
    # Coming events by start (soonest first), then everything else newest first, page by page.
    for days in (9, 3, 6):
        make_event(club, title=f"Fest in {days} Tagen", days=days)
    for i in range(3):
        make_opportunity(club, title=f"Aufgabe {i}")
    titles = []
    for page in (1, 2, 3, 4):  # 3 events, 3 opportunities and the club's older entries
        result = listing_search(filters=ListingFilters(sort="date"), page=page, page_size=2)
        assert result.total == 8 and result.num_pages == 4, [x.title for x in result.listings]
        titles += [listing.title for listing in result.listings]
    assert titles[:3] == ["Fest in 3 Tagen", "Fest in 6 Tagen", "Fest in 9 Tagen"]
    assert titles[3:6] == ["Aufgabe 2", "Aufgabe 1", "Aufgabe 0"]
    assert len(titles) == len(set(titles)) == 8, titles


def test_cached_search_page_follows_a_change_made_elsewhere(portal_client, region):
    """Results and rendered pages are cached under the version PostgreSQL keeps: a change by
    another process (here: a write that tells no cache) shows on the next search."""
    from sites.portal.models import Listing

    first = portal_client.get("/engagement/", {"q": "Samstag"}).content.decode()
    assert "Kinderturnen am Samstag" in first
    Listing.objects.filter(title="Kinderturnen am Samstag").update(title="Eltern-Kind-Turnen am Samstag")
    again = portal_client.get("/engagement/", {"q": "Samstag"}).content.decode()
    assert "Eltern-Kind-Turnen am Samstag" in again
    assert "Kinderturnen am Samstag" not in again
