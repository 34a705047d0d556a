"""Data protection: drafts expire, decided applications are anonymised, a club's export."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from django.utils import timezone

from forms_assistant import notifications
from forms_assistant.constants import DECIDED_STATUSES, ApplicationStatus
from forms_assistant.models import Application, Authority

S = ApplicationStatus

DRAFT_MAX_AGE = timedelta(days=90)
DRAFT_WARNING_BEFORE = timedelta(days=7)


def drafts_expire(*, now=None) -> dict[str, int]:
    """Warn about drafts untouched for 83 days, delete those untouched for 90 days."""
    now = now or timezone.now()
    drafts = Application.objects.filter(status=S.DRAFT)
    warned = 0
    for application in drafts.filter(
        updated_at__lte=now - (DRAFT_MAX_AGE - DRAFT_WARNING_BEFORE), draft_warning_sent_at__isnull=True
    ).select_related("club"):
        notifications.draft_warning_send(
            application=application,
            # A warning that goes out late still gives the club its 7 days.
            delete_on=max(application.updated_at + DRAFT_MAX_AGE, now + DRAFT_WARNING_BEFORE),
        )
        # update() keeps updated_at: the warning is not a touch by the club.
        Application.objects.filter(pk=application.pk).update(draft_warning_sent_at=now)
        warned += 1
    deleted = 0
    for application in drafts.filter(updated_at__lte=now - DRAFT_MAX_AGE, draft_warning_sent_at__isnull=False):
        if application.draft_warning_sent_at <= now - DRAFT_WARNING_BEFORE + timedelta(hours=1):
            _delete_files(application)
            application.delete()
            deleted += 1
    return {"warned": warned, "deleted": deleted}


def decided_anonymise(*, now=None) -> int:
    """Anonymise decided applications past their authority's retention; open ones are never touched."""
    now = now or timezone.now()
    count = 0
    for authority in Authority.objects.all():
        due = Application.objects.filter(
            authority=authority,
            status__in=DECIDED_STATUSES,
            decided_at__lte=now - timedelta(days=authority.retention_days),
            anonymised_at__isnull=True,
        )
        for application in due:
            _delete_files(application)
            application.answers = {}
            application.prefilled = []
            application.decision_text = ""
            application.created_by_id = None
            application.created_by_name = ""
            application.created_by_email = ""
            application.anonymised_at = now
            application.save()
            application.log.update(note="", actor_name="", actor_email="", actor_id=None)
            count += 1
    return count


def _delete_files(application: Application) -> None:
    for attachment in application.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    if application.pdf:
        application.pdf.delete(save=False)


def club_export_zip(*, club) -> bytes:
    """All of a club's applications as a ZIP: one JSON per application plus its PDF and files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application in Application.objects.filter(club=club).prefetch_related("attachments", "log"):
            name = application.reference or f"entwurf-{application.pk}"
            data = {
                "reference": application.reference,
                "template": application.template_title,
                "template_revision_id": application.template_revision_id,
                "authority": application.authority.name,
                "status": application.status,
                "status_label": str(application.get_status_display()),
                "event": str(application.event) if application.event else None,
                "created_at": application.created_at.isoformat(),
                "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
                "decided_at": application.decided_at.isoformat() if application.decided_at else None,
                "decision_text": application.decision_text,
                "answers": application.answers,
                "definition": application.definition,
                "log": [
                    {
                        "at": e.at.isoformat(),
                        "from": e.from_status,
                        "to": e.to_status,
                        "note": e.note,
                        "by": e.actor_name,
                    }
                    for e in application.log.all()
                ],
            }
            archive.writestr(f"{name}/antrag.json", json.dumps(data, ensure_ascii=False, indent=2))
            if application.pdf:
                with application.pdf.open("rb") as fh:
                    archive.writestr(f"{name}/{name}.pdf", fh.read())
            for attachment in application.attachments.all():
                with attachment.file.open("rb") as fh:
                    archive.writestr(f"{name}/anlagen/{attachment.pk}-{attachment.original_name}", fh.read())
    return buffer.getvalue()
