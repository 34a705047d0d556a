""" "Nach Ort" on the directory, the event calendar and the search (issue 15): counts per town of
the current search without its place filter, links that filter by the town, a drawn SVG map with
no request to anyone, one query for the counts, and caches that forget the counts with the data."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.http import QueryDict
from django.test import override_settings

import pytest

from sites.portal import selectors
from sites.portal.selectors import ListingFilters
from sites.portal.town_map import town_overview
from tests.sites.portal.conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db

PAGES = ["/vereine/", "/veranstaltungen/", "/engagement/"]


def _section(html: str) -> str:
    match = re.search(r'<section class="town-overview".*?</section>', html, re.S)
    assert match, "no 'Nach Ort' section"
    return match.group(0)


def _list_links(section: str) -> dict[str, str]:
    """{town: href} of the text list beside the map."""
    listing = section.split('<ul class="town-counts"')[1].split("</ul>")[0]
    return {
        unquote(text).strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+?) <span', listing)
    }


def _map_links(section: str) -> dict[str, str]:
    """{aria-label: href} of the map's links."""
    svg = section.split("<svg")[1].split("</svg>")[0]
    return {
        label: href.replace("&amp;", "&") for href, label in re.findall(r'href="([^"]+)" aria-label="([^"]+)"', svg)
    }


@pytest.fixture
def categories(db):
    from sites.clubs.models import Category

    sport, _ = Category.objects.get_or_create(slug="sport", defaults={"name": "Sport"})
    music, _ = Category.objects.get_or_create(slug="kultur-musik", defaults={"name": "Kultur & Musik"})
    return {"sport": sport, "music": music}


@pytest.fixture
def umlaut_town(other_club):
    """Beta moves to "Mühlhausen" (a postal code the region knows, so it is drawn)."""
    other_club.town = "Mühlhausen"
    other_club.postal_code = "12355"
    other_club.save()
    return other_club


def test_directory_counts_clubs_per_town_and_links_filter_by_it(portal_client, club, umlaut_town):
    html = portal_client.get("/vereine/").content.decode()
    section = _section(html)
    assert "Nach Ort" in section
    links = _list_links(section)
    assert set(links) == {"Musterstadt", "Mühlhausen"}
    assert 'Mühlhausen <span class="count">(1 Verein)</span>' in section
    assert parse_qs(urlsplit(links["Mühlhausen"]).query) == {"ort": ["Mühlhausen"]}
    assert "ort=M%C3%BChlhausen" in links["Mühlhausen"]  # percent-encoded UTF-8, as browsers send it
    # The link filters the directory to that town.
    filtered = portal_client.get(links["Mühlhausen"]).content.decode()
    assert umlaut_town.name in filtered and club.name not in filtered
    # The map names every town with its count, as a link to the same place.
    assert _map_links(section) == {
        "Musterstadt: 1 Verein": links["Musterstadt"],
        "Mühlhausen: 1 Verein": links["Mühlhausen"],
    }


def test_directory_counts_follow_the_search_but_not_the_town(portal_client, club, umlaut_town, categories):
    club.categories.set([categories["sport"]])
    umlaut_town.categories.set([categories["music"]])
    section = _section(portal_client.get("/vereine/", {"kategorie": "kultur-musik"}).content.decode())
    links = _list_links(section)
    assert set(links) == {"Mühlhausen"}
    assert parse_qs(urlsplit(links["Mühlhausen"]).query) == {"kategorie": ["kultur-musik"], "ort": ["Mühlhausen"]}
    assert "ohne den Ort" in section
    # With a town chosen the other towns stay (counts ignore the town), the chosen one is marked.
    section = _section(portal_client.get("/vereine/", {"ort": "mühlhausen", "seite": "1"}).content.decode())
    assert set(_list_links(section)) == {"Musterstadt", "Mühlhausen"}
    assert re.search(r'aria-current="true"[^>]*>Mühlhausen <span', section)
    assert 'href="/vereine/"' in section  # "Alle Orte zeigen"
    assert "seite=" not in section


