"""Fixtures of the exchange tests: editors and signed-in admin clients of both clubs, a post factory."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client

PASSWORD = "test-passwort-123"


def _editor(club, email: str):
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(email=email)
        user.set_password(PASSWORD)
        user.save()
    return user


def _signed_in(club, user):
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Tests run in a transaction that is rolled back: run after-commit work (e-mails) at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alpha_editor(club):
    return _editor(club, "editor@alpha.example")


@pytest.fixture
def beta_editor(other_club):
    return _editor(other_club, "editor@beta.example")


@pytest.fixture
def alpha_client(club, alpha_editor):
    return _signed_in(club, alpha_editor)


@pytest.fixture
def beta_client(other_club, beta_editor):
    return _signed_in(other_club, beta_editor)


@pytest.fixture
def make_post():
    """Create a post through the service with sensible defaults."""
    from community.services import post_create

    def make(club, user, **fields):
        defaults = {
            "post_type": "offer",
            "kind": "equipment",
            "title": "40 Bierbänke mit Tischen",
            "description": "Stabile Garnituren, abzuholen in der Vereinshalle.",
            "postal_code": club.postal_code,
            "town": club.town,
        }
        defaults.update(fields)
        return post_create(club=club, contact=user, **defaults)

    return make


@pytest.fixture
def crisis(db):
    from community.services import crisis_declare

    return crisis_declare(
        title="Hochwasser an der Muster",
        description="Der Fluss steigt, Sandsäcke werden gefüllt.",
        area_postal_codes="123",
        by="betrieb",
    )


def day(offset: int) -> date:
    return date.today() + timedelta(days=offset)
