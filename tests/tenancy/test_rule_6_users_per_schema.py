"""Rule 6: users live per schema; session cookies are host-only.

Club editors are users in their club's schema, staff and operators in public. A cookie with a
Domain attribute (`.localhost`) would be sent to every club: the settings forbid it and the
login response proves it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from tests.conftest import host_client


def test_cookie_domains_are_not_set():
    assert settings.SESSION_COOKIE_DOMAIN is None
    assert settings.CSRF_COOKIE_DOMAIN is None
    assert getattr(settings, "LANGUAGE_COOKIE_DOMAIN", None) is None


@pytest.mark.django_db
def test_login_on_a_club_host_sets_a_host_only_cookie(club, club_editor):
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": club_editor.username, "password": "test-passwort-123"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["domain"] == ""  # no Domain attribute: the browser keeps it to this host
    assert cookie["httponly"]
    assert "Domain=" not in cookie.output()


@pytest.mark.django_db
def test_club_editor_exists_only_in_the_club_schema(club, other_club, club_editor):
    user_model = get_user_model()
    with schema_context(club.schema_name):
        assert user_model.objects.filter(username=club_editor.username).exists()
    for schema in (other_club.schema_name, get_public_schema_name()):
        with schema_context(schema):
            assert not user_model.objects.filter(username=club_editor.username).exists()


@pytest.mark.django_db
def test_portal_users_are_unknown_on_club_hosts(club):
    user_model = get_user_model()
    with schema_context(get_public_schema_name()):
        user_model.objects.create_user(username="betrieb@test.example", password="portal-passwort-1", is_staff=True)
    client = host_client(club.primary_hostname)
    client.post("/admin/login/", {"username": "betrieb@test.example", "password": "portal-passwort-1"})
    assert "_auth_user_id" not in client.session
    portal = host_client("localhost")
    response = portal.post("/admin/login/", {"username": "betrieb@test.example", "password": "portal-passwort-1"})
    assert response.status_code == 302
