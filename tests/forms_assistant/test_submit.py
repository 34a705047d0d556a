"""From planned event to submission: pre-fill, steps, drafts, review, snapshot, PDF, e-mails."""

import io

import pytest
from pypdf import PdfReader

from forms_assistant.constants import ApplicationStatus
from forms_assistant.models import Application
from forms_assistant.selectors import recommendations_for
from forms_assistant.services import (
    ApplicationError,
    ApplicationInvalid,
    application_save_step,
    application_submit,
)


def pdf_text(application) -> str:
    with application.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_recommender_gives_reasons(event, form_template):
    recommendations = recommendations_for(event)
    assert [r.template.title for r in recommendations] == ["Sondernutzung Test"]
    reasons = recommendations[0].reasons
    assert "weil Ihr Vorhaben im öffentlichen Raum stattfindet" in reasons
    assert "weil Sie Alkohol ausschenken" in reasons


def test_recommender_skips_templates_that_do_not_apply(club_profile, form_template):
    from datetime import date

    from forms_assistant.services import planned_event_save

    quiet = planned_event_save(club=club_profile, data={"title": "Vorstandssitzung", "date_start": date(2031, 1, 1)})
    assert recommendations_for(quiet) == []


def test_start_prefills_from_profile_and_event(draft, club_profile, event):
    assert draft.answers["club_name"] == club_profile.name
    assert draft.answers["club_address"]["postal_code"] == club_profile.postal_code
    assert draft.answers["iban"] == "DE89370400440532013000"
    assert draft.answers["event_dates"]["start"] == event.date_start.isoformat()
    assert draft.answers["alcohol"] == "yes"
    assert set(draft.prefilled) >= {"club_name", "iban", "event_title", "alcohol"}
    assert draft.template_revision_id and draft.definition["steps"]


def test_submit_refuses_incomplete_and_keeps_everything(draft, club_actor):
    with pytest.raises(ApplicationInvalid) as exc:
        application_submit(application=draft, actor=club_actor)
    assert "alcohol_kinds" in exc.value.evaluation.errors
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.answers["event_title"] == "Sommerfest"


def test_submit_makes_snapshot_pdf_and_mails(submitted, mailoutbox, club_profile, authority):
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.reference.startswith("HH-")
    assert "security_plan" not in submitted.answers  # hidden step: answers dropped
    text = pdf_text(submitted)
    assert "Sondernutzung Test" in text
    assert submitted.reference in text
    assert club_profile.name in text
    assert "DE89370400440532013000" in text
    assert "Bier" in text
    assert "Sicherheitskonzept" not in text
    recipients = {tuple(m.to) for m in mailoutbox}
    assert (authority.email,) in recipients
    assert any(club_profile.email in m.to for m in mailoutbox)
    for message in mailoutbox:
        assert message.attachments and message.attachments[0][2] == "application/pdf"
    assert submitted.log.get().to_status == ApplicationStatus.SUBMITTED


def test_submitted_application_is_immutable(submitted, club_actor):
    with pytest.raises(ApplicationError):
        application_save_step(application=submitted, step_key="verein", raw={"club_name": "Anders"})
    with pytest.raises(ApplicationError):
        application_submit(application=submitted, actor=club_actor)


def test_hidden_answer_dropped_on_submit(draft, club_actor):
    application_save_step(application=draft, step_key="veranstaltung", raw={"alcohol": "no", "alcohol_kinds": ["wein"]})
    draft.refresh_from_db()
    application = application_submit(application=draft, actor=club_actor)
    assert "alcohol_kinds" not in application.answers


# --- the club's screens ---------------------------------------------------------------------------


@pytest.fixture
def editor_client(club_editor_client, club_profile):
    return club_editor_client


def test_club_menu_and_index(editor_client, event, form_template):
    response = editor_client.get("/admin/antraege/")
    assert response.status_code == 200
    assert "Sommerfest" in response.content.decode()
    # Wagtail renders its sidebar from JSON props: the menu item appears as its URL there.
    dashboard = editor_client.get("/admin/").content.decode()
    assert '"name": "antraege"' in dashboard and '"url": "/admin/antraege/"' in dashboard


