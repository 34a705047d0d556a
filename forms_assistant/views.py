"""Club-side views of the application assistant (club admin, menu "Anträge") and the staff's
status buttons and downloads in the portal admin.

Club views act only for `request.tenant` and refuse with 404 on the portal host; staff views only
on the portal host and only for applications of the user's authorities.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import private_files

from . import selectors, services
from .constants import ApplicationStatus, Side
from .engine import evaluate
from .fields import get_kind, typed
from .forms import AnswerForm, ApplicationStartForm, PlannedEventForm, TransitionForm, WithdrawForm, row_count
from .services import Actor, ApplicationError, ApplicationInvalid


def user_can_apply(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("forms_assistant.apply")))


def _club(request):
    """The club a club view acts for (its URLs are `club_only`, wagtail_hooks.py); 403 without `apply`."""
    if not user_can_apply(request.user):
        raise PermissionDenied
    return request.tenant


def forbidden_as_403(view):
    """Answer a club view's PermissionDenied with a real 403 page.

    Wagtail's admin turns PermissionDenied into a redirect to the dashboard; an editor without the
    right to apply should see why, and a refused request should say "forbidden" to any client.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "forms_assistant/forbidden.html", status=403)

    return wrapper


def _actor(request, side=Side.CLUB) -> Actor:
    return Actor.of(request.user, side)


# --- overview and planned events ----------------------------------------------------------------


def index(request):
    return _index_page(request, _club(request))


def _index_page(request, club, status: int = 200):
    applications = list(selectors.club_applications(club=club))
    return render(
        request,
        "forms_assistant/club_index.html",
        {
            "events": selectors.club_events(club=club),
            "drafts": [a for a in applications if a.is_draft],
            "applications": [a for a in applications if not a.is_draft],
            "catalogue": selectors.template_catalogue(club=club),
        },
        status=status,
    )


