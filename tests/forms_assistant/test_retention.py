"""Data protection: 90-day drafts with a warning 7 days before, retention of decided applications
per authority, open applications never purged, and the club's ZIP export (JSON + PDFs)."""

import io
import json
import zipfile
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from forms_assistant.constants import ApplicationStatus as S
from forms_assistant.models import Application, ApplicationLogEntry
from forms_assistant.services import application_transition, club_export_zip, decided_anonymise, drafts_expire


def _age(application, days: int) -> None:
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_fresh_draft_is_left_alone(draft, mailoutbox):
    assert drafts_expire() == {"warned": 0, "deleted": 0}
    assert Application.objects.filter(pk=draft.pk).exists() and mailoutbox == []


def test_draft_is_warned_at_83_days_and_deleted_7_days_later(draft, mailoutbox, club_profile):
    _age(draft, 84)
    assert drafts_expire() == {"warned": 1, "deleted": 0}
    assert len(mailoutbox) == 1
    warning = mailoutbox[0]
    assert "in 7 Tagen gelöscht" in warning.subject and club_profile.email in warning.to
    assert "Sondernutzung Test" in warning.body
    assert drafts_expire() == {"warned": 0, "deleted": 0}  # warned once only
    later = timezone.now() + timedelta(days=7)
    assert drafts_expire(now=later) == {"warned": 0, "deleted": 1}
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_draft_never_deleted_without_a_warning_first(draft, mailoutbox):
    _age(draft, 200)  # the job did not run for a long time
    assert drafts_expire() == {"warned": 1, "deleted": 0}
    assert Application.objects.filter(pk=draft.pk).exists()
    assert drafts_expire(now=timezone.now() + timedelta(days=3)) == {"warned": 0, "deleted": 0}


def test_touching_a_warned_draft_starts_the_90_days_again(draft, mailoutbox):
    from forms_assistant.services import application_save_step

    _age(draft, 85)
    drafts_expire()
    application_save_step(application=draft, step_key="verein", raw={"club_name": "SV Alpha"})
    assert drafts_expire(now=timezone.now() + timedelta(days=8)) == {"warned": 0, "deleted": 0}
    draft.refresh_from_db()
    assert draft.draft_warning_sent_at is None


def test_open_applications_are_never_purged(submitted, staff_actor):
    old = timezone.now() - timedelta(days=5000)
    for status in (S.SUBMITTED, S.IN_REVIEW, S.QUESTION, S.ANSWERED):
        Application.objects.filter(pk=submitted.pk).update(status=status, updated_at=old, submitted_at=old)
        assert drafts_expire() == {"warned": 0, "deleted": 0}
        assert decided_anonymise(now=timezone.now() + timedelta(days=5000)) == 0
        submitted.refresh_from_db()
        assert submitted.answers and submitted.pdf and submitted.anonymised_at is None


def test_decided_application_anonymised_after_the_authoritys_retention(submitted, staff_actor, authority):
    authority.retention_days = 365
    authority.save()
    application_transition(application=submitted, to_status=S.REJECTED, actor=staff_actor, note="Zu spät.")
    assert decided_anonymise(now=timezone.now() + timedelta(days=364)) == 0
    submitted.refresh_from_db()
    assert submitted.answers and submitted.pdf
    pdf_name = submitted.pdf.name
    assert decided_anonymise(now=timezone.now() + timedelta(days=366)) == 1
    submitted.refresh_from_db()
    assert submitted.answers == {} and not submitted.pdf and submitted.decision_text == ""
    assert submitted.created_by_email == "" and submitted.anonymised_at is not None
    assert not submitted.pdf.storage.exists(pdf_name)
    assert not ApplicationLogEntry.objects.filter(application=submitted).exclude(actor_email="").exists()
    assert submitted.status == S.REJECTED and submitted.reference  # the statistics stay
    assert decided_anonymise(now=timezone.now() + timedelta(days=900)) == 0  # only once


def test_retention_is_per_authority(submitted, staff_actor, authority, other_authority):
    authority.retention_days = 3650
    authority.save()
    other_authority.retention_days = 30
    other_authority.save()
    application_transition(application=submitted, to_status=S.APPROVED, actor=staff_actor, note="Ja.")
    assert decided_anonymise(now=timezone.now() + timedelta(days=400)) == 0


def test_command_runs_both_jobs(draft, mailoutbox, capsys):
    _age(draft, 84)
    call_command("purge_applications")
    out = capsys.readouterr().out
    assert "1 gewarnt" in out and "0 gelöscht" in out and "anonymisiert: 0" in out


# --- export ----------------------------------------------------------------------------------------


def test_club_export_zip_has_json_and_pdf_of_own_applications_only(submitted, form_template, club_actor, other_club):
    from forms_assistant.services import application_start

    draft = application_start(club=submitted.club, template_id=form_template.pk, actor=club_actor)
    data = club_export_zip(club=submitted.club)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert f"{submitted.reference}/antrag.json" in names
    assert f"{submitted.reference}/{submitted.reference}.pdf" in names
    assert archive.read(f"{submitted.reference}/{submitted.reference}.pdf").startswith(b"%PDF")
    record = json.loads(archive.read(f"{submitted.reference}/antrag.json"))
    assert record["status"] == "submitted" and record["answers"]["club_name"] == submitted.club.name
    assert record["log"][0]["to"] == "submitted"
    assert f"entwurf-{draft.pk}/antrag.json" in names
    assert zipfile.ZipFile(io.BytesIO(club_export_zip(club=other_club))).namelist() == []


def test_export_download_from_the_club_admin(club_editor_client, submitted):
    response = club_editor_client.get("/admin/antraege/export.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f"{submitted.reference}/antrag.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


@pytest.mark.parametrize("path", ["/admin/antraege/export.zip"])
def test_export_is_not_on_the_portal(staff_client, path):
    assert staff_client.get(path).status_code == 404
