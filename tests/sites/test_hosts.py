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


@pytest.mark.django_db
def test_portal_home_introduces_heldenhelfer_and_lists_the_clubs(portal_client, club, other_club):
    html = portal_client.get("/").content.decode()
    for listed in (club, other_club):
        assert listed.display_name in html
        # The request's port (none here), not the configured HH_PUBLIC_PORT of `Club.url` outside a request.
        assert f"http://{listed.primary_hostname}/" in html
    assert 'href="/vereine/"' in html  # the full directory with search and filters


@pytest.mark.django_db
def test_unknown_host_404_is_the_portals_page_not_a_club(client, club):
    response = client.get("/", HTTP_HOST="gibtsnicht.localhost")
    html = response.content.decode()
    assert response.status_code == 404
    assert club.name not in html
    assert "Traceback" not in html
    assert "http://localhost:8000/" in html or 'href="/' in html  # a way back to the portal


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["bad host!", "exa mple.localhost", "localhost:abc", "[::1", "a" * 300 + ".localhost"])
def test_malformed_or_foreign_hosts_are_400(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400


@pytest.mark.django_db
def test_foreign_host_is_400(client):
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400
