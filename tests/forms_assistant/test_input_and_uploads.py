"""Values from outside: the start form, attachments checked by their content, and nothing typed is
lost when an upload is refused (issues #10 and #11)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from forms_assistant.constants import ApplicationStatus as S
from forms_assistant.models import Application, ApplicationAttachment

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run in DOS mode"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(club_editor_client, club_profile):
    return club_editor_client


# --- starting an application -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"template": "1", "event": "abc"}, "Dieses Vorhaben gibt es in Ihrem Verein nicht"),
        ({"template": "abc"}, "Bitte eine Antragsvorlage aus dem Katalog wählen"),
        ({}, "Bitte eine Antragsvorlage wählen"),
        ({"template": "-3"}, "Bitte eine Antragsvorlage aus dem Katalog wählen"),
        ({"template": "999999"}, "Diese Antragsvorlage gibt es nicht"),
    ],
)
def test_start_with_broken_values_answers_with_the_page_and_a_german_error(editor_client, form_template, data, message):
    response = editor_client.post("/admin/antraege/start/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Antragskatalog" in body
    assert not Application.objects.exists()


def test_start_refuses_another_clubs_event(editor_client, form_template, other_club):
    from datetime import date

    from forms_assistant.services import planned_event_save

    foreign = planned_event_save(club=other_club, data={"title": "Fremdes Fest", "date_start": date(2031, 5, 1)})
    response = editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": foreign.pk})
    assert response.status_code == 400 and "Dieses Vorhaben gibt es in Ihrem Verein nicht" in response.content.decode()
    assert not Application.objects.exists()


def test_start_with_own_event_still_works(editor_client, form_template, event):
    response = editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    assert response.status_code == 302
    assert Application.objects.get().event == event


def test_broken_row_counter_counts_as_no_rows(editor_client, draft):
    url = f"/admin/antraege/{draft.pk}/schritt/veranstaltung/"
    for count in ("abc", "-5", "1e9", "99999999999999999999"):
        response = editor_client.post(url, {"action": "save", "f_event_title": "Fest", "f_stands__rows": count})
        assert response.status_code == 200, count
    draft.refresh_from_db()
    assert draft.answers["event_title"] == "Fest" and draft.answers["stands"] == []


def test_withdraw_reason_too_long_keeps_the_text(editor_client, submitted):
    reason = "Abgesagt wegen Unwetter. " * 100
    response = editor_client.post(f"/admin/antraege/{submitted.pk}/", {"action": "withdraw", "note": reason})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Abgesagt wegen Unwetter." in body and "höchstens 2000 Zeichen" in body
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


# --- the assistant step with a file field ------------------------------------------------------------

UPLOAD_DEFINITION = {
    "steps": [
        {
            "key": "unterlagen",
            "title": "Unterlagen",
            "fields": [
                {"key": "beschreibung", "kind": "textarea", "label": "Beschreibung", "required": True},
                {"key": "helfer", "kind": "number", "label": "Helfende", "required": False},
                {"key": "lageplan", "kind": "file", "label": "Lageplan", "required": True},
            ],
        }
    ],
    "rules": [],
}


@pytest.fixture
def upload_draft(club_profile, authority, club_actor):
    from forms_assistant.services import application_start, form_template_save

    template = form_template_save(
        title="Anzeige mit Lageplan", authority=authority, definition=UPLOAD_DEFINITION, publish=True
    )
    return application_start(club=club_profile, template_id=template.pk, actor=club_actor)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("lageplan.pdf", EXE, "ist ein Programm"),
        ("lageplan.pdf", HTML, "HTML- oder SVG-Code"),
        ("lageplan.png", SVG, "HTML- oder SVG-Code"),
        ("lageplan.png", b"\x89PNG\r\n\x1a\n" + b"kaputt" * 10, "kein lesbares Bild"),
        ("lageplan.jpg", _png(), "Dateiendung „.jpg“"),
        ("lageplan.svg", SVG, "Dateien dieser Art können nicht hochgeladen werden"),
        ("lageplan.exe", EXE, "Dateien dieser Art können nicht hochgeladen werden"),
    ],
)
def test_refused_upload_keeps_everything_else_typed_in_the_step(editor_client, upload_draft, name, data, expected):
    url = f"/admin/antraege/{upload_draft.pk}/schritt/unterlagen/"
    response = editor_client.post(
        url,
        {
            "action": "next",
            "f_beschreibung": "Bühne am Nordrand, Stände entlang der Straße.",
            "f_helfer": "12",
            "f_lageplan": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bühne am Nordrand, Stände entlang der Straße." in body and 'value="12"' in body
    assert f"„{name}“" in body and expected in body  # the error names the file and what was expected
    upload_draft.refresh_from_db()
    assert upload_draft.answers["beschreibung"] == "Bühne am Nordrand, Stände entlang der Straße."
    assert upload_draft.answers["helfer"] == "12"
    assert "lageplan" not in upload_draft.answers
    assert not ApplicationAttachment.objects.filter(application=upload_draft).exists()


def test_refused_upload_keeps_the_previous_file(editor_client, upload_draft):
    url = f"/admin/antraege/{upload_draft.pk}/schritt/unterlagen/"
    first = editor_client.post(
        url,
        {"action": "save", "f_beschreibung": "Erst", "f_lageplan": SimpleUploadedFile("plan.png", _png())},
    )
    assert first.status_code == 200
    upload_draft.refresh_from_db()
    kept = upload_draft.answers["lageplan"]
    assert kept["name"] == "plan.png"
    second = editor_client.post(
        url,
        {"action": "next", "f_beschreibung": "Dann", "f_lageplan": SimpleUploadedFile("plan.pdf", HTML)},
    )
    assert second.status_code == 200 and "„plan.pdf“" in second.content.decode()
    upload_draft.refresh_from_db()
    assert upload_draft.answers["lageplan"] == kept and upload_draft.answers["beschreibung"] == "Dann"


def test_accepted_uploads_of_every_allowed_kind(editor_client, upload_draft):
    url = f"/admin/antraege/{upload_draft.pk}/schritt/unterlagen/"
    for name, data in (("plan.pdf", PDF), ("plan.png", _png()), ("notiz.txt", "Stände: 12\n".encode())):
        response = editor_client.post(
            url, {"action": "save", "f_beschreibung": "x", "f_lageplan": SimpleUploadedFile(name, data)}
        )
        assert response.status_code == 200 and "nicht angenommen" not in response.content.decode(), name
        upload_draft.refresh_from_db()
        assert upload_draft.answers["lageplan"]["name"] == name


# --- the inbox: question and decisions with a refused file --------------------------------------------


@pytest.mark.parametrize("to_status", [S.QUESTION, S.APPROVED, S.REJECTED])
def test_clerk_note_comes_back_when_the_file_is_refused(staff_client, submitted, to_status, mailoutbox):
    mailoutbox.clear()
    note = "Bitte reichen Sie den Lageplan im Maßstab 1:500 nach – mit Fluchtwegen."
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/",
        {"to_status": to_status, "note": note, "upload": SimpleUploadedFile("bescheid.pdf", EXE)},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bitte reichen Sie den Lageplan im Maßstab 1:500 nach – mit Fluchtwegen." in body
    assert "„bescheid.pdf“ ist ein Programm" in body and "PDF-Dokument" in body
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and not submitted.attachments.exists()
    assert not mailoutbox


def test_clerk_note_comes_back_when_the_status_is_invalid(staff_client, submitted):
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": "erfunden", "note": "Meine lange Notiz"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Meine lange Notiz" in body and "Bitte wählen Sie einen gültigen Status." in body


def test_clerk_note_comes_back_when_the_step_is_not_allowed(staff_client, submitted):
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/", {"to_status": S.ANSWERED, "note": "Antwort statt Verein"}
    )
    assert response.status_code == 200
    assert "Antwort statt Verein" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_clerk_approval_with_a_real_pdf_still_goes_through(staff_client, submitted):
    response = staff_client.post(
        f"/admin/posteingang/{submitted.pk}/status/",
        {
            "to_status": S.APPROVED,
            "note": "Genehmigt.",
            "confirmed": "on",
            "upload": SimpleUploadedFile("bescheid.pdf", PDF),
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.APPROVED and submitted.attachments.filter(kind="permit").count() == 1


# --- the club's answer with a refused file --------------------------------------------------------------


def test_club_answer_comes_back_when_the_file_is_refused(editor_client, submitted, staff_actor):
    from forms_assistant.services import application_transition

    application_transition(application=submitted, to_status=S.QUESTION, actor=staff_actor, note="Lageplan fehlt.")
    response = editor_client.post(
        f"/admin/antraege/{submitted.pk}/",
        {
            "action": "answer",
            "note": "Anbei der Lageplan, Nordseite des Marktplatzes.",
            "upload": SimpleUploadedFile("lageplan.png", HTML),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anbei der Lageplan, Nordseite des Marktplatzes." in body
    assert "„lageplan.png“ enthält HTML- oder SVG-Code" in body
    submitted.refresh_from_db()
    assert submitted.status == S.QUESTION and not submitted.attachments.exists()


def test_service_refuses_disguised_files_too(submitted, staff_actor):
    """The same check guards the service, whatever view calls it."""
    from django.core.exceptions import ValidationError

    from forms_assistant.services import application_transition

    with pytest.raises(ValidationError, match="ist ein Programm"):
        application_transition(
            application=submitted,
            to_status=S.APPROVED,
            actor=staff_actor,
            note="Genehmigt.",
            upload=SimpleUploadedFile("bescheid.pdf", EXE),
        )


def test_control_characters_in_a_step_are_dropped_not_a_500(editor_client, draft):
    url = f"/admin/antraege/{draft.pk}/schritt/veranstaltung/"
    response = editor_client.post(
        url,
        {
            "action": "save",
            "f_event_title": "Fest\x00mit\x07 NUL",
            "f_event_dates__start": "2031-06-01\x00",
            "f_stands__rows": "1",
            "f_stands__0__name": "Grill\x00stand",
            "f_alcohol_kinds": ["bier\x00", "\x00"],
        },
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers["event_title"] == "Festmit NUL"
    assert draft.answers["stands"] == [{"name": "Grillstand", "meters": ""}]
    assert draft.answers["alcohol_kinds"] == ["bier"]
