"""Reading FIM XDatenfelder Stammdatenschema documents (versions 2 and 3) into a definition.

Groups become steps, Datenfelder become fields (feldart input/select/label, datentyp
text/date/bool/num/num_int/num_currency/file/time), cardinalities become required/repeating, code
lists written into the document become choices, help texts are kept. Whatever cannot be mapped
(prose rules, external code lists, hidden fields…) is listed in the report, never dropped silently.

Parsing goes through defusedxml (no entities, no DTDs, no network). Pure: no database. Every text
slot is read as plain text (markup dropped); the text of a label field keeps a short allow-list
of tags (`richtext.py`), so nothing from a document can run where the form is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from django.utils.text import slugify
from django.utils.translation import gettext as _

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .richtext import plain_text, rich_text_from_import

NAMESPACES = {
    "urn:xoev-de:fim:standard:xdatenfelder_2": "2",
    "urn:xoev-de:fim:standard:xdatenfelder_3.0.0": "3",
}
DATENTYP_KIND = {
    "text": "text",
    "text_latin": "text",
    "string": "text",
    "date": "date",
    "time": "time",
    "bool": "yesno",
    "num": "number",
    "num_int": "number",
    "num_currency": "money",
    "file": "file",
}
SIMPLE_KINDS = {"text", "number", "money", "date", "time", "yesno", "email", "phone"}


class FimError(ValueError):
    """The document cannot be imported; the message says why (and where)."""


@dataclass
class FimReport:
    version: str
    title: str
    identifier: str
    steps: list[dict] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    @property
    def definition(self) -> dict:
        return {"title": self.title, "lead_time_days": 0, "event_date_field": "", "steps": self.steps, "rules": []}

    @property
    def field_count(self) -> int:
        return sum(len(s["fields"]) for s in self.steps)

    def as_text(self) -> str:
        lines = [
            _("XDatenfelder %(v)s: „%(t)s“ (%(id)s)") % {"v": self.version, "t": self.title, "id": self.identifier},
            _("%(s)s Schritte, %(f)s Felder") % {"s": len(self.steps), "f": self.field_count},
        ]
        for step in self.steps:
            lines.append(f"\n{_('Schritt')}: {step['title']}")
            for f in step["fields"]:
                flag = " *" if f.get("required") else ""
                lines.append(f"  - {f['label']}{flag} [{f['kind']}]")
                if f.get("choices"):
                    lines.append("      " + _("Auswahl") + ": " + ", ".join(c[1] for c in f["choices"]))
                for sub in f.get("subfields", []):
                    lines.append(f"      · {sub['label']} [{sub['kind']}]")
        lines.append("\n" + _("Nicht übernommen:") if self.unmapped else "\n" + _("Alles wurde übernommen."))
        lines += [f"  - {u}" for u in self.unmapped]
        return "\n".join(lines)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element if _local(c.tag) == name]


def _raw_text(element: Element | None, name: str = "") -> str:
    if element is None:
        return ""
    target = _child(element, name) if name else element
    return (target.text or "").strip() if target is not None else ""


def _text(element: Element | None, name: str = "") -> str:
    """A text slot (name, label, help text, option, rule): plain text, any markup dropped."""
    return plain_text(_raw_text(element, name))


def _rich(element: Element, name: str) -> str:
    """The rich text of a label field (`inhalt`): a short allow-list of tags, nothing that runs."""
    return rich_text_from_import(_raw_text(element, name))


def _code(element: Element, name: str) -> str:
    """A code value: <xdf:feldart><code>input</code></xdf:feldart> (both versions)."""
    holder = _child(element, name)
    if holder is None:
        return ""
    inner = _child(holder, "code")
    return (_text(inner) or _text(holder)).lower()


def _identifier(element: Element) -> str:
    ident = _child(element, "identifikation")
    if ident is None:
        return ""
    version = _text(ident, "version")
    return _text(ident, "id") + (f" v{version}" if version else "")


def _cardinality(struktur: Element) -> tuple[int, int | None]:
    raw = _text(struktur, "anzahl") or "0:1"
    low, _sep, high = raw.partition(":")
    try:
        minimum = int(low)
    except ValueError:
        minimum = 0
    maximum = None if high.strip() in ("*", "n", "") else int(high) if high.strip().isdigit() else None
    return minimum, maximum


def parse(data: bytes) -> FimReport:
    """Read an XDatenfelder 2 or 3 Stammdatenschema; raise FimError with a clear message."""
    try:
        root = fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise FimError(
            _("Die Datei ist kein gültiges XML (Zeile %(line)s, Spalte %(col)s): %(msg)s")
            % {"line": line, "col": column + 1, "msg": str(exc).split(":")[0]}
        ) from None
    except DefusedXmlException:
        raise FimError(
            _("Die Datei enthält DTDs oder Entitäten; solche Dateien werden aus Sicherheitsgründen abgelehnt.")
        ) from None
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    version = NAMESPACES.get(namespace)
    if version is None:
        if "xdatenfelder" in namespace:
            found = namespace.rsplit("_", 1)[-1] if "_" in namespace else namespace
            raise FimError(
                _(
                    "Diese Datei ist im Format XDatenfelder %(found)s (%(ns)s). Importiert werden können nur "
                    "XDatenfelder 2 und 3. Bitte laden Sie die Datei im FIM-Portal in Version 2 oder 3 herunter."
                )
                % {"found": found, "ns": namespace}
            )
        raise FimError(
            _("Diese Datei ist kein XDatenfelder-Stammdatenschema (Namensraum „%(ns)s“).") % {"ns": namespace}
        )
    schema = next((e for e in root.iter() if _local(e.tag) == "stammdatenschema"), None)
    if schema is None:
        raise FimError(_("Die Datei enthält kein Stammdatenschema (Element „stammdatenschema“ fehlt)."))
    report = FimReport(
        version=version,
        title=_text(schema, "bezeichnungEingabe") or _text(schema, "name") or _("Importierter Antrag"),
        identifier=_identifier(schema),
    )
    _Mapper(report).map_schema(schema)
    if not report.steps:
        raise FimError(_("Das Stammdatenschema enthält keine Felder, die übernommen werden können."))
    return report


class _Mapper:
    def __init__(self, report: FimReport):
        self.report = report
        self.keys: set[str] = set()

    def key(self, element: Element, label: str) -> str:
        base = slugify(_text(element, "name") or label).replace("-", "_")[:50] or "feld"
        key, number = base, 2
        while key in self.keys:
            key, number = f"{base}_{number}", number + 1
        self.keys.add(key)
        return key

    def rules(self, element: Element, where: str) -> None:
        for rule in _children(element, "regel"):
            text = _text(rule, "freitextRegel") or _text(rule, "beschreibung") or _text(rule, "definition")
            name = _text(rule, "name") or _identifier(rule)
            self.report.unmapped.append(
                _("Regel „%(name)s“ (%(where)s): %(text)s – bitte als Regel mit Bedingungen nachbauen.")
                % {"name": name, "where": where, "text": text or _("ohne Beschreibung")}
            )

    def map_schema(self, schema: Element) -> None:
        self.rules(schema, _("Stammdatenschema"))
        loose: list[dict] = []
        for struktur in _children(schema, "struktur"):
            contained = _child(struktur, "enthaelt")
            if contained is None:
                continue
            minimum, maximum = _cardinality(struktur)
            for element in contained:
                if _local(element.tag) == "datenfeldgruppe":
                    self.map_step(element, minimum, maximum)
                elif _local(element.tag) == "datenfeld":
                    spec = self.map_field(element, minimum, maximum)
                    if spec:
                        loose.append(spec)
        if loose:
            self.report.steps.insert(
                0,
                {"key": self.unique_step("allgemein"), "title": _("Allgemeine Angaben"), "intro": "", "fields": loose},
            )

    def unique_step(self, base: str) -> str:
        key, number = base, 2
        while f"step:{key}" in self.keys:
            key, number = f"{base}_{number}", number + 1
        self.keys.add(f"step:{key}")
        return key

    def map_step(self, group: Element, minimum: int, maximum: int | None) -> None:
        title = _text(group, "bezeichnungEingabe") or _text(group, "name")
        self.rules(group, title)
        step = {
            "key": self.unique_step(slugify(_text(group, "name") or title).replace("-", "_")[:50] or "schritt"),
            "title": title,
            "intro": _text(group, "hilfetextEingabe") or _text(group, "beschreibung"),
            "fields": [],
        }
        if maximum is None or maximum > 1:
            step["fields"].append(self.map_repeat(group, minimum))
        else:
            step["fields"] += self.map_group_fields(group)
        self.report.steps.append(step)

    def map_group_fields(self, group: Element) -> list[dict]:
        fields = []
        for struktur in _children(group, "struktur"):
            contained = _child(struktur, "enthaelt")
            if contained is None:
                continue
            minimum, maximum = _cardinality(struktur)
            for element in contained:
                if _local(element.tag) == "datenfeld":
                    spec = self.map_field(element, minimum, maximum)
                    if spec:
                        fields.append(spec)
                elif _local(element.tag) == "datenfeldgruppe":
                    label = _text(element, "bezeichnungEingabe") or _text(element, "name")
                    self.rules(element, label)
                    if maximum is None or maximum > 1:
                        fields.append(self.map_repeat(element, minimum))
                    else:
                        # Steps do not nest: the inner group's fields join this step, in order.
                        fields.append({"key": self.key(element, label), "kind": "info", "label": label, "text": ""})
                        fields += self.map_group_fields(element)
        return fields

    def map_repeat(self, group: Element, minimum: int) -> dict:
        label = _text(group, "bezeichnungEingabe") or _text(group, "name")
        subfields = []
        for struktur in _children(group, "struktur"):
            contained = _child(struktur, "enthaelt")
            for element in contained if contained is not None else []:
                sub_min, _max = _cardinality(struktur)
                spec = self.map_field(element, sub_min, 1) if _local(element.tag) == "datenfeld" else None
                if spec is None or spec["kind"] not in SIMPLE_KINDS:
                    self.report.unmapped.append(
                        _(
                            "„%(name)s“ in der wiederholbaren Gruppe „%(group)s“: nur einfache Felder sind als Spalten möglich."
                        )
                        % {"name": _text(element, "bezeichnungEingabe") or _text(element, "name"), "group": label}
                    )
                    continue
                self.keys.discard(spec["key"])  # column keys live inside the group
                subfields.append(
                    {"key": spec["key"], "kind": spec["kind"], "label": spec["label"], "required": spec["required"]}
                )
        return {
            "key": self.key(group, label),
            "kind": "repeat",
            "label": label,
            "help": _text(group, "hilfetextEingabe"),
            "required": minimum > 0,
            "prefill": "",
            "subfields": subfields,
        }

    def map_field(self, element: Element, minimum: int, maximum: int | None) -> dict | None:
        label = _text(element, "bezeichnungEingabe") or _text(element, "name")
        feldart = _code(element, "feldart") or "input"
        datentyp = _code(element, "datentyp") or "text"
        self.rules(element, label)
        if feldart == "label":
            return {
                "key": self.key(element, label),
                "kind": "info",
                "label": label,
                "text": _rich(element, "inhalt") or _rich(element, "hilfetextEingabe"),
            }
        if feldart not in ("input", "select"):
            self.report.unmapped.append(
                _("Feld „%(label)s“: Feldart „%(art)s“ wird nicht unterstützt.") % {"label": label, "art": feldart}
            )
            return None
        spec = {
            "key": self.key(element, label),
            "kind": DATENTYP_KIND.get(datentyp, "text"),
            "label": label,
            "help": _text(element, "hilfetextEingabe"),
            "required": minimum > 0,
            "prefill": "",
        }
        if datentyp not in DATENTYP_KIND:
            self.report.unmapped.append(
                _("Feld „%(label)s“: Datentyp „%(typ)s“ ist unbekannt und wurde als Text übernommen.")
                % {"label": label, "typ": datentyp}
            )
        if feldart == "select":
            choices = self.choices(element)
            if choices:
                spec["kind"] = "multichoice" if (maximum is None or maximum > 1) else "choice"
                spec["choices"] = choices
                return spec
            reference = _child(element, "codelisteReferenz")
            uri = ""
            if reference is not None:
                uri = next(
                    (
                        _text(e)
                        for e in reference.iter()
                        if _local(e.tag) in ("canonicalIdentification", "canonicalUri")
                    ),
                    "",
                )
            self.report.unmapped.append(
                _(
                    "Feld „%(label)s“: die Codeliste %(uri)s ist nicht in der Datei enthalten; das Feld wurde als "
                    "Textfeld angelegt. Bitte Auswahlmöglichkeiten ergänzen."
                )
                % {"label": label, "uri": uri or _("(ohne Kennung)")}
            )
            spec["kind"] = "text"
            return spec
        if spec["kind"] == "number" and datentyp == "num_int":
            spec["integer"] = True
        if maximum is None or maximum > 1:
            if spec["kind"] in SIMPLE_KINDS:
                return {
                    "key": spec["key"],
                    "kind": "repeat",
                    "label": label,
                    "help": spec["help"],
                    "required": minimum > 0,
                    "prefill": "",
                    "subfields": [{"key": "wert", "kind": spec["kind"], "label": label, "required": True}],
                }
            self.report.unmapped.append(
                _("Feld „%(label)s“ darf mehrfach vorkommen; übernommen wurde es einmal.") % {"label": label}
            )
        return spec

    def choices(self, element: Element) -> list[list[str]]:
        """Values written into the document: XDF3 <werte><wert><code/><name/></wert></werte>, or an
        embedded genericode list (<SimpleCodeList><Row><Value>…)."""
        values = _child(element, "werte")
        if values is not None:
            return [[_text(w, "code"), _text(w, "name") or _text(w, "code")] for w in _children(values, "wert")]
        rows = [e for e in element.iter() if _local(e.tag) == "Row"]
        choices = []
        for row in rows:
            cells = [_text(_child(v, "SimpleValue")) for v in row if _local(v.tag) == "Value"]
            if cells:
                choices.append([cells[0], cells[1] if len(cells) > 1 else cells[0]])
        return choices
