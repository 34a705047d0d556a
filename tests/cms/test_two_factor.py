"""Two-factor login: mandatory for staff and operators on the portal, optional for club editors."""

from django.contrib.auth import get_user_model

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import get_public_schema_name, schema_context

from tests.conftest import host_client


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def required(settings):
    settings.HH_2FA_REQUIRED_ON_PORTAL = True


@pytest.fixture
def operator(db):
    with schema_context(get_public_schema_name()):
        return get_user_model().objects.create_superuser(
            username="betrieb", email="b@x.example", password="betrieb-pw-123"
        )


def _signed_in(host, username, password):
    client = host_client(host)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_operator_must_set_up_a_second_factor_before_the_admin(required, operator):
    client = _signed_in("localhost", "betrieb", "betrieb-pw-123")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/zwei-faktor/einrichten/"
    assert client.get("/admin/pages/").status_code == 302
    page = client.get("/admin/zwei-faktor/einrichten/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    with schema_context(get_public_schema_name()):
        device = TOTPDevice.objects.get(user=operator, confirmed=False)
    wrong = client.post(
        "/admin/zwei-faktor/einrichten/", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Der Code stimmt nicht" in wrong.content.decode()
    with schema_context(get_public_schema_name()):
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # django-otp slows guessing down
        device.throttle_reset()
    done = client.post("/admin/zwei-faktor/einrichten/", {"token": _code(device)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_confirmed_device_is_asked_for_at_every_login(required, operator):
    with schema_context(get_public_schema_name()):
        device = TOTPDevice.objects.create(user=operator, name="App", confirmed=True)
    client = _signed_in("localhost", "betrieb", "betrieb-pw-123")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/zwei-faktor/?next=/admin/pages/")
    assert client.post("/admin/zwei-faktor/", {"token": "abcdef"}).status_code == 200  # digits only
    response = client.post("/admin/zwei-faktor/", {"token": _code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_verify_refuses_foreign_redirects(required, operator):
    with schema_context(get_public_schema_name()):
        device = TOTPDevice.objects.create(user=operator, name="App", confirmed=True)
    client = _signed_in("localhost", "betrieb", "betrieb-pw-123")
    response = client.post("/admin/zwei-faktor/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_club_editors_may_but_need_not_use_a_second_factor(required, club, club_editor_client, club_editor):
    assert club_editor_client.get("/admin/").status_code == 200  # optional: no device, no question
    assert club_editor_client.get("/admin/zwei-faktor/einrichten/").status_code == 200
    with schema_context(club.schema_name):
        device = TOTPDevice.objects.get(user=club_editor, confirmed=False)
    assert club_editor_client.post("/admin/zwei-faktor/einrichten/", {"token": _code(device)}).status_code == 302
    # From now on the club editor is asked at every login; the device lives in the club's schema.
    again = _signed_in(club.primary_hostname, club_editor.username, "test-passwort-123")
    assert again.get("/admin/").status_code == 302
    with schema_context(get_public_schema_name()):
        assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_the_account_page_offers_the_set_up(club_editor_client):
    page = club_editor_client.get("/admin/account/")
    assert page.status_code == 200
    assert "/admin/zwei-faktor/einrichten/" in page.content.decode()