def event_edit(request, pk: int | None = None):
    club = _club(request)
    event = selectors.club_event_get(club=club, pk=pk) if pk else None
    form = PlannedEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.planned_event_save(club=club, event=event, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Das Vorhaben ist gespeichert. Unten sehen Sie, welche Anträge nötig sind."))
            return redirect("fa_club:event", pk=event.pk)
    context = {"form": form, "event": event}
    if event is not None:
        context["recommendations"] = selectors.recommendations_for(event)
        context["event_applications"] = selectors.club_applications(club=club).filter(event=event)
    return render(request, "forms_assistant/planned_event.html", context)


@require_POST
def application_start(request):
    club = _club(request)
    form = ApplicationStartForm(request.POST, club=club)
    if form.is_valid() and not form.cleaned_data["new"]:
        # Begun before (or a second click): continue that draft; a second one only on request.
        draft = selectors.club_draft_for(
            club=club, template_id=form.cleaned_data["template"], event=form.cleaned_data["event"]
        )
        if draft is not None:
            messages.info(request, _("Diesen Antrag haben Sie schon begonnen. Hier geht es mit Ihrem Entwurf weiter."))
            return redirect("fa_club:step", pk=draft.pk, step=draft.current_step or "-")
    if form.is_valid():
        try:
            application = services.application_start(
                club=club,
                template_id=form.cleaned_data["template"],
                actor=_actor(request),
                event=form.cleaned_data["event"],
            )
        except ApplicationError as exc:
            form.add_error("template", str(exc))
        else:
            return redirect("fa_club:step", pk=application.pk, step=application.current_step or "-")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _index_page(request, club, status=400)


# --- filling in ---------------------------------------------------------------------------------


def _field_context(application, evaluation, spec, errors, spare_rows: int = 1) -> dict:
    kind = get_kind(spec["kind"])
    raw = application.answers.get(spec["key"])
    item = {
        "spec": spec,
        "kind": kind,
        "name": f"f_{spec['key']}",
        "raw": raw if raw is not None else ("" if not kind.has_subfields else []),
        "errors": errors.get(spec["key"], []),
        "required": spec["key"] in evaluation.required,
        "prefilled": spec["key"] in application.prefilled,
        "template": kind.input_template,
    }
    if kind.has_subfields:
        rows = [r for r in (raw if isinstance(raw, list) else []) if isinstance(r, dict)]
        rows += [{} for _n in range(spare_rows)]
        item["rows"] = [
            {
                "index": index,
                "cells": [
                    {
                        "sub": sub,
                        "kind": get_kind(sub["kind"]),
                        "name": f"f_{spec['key']}__{index}__{sub['key']}",
                        "raw": row.get(sub["key"], ""),
                        "errors": errors.get(f"{spec['key']}.{index}.{sub['key']}", []),
                    }
                    for sub in spec.get("subfields", [])
                ],
            }
            for index, row in enumerate(rows)
        ]
    return item


def _parse_step(request, application, step: dict) -> tuple[dict, dict[str, list[str]]]:
    """What was typed on a step, and the refused uploads by field (the rest is kept all the same)."""
    raw: dict = {}
    refused: dict[str, list[str]] = {}
    for spec in step["fields"]:
        kind = get_kind(spec["kind"])
        name = f"f_{spec['key']}"
        if not kind.has_value:
            continue
        if kind.has_subfields:
            rows = []
            count = row_count(request.POST.get(f"{name}__rows"))
            for index in range(count):
                row = {
                    sub["key"]: typed(request.POST.get(f"{name}__{index}__{sub['key']}")) for sub in spec["subfields"]
                }
                if any(v.strip() for v in row.values()):
                    rows.append(row)
            raw[spec["key"]] = rows
        elif spec["kind"] == "file":
            upload = request.FILES.get(name)
            if upload is not None:
                try:
                    attachment = services.attachment_add(
                        application=application, upload=upload, actor=_actor(request), field_key=spec["key"]
                    )
                except ValidationError as exc:  # refused: the previous file (if any) stays
                    refused[spec["key"]] = exc.messages
                else:
                    raw[spec["key"]] = {"id": attachment.pk, "name": attachment.original_name}
            elif request.POST.get(f"{name}__remove"):
                raw[spec["key"]] = ""
        else:
            raw[spec["key"]] = kind.parse(request.POST, request.FILES, name)
    return raw, refused


def _definition_step(application, key: str) -> dict:
    """A step of the application's definition with all its fields (visible or not)."""
    return next(s for s in application.definition.get("steps", []) if s.get("key") == key)


def _json_value(value):
    """A cleaned answer as the live rules compare it (numbers, ISO dates, lists of strings)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, tuple):  # a date range compares by its start
        value = value[0] if value else None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [str(v) for v in value] or None
    return str(value) if value not in ("", {}) else None


def _live_rules(application, evaluation, step_key: str) -> dict:
    """What static/js/forms-assistant-rules.js needs to show and hide fields of the step live."""
    definition = application.definition
    step_fields = [f["key"] for f in _definition_step(application, step_key)["fields"]]
    on_step = set(step_fields)
    kinds = {f["key"]: f["kind"] for s in definition.get("steps", []) for f in s.get("fields", [])}
    return {
        "rules": [r for r in definition.get("rules", []) if r.get("target") in on_step],
        "kinds": kinds,
        "step_fields": step_fields,
        "values": {k: _json_value(v) for k, v in evaluation.values.items() if k not in on_step},
    }


def application_step(request, pk: int, step: str):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    if not application.is_draft:
        return redirect("fa_club:detail", pk=application.pk)
    evaluation = evaluate(application.definition, application.answers)
    keys = evaluation.step_keys
    if not keys:
        return redirect("fa_club:review", pk=application.pk)
    if step not in keys:
        return redirect("fa_club:step", pk=application.pk, step=keys[0])
    errors: dict = {}
    spare_rows = 1
    if request.method == "POST":
        action = request.POST.get("action", "next")
        # Every field of the step, also those the rules hid when the page was made: the club may
        # have shown them while typing (static/js/forms-assistant-rules.js). The engine decides
        # again below what is visible; answers to hidden fields never reach a submission.
        raw, refused = _parse_step(request, application, _definition_step(application, step))
        if refused:  # an upload was refused: everything else typed is saved, the reason shown at the field
            messages.error(request, _("Eine Datei wurde nicht angenommen. Ihre übrigen Eingaben sind gespeichert."))
            action = "stay"
        evaluation = services.application_save_step(application=application, step_key=step, raw=raw)
        application.refresh_from_db()
        keys = evaluation.step_keys
        if action == "back":
            position = keys.index(step) if step in keys else 1
            return redirect("fa_club:step", pk=application.pk, step=keys[max(position - 1, 0)])
        if action.startswith("add_row"):
            spare_rows = 2
        elif action == "save":
            messages.success(request, _("Ihr Entwurf ist gespeichert. Sie können jederzeit weitermachen."))
        elif action == "next":
            errors = evaluation.step_errors(step)
            if not errors and step in keys:
                position = keys.index(step)
                if position + 1 < len(keys):
                    return redirect("fa_club:step", pk=application.pk, step=keys[position + 1])
                return redirect("fa_club:review", pk=application.pk)
            if errors:
                messages.error(request, _("Bitte prüfen Sie die markierten Angaben. Ihre Eingaben sind gespeichert."))
        if step not in keys:  # the step was hidden by what was just typed
            return redirect("fa_club:step", pk=application.pk, step=keys[0])
        for key, problems in refused.items():
            errors[key] = [*problems, *errors.get(key, [])]
    current = evaluation.step(step)
    position = keys.index(step)
    visible = {spec["key"] for spec in current["fields"]}
    fields = []
    for spec in _definition_step(application, step)["fields"]:
        item = _field_context(application, evaluation, spec, errors, spare_rows)
        item["hidden"] = spec["key"] not in visible
        fields.append(item)
    return render(
        request,
        "forms_assistant/application_step.html",
        {
            "application": application,
            "step": current,
            "fields": fields,
            "live_rules": _live_rules(application, evaluation, step),
            "steps": evaluation.steps,
            "position": position + 1,
            "total": len(keys) + 1,  # the review page counts as the last step
            "percent": int(100 * position / (len(keys) + 1)),
            "warnings": evaluation.warnings,
            "template_info": services.template_info_for(application) if position == 0 else None,
        },
        status=200,
    )


def application_review(request, pk: int):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    if not application.is_draft:
        return redirect("fa_club:detail", pk=application.pk)
    evaluation = evaluate(application.definition, application.answers)
    if request.method == "POST":
        try:
            services.application_submit(application=application, actor=_actor(request))
        except ApplicationInvalid as exc:
            evaluation = exc.evaluation
            messages.error(request, str(exc))
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Ihr Antrag ist eingereicht. Sie und die Behörde erhalten ihn als PDF per E-Mail."),
            )
            return redirect("fa_club:detail", pk=application.pk)
    keys = evaluation.step_keys
    return render(
        request,
        "forms_assistant/application_review.html",
        {
            "application": application,
            "sections": services.application_sections(application),
            "errors": evaluation.errors,
            "warnings": evaluation.warnings,
            "steps": evaluation.steps,
            "position": len(keys) + 1,
            "total": len(keys) + 1,
            "percent": 100,
        },
    )


@require_POST
def application_delete_draft(request, pk: int):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    if application.is_draft:
        services._delete_files(application)
        application.delete()
        messages.success(request, _("Der Entwurf ist gelöscht."))
    return redirect("fa_club:index")


def application_detail(request, pk: int):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    if application.is_draft:
        return redirect("fa_club:step", pk=application.pk, step=application.current_step or "-")
    action = request.POST.get("action") if request.method == "POST" else None
    form = AnswerForm(request.POST if action == "answer" else None, request.FILES if action == "answer" else None)
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    if request.method == "POST":
        try:
            if action == "withdraw" and withdraw_form.is_valid():
                services.application_transition(
                    application=application,
                    to_status=ApplicationStatus.WITHDRAWN,
                    actor=_actor(request),
                    note=withdraw_form.cleaned_data["note"],
                )
                messages.success(request, _("Der Antrag ist zurückgezogen. Die Behörde wurde informiert."))
                return redirect("fa_club:detail", pk=application.pk)
            if action == "answer" and form.is_valid():
                services.application_transition(
                    application=application,
                    to_status=ApplicationStatus.ANSWERED,
                    actor=_actor(request),
                    note=form.cleaned_data["note"],
                    upload=form.cleaned_data.get("upload"),
                )
                messages.success(request, _("Ihre Antwort ist bei der Behörde angekommen."))
                return redirect("fa_club:detail", pk=application.pk)
        except ValidationError as exc:
            _add_errors(withdraw_form if action == "withdraw" else form, exc)
        except ApplicationError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "forms_assistant/application_detail.html",
        {
            "application": application,
            "sections": services.application_sections(application),
            "log": list(application.log.all()),
            "attachments": application.attachments.all(),
            "allowed": services.allowed_transitions(application, Side.CLUB),
            "form": form,
            "withdraw_form": withdraw_form,
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown at its field (note, upload) or above the form; the form stays filled."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("upload" if "upload" in form.fields and form.files else None, exc.messages)


def application_pdf(request, pk: int):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    return _file(application.pdf, f"{application.reference}.pdf")


def application_attachment(request, pk: int, attachment_id: int):
    club = _club(request)
    application = selectors.club_application_get(club=club, pk=pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return _file(attachment.file, attachment.original_name)


def export_zip(request):
    club = _club(request)
    response = HttpResponse(services.club_export_zip(club=club), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="antraege-{club.slug}.zip"'
    return private_files.harden(response)  # built in memory, never stored: no file to leak


def _file(field, name: str):
    """Hand out a private file; every caller has checked who asks (the club that filed on its host,
    staff of the authority it was filed with on the portal). 404 if there is none or it is gone."""
    return private_files.file_response(field, filename=name)


# --- portal: staff ------------------------------------------------------------------------------


def _staff_application(request, pk: int):
    # The inbox's URLs are `portal_only` (wagtail_hooks.py).
    return selectors.inbox_application_get(user=request.user, pk=pk)


def _inspect_page_with(request, inspect_url: str, form: TransitionForm):
    """The inbox's page of the application again, with the clerk's form as sent (note kept, errors
    at the fields): the page is modeladmin's inspect view, rendered for a GET of the same request."""
    match = resolve(inspect_url, urlconf=getattr(request, "urlconf", None))
    page_request = copy.copy(request)
    page_request.method = "GET"
    response = match.func(page_request, *match.args, **match.kwargs)
    if getattr(response, "context_data", None) is None:  # not the page (a redirect): nothing to fill in
        return response
    response.context_data["form"] = form
    return response


def inbox_pdf(request, pk: int):
    application = _staff_application(request, pk)
    return _file(application.pdf, f"{application.reference}.pdf")


def inbox_attachment(request, pk: int, attachment_id: int):
    application = _staff_application(request, pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None or application.is_draft:
        raise Http404
    return _file(attachment.file, attachment.original_name)
