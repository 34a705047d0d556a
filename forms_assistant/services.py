"""Writes of the application assistant: planned events, drafts, submission, status changes,
the PDF and e-mails, retention and export.

Every function acts for a club or a staff member given by the caller (views take the club from
`request.tenant`, never from the request). A submitted application is an immutable snapshot:
only `application_transition` may change it afterwards, and only its status and decision.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context

from cms.uploads import upload_check

from . import notifications, routing
from .constants import DECIDED_STATUSES, ApplicationStatus, AttachmentKind, Side
from .engine import Evaluation, display_value, evaluate, is_late
from .fields import get_kind
from .models import Application, ApplicationAttachment, ApplicationLogEntry, Authority, PlannedEvent
from .prefill import prefill_value
from .richtext import clean_rich_text
from .selectors import TemplateInfo, form_template_get

logger = logging.getLogger(__name__)

S = ApplicationStatus
# The status machine: (from, to) → who may make the step. Extend here, nowhere else.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): Side.CLUB,
    (S.SUBMITTED, S.IN_REVIEW): Side.AUTHORITY,
    (S.SUBMITTED, S.QUESTION): Side.AUTHORITY,
    (S.SUBMITTED, S.APPROVED): Side.AUTHORITY,
    (S.SUBMITTED, S.REJECTED): Side.AUTHORITY,
    (S.IN_REVIEW, S.QUESTION): Side.AUTHORITY,
    (S.IN_REVIEW, S.APPROVED): Side.AUTHORITY,
    (S.IN_REVIEW, S.REJECTED): Side.AUTHORITY,
    (S.QUESTION, S.ANSWERED): Side.CLUB,
    (S.ANSWERED, S.IN_REVIEW): Side.AUTHORITY,
    (S.ANSWERED, S.QUESTION): Side.AUTHORITY,
    (S.ANSWERED, S.APPROVED): Side.AUTHORITY,
    (S.ANSWERED, S.REJECTED): Side.AUTHORITY,
    (S.SUBMITTED, S.WITHDRAWN): Side.CLUB,
    (S.IN_REVIEW, S.WITHDRAWN): Side.CLUB,
    (S.QUESTION, S.WITHDRAWN): Side.CLUB,
    (S.ANSWERED, S.WITHDRAWN): Side.CLUB,
}
NOTE_REQUIRED = {S.QUESTION, S.ANSWERED, S.APPROVED, S.REJECTED}
DRAFT_MAX_AGE = timedelta(days=90)
DRAFT_WARNING_BEFORE = timedelta(days=7)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_UPLOADS = {"pdf", "jpg", "jpeg", "png", "odt", "docx", "xlsx", "ods", "txt"}


class ApplicationError(Exception):
    """A request the application's state does not allow; the message is shown as is."""


class ApplicationInvalid(ApplicationError):
    def __init__(self, evaluation: Evaluation):
        self.evaluation = evaluation
        super().__init__(_("Der Antrag ist noch nicht vollständig. Bitte prüfen Sie die markierten Angaben."))


@dataclass(frozen=True)
class Actor:
    """Who acts: a club editor (club schema) or a staff member (public), as a snapshot."""

    side: str
    id: int | None
    name: str
    email: str

    @classmethod
    def of(cls, user, side: str) -> Actor:
        name = (user.get_full_name() or user.get_username()) if user else ""
        return cls(side=side, id=getattr(user, "pk", None), name=name, email=getattr(user, "email", "") or "")


def allowed_transitions(application: Application, side: str) -> list[str]:
    return [to for (frm, to), who in TRANSITIONS.items() if frm == application.status and who == side]


# --- planned events -----------------------------------------------------------------------------


def planned_event_save(*, club, event: PlannedEvent | None = None, data: dict) -> PlannedEvent:
    event = event or PlannedEvent(club=club)
    if event.club_id != club.pk:
        raise PermissionDenied
    for name, value in data.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    return event


# --- drafts -------------------------------------------------------------------------------------


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


