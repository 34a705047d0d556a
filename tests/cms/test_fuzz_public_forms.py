"""Fuzz pass (hypothesis) over every public form and the searches: no input gives a 500.

Each target is requested with fields that are missing, valid, or replaced by hostile values (NUL
bytes, huge numbers, markup, SQL, impossible dates, very long text, unknown extra fields). The
test client re-raises what would be a 500, so any unhandled exception fails the test. Every route
and query parameter of the portal and the club sites is fuzzed in tests/sites/portal/test_fuzz_queries.py. Runs are
derandomised: CI sees the same examples every time.
"""

import time

from django.db import transaction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import host_client

HOSTILE = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "../../../etc/passwd",
        "9" * 400,
        "-1",
        "0",
        "1e309",
        "NaN",
        "31.02.2024",
        "2024-13-45",
        "9999-12-31",
        "0001-01-01",
        "²",
        "٣",
        "１",
        "\r\n",
        "a\r\nb",
        "%",
        "_",
        "\\",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
        " ",
        "x" * 5000,
        "ä@ö.ü",
    ]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
VALUE = st.one_of(HOSTILE, TEXT)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _clean_caches():
    """The examples' database work is rolled back; what they left in the caches must go too."""
    from django.core.cache import caches

    yield
    for alias in caches:
        caches[alias].clear()


def _fields(valid: dict):
    """Each field: kept, dropped, or replaced (lists too); plus an unknown extra field."""
    per_field = {
        name: st.one_of(st.just(value), st.none(), VALUE, st.lists(VALUE, max_size=3)) for name, value in valid.items()
    }
    return st.fixed_dictionaries(per_field, optional={"unerwartet": VALUE}).map(
        lambda data: {key: value for key, value in data.items() if value is not None}
    )


def _send(client, method: str, path: str, data: dict) -> int:
    # Each example in a savepoint that is rolled back: what one example stored cannot help the next.
    class _Undo(Exception):
        pass

    status = 0
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, data)
            status = response.status_code
            raise _Undo
    except _Undo:
        pass
    return status


