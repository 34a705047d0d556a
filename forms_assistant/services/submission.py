"""The writes that move an application through the status machine: submit, transition, log, notify."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_assistant import notifications
from forms_assistant.constants import DECIDED_STATUSES, ApplicationStatus, AttachmentKind, Side
from forms_assistant.engine import evaluate, is_late
from forms_assistant.models import Application, ApplicationLogEntry

from .attachments import attachment_add
from .drafts import _event_date, _require_draft
from .pdf import application_render_pdf
from .transitions import NOTE_REQUIRED, TRANSITIONS, Actor, ApplicationError, ApplicationInvalid

S = ApplicationStatus


@transaction.atomic
def application_submit(*, application: Application, actor: Actor) -> Application:
    """Validate everything, freeze the snapshot (hidden answers dropped), render and send the PDF."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(application)
    if actor.side != Side.CLUB:
        raise PermissionDenied
    evaluation = evaluate(application.definition, application.answers)
    if evaluation.errors:
        raise ApplicationInvalid(evaluation)
    application.answers = evaluation.kept_answers(application.answers)
    # Files that belong to hidden fields or were replaced are not part of the snapshot.
    used_ids = {v.get("id") for v in application.answers.values() if isinstance(v, dict) and v.get("id")}
    application.attachments.filter(kind=AttachmentKind.ANSWER).exclude(pk__in=used_ids).delete()
    now = timezone.now()
    application.status = S.SUBMITTED
    application.submitted_at = now
    application.reference = f"HH-{now:%Y}-{application.pk:06d}"
    application.event_date = _event_date(application, evaluation) or application.event_date
    application.is_late = is_late(application.definition, evaluation.values, timezone.localdate(now))
    application.save()
    _log(application, S.DRAFT, S.SUBMITTED, actor, "")
    pdf = application_render_pdf(application=application)
    application.pdf.save(f"{application.reference}.pdf", ContentFile(pdf), save=True)
    transaction.on_commit(lambda: _notify(application, S.SUBMITTED, "", attach_pdf=True))
    return application


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, actor: Actor, note: str = "", upload=None
) -> Application:
    """Move an application along the status machine, log it and tell both sides."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    who = TRANSITIONS.get((application.status, to_status))
    if who is None:
        raise ApplicationError(
            _("Von „%(from)s“ geht es nicht nach „%(to)s“.")
            % {"from": application.get_status_display(), "to": S(to_status).label}
        )
    if who != actor.side:
        raise PermissionDenied
    note = note.strip()
    if to_status in NOTE_REQUIRED and not note:
        raise ValidationError({"note": _("Bitte schreiben Sie dazu ein paar Worte (Frage, Antwort oder Begründung).")})
    if upload is not None:
        kind = AttachmentKind.PERMIT if to_status == S.APPROVED else AttachmentKind.SUPPLEMENT
        attachment_add(application=application, upload=upload, actor=actor, kind=kind)
    from_status = application.status
    application.status = to_status
    if to_status in (S.APPROVED, S.REJECTED):
        application.decision_text = note
    if to_status in DECIDED_STATUSES:
        application.decided_at = timezone.now()
    application.save()
    _log(application, from_status, to_status, actor, note)
    transaction.on_commit(lambda: _notify(application, to_status, note, attach_permit=to_status == S.APPROVED))
    return application


def _log(application: Application, from_status: str, to_status: str, actor: Actor, note: str) -> None:
    ApplicationLogEntry.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        note=note,
        side=actor.side,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_email=actor.email,
    )


def _notify(application: Application, status: str, note: str, *, attach_pdf=False, attach_permit=False) -> None:
    notifications.application_status_notify(
        application=application, status=status, note=note, attach_pdf=attach_pdf, attach_permit=attach_permit
    )
