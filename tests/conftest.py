"""Test set-up: one real PostgreSQL database per run, portal + template + two clubs made once.

The clubs "alpha" and "beta" are cloned once per database (kept with --reuse-db); each test runs
in a transaction that is rolled back, so clubs a test provisions (DDL included) vanish after it.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

import pytest
from django_tenants.utils import schema_context

from cms.tenancy.middleware import forget_tenant_hosts

TEST_CLUBS = {
    "alpha": {"name": "SV Alpha 1900 e. V.", "town": "Musterstadt", "postal_code": "12345"},
    "beta": {"name": "Chor Beta e. V.", "town": "Beispielheim", "postal_code": "12399"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from sites.clubs.models import Club
    from sites.clubs.services import club_provision

    with django_db_blocker.unblock():
        call_command("platform_setup", verbosity=0)
        for slug, data in TEST_CLUBS.items():
            if not Club.objects.filter(slug=slug).exists():
                club_provision(
                    slug=slug,
                    profile={"street": "Hauptstraße 1", "email": f"info@{slug}.example", **data},
                    editor_name=f"Editor {slug.title()}",
                    editor_email=f"editor@{slug}.example",
                    send_invitation=False,
                    live=True,
                )
                # The tests read the starter's example pages (an event, an offer, news); a new
                # club gets them as unpublished drafts (issue #15).
                starter_drafts_publish(slug=slug)
        connection.set_schema_to_public()


def starter_drafts_publish(*, slug: str) -> None:
    """Publish the draft pages of a test club's starter tree."""
    from wagtail.models import Page

    from sites.clubs.models import Club

    with schema_context(Club.objects.get(slug=slug).schema_name):
        for page in Page.objects.filter(depth__gt=2, live=False).order_by("path").specific():
            page.save_revision().publish()
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _reset_schema():
    forget_tenant_hosts()
    # Every test starts in German: a request to an English page (/en/…) leaves its language
    # active in the thread, and the next test would see English messages.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    connection.set_schema_to_public()
    forget_tenant_hosts()


@pytest.fixture
def portal(db):
    from sites.clubs.models import Club

    return Club.objects.get(schema_name="public")


@pytest.fixture
def club(db):
    from sites.clubs.models import Club

    return Club.objects.get(slug="alpha")


@pytest.fixture
def other_club(db):
    from sites.clubs.models import Club

    return Club.objects.get(slug="beta")


def host_client(hostname: str) -> Client:
    return Client(HTTP_HOST=hostname)


@pytest.fixture
def portal_client(db):
    return host_client("localhost")


@pytest.fixture
def club_client(club):
    return host_client(club.primary_hostname)


@pytest.fixture
def club_editor(club):
    """The club's first editor (superuser of the club's schema) with a known password."""
    from django.contrib.auth import get_user_model

    with schema_context(club.schema_name):
        user = get_user_model().objects.get(email="editor@alpha.example")
        user.set_password("test-passwort-123")
        user.save()
    return user


@pytest.fixture
def club_editor_client(club, club_editor):
    client = host_client(club.primary_hostname)
    # Client.login() would bypass the tenant middleware; sign in on the club's host like a person.
    response = client.post("/admin/login/", {"username": club_editor.username, "password": "test-passwort-123"})
    assert response.status_code == 302, response.content[:500]
    return client
