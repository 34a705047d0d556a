"""Fixtures of the application assistant: two authorities with staff, a form template, events."""

from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client

STAFF_PASSWORD = "staff-passwort-123"

FESTIVAL_DEFINITION = {
    "steps": [
        {
            "key": "verein",
            "title": "Antragsteller",
            "fields": [
                {
                    "key": "club_name",
                    "kind": "text",
                    "label": "Name des Vereins",
                    "required": True,
                    "prefill": "club.name",
                },
                {
                    "key": "club_address",
                    "kind": "address",
                    "label": "Anschrift",
                    "required": True,
                    "prefill": "club.address",
                },
                {"key": "iban", "kind": "iban", "label": "IBAN", "required": False, "prefill": "club.iban"},
            ],
        },
        {
            "key": "veranstaltung",
            "title": "Veranstaltung",
            "fields": [
                {"key": "event_title", "kind": "text", "label": "Titel", "required": True, "prefill": "event.title"},
                {
                    "key": "event_dates",
                    "kind": "daterange",
                    "label": "Zeitraum",
                    "required": True,
                    "prefill": "event.dates",
                },
                {
                    "key": "visitors",
                    "kind": "number",
                    "label": "Erwartete Besucher",
                    "required": True,
                    "prefill": "event.expected_visitors",
                },
                {
                    "key": "alcohol",
                    "kind": "yesno",
                    "label": "Ausschank von Alkohol?",
                    "required": True,
                    "prefill": "event.serves_alcohol",
                },
                {
                    "key": "alcohol_kinds",
                    "kind": "multichoice",
                    "label": "Welche Getränke?",
                    "required": False,
                    "choices": [["bier", "Bier"], ["wein", "Wein"], ["spirituosen", "Spirituosen"]],
                },
                {
                    "key": "stands",
                    "kind": "repeat",
                    "label": "Stände",
                    "required": False,
                    "subfields": [
                        {"key": "name", "kind": "text", "label": "Stand", "required": True},
                        {"key": "meters", "kind": "number", "label": "Meter", "required": False},
                    ],
                },
            ],
        },
        {
            "key": "sicherheit",
            "title": "Sicherheit",
            "fields": [
                {"key": "security_plan", "kind": "textarea", "label": "Sicherheitskonzept", "required": False},
            ],
        },
    ],
    "rules": [
        {
            "target": "alcohol_kinds",
            "action": "show",
            "match": "all",
            "conditions": [{"field": "alcohol", "op": "yes", "value": ""}],
        },
        {
            "target": "alcohol_kinds",
            "action": "require",
            "match": "all",
            "conditions": [{"field": "alcohol", "op": "yes", "value": ""}],
        },
        {
            "target": "step:sicherheit",
            "action": "show",
            "match": "all",
            "conditions": [{"field": "visitors", "op": "gte", "value": "1000"}],
        },
        {
            "target": "security_plan",
            "action": "require",
            "match": "all",
            "conditions": [{"field": "visitors", "op": "gte", "value": "1000"}],
        },
    ],
}


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Tests run inside a transaction that is rolled back, so on-commit hooks (the e-mails) would
    never fire: run them as soon as they are registered."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def authority(db):
    from forms_assistant.services import authority_save

    return authority_save(
        data={
            "name": "Ordnungsamt Teststadt",
            "street": "Markt 1",
            "postal_code": "12345",
            "town": "Teststadt",
            "email": "ordnungsamt@teststadt.example",
            "staff_group_name": "Behörde: Ordnungsamt Teststadt",
        }
    )


@pytest.fixture
def other_authority(db):
    from forms_assistant.services import authority_save

    return authority_save(
        data={
            "name": "Kreis Test",
            "street": "Kreisweg 2",
            "postal_code": "12399",
            "town": "Kreisstadt",
            "email": "kreis@test.example",
            "staff_group_name": "Behörde: Kreis Test",
        }
    )


def _staff(authority, email):
    from forms_assistant.services import staff_user_ensure

    return staff_user_ensure(authority=authority, email=email, name="Sachbearbeitung Test", password=STAFF_PASSWORD)


@pytest.fixture
def staff(authority):
    return _staff(authority, "staff@teststadt.example")


@pytest.fixture
def other_staff(other_authority):
    return _staff(other_authority, "staff@kreis.example")


def login(hostname: str, username: str, password: str):
    client = host_client(hostname)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def staff_client(staff):
    return login("localhost", staff.username, STAFF_PASSWORD)


@pytest.fixture
def other_staff_client(other_staff):
    return login("localhost", other_staff.username, STAFF_PASSWORD)


@pytest.fixture
def form_template(authority):
    from forms_assistant.services import form_template_save

    return form_template_save(
        title="Sondernutzung Test",
        authority=authority,
        definition=FESTIVAL_DEFINITION,
        publish=True,
        summary="Öffentlichen Raum nutzen.",
        lead_time_days=28,
        recommend_when=[
            {"attribute": "public_space", "minimum": None, "reason": ""},
            {"attribute": "serves_alcohol", "minimum": None, "reason": ""},
        ],
    )


@pytest.fixture
def club_profile(club):
    from sites.clubs.models import BoardMember

    club.iban = "DE89370400440532013000"
    club.save(update_fields=["iban"])
    BoardMember.objects.get_or_create(club=club, role="chair", defaults={"name": "Erika Musterfrau"})
    return club


@pytest.fixture
def event(club_profile):
    from forms_assistant.services import planned_event_save

    return planned_event_save(
        club=club_profile,
        data={
            "title": "Sommerfest",
            "date_start": date.today() + timedelta(days=60),
            "date_end": date.today() + timedelta(days=61),
            "place_kind": "public_space",
            "place_description": "Marktplatz",
            "expected_visitors": 500,
            "sells_drinks": True,
            "serves_alcohol": True,
        },
    )


@pytest.fixture
def club_actor(club_editor):
    from forms_assistant.services import Actor

    return Actor.of(club_editor, "club")


@pytest.fixture
def staff_actor(staff):
    from forms_assistant.services import Actor

    return Actor.of(staff, "authority")


@pytest.fixture
def draft(club_profile, event, form_template, club_actor):
    from forms_assistant.services import application_start

    return application_start(club=club_profile, template_id=form_template.pk, actor=club_actor, event=event)


@pytest.fixture
def submitted(draft, club_actor, mailoutbox):
    from forms_assistant.services import application_save_step, application_submit

    application_save_step(application=draft, step_key="veranstaltung", raw={"alcohol_kinds": ["bier"]})
    draft.refresh_from_db()
    application = application_submit(application=draft, actor=club_actor)
    return application


@pytest.fixture
def club_schema(club):
    """Run code in the club's schema (for reading club users)."""
    return lambda: schema_context(club.schema_name)
