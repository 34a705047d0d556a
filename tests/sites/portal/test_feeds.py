"""Feeds parsed with real parsers (icalendar, feedparser); nothing private or deactivated leaks."""

import feedparser
import icalendar
import pytest
from django_tenants.utils import schema_context

from .conftest import make_event, make_news, make_opportunity

pytestmark = pytest.mark.django_db


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_region_ical_is_valid_with_berlin_timezone(portal_client, club):
    event = make_event(club, title="Sommerfest")
    cal = _calendar(portal_client, "/veranstaltungen/kalender.ics")
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    timezones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    events = cal.walk("VEVENT")
    assert len(events) == 1
    vevent = events[0]
    assert str(vevent["SUMMARY"]) == "Sommerfest"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTSTART"].dt == event.starts_at
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]).startswith("http://alpha.localhost")


def test_uid_is_stable_across_rebuilds_and_sequence_counts_updates(portal_client, club):
    from sites.portal.services import listing_rebuild

    event = make_event(club, title="Sommerfest")
    first = _calendar(portal_client, "/veranstaltungen/kalender.ics").walk("VEVENT")[0]
    listing_rebuild(slug=club.slug)
    second = _calendar(portal_client, "/veranstaltungen/kalender.ics").walk("VEVENT")[0]
    assert first["UID"] == second["UID"]
    assert first["SEQUENCE"] == second["SEQUENCE"]
    with schema_context(club.schema_name):
        event.status = "EventCancelled"
        event.save_revision().publish()
    third = _calendar(portal_client, "/veranstaltungen/kalender.ics").walk("VEVENT")[0]
    assert third["UID"] == first["UID"]
    assert str(third["STATUS"]) == "CANCELLED"
    assert third["SEQUENCE"] > first["SEQUENCE"]


def test_club_and_category_calendars(portal_client, club, other_club):
    from sites.clubs.models import Category

    sport, _created = Category.objects.get_or_create(slug="sport", defaults={"name": "Sport"})
    club.categories.add(sport)
    make_event(club, title="Turnier")
    make_event(other_club, title="Konzert")
    titles = [str(e["SUMMARY"]) for e in _calendar(portal_client, "/veranstaltungen/verein/alpha.ics").walk("VEVENT")]
    assert titles == ["Turnier"]
    titles = [
        str(e["SUMMARY"]) for e in _calendar(portal_client, "/veranstaltungen/kategorie/sport.ics").walk("VEVENT")
    ]
    assert titles == ["Turnier"]
    assert portal_client.get("/veranstaltungen/kategorie/gibtsnicht.ics").status_code == 404
    club_host = portal_client.__class__(HTTP_HOST="alpha.localhost")
    titles = [str(e["SUMMARY"]) for e in _calendar(club_host, "/kalender.ics").walk("VEVENT")]
    assert titles == ["Turnier"]


def test_feeds_hide_unpublished_private_and_deactivated(portal_client, club, other_club):
    from wagtail.models import PageViewRestriction

    make_event(club, title="Entwurf", publish=False)
    private = make_event(club, title="Geheim")
    with schema_context(club.schema_name):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    make_event(other_club, title="Später deaktiviert")
    make_news(other_club, title="Nachricht von Beta")
    other_club.is_active = False
    other_club.save()
    cal = _calendar(portal_client, "/veranstaltungen/kalender.ics")
    assert cal.walk("VEVENT") == []
    assert portal_client.get("/veranstaltungen/verein/beta.ics").status_code == 404
    feed = feedparser.parse(portal_client.get("/neuigkeiten/feed.rss").content)
    assert not feed.entries


def test_news_rss_and_atom(portal_client, club):
    make_news(club, title="Neuer Vorstand gewählt")
    make_opportunity(club, title="Kein Artikel")
    for url in ("/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom", "/neuigkeiten/verein/alpha.rss"):
        response = portal_client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert [entry.title for entry in feed.entries] == ["Neuer Vorstand gewählt"]
        assert feed.entries[0].link.startswith("http://alpha.localhost")
    club_host = portal_client.__class__(HTTP_HOST="alpha.localhost")
    feed = feedparser.parse(club_host.get("/neuigkeiten.atom").content)
    assert feed.version == "atom10" and len(feed.entries) == 1