def test_events_count_the_period_and_search_per_town(portal_client, club, umlaut_town):
    make_event(club, title="Sommerfest am Weiher", days=3)
    make_event(club, title="Herbstkonzert", days=5)
    make_event(umlaut_town, title="Sommerfest im Park", days=4, postal_code="12355", town="Mühlhausen")
    make_event(club, title="Sommerfest nächstes Jahr", days=200)  # outside the 60 days of the list
    section = _section(portal_client.get("/veranstaltungen/").content.decode())
    assert 'Musterstadt <span class="count">(2 Termine)</span>' in section
    assert 'Mühlhausen <span class="count">(1 Termin)</span>' in section
    # A search narrows the counts; the place filter does not, and the links keep the view.
    response = portal_client.get("/veranstaltungen/", {"q": "Sommerfest", "ort": "Musterstadt", "ansicht": "liste"})
    section = _section(response.content.decode())
    assert 'Musterstadt <span class="count">(2 Termine)</span>' in section  # this year's and next year's
    links = _list_links(section)
    assert parse_qs(urlsplit(links["Mühlhausen"]).query) == {
        "q": ["Sommerfest"],
        "ansicht": ["liste"],
        "ort": ["Mühlhausen"],
    }
    filtered = portal_client.get(links["Mühlhausen"]).content.decode()
    assert "Sommerfest im Park" in filtered and "Sommerfest am Weiher" not in filtered


def test_events_month_view_counts_the_month(portal_client, club):
    from django.utils import timezone

    event = make_event(club, title="Monatsfest", days=1)
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    section = _section(portal_client.get("/veranstaltungen/", {"ansicht": "monat", "monat": month}).content.decode())
    assert 'Musterstadt <span class="count">(1 Termin)</span>' in section
    assert "ansicht=monat" in _list_links(section)["Musterstadt"]


def test_search_page_counts_matches_per_town(portal_client, club, umlaut_town):
    make_opportunity(club, title="Hilfe beim Kinderturnen")
    make_opportunity(umlaut_town, title="Hilfe beim Chorfest", postal_code="12355", town="Mühlhausen")
    section = _section(portal_client.get("/engagement/", {"q": "Hilfe", "seite": "1", "umkreis": "5"}).content.decode())
    assert 'Musterstadt <span class="count">(1 Eintrag)</span>' in section
    assert 'Mühlhausen <span class="count">(1 Eintrag)</span>' in section
    query = parse_qs(urlsplit(_list_links(section)["Mühlhausen"]).query)
    assert query == {"q": ["Hilfe"], "ort": ["Mühlhausen"]}  # no page number, no radius
    # Without words: every entry (the clubs' own rows too).
    section = _section(portal_client.get("/engagement/").content.decode())
    assert 'Mühlhausen <span class="count">(2 Einträge)</span>' in section


@pytest.mark.parametrize("use_engine", [True, False], ids=["engine", "sql"])
def test_engine_and_sql_count_the_same(club, umlaut_town, monkeypatch, use_engine):
    from sites.portal.selectors import search

    make_opportunity(club, title="Hilfe beim Kinderturnen")
    make_event(club, title="Kinderfest")
    make_event(umlaut_town, title="Kinderchor singt", postal_code="12355", town="Mühlhausen")
    monkeypatch.setattr(search, "USE_ENGINE", use_engine)
    counts = selectors.town_counts_of_search(filters=ListingFilters(q="Kinder", place="Musterstadt"))
    assert [(t.town, t.count) for t in counts] == [("Mühlhausen", 1), ("Musterstadt", 2)]
    assert all(t.position is not None for t in counts)


def test_counts_cost_one_query(club, umlaut_town, django_assert_num_queries):
    from sites.clubs.selectors import club_list

    with django_assert_num_queries(1):
        selectors.town_counts_of_clubs(club_list())
    with django_assert_num_queries(1):
        selectors.town_counts_of_listings(selectors.visible_listings())


