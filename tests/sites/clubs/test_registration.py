"""Registration on the portal: the valid case and each invalid one."""

import re
import time

from django.core import mail

import pytest

from sites.clubs.constants import RegistrationStatus
from sites.clubs.forms import registration_started_token
from sites.clubs.models import ClubRegistration

URL = "/registrieren/"


def _errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.django_db
def test_form_shows_the_future_address(portal_client):
    response = portal_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ihr-verein</span>.localhost" in html
    assert 'href="/registrieren/nutzungsbedingungen/"' in html
    assert portal_client.get("/registrieren/nutzungsbedingungen/").status_code == 200


@pytest.mark.django_db
def test_valid_registration_is_stored_and_confirmed(
    portal_client, registration_post, settings, django_capture_on_commit_callbacks
):
    settings.HH_OPERATOR_EMAILS = ["ops@heldenhelfer.localhost"]
    with django_capture_on_commit_callbacks(execute=True):  # the mails go out after the commit
        response = portal_client.post(URL, registration_post)
    assert response.status_code == 302
    assert response["Location"] == "/registrieren/danke/"

    registration = ClubRegistration.objects.get(subdomain="gut-holz")
    assert registration.status == RegistrationStatus.PENDING
    assert registration.register_number == "VR 4711"  # normalised
    assert registration.accepted_terms
    assert [c.slug for c in registration.categories.all()] == ["sport"]

    to_applicant, to_operators = mail.outbox
    assert set(to_applicant.to) == {"info@gutholz.example", "erika@gutholz.example"}
    assert "gut-holz.localhost" in to_applicant.body
    assert to_operators.to == ["ops@heldenhelfer.localhost"]
    assert f"/admin/clubs/clubregistration/inspect/{registration.pk}/" in to_operators.body

    thanks = portal_client.get("/registrieren/danke/").content.decode()
    assert "So geht es weiter" in thanks
    assert "info@gutholz.example" in thanks


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"subdomain": "Gut Holz!"}, "subdomain", "Kleinbuchstaben"),
        ({"subdomain": "-gut"}, "subdomain", "Kleinbuchstaben"),
        ({"subdomain": "admin"}, "subdomain", "reserviert"),
        ({"subdomain": "www"}, "subdomain", "reserviert"),
        ({"subdomain": "portal"}, "subdomain", "reserviert"),
        ({"subdomain": "ab"}, "subdomain", "3 bis 40 Zeichen"),
        ({"subdomain": "x" * 41}, "subdomain", "40"),
        ({"subdomain": "müller-verein"}, "subdomain", "Kleinbuchstaben"),
        ({"subdomain": "gut--holz"}, "subdomain", "Bindestriche"),
        ({"subdomain": "gut_holz"}, "subdomain", "Kleinbuchstaben"),
        ({"subdomain": ""}, "subdomain", "ausgefüllt"),
        ({"subdomain": "alpha"}, "subdomain", "schon vergeben"),
        ({"subdomain": "club-template"}, "subdomain", "reserviert"),
        ({"editor_email": "erika-at-example"}, "editor_email", "E-Mail"),
        ({"editor_name": ""}, "editor_name", "ausgefüllt"),
        ({"street": ""}, "street", "ausgefüllt"),
        ({"town": ""}, "town", "ausgefüllt"),
        ({"legal_form": "verein"}, "legal_form", "gültige"),
        ({"accepted_terms": ""}, "accepted_terms", "Nutzungsbedingungen"),
        ({"postal_code": "1234"}, "postal_code", "fünfstellige"),
        ({"postal_code": "12a45"}, "postal_code", "fünfstellige"),
        ({"register_number": "1234"}, "register_number", "VR 1234"),
        ({"register_number": "HRB 1234"}, "register_number", "Vereinsregister"),
        ({"register_number": ""}, "register_number", "Registernummer"),
        ({"register_court": ""}, "register_court", "Registergericht"),
        ({"categories": []}, "categories", "Kategorie"),
        ({"email": "keine-mail"}, "email", "E-Mail"),
        ({"name": ""}, "name", "ausgefüllt"),
    ],
)
def test_invalid_registration_keeps_input_and_explains(portal_client, registration_post, changes, field, message):
    response = portal_client.post(URL, {**registration_post, **changes})
    assert response.status_code == 200
    errors = _errors(response)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    # Everything typed is still there.
    if "street" not in changes:
        assert 'value="Am Anger 3"' in html
    if "editor_email" not in changes:
        assert "erika@gutholz.example" in html
    if "name" not in changes:
        assert "Kegelclub Gut Holz Musterstadt e. V." in html
    for key, value in changes.items():
        if isinstance(value, str) and value and key not in ("accepted_terms", "legal_form"):
            assert value in html, f"{key}={value!r} was not kept"
    assert not ClubRegistration.objects.filter(editor_email="erika@gutholz.example").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_subdomain_of_a_pending_registration_is_taken(portal_client, registration_post, pending_registration):
    response = portal_client.post(URL, {**registration_post, "subdomain": pending_registration.subdomain})
    assert "schon vergeben" in " ".join(_errors(response)["subdomain"])


