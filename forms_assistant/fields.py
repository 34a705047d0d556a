"""The registry of field kinds a form template can use.

A field kind knows how to read its raw value from a submitted form, how to check and convert it,
how to show it (review page, PDF) and which template renders its input. Answers are stored raw
(what was typed, strings, lists and small dicts), so nothing a person typed is ever lost; the
engine converts them with `clean` when it evaluates rules and validates.

New kinds are added with `register(FieldKind(...))`; nothing else needs to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

POSTAL_CODE = re.compile(r"^\d{5}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
PHONE = re.compile(r"^[+\d][\d\s/()-]{4,}$")


class FieldError(ValueError):
    """A value does not fit its field; the message is shown next to the field."""


def _text(raw: Any) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def parse_date(raw: Any) -> date:
    value = _text(raw)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise FieldError(_("Bitte ein Datum angeben, z. B. 24.06.2026."))


def parse_decimal(raw: Any) -> Decimal:
    value = _text(raw).replace(" ", "").replace("€", "")
    if "," in value or THOUSANDS.match(value):  # German: 1.500,50 and 1.500
        value = value.replace(".", "").replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise FieldError(_("Bitte eine Zahl angeben, z. B. 250 oder 12,50.")) from None
    if not number.is_finite():
        raise FieldError(_("Bitte eine Zahl angeben, z. B. 250 oder 12,50."))
    return number


def _clean_text(raw, spec):
    value = _text(raw)
    limit = spec.get("max_length") or 2000
    if len(value) > limit:
        raise FieldError(_("Bitte höchstens %(n)s Zeichen eingeben.") % {"n": limit})
    return value


def _clean_long(raw, spec):
    value = _text(raw)
    if len(value) > 20000:
        raise FieldError(_("Bitte höchstens 20.000 Zeichen eingeben."))
    return value


def _clean_number(raw, spec):
    number = parse_decimal(raw)
    if spec.get("integer") and number != number.to_integral_value():
        raise FieldError(_("Bitte eine ganze Zahl angeben."))
    if number < 0:
        raise FieldError(_("Bitte keine negative Zahl angeben."))
    return number


def _clean_money(raw, spec):
    number = _clean_number(raw, spec)
    return number.quantize(Decimal("0.01"))


def _clean_date(raw, spec):
    return parse_date(raw)


def _clean_time(raw, spec):
    value = _text(raw).replace(".", ":")
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise FieldError(_("Bitte eine Uhrzeit angeben, z. B. 18:30.")) from None


def _clean_daterange(raw, spec):
    raw = raw if isinstance(raw, dict) else {}
    start = parse_date(raw.get("start"))
    end_raw = _text(raw.get("end"))
    end = parse_date(end_raw) if end_raw else start
    if end < start:
        raise FieldError(_("Das Enddatum liegt vor dem Anfangsdatum. Bitte prüfen Sie die Reihenfolge."))
    return (start, end)


def _clean_yesno(raw, spec):
    value = _text(raw).lower()
    if value in ("yes", "ja", "true", "1"):
        return True
    if value in ("no", "nein", "false", "0"):
        return False
    raise FieldError(_("Bitte „Ja“ oder „Nein“ wählen."))


def _clean_choice(raw, spec):
    value = _text(raw)
    if value not in {c[0] for c in spec.get("choices", [])}:
        raise FieldError(_("Bitte eine der angebotenen Möglichkeiten wählen."))
    return value


def _clean_multichoice(raw, spec):
    values = [v for v in (raw if isinstance(raw, list) else [raw]) if isinstance(v, str) and v]
    allowed = {c[0] for c in spec.get("choices", [])}
    if any(v not in allowed for v in values):
        raise FieldError(_("Bitte nur angebotene Möglichkeiten wählen."))
    return values


def _clean_email(raw, spec):
    value = _text(raw)
    if not EMAIL.match(value):
        raise FieldError(_("Bitte eine gültige E-Mail-Adresse angeben, z. B. info@verein.de."))
    return value.lower()


def _clean_phone(raw, spec):
    value = _text(raw)
    if not PHONE.match(value):
        raise FieldError(_("Bitte eine Telefonnummer angeben, z. B. 0123 456789."))
    return value


def clean_postal_code(value: str) -> str:
    value = _text(value)
    if not POSTAL_CODE.match(value):
        raise FieldError(_("Bitte eine fünfstellige Postleitzahl angeben."))
    return value


def _clean_postal_code(raw, spec):
    return clean_postal_code(raw)


def _clean_address(raw, spec):
    raw = raw if isinstance(raw, dict) else {}
    street, town = _text(raw.get("street")), _text(raw.get("town"))
    if not street or not town:
        raise FieldError(_("Bitte Straße mit Hausnummer, Postleitzahl und Ort angeben."))
    return {"street": street, "postal_code": clean_postal_code(raw.get("postal_code", "")), "town": town}


def _clean_iban(raw, spec):
    value = _text(raw).replace(" ", "").upper()
    try:
        return str(IBAN(value))
    except (SchwiftyException, ValueError):
        raise FieldError(_("Diese IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge.")) from None


def _clean_file(raw, spec):
    if isinstance(raw, dict) and raw.get("id"):
        return raw
    raise FieldError(_("Bitte eine Datei hochladen."))


def _clean_none(raw, spec):
    return None


def _is_empty_default(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return not raw
    if isinstance(raw, dict):
        return not any(_text(v) if isinstance(v, str) else v for v in raw.values())
    return False


def _display_default(value: Any, spec: dict) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nein")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _display_money(value, spec):
    return f"{value:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")


def _display_number(value, spec):
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def _display_daterange(value, spec):
    start, end = value
    if start == end:
        return start.strftime("%d.%m.%Y")
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


def _display_choice(value, spec):
    labels = dict((c[0], c[1]) for c in spec.get("choices", []))
    return labels.get(value, value)


def _display_multichoice(value, spec):
    labels = dict((c[0], c[1]) for c in spec.get("choices", []))
    return ", ".join(labels.get(v, v) for v in value)


def _display_address(value, spec):
    return f"{value['street']}, {value['postal_code']} {value['town']}"


def _display_file(value, spec):
    return value.get("name", "")


# Control characters (NUL and friends, not tab and line breaks) are never meant and PostgreSQL's
# JSON type refuses NUL: they are dropped from whatever is typed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def typed(value: Any) -> str:
    """A value as typed into a form, without control characters."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else ""