def test_event_form_shows_recommendations(editor_client, form_template):
    response = editor_client.post(
        "/admin/antraege/vorhaben/neu/",
        {"title": "Straßenfest", "date_start": "2031-06-01", "place_kind": "public_space", "expected_visitors": "300"},
    )
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "Sondernutzung Test" in page and "öffentlichen Raum" in page


def test_event_form_keeps_input_on_error(editor_client):
    response = editor_client.post(
        "/admin/antraege/vorhaben/neu/",
        {"title": "Fest mit Fehler", "date_start": "2031-06-05", "date_end": "2031-06-01", "place_kind": "address"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fest mit Fehler" in body and "Das Ende liegt vor dem Beginn" in body


def test_full_flow_through_the_screens(editor_client, event, form_template, mailoutbox):
    response = editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    assert response.status_code == 302
    application = Application.objects.get(event=event)
    step1 = editor_client.get(response["Location"]).content.decode()
    assert "Vorausgefüllt" in step1 and "Schritt 1 von" in step1
    # step 1: a broken postal code is refused, what was typed stays
    url = f"/admin/antraege/{application.pk}/schritt/verein/"
    bad = editor_client.post(
        url,
        {
            "action": "next",
            "f_club_name": "SV Alpha geändert",
            "f_club_address__street": "Hauptstraße 1",
            "f_club_address__postal_code": "12",
            "f_club_address__town": "Musterstadt",
            "f_iban": "DE89370400440532013000",
        },
    )
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "fünfstellige Postleitzahl" in body and "SV Alpha geändert" in body
    application.refresh_from_db()
    assert application.answers["club_name"] == "SV Alpha geändert"  # draft saved even with errors
    ok = editor_client.post(
        url,
        {
            "action": "next",
            "f_club_name": "SV Alpha geändert",
            "f_club_address__street": "Hauptstraße 1",
            "f_club_address__postal_code": "12345",
            "f_club_address__town": "Musterstadt",
            "f_iban": "DE89370400440532013000",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("/schritt/veranstaltung/")
    # step 2: alcohol → the drinks choice appears and is required
    url2 = ok["Location"]
    data = {
        "action": "next",
        "f_event_title": "Sommerfest",
        "f_event_dates__start": event.date_start.isoformat(),
        "f_event_dates__end": event.date_end.isoformat(),
        "f_visitors": "500",
        "f_alcohol": "yes",
        "f_stands__rows": "2",
        "f_stands__0__name": "Getränke",
        "f_stands__0__meters": "4",
    }
    missing = editor_client.post(url2, data)
    assert missing.status_code == 200 and "Welche Getränke?" in missing.content.decode()
    done = editor_client.post(url2, {**data, "f_alcohol_kinds": ["bier", "wein"]})
    assert done.status_code == 302 and done["Location"].endswith("/pruefen/")
    review = editor_client.get(done["Location"]).content.decode()
    assert "SV Alpha geändert" in review and "Getränke" in review and "Bier, Wein" in review
    submitted = editor_client.post(done["Location"])
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.answers["stands"] == [{"name": "Getränke", "meters": "4"}]
    detail = editor_client.get(submitted["Location"]).content.decode()
    assert application.reference in detail
    pdf = editor_client.get(f"/admin/antraege/{application.pk}/antrag.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert len(mailoutbox) == 2


def test_back_saves_without_validating(editor_client, draft):
    url = f"/admin/antraege/{draft.pk}/schritt/veranstaltung/"
    response = editor_client.post(url, {"action": "back", "f_visitors": "nicht viele", "f_event_title": "Fest"})
    assert response.status_code == 302 and response["Location"].endswith("/schritt/verein/")
    draft.refresh_from_db()
    assert draft.answers["visitors"] == "nicht viele"