def attachment_check(upload) -> None:
    """The one check for every file that joins an application: the club's uploads in the assistant
    and with an answer, the clerk's with a question or decision."""
    upload_check(upload, extensions=ALLOWED_UPLOADS)
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("„%(name)s“ ist größer als 10 MB. Bitte verkleinern Sie die Datei.") % {"name": upload.name}
        )


def attachment_add(
    *, application: Application, upload, actor: Actor, kind: str = AttachmentKind.ANSWER, field_key: str = ""
) -> ApplicationAttachment:
    """Store a file of an application; refused (ValidationError naming the file) unless its bytes
    are what its name says (`cms.uploads.upload_check`) and it is at most 10 MB."""
    attachment_check(upload)
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        field_key=field_key,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by_name=actor.name,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


# --- submission and status ----------------------------------------------------------------------


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


# --- PDF ----------------------------------------------------------------------------------------


def application_sections(application: Application) -> list[dict]:
    """The visible steps with labels and display values (review page and PDF)."""
    evaluation = evaluate(application.definition, application.answers)
    sections = []
    for step in evaluation.steps:
        rows = []
        for spec in step["fields"]:
            kind = get_kind(spec["kind"])
            if not kind.has_value:
                continue
            value = evaluation.values.get(spec["key"])
            rows.append(
                {
                    "spec": spec,
                    "label": spec["label"],
                    "value": display_value(spec, value),
                    "is_table": kind.has_subfields,
                    "errors": evaluation.errors.get(spec["key"], []),
                    "prefilled": spec["key"] in application.prefilled,
                }
            )
        sections.append({"key": step["key"], "title": step["title"], "rows": rows})
    return sections


def application_render_pdf(*, application: Application) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "forms_assistant/application_pdf.html",
        {
            "application": application,
            "sections": application_sections(application),
            "attachments": list(application.attachments.all()),
            "log": list(application.log.all()),
        },
    )
    return HTML(string=html).write_pdf()


# --- authorities --------------------------------------------------------------------------------

STAFF_PERMISSIONS = [("wagtailadmin", "access_admin"), ("forms_assistant", "view_application")]


def authority_save(*, data: dict, authority: Authority | None = None) -> Authority:
    """Create or update an authority and make sure its staff group exists in the public schema."""
    authority = authority or Authority()
    for name, value in data.items():
        setattr(authority, name, value)
    authority.full_clean()
    authority.save()
    staff_group_ensure(name=authority.staff_group_name)
    from .authoring import authority_setup_authoring  # authoring builds on this module

    with schema_context(get_public_schema_name()):
        authority_setup_authoring(authority=authority)
    return authority


def staff_group_ensure(*, name: str) -> Group:
    with schema_context(get_public_schema_name()):
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in STAFF_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)
        return group


def staff_user_ensure(*, authority: Authority, email: str, name: str, password: str):
    """A portal (public-schema) user in the authority's staff group; idempotent."""
    from django.contrib.auth import get_user_model

    with schema_context(get_public_schema_name()):
        first, _sep, last = name.partition(" ")
        user, created = get_user_model().objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last, "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(staff_group_ensure(name=authority.staff_group_name))
        return user


# --- data protection ----------------------------------------------------------------------------


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


def template_info_for(application: Application) -> TemplateInfo | None:
    return form_template_get(application.template_page_id)


# --- form templates (portal tree) ---------------------------------------------------------------