def _parse_scalar(data, files, name):
    return typed(data.get(name, ""))


def _parse_list(data, files, name):
    return [typed(v) for v in data.getlist(name) if typed(v)]


def _parse_parts(*parts):
    def parse(data, files, name):
        return {p: typed(data.get(f"{name}__{p}", "")) for p in parts}

    return parse


@dataclass(frozen=True)
class FieldKind:
    """One kind of field: parsing, checking, showing and the input template."""

    key: str
    label: Any
    clean: Callable[[Any, dict], Any]
    parse: Callable = _parse_scalar
    display: Callable[[Any, dict], str] = _display_default
    is_empty: Callable[[Any], bool] = _is_empty_default
    input_template: str = "forms_assistant/fields/text.html"
    input_type: str = "text"
    has_value: bool = True
    has_choices: bool = False
    has_subfields: bool = False
    # Kinds allowed as columns of a repeating group (one simple input each).
    simple: bool = True
    # Extra attributes for the input (autocomplete, inputmode), shown in the templates.
    attrs: dict = field(default_factory=dict)


FIELD_KINDS: dict[str, FieldKind] = {}


def register(kind: FieldKind) -> FieldKind:
    FIELD_KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> FieldKind:
    try:
        return FIELD_KINDS[key]
    except KeyError:
        raise KeyError(f"unknown field kind {key!r}") from None


def kind_choices() -> list[tuple[str, Any]]:
    return [(k.key, k.label) for k in FIELD_KINDS.values()]


def simple_kind_choices() -> list[tuple[str, Any]]:
    return [(k.key, k.label) for k in FIELD_KINDS.values() if k.simple]


T = "forms_assistant/fields/"
register(FieldKind("text", gettext_lazy("Text (einzeilig)"), _clean_text))
register(FieldKind("textarea", gettext_lazy("Langer Text"), _clean_long, input_template=T + "textarea.html"))
register(
    FieldKind("number", gettext_lazy("Zahl"), _clean_number, display=_display_number, attrs={"inputmode": "decimal"})
)
register(
    FieldKind(
        "money", gettext_lazy("Geldbetrag (€)"), _clean_money, display=_display_money, attrs={"inputmode": "decimal"}
    )
)
register(FieldKind("date", gettext_lazy("Datum"), _clean_date, input_type="date"))
register(FieldKind("time", gettext_lazy("Uhrzeit"), _clean_time, input_type="time"))
register(
    FieldKind(
        "daterange",
        gettext_lazy("Zeitraum (von – bis)"),
        _clean_daterange,
        parse=_parse_parts("start", "end"),
        display=_display_daterange,
        input_template=T + "daterange.html",
        simple=False,
    )
)
register(FieldKind("yesno", gettext_lazy("Ja / Nein"), _clean_yesno, input_template=T + "yesno.html"))
register(
    FieldKind(
        "choice",
        gettext_lazy("Auswahl (eine)"),
        _clean_choice,
        display=_display_choice,
        input_template=T + "choice.html",
        has_choices=True,
        simple=False,
    )
)
register(
    FieldKind(
        "multichoice",
        gettext_lazy("Auswahl (mehrere)"),
        _clean_multichoice,
        parse=_parse_list,
        display=_display_multichoice,
        input_template=T + "multichoice.html",
        has_choices=True,
        simple=False,
    )
)
register(
    FieldKind(
        "email", gettext_lazy("E-Mail-Adresse"), _clean_email, input_type="email", attrs={"autocomplete": "email"}
    )
)
register(
    FieldKind("phone", gettext_lazy("Telefonnummer"), _clean_phone, input_type="tel", attrs={"autocomplete": "tel"})
)
register(FieldKind("postal_code", gettext_lazy("Postleitzahl"), _clean_postal_code, attrs={"inputmode": "numeric"}))
register(
    FieldKind(
        "address",
        gettext_lazy("Anschrift"),
        _clean_address,
        parse=_parse_parts("street", "postal_code", "town"),
        display=_display_address,
        input_template=T + "address.html",
        simple=False,
    )
)
register(FieldKind("iban", gettext_lazy("IBAN"), _clean_iban, attrs={"autocomplete": "off", "spellcheck": "false"}))
register(
    FieldKind(
        "file",
        gettext_lazy("Datei-Upload"),
        _clean_file,
        display=_display_file,
        input_template=T + "file.html",
        simple=False,
    )
)
register(
    FieldKind(
        "repeat",
        gettext_lazy("Wiederholbare Gruppe (z. B. Stände, Helfende)"),
        _clean_none,  # rows are checked column by column by the engine
        input_template=T + "repeat.html",
        has_subfields=True,
        simple=False,
    )
)
register(
    FieldKind(
        "info",
        gettext_lazy("Hinweistext (keine Eingabe)"),
        _clean_none,
        input_template=T + "info.html",
        has_value=False,
        simple=False,
    )
)
