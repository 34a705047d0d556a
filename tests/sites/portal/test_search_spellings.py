"""German spellings and prefixes in every search, and the calendar's search over all coming
events (issue #11, item 15): "fussball" finds "Fußball", "uebung" and "ubung" find "Übung",
"feuerwer" finds "Feuerwerk"; the portal search (engine and SQL path), the calendar, the
exchange's search and the club directory fold the same way (cms.search_text)."""

import pytest

from cms.search_text import fold, prefix_tsquery, word_variants
from sites.portal.selectors import ListingFilters, _sql_search, listing_search

from .conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db


def _live(club):
    """A club the public sees (clubs that have not gone live are hidden where that exists)."""
    if hasattr(club, "is_live") and not club.is_live:
        club.is_live = True
        club.save()
    return club


@pytest.fixture
def region(club):
    _live(club)
    make_event(club, title="Fußballturnier der Jugend", days=5)
    make_event(club, title="Großes Feuerwerk am See", days=6)
    make_event(club, title="Übungsabend bei Müllers", days=7)
    make_opportunity(club, title="Helfer für Kinder gesucht", summary="Jeden Dienstag.")


def _both(q: str) -> tuple[list[str], list[str]]:
    engine = listing_search(filters=ListingFilters(q=q))
    sql = _sql_search(filters=ListingFilters(q=q), page=1, page_size=20, facets=True)
    return [item.title for item in engine.listings], [item.title for item in sql.listings]


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("fussball", "Fußballturnier der Jugend"),
        ("Fußball", "Fußballturnier der Jugend"),
        ("FUSSBALLTURNIER", "Fußballturnier der Jugend"),
        ("feuerwer", "Großes Feuerwerk am See"),
        ("grosses feuer", "Großes Feuerwerk am See"),
        ("uebung", "Übungsabend bei Müllers"),
        ("Ubungsabend", "Übungsabend bei Müllers"),
        ("Übung", "Übungsabend bei Müllers"),
        ("mueller", "Übungsabend bei Müllers"),
        ("muller", "Übungsabend bei Müllers"),
        ("Helfer fuer Kinder", "Helfer für Kinder gesucht"),  # "fuer" is a stop word like "für"
    ],
)
def test_spellings_and_prefixes_match_in_the_engine_and_in_sql(region, q, title):
    engine, sql = _both(q)
    assert title in engine, q
    assert engine == sql, q


def test_calendar_search_looks_at_every_coming_event_and_says_so(portal_client, club):
    _live(club)
    make_event(club, title="Sommerfest am Sportplatz", days=200)
    make_event(club, title="Adventsbasar", days=3)
    plain = portal_client.get("/veranstaltungen/").content.decode()
    assert "Adventsbasar" in plain and "Sommerfest am Sportplatz" not in plain  # the coming 60 days
    assert "Veranstaltungen vom" in plain and "bis zum" in plain
    found = portal_client.get("/veranstaltungen/?q=sommerfest").content.decode()
    assert "Sommerfest am Sportplatz" in found  # was: "Bis zum … sind keine Veranstaltungen"
    assert "Adventsbasar" not in found
    assert "Alle kommenden Veranstaltungen ab dem" in found
    nothing = portal_client.get("/veranstaltungen/?q=Weinfest").content.decode()
    assert "Unter allen kommenden Veranstaltungen passt keine zu „Weinfest“" in nothing
    assert "Bis zum" not in nothing


def test_exchange_search_finds_prefixes_and_spellings(club):
    from community.selectors import post_search
    from community.services import post_create
    from tests.community.conftest import _editor

    editor = _editor(club, "editor@alpha.example")
    fields = {"post_type": "offer", "kind": "equipment", "postal_code": "12345", "town": "Musterstadt"}
    fireworks = post_create(
        club=club, contact=editor, title="Feuerwerk für Silvester", description="Restposten.", **fields
    )
    ball = post_create(club=club, contact=editor, title="Fußballtore", description="Zwei Jugendtore.", **fields)
    coach = post_create(club=club, contact=editor, title="Übungsleiter gesucht", description="Für Kinder.", **fields)
    for q, post in (
        ("feuerwer", fireworks),
        ("fussball", ball),
        ("Fußballtor", ball),
        ("uebungsleiter", coach),
        ("ubungsl", coach),
        ("Übungsleiter fuer Kinder", coach),
    ):
        assert list(post_search(query=q)) == [post], q
    assert list(post_search(query="„&|!:*“")) != []  # only symbols: as if nothing was typed


def test_club_directory_folds_both_sides(portal_client, club):
    from sites.clubs.models import Club
    from sites.clubs.selectors import club_list

    _live(club)
    Club.objects.filter(pk=club.pk).update(name="1. FC Fußball Mühlhausen")
    for q in ("fussball", "Fußball", "FUSSBALL", "muehlhausen", "Muhlhausen", "fc fuß"):
        assert [c.pk for c in club_list(query=q)] == [club.pk], q
    html = portal_client.get("/vereine/?q=fussball").content.decode()
    assert "1. FC Fußball Mühlhausen" in html


def test_the_normaliser():
    assert fold("Fußball-Übungsleiter Mueller ÄÖÜẞ") == "fussball-ubungsleiter muller aouss"
    assert word_variants("feuerwer") == ["feuerwer", "feurwer"]
    assert word_variants("kinder") == ["kinder"]
    assert word_variants("fuer") == ["für"]
    assert prefix_tsquery(["mueller", "kind"]) == "(mueller:* | muller:*) & kind:*"


@pytest.mark.parametrize(
    ("title", "q"),
    [
        ("Gesuch baenke-53916284", "53916284"),
        ("Gesuch baenke-9e47a93f", "9e47a93f"),
        ("Fragen an info@tsv-musterstadt.de", "musterstadt"),
    ],
)
def test_words_with_digits_and_punctuation_match_as_typed(club, title, q):
    """The indexed text is split into the words a query is made of (cms.search_text.SearchWords)."""
    _live(club)
    make_event(club, title=title, days=5)
    engine, sql = _both(q)
    assert title in engine, q
    assert engine == sql, q
