"""Form templates in the portal tree: definitions to StreamField, the form index, saving, FIM import."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context

from forms_assistant.models import Application, Authority
from forms_assistant.richtext import clean_rich_text
from forms_assistant.selectors import TemplateInfo, form_template_get

from .transitions import ApplicationError


def template_info_for(application: Application) -> TemplateInfo | None:
    return form_template_get(application.template_page_id)


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
    from forms_assistant.models import FormIndexPage
    from sites.portal.models import PortalHomePage

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
    from forms_assistant.authoring import authority_section
    from forms_assistant.models import FormTemplatePage

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
    from forms_assistant import fim

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