@pytest.mark.django_db
def test_subdomain_is_lower_cased(portal_client, registration_post):
    response = portal_client.post(URL, {**registration_post, "subdomain": " Gut-Holz "})
    assert response.status_code == 302
    assert ClubRegistration.objects.filter(subdomain="gut-holz").exists()


@pytest.mark.django_db
def test_other_legal_forms_need_no_register_number(portal_client, registration_post):
    response = portal_client.post(
        URL, {**registration_post, "legal_form": "nev", "register_court": "", "register_number": ""}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_honeypot_stores_nothing(portal_client, registration_post):
    response = portal_client.post(URL, {**registration_post, "website": "http://spam.example"})
    assert response.status_code == 302  # a bot learns nothing
    assert not ClubRegistration.objects.filter(subdomain="gut-holz").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_too_fast_submission_is_refused_but_kept(portal_client, registration_post):
    response = portal_client.post(URL, {**registration_post, "started": registration_started_token()})
    assert response.status_code == 200
    assert "sehr schnell" in " ".join(response.context["form"].non_field_errors())
    assert 'value="Am Anger 3"' in response.content.decode()
    assert not ClubRegistration.objects.exists()


@pytest.mark.django_db
def test_forged_start_time_is_refused(portal_client, registration_post):
    response = portal_client.post(URL, {**registration_post, "started": str(time.time() - 100)})
    assert response.status_code == 200
    assert not ClubRegistration.objects.exists()


def _limit(settings, count: int) -> None:
    settings.HH_RATE_LIMITS = {**settings.HH_RATE_LIMITS, "registration": (count, 3600)}


@pytest.mark.django_db
def test_invalid_submissions_do_not_count_toward_the_limit(portal_client, registration_post, settings):
    _limit(settings, 2)
    for _ in range(5):
        assert portal_client.post(URL, {**registration_post, "postal_code": "x"}).status_code == 200
    assert portal_client.post(URL, registration_post).status_code == 302
    assert ClubRegistration.objects.filter(subdomain="gut-holz").exists()


@pytest.mark.django_db
def test_over_the_limit_the_form_comes_back_filled_in(portal_client, registration_post, settings):
    _limit(settings, 2)
    for subdomain in ("gut-holz", "gut-holz-zwei"):
        assert portal_client.post(URL, {**registration_post, "subdomain": subdomain}).status_code == 302
    response = portal_client.post(URL, {**registration_post, "subdomain": "gut-holz-drei"})
    assert response.status_code == 429
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "Sie haben in kurzer Zeit viele Nachrichten gesendet" in html
    assert re.search(r"in \d+ Minuten? noch einmal", html)
    assert 'value="Am Anger 3"' in html and 'value="gut-holz-drei"' in html
    assert "Kegelclub Gut Holz Musterstadt e. V." in html and "erika@gutholz.example" in html
    assert 'name="categories" value="' in html and "checked" in html
    assert "<form" in html
    assert ClubRegistration.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "editor_name", "street", "town"])
def test_line_breaks_in_one_line_fields_are_refused(portal_client, registration_post, field):
    response = portal_client.post(URL, {**registration_post, field: "Gut Holz\r\nBcc: opfer@example.org"})
    assert response.status_code == 200
    assert "Zeilenumbrüche" in " ".join(_errors(response)[field])
    assert not ClubRegistration.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_a_mail_failure_keeps_the_registration(
    portal_client, registration_post, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = portal_client.post(URL, registration_post)
    assert response.status_code == 302
    assert ClubRegistration.objects.filter(subdomain="gut-holz").exists()


@pytest.mark.django_db
def test_one_error_summary_and_the_categories_as_a_fieldset(portal_client, registration_post):
    response = portal_client.post(URL, {**registration_post, "town": "", "categories": []})
    html = response.content.decode()
    assert html.count("Bitte prüfen Sie die markierten Felder") == 1
    fieldset = html[html.index('<fieldset class="choice-field') : html.index("</fieldset>")]
    assert "<legend>Kategorien" in fieldset
    assert "Bitte mindestens eine Kategorie ankreuzen." in fieldset
    assert fieldset.index("<legend>") < fieldset.index('type="checkbox"')


@pytest.mark.django_db
def test_registration_is_not_on_club_hosts(club_client):
    assert club_client.get(URL).status_code == 404
    assert club_client.get("/vereine/").status_code == 404