def test_towns_are_one_whatever_their_case_and_without_position_only_listed(club, other_club):
    other_club.town = "musterstadt"
    other_club.postal_code = "99999"  # unknown to the region
    other_club.save()
    from sites.clubs.selectors import club_list

    counts = selectors.town_counts_of_clubs(club_list())
    assert [(t.town, t.count) for t in counts] == [("Musterstadt", 2)]
    assert counts[0].position == pytest.approx((52.52, 13.405))  # of the town's known postal code


@pytest.mark.parametrize("path", PAGES)
def test_no_request_to_a_third_party(portal_client, club, path):
    make_event(club, title="Sommerfest", days=3)
    html = portal_client.get(path).content.decode()
    section = _section(html)
    assert "<svg" in section and "<script" not in section
    assert "http" not in section  # relative links only, no tiles, no map service
    # Nothing on the page loads from elsewhere (links to the clubs' own hosts are fine).
    for url in re.findall(r'(?:src|href|srcset|action)="([^"]+)"', html):
        host = urlsplit(url).hostname
        assert host is None or host == "localhost" or host.endswith(".localhost"), url


def test_svg_numbers_are_not_localised(portal_client, club):
    # German formats write 12,5: the SVG's coordinates must stay 12.5.
    svg = _section(portal_client.get("/vereine/").content.decode()).split("<svg")[1].split("</svg>")[0]
    for value in re.findall(r' (?:cx|cy|r|x|y|x1|x2)="([^"]+)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value


def test_map_places_towns_inside_and_labels_apart():
    from sites.portal.constants import POSTAL_CODE_CENTROIDS
    from sites.portal.selectors.towns import TownCount

    towns = [
        TownCount(f"Ort {plz}", i + 1, position) for i, (plz, position) in enumerate(POSTAL_CODE_CENTROIDS.items())
    ]
    overview = town_overview(towns=towns, params=QueryDict("q=Chor"), path="/vereine/", kind="clubs", place="", drop=())
    drawn = overview["map"]
    assert drawn["unplaced"] == 0 and len(drawn["towns"]) == len(towns)
    boxes = []
    for town in drawn["towns"]:
        assert 0 <= town["x"] <= drawn["width"] and 0 <= town["y"] <= drawn["height"]
        assert town["href"].startswith("/vereine/?q=Chor&ort=Ort+")
        boxes.append((town["text_x"], town["text_y"]))
    assert len(set(boxes)) == len(boxes)
    assert drawn["outline"].count(",") >= 3
    assert drawn["scale_bar"]["text"].endswith(" km")


def test_no_towns_no_section():
    overview = town_overview(towns=[], params=QueryDict(), path="/vereine/", kind="clubs", place="", drop=())
    assert overview["towns"] == [] and overview["map"] is None


@override_settings(HH_PAGE_CACHE_SECONDS=60, HH_FRAGMENT_CACHE_SECONDS=60)
@pytest.mark.parametrize("path", ["/veranstaltungen/", "/engagement/?art=event"])
def test_a_new_event_updates_the_cached_counts(portal_client, club, path):
    make_event(club, title="Erstes Fest", days=3)
    first = portal_client.get(path)
    assert 'Musterstadt <span class="count">(1 ' in first.content.decode()
    if path == "/veranstaltungen/":
        assert portal_client.get(path)["X-Page-Cache"] == "hit"
    make_event(club, title="Zweites Fest", days=4)
    again = portal_client.get(path).content.decode()
    assert 'Musterstadt <span class="count">(2 ' in again


@override_settings(HH_PAGE_CACHE_SECONDS=60, HH_FRAGMENT_CACHE_SECONDS=60)
def test_a_club_moving_town_updates_the_cached_directory(portal_client, other_club):
    assert "Beispielheim" in _section(portal_client.get("/vereine/").content.decode())
    assert portal_client.get("/vereine/")["X-Page-Cache"] == "hit"
    other_club.town = "Auenthal"
    other_club.postal_code = "12355"
    other_club.save()
    section = _section(portal_client.get("/vereine/").content.decode())
    assert "Auenthal" in section and "Beispielheim" not in section
