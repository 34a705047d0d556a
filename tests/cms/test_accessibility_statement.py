"""The portal's accessibility statement (BITV 2.0): reachable, complete, linked in every footer."""

import pytest


@pytest.mark.django_db
def test_statement_has_the_parts_bitv_asks_for(portal_client):
    response = portal_client.get("/barrierefreiheit/")
    assert response.status_code == 200
    html = response.content.decode()
    for part in (
        "Erklärung zur Barrierefreiheit",
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barrieren melden",
        "Schlichtungsverfahren",
        "mailto:",
    ):
        assert part in html


@pytest.mark.django_db
def test_portal_and_club_footers_link_the_statement(portal_client, club_client):
    for client in (portal_client, club_client):
        html = client.get("/").content.decode()
        assert "barrierefreiheit/" in html
        assert "Barrierefreiheit</a>" in html
