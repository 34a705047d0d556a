"""The rule engine: one pure function from (template definition, answers) to what is shown and wrong.

`evaluate()` serves the form pages (which steps and fields to show, which are required, the errors
of a step), the server-side check on submission (answers to hidden fields are dropped) and the PDF
(only what was visible is printed). It touches no database and no request.

A definition is plain JSON (the snapshot stored on each application)::

    {"lead_time_days": 28, "event_date_field": "event_date",
     "steps": [{"key": "event", "title": "…", "intro": "…",
                "fields": [{"key": "event_date", "kind": "date", "label": "…", "help": "…",
                            "required": true, "choices": [["v", "Label"]], "prefill": "event.date_start",
                            "subfields": [{"key": "…", "kind": "text", "label": "…", "required": false}],
                            "text": "…"}]}],
     "rules": [{"action": "show|hide|require", "target": "field_key" | "step:step_key",
                "match": "all|any", "conditions": [{"field": "key", "op": "eq", "value": "…"}]}]}

Rules can never loop: `check_definition()` rejects cycles and references to missing fields when a
template is saved, and `evaluate()` guards against cycles in old snapshots by treating a field
that depends on itself as hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .fields import FIELD_KINDS, FieldError, get_kind

STEP_PREFIX = "step:"
OPERATORS = {"eq", "ne", "gt", "gte", "lt", "lte", "contains", "filled", "empty", "yes", "no"}
REQUIRED_MESSAGE = gettext_noop("Bitte füllen Sie dieses Feld aus.")  # translated where it is used


@dataclass
class Evaluation:
    """What a definition and answers amount to."""

    steps: list[dict]  # visible steps, each with only its visible fields, in order
    visible: set[str]  # visible field keys
    required: set[str]  # visible and required field keys
    values: dict[str, Any]  # cleaned values of visible fields without errors
    errors: dict[str, list[str]]  # field key (or "key.row.sub") → messages
    warnings: list[str] = field(default_factory=list)

    @property
    def step_keys(self) -> list[str]:
        return [s["key"] for s in self.steps]

    def step(self, key: str) -> dict | None:
        return next((s for s in self.steps if s["key"] == key), None)

    def step_errors(self, key: str) -> dict[str, list[str]]:
        step = self.step(key)
        if step is None:
            return {}
        keys = {f["key"] for f in step["fields"]}
        return {k: v for k, v in self.errors.items() if k.split(".", 1)[0] in keys}

    def kept_answers(self, answers: dict) -> dict:
        """The answers without those to hidden fields (what a submission keeps)."""
        return {k: v for k, v in answers.items() if k in self.visible}


def iter_fields(definition: dict):
    for step in definition.get("steps", []):
        for f in step.get("fields", []):
            yield step, f


def field_index(definition: dict) -> dict[str, dict]:
    return {f["key"]: f for _step, f in iter_fields(definition)}


# --- checking a definition when a template is saved --------------------------------------------


def check_definition(definition: dict) -> list[str]:
    """Problems that make a definition unusable: duplicate keys, unknown kinds, rules that point
    at missing fields or steps, and cycles. Empty list: fine."""
    problems: list[str] = []
    fields: dict[str, dict] = {}
    step_of: dict[str, str] = {}
    step_keys: set[str] = set()
    for step in definition.get("steps", []):
        if step["key"] in step_keys:
            problems.append(_("Der Schlüssel „%(key)s“ wird von zwei Schritten verwendet.") % {"key": step["key"]})
        step_keys.add(step["key"])
        for f in step.get("fields", []):
            if f["key"] in fields:
                problems.append(_("Der Feldschlüssel „%(key)s“ kommt mehrfach vor.") % {"key": f["key"]})
            if f.get("kind") not in FIELD_KINDS:
                problems.append(_("Unbekannte Feldart „%(kind)s“.") % {"kind": f.get("kind")})
            fields[f["key"]] = f
            step_of[f["key"]] = step["key"]

    # Dependency graph: node → nodes it depends on. Fields depend on their step.
    deps: dict[str, set[str]] = {k: {STEP_PREFIX + s} for k, s in step_of.items()}
    for s in step_keys:
        deps.setdefault(STEP_PREFIX + s, set())
    for number, rule in enumerate(definition.get("rules", []), start=1):
        target = rule.get("target", "")
        if target.startswith(STEP_PREFIX):
            if target[len(STEP_PREFIX) :] not in step_keys:
                problems.append(
                    _("Regel %(n)s betrifft den Schritt „%(key)s“, den es nicht gibt.")
                    % {"n": number, "key": target[len(STEP_PREFIX) :]}
                )
                continue
        elif target not in fields:
            problems.append(
                _("Regel %(n)s betrifft das Feld „%(key)s“, das es nicht gibt.") % {"n": number, "key": target}
            )
            continue
        if rule.get("action") == "require" and target.startswith(STEP_PREFIX):
            problems.append(_("Regel %(n)s: Nur Felder, nicht Schritte, können zur Pflicht werden.") % {"n": number})
        if not rule.get("conditions"):
            problems.append(_("Regel %(n)s hat keine Bedingung.") % {"n": number})
        for cond in rule.get("conditions", []):
            if cond.get("field") not in fields:
                problems.append(
                    _("Regel %(n)s fragt nach dem Feld „%(key)s“, das es nicht gibt.")
                    % {"n": number, "key": cond.get("field")}
                )
                continue
            if cond.get("op") not in OPERATORS:
                problems.append(_("Regel %(n)s hat einen unbekannten Vergleich.") % {"n": number})
            if rule.get("action") != "require":  # "required" does not change what is visible
                deps[target].add(cond["field"])
    cycle = _find_cycle(deps)
    if cycle:
        names = " → ".join(_node_label(n, fields, definition) for n in cycle)
        problems.append(
            _("Die Regeln bilden einen Kreis (%(cycle)s): ein Feld darf nicht von sich selbst abhängen.")
            % {"cycle": names}
        )
    return problems


def _node_label(node: str, fields: dict, definition: dict) -> str:
    if node.startswith(STEP_PREFIX):
        key = node[len(STEP_PREFIX) :]
        step = next((s for s in definition.get("steps", []) if s["key"] == key), {})
        return _("Schritt „%(t)s“") % {"t": step.get("title", key)}
    return f"„{fields.get(node, {}).get('label', node)}“"


def _find_cycle(deps: dict[str, set[str]]) -> list[str] | None:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(deps, white)
    for start in deps:
        if colour[start] != white:
            continue
        stack = [(start, iter(sorted(deps[start])))]
        path = [start]
        colour[start] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                path.pop()
                continue
            if colour.get(child, black) == grey:
                return [*path[path.index(child) :], child]
            if colour.get(child) == white:
                colour[child] = grey
                stack.append((child, iter(sorted(deps.get(child, ())))))
                path.append(child)
    return None


# --- evaluating ---------------------------------------------------------------------------------


class _Evaluator:
    def __init__(self, definition: dict, answers: dict):
        self.definition = definition
        self.answers = answers
        self.fields = field_index(definition)
        self.step_of = {f["key"]: s["key"] for s, f in iter_fields(definition)}
        self.rules_for: dict[str, list[dict]] = {}
        for rule in definition.get("rules", []):
            self.rules_for.setdefault(rule.get("target", ""), []).append(rule)
        self._visible: dict[str, bool] = {}
        self._in_progress: set[str] = set()
        self._clean_cache: dict[str, tuple[bool, Any]] = {}

    # A field's cleaned value (None when empty, hidden or invalid) — what conditions look at.
    def value(self, key: str) -> Any:
        if not self.visible(key):
            return None
        ok, value = self.cleaned(key)
        return value if ok else None

    def cleaned(self, key: str) -> tuple[bool, Any]:
        if key not in self._clean_cache:
            spec = self.fields[key]
            kind = get_kind(spec["kind"])
            raw = self.answers.get(key)
            if not kind.has_value or kind.is_empty(raw):
                self._clean_cache[key] = (True, None)
            elif kind.has_subfields:
                self._clean_cache[key] = (True, raw if isinstance(raw, list) else [])
            else:
                try:
                    self._clean_cache[key] = (True, kind.clean(raw, spec))
                except FieldError as exc:
                    self._clean_cache[key] = (False, str(exc))
        return self._clean_cache[key]

    def visible(self, node: str) -> bool:
        if node in self._visible:
            return self._visible[node]
        if node in self._in_progress:  # a cycle in an unchecked definition: hide, never loop
            return False
        self._in_progress.add(node)
        result = True
        if not node.startswith(STEP_PREFIX):
            result = self.visible(STEP_PREFIX + self.step_of[node])
        if result:
            rules = self.rules_for.get(node, [])
            shows = [r for r in rules if r.get("action") == "show"]
            hides = [r for r in rules if r.get("action") == "hide"]
            if shows and not any(self.matches(r) for r in shows) or any(self.matches(r) for r in hides):
                result = False
        self._in_progress.discard(node)
        self._visible[node] = result
        return result

    def matches(self, rule: dict) -> bool:
        results = (self.condition(c) for c in rule.get("conditions", []))
        return any(results) if rule.get("match") == "any" else all(results)

    def condition(self, cond: dict) -> bool:
        key = cond.get("field")
        if key not in self.fields:
            return False
        value = self.value(key)
        op = cond.get("op")
        if op == "filled":
            return value not in (None, "", [], {})
        if op == "empty":
            return value in (None, "", [], {})
        if op == "yes":
            return value is True
        if op == "no":
            return value is False
        if value is None:
            return op == "ne"
        expected = self._coerce(key, cond.get("value", ""))
        if op == "contains":
            if isinstance(value, list):
                return expected in value
            return str(expected).lower() in str(value).lower()
        if isinstance(value, tuple):  # a date range compares by its start
            value = value[0]
        try:
            if op == "eq":
                return value == expected
            if op == "ne":
                return value != expected
            if op == "gt":
                return value > expected
            if op == "gte":
                return value >= expected
            if op == "lt":
                return value < expected
            if op == "lte":
                return value <= expected
        except TypeError:
            return False
        return False

    def _coerce(self, key: str, expected: Any) -> Any:
        spec = self.fields[key]
        kind = spec["kind"]
        if kind == "multichoice":
            return str(expected)
        if kind == "daterange":
            kind = "date"
        if kind in ("number", "money", "date", "time", "yesno"):
            try:
                return get_kind(kind).clean(expected, spec)
            except FieldError:
                return expected
        return str(expected).strip()

    def required(self, key: str) -> bool:
        spec = self.fields[key]
        if spec.get("required"):
            return True
        return any(r.get("action") == "require" and self.matches(r) for r in self.rules_for.get(key, []))


def evaluate(definition: dict, answers: dict, *, today: date | None = None) -> Evaluation:
    """Visible steps and fields, required fields, cleaned values, errors and warnings."""
    ev = _Evaluator(definition, answers or {})
    steps: list[dict] = []
    visible: set[str] = set()
    required: set[str] = set()
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for step in definition.get("steps", []):
        if not ev.visible(STEP_PREFIX + step["key"]):
            continue
        shown = []
        for spec in step.get("fields", []):
            key = spec["key"]
            if not ev.visible(key):
                continue
            shown.append(spec)
            visible.add(key)
            kind = get_kind(spec["kind"])
            if not kind.has_value:
                continue
            is_required = ev.required(key)
            if is_required:
                required.add(key)
            raw = ev.answers.get(key)
            if kind.has_subfields:
                rows = _check_rows(spec, raw, errors)
                if is_required and not rows:
                    errors.setdefault(key, []).append(_("Bitte mindestens eine Zeile ausfüllen."))
                values[key] = rows
                continue
            if kind.is_empty(raw):
                if is_required:
                    errors.setdefault(key, []).append(_(REQUIRED_MESSAGE))
                continue
            ok, value = ev.cleaned(key)
            if ok:
                values[key] = value
            else:
                errors.setdefault(key, []).append(value)
        steps.append({**step, "fields": shown})
    warnings = _lead_time_warnings(definition, values, today or date.today())
    return Evaluation(steps=steps, visible=visible, required=required, values=values, errors=errors, warnings=warnings)


def _check_rows(spec: dict, raw: Any, errors: dict) -> list[dict]:
    rows = []
    for index, row in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(row, dict):
            continue
        if all(get_kind(sub["kind"]).is_empty(row.get(sub["key"])) for sub in spec.get("subfields", [])):
            continue  # an empty row (the spare one at the end of the table) is no row
        cleaned = {}
        for sub in spec.get("subfields", []):
            kind = get_kind(sub["kind"])
            sub_raw = row.get(sub["key"])
            error_key = f"{spec['key']}.{index}.{sub['key']}"
            if kind.is_empty(sub_raw):
                if sub.get("required"):
                    errors.setdefault(error_key, []).append(_(REQUIRED_MESSAGE))
                cleaned[sub["key"]] = None
                continue
            try:
                cleaned[sub["key"]] = kind.clean(sub_raw, sub)
            except FieldError as exc:
                errors.setdefault(error_key, []).append(str(exc))
                cleaned[sub["key"]] = None
        rows.append(cleaned)
    return rows


def _lead_time_warnings(definition: dict, values: dict, today: date) -> list[str]:
    days = definition.get("lead_time_days") or 0
    key = definition.get("event_date_field")
    if not days or not key or key not in values:
        return []
    value = values[key]
    if isinstance(value, tuple):
        value = value[0]
    if not isinstance(value, date):
        return []
    left = (value - today).days
    if left < days:
        return [
            _(
                "Achtung: Dieser Antrag sollte mindestens %(days)s Tage vor der Veranstaltung eingehen, "
                "bis zum %(date)s sind es nur noch %(left)s Tage. Reichen Sie ihn trotzdem so bald wie "
                "möglich ein und rufen Sie bei der Behörde an."
            )
            % {"days": days, "date": value.strftime("%d.%m.%Y"), "left": max(left, 0)}
        ]
    return []


def is_late(definition: dict, values: dict, on: date) -> bool:
    """True when an application made on `on` misses the template's lead time."""
    return bool(_lead_time_warnings(definition, values, on))


def display_value(spec: dict, value: Any) -> str | list[list[str]]:
    """A cleaned value as text for the review page and the PDF (rows of cells for repeating groups)."""
    kind = get_kind(spec["kind"])
    if kind.has_subfields:
        return [[_display(sub, row.get(sub["key"])) for sub in spec.get("subfields", [])] for row in value or []]
    return _display(spec, value)


def _display(spec: dict, value: Any) -> str:
    if value is None:
        return "—"
    return get_kind(spec["kind"]).display(value, spec)
