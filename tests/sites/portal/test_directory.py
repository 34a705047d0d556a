"""The club directory's detail page lists what the club publishes (via {% club_listings club %})."""

import pytest

from .conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db


def test_directory_detail_shows_the_clubs_listings(portal_client, club):
    make_opportunity(club, title="Vorlesen im Kindergarten")
    make_event(club, title="Vereinsfest")
    body = portal_client.get("/vereine/alpha/").content.decode()
    assert "Vorlesen im Kindergarten" in body and "Vereinsfest" in body
    assert "/veranstaltungen/verein/alpha.ics" in body


def test_deactivated_club_lists_nothing(club):
    from django.template import Context, Template

    make_opportunity(club, title="Vorlesen im Kindergarten")
    club.is_active = False
    club.save()
    html = Template("{% load portal_tags %}{% club_listings club %}").render(Context({"club": club}))
    assert "Vorlesen" not in html
