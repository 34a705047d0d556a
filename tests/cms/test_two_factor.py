"""Two-factor login: mandatory for staff and operators on the portal, optional for club editors."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import get_public_schema_name, schema_context

from cms.two_factor import recovery_codes_create
from tests.conftest import host_client


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _codes_of(response) -> list[str]:
    """The recovery codes a page shows."""
    return re.findall(r'<code class="recovery-code">([a-z0-9-]+)</code>', response.content.decode())


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
    assert done.status_code == 200 and len(_codes_of(done)) == 10  # the recovery codes, shown once
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
    assert len(_codes_of(club_editor_client.post("/admin/zwei-faktor/einrichten/", {"token": _code(device)}))) == 10
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


# --- issue #10: the second factor cannot be replaced with the password alone; recovery codes -------


@dataclass
class Account:
    host: str
    username: str
    password: str
    schema: str
    user: object


@pytest.fixture(params=["portal", "club"])
def account(request, required):
    """An operator on the portal's host and a club editor on the club's host: both may use 2FA."""
    if request.param == "portal":
        user = request.getfixturevalue("operator")
        return Account("localhost", "betrieb", "betrieb-pw-123", get_public_schema_name(), user)
    club = request.getfixturevalue("club")
    user = request.getfixturevalue("club_editor")
    return Account(club.primary_hostname, user.username, "test-passwort-123", club.schema_name, user)


def _device(account, *, confirmed=True) -> TOTPDevice:
    with schema_context(account.schema):
        return TOTPDevice.objects.create(user=account.user, name="App", confirmed=confirmed)


def _login(account):
    return _signed_in(account.host, account.username, account.password)


def _verified(account, device):
    """A session signed in with password and app code (the code's time step made usable again)."""
    client = _login(account)
    with schema_context(account.schema):
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        device.refresh_from_db()
    response = client.post("/admin/zwei-faktor/", {"token": _code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/", response.content[:300]
    return client


def _tokens(account) -> list[str]:
    with schema_context(account.schema):
        return list(StaticToken.objects.filter(device__user=account.user).values_list("token", flat=True))


@pytest.mark.django_db
def test_password_only_session_cannot_enrol_a_device_when_one_is_confirmed(account):
    _device(account)
    leftover = _device(account, confirmed=False)  # e.g. from an earlier, abandoned set-up
    client = _login(account)
    page = client.get("/admin/zwei-faktor/einrichten/")
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/zwei-faktor/?next=%2Fadmin%2Fzwei-faktor%2Feinrichten%2F")
    assert b"data:image/svg" not in page.content
    posted = client.post("/admin/zwei-faktor/einrichten/", {"token": _code(leftover)})
    assert posted.status_code == 302 and posted["Location"].startswith("/admin/zwei-faktor/?next=")
    # The leftover's valid code neither confirms it nor counts as the second factor.
    assert client.post("/admin/zwei-faktor/", {"token": _code(leftover)}).status_code == 200
    with schema_context(account.schema):
        assert TOTPDevice.objects.filter(user=account.user).count() == 2
        leftover.refresh_from_db()
        assert not leftover.confirmed
    assert client.get("/admin/pages/").status_code == 302
    # The recovery-code page is behind the factor too (GET and POST).
    for method in (client.get, client.post):
        response = method("/admin/zwei-faktor/wiederherstellungscodes/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/zwei-faktor/?next=")
    assert _tokens(account) == []


@pytest.mark.django_db
def test_first_set_up_uses_a_device_of_its_own_session_only(account):
    planted = _device(account, confirmed=False)  # made by someone else who knows its secret
    client = _login(account)
    assert client.get("/admin/zwei-faktor/einrichten/").status_code == 200
    refused = client.post("/admin/zwei-faktor/einrichten/", {"token": _code(planted)})
    assert refused.status_code == 200 and "Der Code stimmt nicht" in refused.content.decode()
    with schema_context(account.schema):
        assert not TOTPDevice.objects.filter(pk=planted.pk).exists()
        device = TOTPDevice.objects.get(user=account.user, confirmed=False)
        device.throttle_reset()
    done = client.post("/admin/zwei-faktor/einrichten/", {"token": _code(device)})
    assert done.status_code == 200 and len(_codes_of(done)) == 10
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_verified_session_may_add_or_replace_the_app(account):
    old = _device(account)
    client = _verified(account, old)
    page = client.get("/admin/zwei-faktor/einrichten/")
    assert page.status_code == 200 and b"data:image/svg" in page.content
    assert "Die bisherige App ersetzen" in page.content.decode()
    with schema_context(account.schema):
        new = TOTPDevice.objects.get(user=account.user, confirmed=False)
    done = client.post("/admin/zwei-faktor/einrichten/", {"token": _code(new), "replace": "on"})
    assert done.status_code == 200 and len(_codes_of(done)) == 10  # had no recovery codes yet
    with schema_context(account.schema):
        assert list(TOTPDevice.objects.filter(user=account.user).values_list("pk", "confirmed")) == [(new.pk, True)]
    assert client.get("/admin/pages/").status_code == 200


@pytest.mark.django_db
def test_recovery_codes_are_shown_once_work_once_and_can_be_replaced(account, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # several wrong codes in a row below
    client = _login(account)
    client.get("/admin/zwei-faktor/einrichten/")
    with schema_context(account.schema):
        device = TOTPDevice.objects.get(user=account.user, confirmed=False)
    codes = _codes_of(client.post("/admin/zwei-faktor/einrichten/", {"token": _code(device)}))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(_tokens(account)) == sorted(code.replace("-", "") for code in codes)
    overview = client.get("/admin/zwei-faktor/wiederherstellungscodes/")
    assert overview.status_code == 200 and _codes_of(overview) == []
    assert "noch 10 Wiederherstellungscodes" in overview.content.decode()
    assert "/admin/zwei-faktor/wiederherstellungscodes/" in client.get("/admin/account/").content.decode()

    # Without the app: a recovery code (typed in capitals, with a space) lets the session in once.
    other = _login(account)
    form = other.get("/admin/zwei-faktor/?next=/admin/pages/")
    assert "Wiederherstellungscode verwenden" in form.content.decode()
    recovery = other.get("/admin/zwei-faktor/?wiederherstellung=1&next=/admin/pages/")
    assert "Wiederherstellungscode" in recovery.content.decode()
    used = other.post(
        "/admin/zwei-faktor/?wiederherstellung=1",
        {"token": codes[0].upper().replace("-", " "), "next": "/admin/pages/"},
    )
    assert used.status_code == 302 and used["Location"] == "/admin/pages/"
    assert "noch 9 Codes" in other.get("/admin/pages/").content.decode()
    assert len(_tokens(account)) == 9
    third = _login(account)
    again = third.post("/admin/zwei-faktor/", {"token": codes[0]})
    assert again.status_code == 200 and "schon verwendet" in again.content.decode()
    assert third.get("/admin/pages/").status_code == 302

    # New codes (verified session only) make every earlier one useless.
    fresh = _codes_of(other.post("/admin/zwei-faktor/wiederherstellungscodes/"))
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert third.post("/admin/zwei-faktor/", {"token": codes[1]}).status_code == 200
    assert third.post("/admin/zwei-faktor/", {"token": fresh[0]}).status_code == 302
    assert len(_tokens(account)) == 9
    if account.schema != get_public_schema_name():  # the club's codes live in the club's schema
        with schema_context(get_public_schema_name()):
            assert not StaticToken.objects.exists()


@pytest.mark.django_db
def test_few_recovery_codes_left_ask_for_new_ones(account):
    _device(account)
    with schema_context(account.schema):
        codes = recovery_codes_create(user=account.user)
        StaticToken.objects.filter(token__in=codes[3:]).delete()
    client = _login(account)
    response = client.post("/admin/zwei-faktor/", {"token": codes[0], "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/zwei-faktor/wiederherstellungscodes/"
    page = client.get(response["Location"]).content.decode()
    assert "nur noch 2 Codes" in page and "Neue Wiederherstellungscodes erzeugen" in page
    for code in codes[1:3]:
        last = _login(account)
        response = last.post("/admin/zwei-faktor/", {"token": code})
        assert response["Location"] == "/admin/zwei-faktor/wiederherstellungscodes/"
    page = last.get(response["Location"]).content.decode()
    assert "Das war der letzte" in page and "keine Wiederherstellungscodes mehr" in page
    assert _tokens(account) == []


@pytest.mark.django_db
def test_a_correct_code_right_after_a_typo_says_to_wait(account, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # a long delay: the test does not race the clock
    device = _device(account)
    client = _login(account)
    right = _code(device)
    typo = "000000" if right != "000000" else "111111"
    wrong = client.post("/admin/zwei-faktor/", {"token": typo})
    assert "Der Code stimmt nicht" in wrong.content.decode()
    spaced = f"{right[:3]} {right[3:]}"
    waiting = client.post("/admin/zwei-faktor/", {"token": spaced}).content.decode()
    assert "Sekunden wieder geprüft" in waiting and "Der Code stimmt nicht" not in waiting
    assert re.search(r"erst in (29|30) Sekunden", waiting)
    assert f'value="{spaced}"' in waiting  # what was typed comes back
    with schema_context(account.schema):
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # waiting does not count as another failure
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
        )
    assert client.post("/admin/zwei-faktor/", {"token": spaced}).status_code == 302
