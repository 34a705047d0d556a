"""The application as sections and as PDF."""

from __future__ import annotations

from django.template.loader import render_to_string

from forms_assistant.engine import display_value, evaluate
from forms_assistant.fields import get_kind
from forms_assistant.models import Application


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
