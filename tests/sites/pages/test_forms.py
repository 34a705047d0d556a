"""Join and contact forms: stored and e-mailed when valid, kept with German errors when not,
refused without storing when a bot fills the honeypot or sends too fast."""

from django.core import mail

import pytest
from django_tenants.utils import schema_context

from office.models import JoinApplication
from sites.pages.forms import form_started_token
from sites.pages.models import ContactMessage, ContactPage, JoinPage


def _url(club, model):
    with schema_context(club.schema_name):
        return model.objects.get().url


def _count(club, model):
    with schema_context(club.schema_name):
        return model.objects.count()


JOIN = {
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
    "message": "Ich freue mich!",
    "consent": "on",
    "website": "",
}
CONTACT = {
    "name": "Max Muster",
    "email": "max@example.org",
    "subject": "Probetraining",
    "message": "Wann kann ich vorbeikommen?",
    "consent": "on",
    "website": "",
}


@pytest.mark.django_db
def test_join_form_valid_is_stored_and_mailed(club, club_client, old_token):
    """Stored unconfirmed; the confirmation link goes to the applicant, not yet to the club
    (tests/office/test_join.py follows the application to the board)."""
    url = _url(club, JoinPage)
    response = club_client.post(url, {**JOIN, "form_started": old_token})
    assert response.status_code == 302
    with schema_context(club.schema_name):
        application = JoinApplication.objects.get()
        assert application.last_name == "Mustermann" and application.consent
        assert application.birth_date.isoformat() == "1990-12-24"
        assert application.status == "unconfirmed" and application.payment_method == "transfer"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"] and message.reply_to == [club.email]
    assert "/mitgliedsantrag/bestaetigen/" in message.body
    assert "bestätigen Sie Ihren Antrag" in club_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_join_form_invalid_keeps_data_with_german_errors(club, club_client, old_token):
    url = _url(club, JoinPage)
    data = {**JOIN, "form_started": old_token, "birth_date": "morgen", "postal_code": "123", "consent": ""}
    response = club_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Erika"' in html and 'value="Heideweg"' in html and "Ich freue mich!" in html
    assert "TT.MM.JJJJ" in html
    assert "Bitte stimmen Sie zu" in html
    assert "Postleitzahl" in html
    assert _count(club, JoinApplication) == 0 and not mail.outbox


@pytest.mark.django_db
def test_contact_form_valid_is_stored_and_mailed(club, club_client, old_token, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = club_client.post(_url(club, ContactPage), {**CONTACT, "form_started": old_token})
    assert response.status_code == 302
    assert _count(club, ContactMessage) == 1
    assert len(mail.outbox) == 1 and "Probetraining" in mail.outbox[0].subject


@pytest.mark.django_db
def test_contact_form_missing_fields_are_named_in_german(club, club_client, old_token):
    response = club_client.post(
        _url(club, ContactPage), {**CONTACT, "form_started": old_token, "email": "kaputt", "message": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "gültige E-Mail-Adresse" in html
    assert "Dieses Feld muss ausgefüllt werden" in html
    assert 'value="Max Muster"' in html
    assert _count(club, ContactMessage) == 0


@pytest.mark.django_db
def test_honeypot_is_refused_without_storing(club, club_client, old_token):
    response = club_client.post(
        _url(club, ContactPage), {**CONTACT, "form_started": old_token, "website": "http://spam"}
    )
    assert response.status_code == 200
    assert "Spam" in response.content.decode()
    assert _count(club, ContactMessage) == 0 and not mail.outbox


@pytest.mark.django_db
def test_too_fast_is_refused_without_storing(club, club_client):
    response = club_client.post(_url(club, JoinPage), {**JOIN, "form_started": form_started_token()})
    assert response.status_code == 200
    assert "sehr schnell" in response.content.decode()
    assert _count(club, JoinApplication) == 0 and not mail.outbox


@pytest.mark.django_db
def test_forged_token_is_refused(club, club_client):
    response = club_client.post(_url(club, ContactPage), {**CONTACT, "form_started": "abc"})
    assert response.status_code == 200
    assert _count(club, ContactMessage) == 0


@pytest.mark.django_db
def test_a_long_message_is_counted_not_cut_and_comes_back_whole(club, club_client, old_token):
    """Issue #11, item 5: a text area with a length limit carries no `maxlength` (browsers cut pasted
    text silently); the page says how long it may be, and an over-long text comes back whole with
    both numbers named."""
    page = club_client.get(_url(club, ContactPage)).content.decode()
    area = page[page.index("<textarea") : page.index(">", page.index("<textarea"))]
    assert "maxlength" not in area.replace("data-maxlength", "")
    assert 'data-maxlength="5000"' in area and "von %(max)s Zeichen" in area
    assert "js/char-counter.js" in page

    long_text = "Wir möchten gern mitmachen. " * 200  # 5,600 characters
    response = club_client.post(_url(club, ContactPage), {**CONTACT, "form_started": old_token, "message": long_text})
    assert response.status_code == 200
    html = response.content.decode()
    assert long_text.strip() in html  # everything typed is still there
    assert (
        "5000" in html and str(len(long_text.strip())) in html
    )  # "höchstens 5000 Zeichen … (Er besteht aus 5599 Zeichen.)"
    assert _count(club, ContactMessage) == 0
