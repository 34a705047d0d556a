"""The demo data of the application assistant: valid templates with rules, idempotent loading."""

import io

from forms_assistant import demo
from forms_assistant.engine import check_definition
from forms_assistant.models import Application, Authority, FormTemplatePage


def test_demo_definitions_are_valid_and_have_rules_and_prefill():
    for spec in demo.TEMPLATES:
        definition = spec["definition"]
        assert check_definition(definition) == [], spec["slug"]
        assert definition["rules"], spec["slug"]
        assert any(f.get("prefill") for s in definition["steps"] for f in s["fields"]), spec["slug"]


def test_demo_loads_twice_without_changes(db, club):
    out = io.StringIO()
    demo.load(stdout=out)
    counts = (Authority.objects.count(), FormTemplatePage.objects.count(), Application.objects.count())
    assert {"Ordnungsamt Musterstadt", "Kreisverwaltung Musterland"} <= set(
        Authority.objects.values_list("name", flat=True)
    )
    assert FormTemplatePage.objects.filter(slug__in=[t["slug"] for t in demo.TEMPLATES], live=True).count() == 4
    demo.load(stdout=io.StringIO())
    assert (Authority.objects.count(), FormTemplatePage.objects.count(), Application.objects.count()) == counts
