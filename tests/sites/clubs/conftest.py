"""Fixtures of the clubs tests: categories, registration data, a signed-in operator on the portal."""

import time

from django.contrib.auth import get_user_model
from django.core.cache import cache

import pytest

from sites.clubs.forms import registration_started_token
from sites.clubs.models import Category
from tests.conftest import host_client

OPERATOR_PASSWORD = "betrieb-passwort-123"


@pytest.fixture(autouse=True)
def _clear_cache():
    # The registration rate limit counts in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(db):
    sport, _ = Category.objects.get_or_create(slug="sport", defaults={"name": "Sport"})
    music, _ = Category.objects.get_or_create(slug="kultur-musik", defaults={"name": "Kultur & Musik"})
    return {"sport": sport, "music": music}


@pytest.fixture
def registration_post(categories):
    """A valid registration as the browser sends it (started long enough ago)."""
    return {
        "name": "Kegelclub Gut Holz Musterstadt e. V.",
        "legal_form": "ev",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": "vr 4711",
        "street": "Am Anger 3",
        "postal_code": "12345",
        "town": "Musterstadt",
        "categories": [str(categories["sport"].pk)],
        "email": "info@gutholz.example",
        "subdomain": "gut-holz",
        "editor_name": "Erika Mustermann",
        "editor_email": "erika@gutholz.example",
        "accepted_terms": "on",
        "started": registration_started_token(time.time() - 30),
    }


@pytest.fixture
def operator(db):
    """A platform operator: superuser of the public schema."""
    user = get_user_model().objects.create_superuser(
        username="op@heldenhelfer.localhost", email="op@heldenhelfer.localhost", password=OPERATOR_PASSWORD
    )
    return user


@pytest.fixture
def operator_client(operator):
    client = host_client("localhost")
    response = client.post("/admin/login/", {"username": operator.username, "password": OPERATOR_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def pending_registration(categories):
    from sites.clubs.services import registration_submit

    return registration_submit(
        data={
            "name": "Gamma Sportfreunde e. V.",
            "legal_form": "ev",
            "register_court": "Amtsgericht Musterstadt",
            "register_number": "VR 9001",
            "street": "Weg 2",
            "postal_code": "12345",
            "town": "Musterstadt",
            "email": "info@gamma.example",
            "subdomain": "gamma",
            "editor_name": "Gina Gamma",
            "editor_email": "gina@gamma.example",
            "accepted_terms": True,
        },
        categories=[categories["sport"]],
        notify=False,
    )