SEARCHES = {
    "/engagement/": {
        "q": "Jugend",
        "art": "opportunity",
        "kategorie": "sport",
        "ort": "Musterstadt",
        "umkreis": "10",
        "zielgruppe": "youth",
        "zeit": "weekly",
        "sprache": "de",
        "sortierung": "date",
        "von": "14.06.2026",
        "bis": "2026-06-30",
        "seite": "2",
    },
    "/vereine/": {"q": "SV", "kategorie": "sport", "ort": "Musterstadt", "seite": "1"},
    "/veranstaltungen/": {
        "ansicht": "monat",
        "monat": "2026-05",
        "q": "Fest",
        "kategorie": "sport",
        "von": "2026-05-01",
        "bis": "2026-05-31",
    },
    "/netzwerk/": {
        "q": "Bänke",
        "p": "1",
        "post_type": "offer",
        "kind": "equipment",
        "town": "Muster",
        "postal_code": "123",
        "date_from": "2026-06-01",
        "date_to": "2026-06-30",
    },
    "/veranstaltungen/kalender.ics": {"kategorie": "sport"},
    "/api/listings": {"q": "Jugend", "limit": "10", "offset": "0", "kind": "event", "town": "Musterstadt"},
    "/api/clubs": {"q": "SV", "limit": "10", "offset": "0"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(SEARCHES))
def test_portal_searches_never_fail(club, path):
    client = host_client("localhost")

    @FUZZ
    @given(data=_fields(SEARCHES[path]))
    def run(data):
        assert _send(client, "get", path, data) < 500

    run()


@pytest.mark.django_db
def test_registration_form_never_fails(club):
    from sites.clubs.forms import registration_started_token

    valid = {
        "name": "Kegelclub Gut Holz e. V.",
        "legal_form": "ev",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": "VR 4711",
        "street": "Am Anger 3",
        "postal_code": "12345",
        "town": "Musterstadt",
        "categories": "1",
        "email": "info@gutholz.example",
        "subdomain": "gut-holz",
        "editor_name": "Erika Mustermann",
        "editor_email": "erika@gutholz.example",
        "accepted_terms": "on",
        "started": registration_started_token(time.time() - 30),
    }
    client = host_client("localhost")

    @FUZZ
    @given(data=_fields(valid))
    def run(data):
        assert _send(client, "post", "/registrieren/", data) < 500

    run()


@pytest.mark.django_db
def test_subscription_form_never_fails(club):
    client = host_client("localhost")

    @FUZZ
    @given(data=_fields({"email": "neu@example.org", "consent": "on"}), query=TEXT)
    def run(data, query):
        from urllib.parse import quote

        assert _send(client, "post", f"/engagement/benachrichtigung/?q={quote(query)}", data) < 500

    run()


@pytest.mark.django_db
@pytest.mark.parametrize("page_type", ["JoinPage", "ContactPage"])
def test_club_forms_never_fail(club, page_type):
    from django_tenants.utils import schema_context

    from sites.pages import models
    from sites.pages.forms import form_started_token

    with schema_context(club.schema_name):
        url = getattr(models, page_type).objects.get().url
    valid = {
        "JoinPage": {
            "first_name": "Erika",
            "last_name": "Mustermann",
            "birth_date": "24.12.1990",
            "street": "Heideweg",
            "house_number": "3",
            "postal_code": "12345",
            "country": "DE",
            "town": "Musterstadt",
            "email": "erika@example.org",
            "phone": "",
            "message": "Hallo",
            "consent": "on",
            "website": "",
            "form_started": form_started_token(time.time() - 60),
        },
        "ContactPage": {
            "name": "Max",
            "email": "max@example.org",
            "subject": "Frage",
            "message": "Hallo",
            "consent": "on",
            "website": "",
            "form_started": form_started_token(time.time() - 60),
        },
    }[page_type]
    client = host_client(club.primary_hostname)

    @FUZZ
    @given(data=_fields(valid))
    def run(data):
        assert _send(client, "post", url, data) < 500

    run()


@pytest.mark.django_db
def test_club_site_search_and_page_paths_never_fail(club):
    client = host_client(club.primary_hostname)

    @FUZZ
    @given(path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/.%", max_size=60), query=VALUE)
    def run(path, query):
        assert _send(client, "get", "/" + path.lstrip("/"), {"q": query, "seite": query, "p": query}) < 500

    run()


@pytest.mark.django_db
def test_event_registration_form_never_fails(club):
    from django_tenants.utils import schema_context

    from sites.pages.constants import RegistrationMode
    from sites.pages.forms import form_started_token
    from sites.pages.models import EventPage

    with schema_context(club.schema_name):
        event = EventPage.objects.get(slug="mitgliederversammlung")
        event.registration_mode = RegistrationMode.FORM
        event.save_revision().publish()
        url = event.url
    valid = {
        "name": "Rita Rüstig",
        "email": "rita@example.org",
        "persons": "2",
        "consent": "on",
        "website": "",
        "form_started": form_started_token(time.time() - 60),
    }
    client = host_client(club.primary_hostname)

    @FUZZ
    @given(data=_fields(valid))
    def run(data):
        assert _send(client, "post", url, data) < 500

    run()


@pytest.mark.django_db
def test_crisis_helper_sign_up_never_fails(club, monkeypatch):
    from django.contrib.auth import get_user_model

    from django_tenants.utils import schema_context

    from community.services import crisis_declare, post_create

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    crisis = crisis_declare(title="Hochwasser", description="Der Fluss steigt.", area_postal_codes="123", by="betrieb")
    with schema_context(club.schema_name):
        editor = get_user_model().objects.get(email="editor@alpha.example")
    need = post_create(
        club=club,
        contact=editor,
        post_type="request",
        kind="helpers",
        title="Sandsäcke füllen",
        description="Am Bauhof.",
        postal_code=club.postal_code,
        town=club.town,
        crisis=crisis,
        helper_cap=2,
        helper_slots="Samstag 8–12 Uhr\nSamstag 12–16 Uhr",
        is_public=True,
    )
    url = f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/"
    valid = {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "phone": "",
        "slot": "Samstag 8–12 Uhr",
        "privacy": "on",
    }
    client = host_client("localhost")

    @FUZZ
    @given(data=_fields(valid), token=TEXT)
    def run(data, token):
        from urllib.parse import quote

        assert _send(client, "post", url, data) < 500
        assert _send(client, "post", f"/netzwerk/absage/{quote(token, safe='') or 'x'}/", {}) < 500

    run()
