"""Drafts: start an application from a form template, prefill it, save a step."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from forms_assistant import routing
from forms_assistant.constants import ApplicationStatus
from forms_assistant.engine import Evaluation, evaluate
from forms_assistant.models import Application, PlannedEvent
from forms_assistant.prefill import prefill_value
from forms_assistant.selectors import form_template_get

from .transitions import Actor, ApplicationError

S = ApplicationStatus


@transaction.atomic
def application_start(*, club, template_id: int, actor: Actor, event: PlannedEvent | None = None) -> Application:
    """A new draft, pre-filled from the club profile and the planned event."""
    template = form_template_get(template_id)
    if template is None:
        raise ApplicationError(_("Diese Antragsvorlage gibt es nicht (mehr)."))
    if event is not None and event.club_id != club.pk:
        raise PermissionDenied
    answers, prefilled = prefill_answers(template.definition, club=club, event=event)
    application = Application(
        club=club,
        event=event,
        authority=routing.route(template=template, club=club, answers=answers),
        template_page_id=template.id,
        template_revision_id=template.revision_id,
        template_title=template.title,
        definition=template.definition,
        answers=answers,
        prefilled=prefilled,
        current_step=template.definition["steps"][0]["key"] if template.definition["steps"] else "",
        event_date=event.date_start if event else None,
        created_by_id=actor.id,
        created_by_name=actor.name,
        created_by_email=actor.email,
    )
    application.full_clean()
    application.save()
    return application


def prefill_answers(definition: dict, *, club, event) -> tuple[dict, list[str]]:
    answers: dict = {}
    prefilled: list[str] = []
    for step in definition.get("steps", []):
        for spec in step.get("fields", []):
            source = spec.get("prefill")
            if not source:
                continue
            value = prefill_value(source, club=club, event=event)
            if value is not None:
                answers[spec["key"]] = value
                prefilled.append(spec["key"])
    return answers, prefilled


def _require_draft(application: Application) -> None:
    if application.status != S.DRAFT:
        raise ApplicationError(_("Dieser Antrag ist eingereicht und kann nicht mehr geändert werden."))


@transaction.atomic
def application_save_step(*, application: Application, step_key: str, raw: dict) -> Evaluation:
    """Store what was typed on one step (valid or not: nothing is lost) and evaluate.

    `raw` holds the step's field values as the field kinds parsed them from the form.
    """
    _require_draft(application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    keys = {f["key"] for s in application.definition["steps"] if s["key"] == step_key for f in s["fields"]}
    for key, value in raw.items():
        if key in keys:
            application.answers[key] = value
    application.current_step = step_key
    evaluation = evaluate(application.definition, application.answers)
    application.event_date = _event_date(application, evaluation) or application.event_date
    application.draft_warning_sent_at = None  # touched again: the 90 days start over
    application.save()
    return evaluation


def _event_date(application: Application, evaluation: Evaluation) -> date | None:
    key = application.definition.get("event_date_field")
    value = evaluation.values.get(key) if key else None
    if isinstance(value, tuple):
        value = value[0]
    return value if isinstance(value, date) else None
