"""The pure rule engine: visibility, requirements, validation, cycles (with hypothesis)."""

from copy import deepcopy
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from forms_assistant.engine import check_definition, evaluate
from tests.forms_assistant.conftest import FESTIVAL_DEFINITION

D = FESTIVAL_DEFINITION
VALID = {
    "club_name": "SV Alpha",
    "club_address": {"street": "Hauptstraße 1", "postal_code": "12345", "town": "Musterstadt"},
    "event_title": "Sommerfest",
    "event_dates": {"start": "2030-07-01", "end": "2030-07-02"},
    "visitors": "200",
    "alcohol": "no",
}


def test_valid_answers_have_no_errors():
    ev = evaluate(D, VALID, today=date(2030, 1, 1))
    assert ev.errors == {}
    assert ev.step_keys == ["verein", "veranstaltung"]  # the security step needs 1000 visitors
    assert "alcohol_kinds" not in ev.visible


def test_show_and_require_rules():
    ev = evaluate(D, {**VALID, "alcohol": "yes"}, today=date(2030, 1, 1))
    assert "alcohol_kinds" in ev.visible
    assert "alcohol_kinds" in ev.required
    assert ev.errors == {"alcohol_kinds": ["Bitte füllen Sie dieses Feld aus."]}


def test_step_rule_and_number_comparison():
    ev = evaluate(D, {**VALID, "visitors": "1.500"}, today=date(2030, 1, 1))
    assert "sicherheit" in ev.step_keys
    assert "security_plan" in ev.errors


def test_hidden_answers_are_dropped():
    answers = {**VALID, "alcohol_kinds": ["bier"], "security_plan": "Ordner"}
    ev = evaluate(D, answers, today=date(2030, 1, 1))
    kept = ev.kept_answers(answers)
    assert "alcohol_kinds" not in kept and "security_plan" not in kept
    assert kept["club_name"] == "SV Alpha"


def test_field_validation_messages():
    answers = {
        **VALID,
        "iban": "DE00 1234",
        "club_address": {"street": "X 1", "postal_code": "123", "town": "Y"},
        "event_dates": {"start": "2030-07-05", "end": "2030-07-01"},
        "visitors": "viele",
    }
    ev = evaluate(D, answers, today=date(2030, 1, 1))
    assert "IBAN" in ev.errors["iban"][0]
    assert "Postleitzahl" in ev.errors["club_address"][0]
    assert "Reihenfolge" in ev.errors["event_dates"][0]
    assert "Zahl" in ev.errors["visitors"][0]


def test_valid_iban_passes():
    ev = evaluate(D, {**VALID, "iban": "DE89 3704 0044 0532 0130 00"}, today=date(2030, 1, 1))
    assert "iban" not in ev.errors


def test_repeat_rows_checked_per_cell():
    answers = {
        **VALID,
        "stands": [{"name": "", "meters": "3"}, {"name": "Grill", "meters": "x"}, {"name": "", "meters": ""}],
    }
    ev = evaluate(D, answers, today=date(2030, 1, 1))
    assert ev.errors["stands.0.name"] == ["Bitte füllen Sie dieses Feld aus."]
    assert "stands.1.meters" in ev.errors
    assert len(ev.values["stands"]) == 2  # the empty spare row is no row


def test_lead_time_warning():
    definition = {**D, "lead_time_days": 28, "event_date_field": "event_dates"}
    today = date(2030, 6, 20)
    ev = evaluate(definition, VALID, today=today)
    assert ev.warnings and "28 Tage" in ev.warnings[0]
    assert not evaluate(definition, VALID, today=today - timedelta(days=60)).warnings


def test_check_definition_accepts_good_template():
    assert check_definition(D) == []


def test_check_definition_rejects_missing_field():
    bad = deepcopy(D)
    bad["rules"].append({"target": "nope", "action": "show", "conditions": [{"field": "alcohol", "op": "yes"}]})
    bad["rules"].append({"target": "visitors", "action": "show", "conditions": [{"field": "ghost", "op": "filled"}]})
    problems = check_definition(bad)
    assert any("nope" in p for p in problems)
    assert any("ghost" in p for p in problems)


def test_check_definition_rejects_cycles():
    bad = deepcopy(D)
    bad["rules"].append(
        {"target": "alcohol", "action": "hide", "conditions": [{"field": "alcohol_kinds", "op": "empty"}]}
    )
    assert any("Kreis" in p for p in check_definition(bad))
    # a step that depends on one of its own fields is a cycle too
    step_cycle = deepcopy(D)
    step_cycle["rules"].append(
        {"target": "step:sicherheit", "action": "hide", "conditions": [{"field": "security_plan", "op": "filled"}]}
    )
    assert any("Kreis" in p for p in check_definition(step_cycle))


def test_evaluate_survives_a_cycle_in_an_unchecked_snapshot():
    bad = deepcopy(D)
    bad["rules"].append(
        {"target": "alcohol", "action": "show", "conditions": [{"field": "alcohol_kinds", "op": "empty"}]}
    )
    evaluate(bad, {**VALID, "alcohol": "yes"})  # terminates


# --- property-based ----------------------------------------------------------------------------

KEYS = [f["key"] for s in D["steps"] for f in s["fields"]]
raw_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["yes", "no", "1000", "12,50", "2030-07-01", "01.07.2030", ""]),
    st.lists(st.sampled_from(["bier", "wein", "x"]), max_size=3),
    st.fixed_dictionaries({"start": st.text(max_size=12), "end": st.text(max_size=12)}),
    st.fixed_dictionaries(
        {"street": st.text(max_size=8), "postal_code": st.text(max_size=6), "town": st.text(max_size=8)}
    ),
    st.lists(st.fixed_dictionaries({"name": st.text(max_size=5), "meters": st.text(max_size=4)}), max_size=3),
    st.none(),
    st.integers(),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), raw_values))
def test_evaluate_never_crashes_and_is_consistent(answers):
    ev = evaluate(D, answers, today=date(2030, 1, 1))
    assert ev.required <= ev.visible
    assert set(ev.values) <= ev.visible
    assert {k.split(".")[0] for k in ev.errors} <= ev.visible
    assert set(ev.kept_answers(answers)) <= ev.visible
    # evaluating the kept answers again shows the same fields: dropping hidden answers changes nothing
    again = evaluate(D, ev.kept_answers(answers), today=date(2030, 1, 1))
    assert again.visible == ev.visible


def _graph_definition(edges):
    fields = [{"key": f"f{i}", "kind": "text", "label": f"F{i}"} for i in range(6)]
    rules = [
        {"target": f"f{t}", "action": "show", "conditions": [{"field": f"f{s}", "op": "filled"}]} for s, t in edges
    ]
    return {"steps": [{"key": "s", "title": "S", "fields": fields}], "rules": rules}


def _has_cycle(edges):
    graph = {}
    for s, t in edges:
        graph.setdefault(t, set()).add(s)
    seen, stack = set(), set()

    def visit(n):
        if n in stack:
            return True
        if n in seen:
            return False
        seen.add(n)
        stack.add(n)
        found = any(visit(m) for m in graph.get(n, ()))
        stack.discard(n)
        return found

    return any(visit(n) for n in range(6))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=10),
    st.dictionaries(st.integers(0, 5), st.text(max_size=3)),
)
def test_cycles_are_found_exactly_and_evaluation_terminates(edges, values):
    definition = _graph_definition(edges)
    problems = check_definition(definition)
    assert any("Kreis" in p for p in problems) == _has_cycle(edges)
    evaluate(definition, {f"f{k}": v for k, v in values.items()})
