"""Demo data of the application assistant: two authorities with staff logins, four realistic form
templates with rules and pre-fill, planned events of the demo clubs and applications in several
states (draft, submitted, in review, question, approved, rejected, withdrawn).

Everything goes through the app's services (the same ones the screens use). Idempotent: an
authority, template, event or application that exists is left as it is.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from cms.content_files import content_load
from cms.demo import DEMO_PASSWORD
from sites.clubs.models import Club

from .authoring import authority_lead_add, authority_setup_authoring
from .constants import Side
from .models import Application, Authority, FormTemplatePage, PlannedEvent
from .services import (
    Actor,
    application_save_step,
    application_start,
    application_submit,
    application_transition,
    attachment_add,
    authority_save,
    form_template_save,
    planned_event_save,
    staff_user_ensure,
)

# Authorities, staff, leads and form templates: forms_assistant/content/demo_templates.yaml;
# planned events, answers and applications: forms_assistant/content/demo_applications.yaml.
_TEMPLATES = content_load("forms_assistant", "demo_templates")
_APPLICATIONS = content_load("forms_assistant", "demo_applications")
AUTHORITIES: dict[str, dict] = _TEMPLATES["authorities"]
STAFF: list[dict] = _TEMPLATES["staff"]  # listed in cms.demo.DEMO_LOGINS
LEADS: list[dict] = _TEMPLATES["leads"]  # approve and publish what their clerks submit
TEMPLATES: list[dict] = _TEMPLATES["templates"]
EVENTS: list[dict] = _APPLICATIONS["events"]
ANSWERS: dict[str, dict] = _APPLICATIONS["answers"]
APPLICATIONS: list[dict] = _APPLICATIONS["applications"]


def _event_data(data: dict) -> dict:
    """A planned event's fields as the service takes them: times from "HH:MM"."""
    times = {key: time.fromisoformat(data[key]) for key in ("time_start", "time_end") if data.get(key)}
    return {**data, **times}


LAGEPLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(*, stdout) -> None:
    authorities = {}
    for name, data in AUTHORITIES.items():
        authority = Authority.objects.filter(name=name).first()
        if authority is None:
            authority = authority_save(data={"name": name, **data})  # with its catalogue section and workflow
        else:
            authority_setup_authoring(authority=authority)  # demo data from before the sections
        authorities[name] = authority
    for person in STAFF:
        staff_user_ensure(
            authority=authorities[person["authority"]],
            email=person["email"],
            name=person["name"],
            password=DEMO_PASSWORD,
        )
    for person in LEADS:
        lead = staff_user_ensure(
            authority=authorities[person["authority"]],
            email=person["email"],
            name=person["name"],
            password=DEMO_PASSWORD,
        )
        authority_lead_add(authority=authorities[person["authority"]], user=lead)

    templates = {}
    for spec in TEMPLATES:
        page = FormTemplatePage.objects.filter(slug=spec["slug"]).first()
        if page is None:
            page = form_template_save(
                title=spec["title"],
                authority=authorities[spec["authority"]],
                definition=spec["definition"],
                publish=True,
                slug=spec["slug"],
                summary=spec["summary"],
                legal_basis=spec["legal_basis"],
                fee_note=spec["fee_note"],
                lead_time_days=spec["lead_time_days"],
                required_attachments=spec["required_attachments"],
                recommend_when=spec["recommend_when"],
            )
            stdout.write(f"  Antragsvorlage „{page.title}“ angelegt")
        templates[spec["slug"]] = page

    clubs = {c.slug: c for c in Club.objects.filter(slug__in={e["club"] for e in EVENTS})}
    events = {}
    for item in EVENTS:
        slug, days, data = item["club"], item["days_ahead"], _event_data(item["data"])
        club = clubs.get(slug)
        if club is None:
            continue
        event = PlannedEvent.objects.filter(club=club, title=data["title"]).first()
        if event is None:
            start = date.today() + timedelta(days=days)
            event = planned_event_save(club=club, data={**data, "date_start": start, "date_end": None})
        events[(slug, data["title"])] = event

    staff = {
        person["authority"]: Actor(Side.AUTHORITY, None, person["name"], person["email"])
        for person in STAFF  # the staff user's snapshot; ids are not needed here
    }
    created = 0
    for item in APPLICATIONS:
        slug, event_title, template_slug, history = item["club"], item["event"], item["template"], item["history"]
        club, event, template = clubs.get(slug), events.get((slug, event_title)), templates[template_slug]
        if club is None or event is None:
            continue
        if Application.objects.filter(club=club, event=event, template_page_id=template.pk).exists():
            continue
        actor = Actor(Side.CLUB, None, f"Redaktion {club.short_name or club.name}", f"redaktion@{slug}.example")
        application = application_start(club=club, template_id=template.pk, actor=actor, event=event)
        answers = dict(ANSWERS[template_slug])
        for step in application.definition["steps"]:
            keys = {f["key"] for f in step["fields"]}
            for spec in step["fields"]:
                if spec["kind"] == "file" and spec.get("required") and history is not None:
                    upload = SimpleUploadedFile(f"{spec['key']}.pdf", LAGEPLAN_PDF, content_type="application/pdf")
                    attachment = attachment_add(
                        application=application, upload=upload, actor=actor, field_key=spec["key"]
                    )
                    answers[spec["key"]] = {"id": attachment.pk, "name": attachment.original_name}
            application_save_step(
                application=application, step_key=step["key"], raw={k: v for k, v in answers.items() if k in keys}
            )
        created += 1
        if history is None:
            continue
        application.refresh_from_db()
        application = application_submit(application=application, actor=actor)
        authority_actor = staff[template.authority.name]
        for step in history:
            application_transition(
                application=application,
                to_status=step["status"],
                actor=authority_actor if step["side"] == Side.AUTHORITY else actor,
                note=step["note"],
            )
    if created:
        stdout.write(f"  Anträge: {created} Demo-Anträge angelegt")
    stdout.write(
        f"Antragsassistent: {len(authorities)} Behörden, {len(templates)} Vorlagen, {len(events)} Vorhaben, "
        f"{Application.objects.filter(club__slug__in=list(clubs)).count()} Anträge."
    )
