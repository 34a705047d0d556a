"""The clerk's buttons: named after the action, decisions confirmed on the server, coloured badges."""

import re
from pathlib import Path

import pytest

from forms_assistant.constants import ApplicationStatus as S

LIST = "/admin/forms_assistant/application/"


def _inspect(client, application) -> str:
    return client.get(f"{LIST}inspect/{application.pk}/").content.decode()


def _buttons(body: str) -> list[str]:
    return [text.strip() for text in re.findall(r'<button[^>]*name="to_status"[^>]*>([^<]+)</button>', body)]


def test_buttons_are_named_after_the_action(staff_client, submitted):
    buttons = _buttons(_inspect(staff_client, submitted))
    assert buttons == ["In Bearbeitung nehmen", "Rückfrage stellen", "Antrag genehmigen", "Antrag ablehnen"]
    assert "Genehmigt" not in buttons and "Abgelehnt" not in buttons


@pytest.mark.parametrize(("to_status", "action"), [(S.APPROVED, "Antrag genehmigen"), (S.REJECTED, "Antrag ablehnen")])
def test_a_decision_without_confirmation_changes_nothing_and_asks(
    staff_client, submitted, to_status, action, mailoutbox
):
    mailoutbox.clear()
    note = "Die Auflagen im Bescheid gelten – bitte beachten."
    response = staff_client.post(f"/admin/posteingang/{submitted.pk}/status/", {"to_status": to_status, "note": note})
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Bitte bestätigen: {action}" in body
    assert 'name="confirmed"' in body and "Ja, ich bin sicher." in body
    assert note in body  # the note comes back as typed
    assert _buttons(body) == [action]  # only the confirming button
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and not mailoutbox

    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": to_status, "note": note, "confirmed": "on"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == to_status and mailoutbox


def test_a_decision_without_a_note_asks_for_the_note_first(staff_client, submitted):
    response = staff_client.post(f"/admin/posteingang/{submitted.pk}/status/", {"to_status": S.APPROVED, "note": ""})
    body = response.content.decode()
    assert "Bitte bestätigen" not in body and "ein paar Worte" in body
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_question_needs_no_confirmation(staff_client, submitted):
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": S.QUESTION, "note": "Wo genau?"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.QUESTION


def test_status_badges_have_a_colour_per_status_and_words(staff_client, submitted):
    body = staff_client.get(LIST).content.decode()
    assert '<span class="fa-status fa-status--submitted">Eingereicht</span>' in body
    assert "forms-assistant-admin.css" in body
    assert 'class="listing full-width fa-inbox"' in body
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/forms-assistant-admin.css")).read_text(encoding="utf-8")
    for status in ("submitted", "approved", "rejected", "question"):
        assert f".fa-status--{status}" in css
    assert "overflow-wrap: anywhere" in css.split(".fa-inbox .field-reference")[1].split("}")[0]
