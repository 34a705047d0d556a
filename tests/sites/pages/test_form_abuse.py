"""Club site forms (contact, join, event sign-up) against abuse: line breaks in one-line fields
(e-mail header injection), a mail that cannot be sent, and many submissions from one client."""

import logging

from django.core import mail
from django.core.mail import EmailMessage

import pytest
from django_tenants.utils import schema_context

from office.models import JoinApplication
from sites.pages.constants import RegistrationMode
from sites.pages.models import (
    ContactMessage,
    ContactPage,
    EventPage,
    EventRegistration,
    JoinPage,
)
from sites.pages.services import contact_message_submit
from tests.sites.pages.test_forms import CONTACT, JOIN

LINE_BREAK = "Probetraining\r\nBcc: opfer@example.org"


def _url(club, model, **filters):
    with schema_context(club.schema_name):
        return model.objects.filter(**filters).get().url


def _count(club, model):
    with schema_context(club.schema_name):
        return model.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["subject", "name"])
def test_contact_refuses_line_breaks_in_one_line_fields(club, club_client, old_token, field):
    response = club_client.post(_url(club, ContactPage), {**CONTACT, "form_started": old_token, field: LINE_BREAK})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Zeilenumbrüche" in " ".join(errors[field])
    assert "Wann kann ich vorbeikommen?" in response.content.decode()  # kept
    assert _count(club, ContactMessage) == 0 and not mail.outbox


@pytest.mark.django_db
def test_message_text_may_have_line_breaks(club, club_client, old_token):
    data = {**CONTACT, "form_started": old_token, "message": "Hallo,\r\nich komme am Montag.\r\nGruß"}
    assert club_client.post(_url(club, ContactPage), data).status_code == 302
    assert _count(club, ContactMessage) == 1


@pytest.mark.django_db
def test_join_and_event_refuse_line_breaks(club, club_client, old_token):
    response = club_client.post(
        _url(club, JoinPage), {**JOIN, "form_started": old_token, "last_name": "Muster\nBcc: x@example.org"}
    )
    assert response.status_code == 200 and "last_name" in response.context["form"].errors
    assert _count(club, JoinApplication) == 0

    with schema_context(club.schema_name):
        event = EventPage.objects.get(slug="mitgliederversammlung")
        event.registration_mode = RegistrationMode.FORM
        event.save_revision().publish()
    data = {"name": "Rita\rRüstig", "email": "rita@example.org", "persons": "1", "consent": "on",
            "form_started": old_token, "website": ""}  # fmt: skip
    response = club_client.post(event.url, data)
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert _count(club, EventRegistration) == 0


@pytest.mark.django_db
def test_service_never_builds_a_header_from_raw_input(in_club, django_capture_on_commit_callbacks):
    page = ContactPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        contact_message_submit(
            page=page,
            club=in_club,
            data={"name": "Max", "email": "max@example.org", "subject": LINE_BREAK, "message": "Hallo"},
        )
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "Kontaktanfrage: Probetraining Bcc: opfer@example.org"
    assert message.reply_to == ["max@example.org"]
    assert message.message()["Bcc"] is None  # builds without BadHeaderError, and adds no header


@pytest.mark.django_db
def test_a_mail_failure_keeps_the_record_and_shows_the_thanks(
    club, club_client, old_token, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("smtp.example.org refused max@example.org")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = club_client.post(_url(club, ContactPage), {**CONTACT, "form_started": old_token})
    assert response.status_code == 302
    assert _count(club, ContactMessage) == 1
    logged = caplog.text
    assert "ConnectionRefusedError" in logged
    assert "max@example.org" not in logged and "Max Muster" not in logged and "Probetraining" not in logged


@pytest.mark.django_db
def test_contact_form_is_limited_per_client_with_the_form_kept(club, club_client, old_token, settings):
    settings.HH_RATE_LIMITS = {**settings.HH_RATE_LIMITS, "club_contact": (2, 600)}
    url = _url(club, ContactPage)
    for _ in range(2):
        assert club_client.post(url, {**CONTACT, "form_started": old_token}).status_code == 302
    response = club_client.post(url, {**CONTACT, "form_started": old_token, "subject": "Noch eine Frage"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "Sie haben in kurzer Zeit viele Nachrichten gesendet" in html
    assert "Minute" in html
    # Everything typed is still there.
    assert 'value="Max Muster"' in html and 'value="max@example.org"' in html
    assert 'value="Noch eine Frage"' in html and "Wann kann ich vorbeikommen?" in html
    assert _count(club, ContactMessage) == 2

    # Another client, and another form of the same client, are not affected.
    assert club_client.post(url, {**CONTACT, "form_started": old_token}, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert club_client.post(_url(club, JoinPage), {**JOIN, "form_started": old_token}).status_code == 302


@pytest.mark.django_db
def test_invalid_submissions_do_not_count(club, club_client, old_token, settings):
    settings.HH_RATE_LIMITS = {**settings.HH_RATE_LIMITS, "club_join": (1, 600)}
    url = _url(club, JoinPage)
    for _ in range(4):
        response = club_client.post(url, {**JOIN, "form_started": old_token, "postal_code": "12"})
        assert response.status_code == 200
    assert club_client.post(url, {**JOIN, "form_started": old_token}).status_code == 302
    assert club_client.post(url, {**JOIN, "form_started": old_token}).status_code == 429
    assert _count(club, JoinApplication) == 1