def definition_to_stream(definition: dict) -> tuple[list[dict], list[dict]]:
    """Raw StreamField data (steps, rules) for a definition: the FIM import and the demo build
    templates through the same blocks a clerk edits."""
    steps = []
    for step in definition.get("steps", []):
        fields = []
        for spec in step.get("fields", []):
            value = {"label": spec["label"], "key": spec["key"]}
            if spec["kind"] == "info":
                # Only allow-listed markup reaches the rich text block; the label is plain text.
                value["text"] = clean_rich_text(spec.get("text")) or format_html("<p>{}</p>", spec["label"])
            else:
                value.update(
                    help_text=spec.get("help", ""),
                    required=bool(spec.get("required")),
                    prefill=spec.get("prefill", ""),
                )
            if "choices" in spec:
                value["choices"] = [{"value": v, "label": label} for v, label in spec["choices"]]
            if "subfields" in spec:
                value["subfields"] = [
                    {"label": s["label"], "key": s["key"], "kind": s["kind"], "required": bool(s.get("required"))}
                    for s in spec["subfields"]
                ]
            fields.append({"type": spec["kind"], "value": value})
        steps.append(
            {
                "type": "step",
                "value": {"title": step["title"], "key": step["key"], "intro": step.get("intro", ""), "fields": fields},
            }
        )
    rules = [
        {
            "type": "rule",
            "value": {
                "target": r["target"],
                "action": r["action"],
                "match": r.get("match", "all"),
                "conditions": [
                    {"field": c["field"], "op": c["op"], "value": str(c.get("value", ""))} for c in r["conditions"]
                ],
            },
        }
        for r in definition.get("rules", [])
    ]
    return steps, rules


def form_index_ensure():
    """The portal's Antragskatalog page under the portal home; idempotent (public schema)."""
    from sites.portal.models import PortalHomePage

    from .models import FormIndexPage

    with schema_context(get_public_schema_name()):
        index = FormIndexPage.objects.first()
        if index is None:
            home = PortalHomePage.objects.first()
            index = home.add_child(
                instance=FormIndexPage(
                    title="Antragskatalog",
                    slug="antraege",
                    intro="<p>Anträge der Behörden in der Region – ausfüllbar im Verwaltungsbereich Ihres Vereins.</p>",
                )
            )
            index.save_revision().publish()
        return index


@transaction.atomic
def form_template_save(
    *,
    title: str,
    authority: Authority,
    definition: dict,
    publish: bool,
    slug: str = "",
    summary: str = "",
    legal_basis: str = "",
    fee_note: str = "",
    lead_time_days: int = 0,
    required_attachments: str = "",
    always_recommend: bool = False,
    recommend_when: list[dict] | None = None,
):
    """Create or update (by slug) a form template page in the authority's catalogue section."""
    from .authoring import authority_section
    from .models import FormTemplatePage

    steps, rules = definition_to_stream(definition)
    recommend = [{"type": "condition", "value": c} for c in (recommend_when or [])]
    with schema_context(get_public_schema_name()):
        section = authority_section(authority=authority)
        slug = slug or slugify(title)[:80]
        page = FormTemplatePage.objects.child_of(section).filter(slug=slug).first()
        is_new = page is None
        page = page or FormTemplatePage(slug=slug)
        page.title = title
        page.summary = summary or title
        page.authority = authority
        page.legal_basis = legal_basis
        page.fee_note = fee_note
        page.lead_time_days = lead_time_days
        page.required_attachments = required_attachments
        page.always_recommend = always_recommend
        page.steps = json.dumps(steps)
        page.rules = json.dumps(rules)
        page.recommend_when = json.dumps(recommend)
        if is_new:
            page.live = publish
            section.add_child(instance=page)
        else:
            page.full_clean()
            page.save()
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page


def fim_import(*, data: bytes, authority: Authority | None, dry_run: bool = False):
    """Read an XDatenfelder document; unless dry_run, make it a draft template to review."""
    from . import fim

    report = fim.parse(data)
    if dry_run:
        return report, None
    if authority is None:
        raise ApplicationError(_("Bitte wählen Sie die zuständige Behörde."))
    page = form_template_save(
        title=report.title,
        authority=authority,
        definition=report.definition,
        publish=False,
        slug=slugify(f"fim-{report.identifier}".replace(" ", "-").replace(".", "-"))[:80] or "fim",
        summary=_("Aus FIM importiert (%(id)s). Bitte prüfen und ergänzen.") % {"id": report.identifier},
    )
    return report, page
