"""Routing by Host header: portal, club, unknown and malformed hosts."""

import pytest


@pytest.mark.django_db
def test_portal_home(portal_client):
    response = portal_client.get("/")
    assert response.status_code == 200
    assert "Heldenhelfer" in response.content.decode()


@pytest.mark.django_db
def test_club_home(club_client, club):
    response = club_client.get("/")
    assert response.status_code == 200
    assert club.name in response.content.decode()


@pytest.mark.django_db
def test_unknown_host_gets_portal_404(client):
    response = client.get("/", HTTP_HOST="unbekannt.localhost")
    assert response.status_code == 404
    assert "kein Verein" in response.content.decode()


@pytest.mark.django_db
def test_malformed_host_is_400(client):
    assert client.get("/", HTTP_HOST="bad host!").status_code == 400
