"""The first editor's invitation link: valid, expired, used."""

from datetime import timedelta
from urllib.parse import urlparse

from django.core import mail

import pytest

from sites.clubs.invitations import invitation_tokens
from sites.clubs.services import club_provision
from tests.conftest import host_client

PROFILE = {
    "name": "Gamma e. V.",
    "street": "Weg 2",
    "postal_code": "12345",
    "town": "Musterstadt",
    "email": "i@g.example",
}


@pytest.fixture
def invitation(db):
    club_provision(slug="gamma", profile=PROFILE, editor_name="Gina Gamma", editor_email="gina@gamma.example")
    link = urlparse(next(line for line in mail.outbox[0].body.splitlines() if "/einladung/" in line).strip())
    return host_client(link.hostname), link.path


@pytest.mark.django_db
def test_valid_link_sets_password_and_signs_in(invitation):
    client, path = invitation
    response = client.get(path)
    assert response.status_code == 200
    assert "gina@gamma.example" in response.content.decode()
    response = client.post(path, {"new_password1": "Sonnenblume-2026!", "new_password2": "Sonnenblume-2026!"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_weak_password_is_explained(invitation):
    client, path = invitation
    response = client.post(path, {"new_password1": "kurz", "new_password2": "kurz"})
    assert response.status_code == 200
    assert "zu kurz" in response.content.decode() or "too short" in response.content.decode()


@pytest.mark.django_db
def test_link_works_for_seven_days_only(invitation, monkeypatch):
    client, path = invitation
    real_now = invitation_tokens._now()
    monkeypatch.setattr(invitation_tokens, "_now", lambda: real_now + timedelta(days=6, hours=23))
    assert client.get(path).status_code == 200
    monkeypatch.setattr(invitation_tokens, "_now", lambda: real_now + timedelta(days=7, hours=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "sieben Tage" in response.content.decode()


@pytest.mark.django_db
def test_link_works_once(invitation):
    client, path = invitation
    client.post(path, {"new_password1": "Sonnenblume-2026!", "new_password2": "Sonnenblume-2026!"})
    assert host_client("gamma.localhost").get(path).status_code == 410
    response = host_client("gamma.localhost").post(
        path, {"new_password1": "Anderes-Passwort-1", "new_password2": "Anderes-Passwort-1"}
    )
    assert response.status_code == 410


@pytest.mark.django_db
def test_link_is_bound_to_its_club(invitation, other_club):
    _client, path = invitation
    assert host_client(other_club.primary_hostname).get(path).status_code == 410


@pytest.mark.django_db
def test_garbage_link(club_client):
    assert club_client.get("/einladung/xyz/abc-def/").status_code == 410
