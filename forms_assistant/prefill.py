"""Registries of what pre-fills a field and what a planned event says about itself.

`PREFILL_SOURCES` maps a source key ("club.name", "event.date_start") to a function returning the
raw answer for a club and planned event (strings, "yes"/"no", ISO dates, address dicts — the same
shapes a person would type). `EVENT_ATTRIBUTES` lists what the recommender may ask of a planned
event. Both are extension points: add an entry, nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PrefillSource:
    key: str
    label: Any
    group: Any
    get: Callable[[Any, Any], Any]  # (club, event) → raw value or None
    kind: str = "text"  # the field kind the value fits best (used by the FIM import)


PREFILL_SOURCES: dict[str, PrefillSource] = {}


def register(source: PrefillSource) -> PrefillSource:
    PREFILL_SOURCES[source.key] = source
    return source


def prefill_choices() -> list[tuple[str, str]]:
    """Choices for the "pre-fill from" picker of a field (module-level for migrations)."""
    return [("", "— nicht vorausfüllen —")] + [(s.key, f"{s.group}: {s.label}") for s in PREFILL_SOURCES.values()]


def prefill_value(key: str, *, club, event=None) -> Any:
    source = PREFILL_SOURCES.get(key)
    if source is None:
        return None
    if key.startswith("event.") and event is None:
        return None
    value = source.get(club, event)
    return None if value in (None, "", {}) else value


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _yesno(value) -> str:
    return "yes" if value else "no"


def _board(role: str) -> Callable:
    def get(club, event):
        member = next((m for m in club.board_members.all() if m.role == role), None)
        return member.name if member else None

    return get


def _board_list(club, event):
    return [{"role": m.get_role_display(), "name": m.name} for m in club.board_members.all()]


CLUB = _("Vereinsprofil")
EVENT = _("Vorhaben")

for key, label, attr, kind in [
    ("club.name", _("Offizieller Name"), "name", "text"),
    ("club.register_court", _("Registergericht"), "register_court", "text"),
    ("club.register_number", _("Registernummer"), "register_number", "text"),
    ("club.street", _("Straße und Hausnummer"), "street", "text"),
    ("club.postal_code", _("Postleitzahl"), "postal_code", "postal_code"),
    ("club.town", _("Ort"), "town", "text"),
    ("club.email", _("E-Mail"), "email", "email"),
    ("club.phone", _("Telefon"), "phone", "phone"),
    ("club.iban", _("IBAN"), "iban", "iban"),
    ("club.bic", _("BIC"), "bic", "text"),
    ("club.bank_name", _("Bank"), "bank_name", "text"),
    ("club.tax_office", _("Finanzamt"), "tax_office", "text"),
    ("club.contact_name", _("Ansprechperson"), "contact_name", "text"),
]:
    register(PrefillSource(key, label, CLUB, (lambda a: lambda club, event: getattr(club, a) or None)(attr), kind))

register(PrefillSource("club.legal_form", _("Rechtsform"), CLUB, lambda c, e: c.get_legal_form_display()))
register(
    PrefillSource(
        "club.address",
        _("Anschrift"),
        CLUB,
        lambda c, e: {"street": c.street, "postal_code": c.postal_code, "town": c.town},
        "address",
    )
)
register(
    PrefillSource(
        "club.exemption_notice_date",
        _("Datum des Freistellungsbescheids"),
        CLUB,
        lambda c, e: _iso(c.exemption_notice_date),
        "date",
    )
)
register(PrefillSource("club.chair_name", _("Vorsitz (Name)"), CLUB, _board("chair")))
register(PrefillSource("club.deputy_name", _("Stellvertretender Vorsitz (Name)"), CLUB, _board("deputy")))
register(PrefillSource("club.treasurer_name", _("Kasse (Name)"), CLUB, _board("treasurer")))
register(PrefillSource("club.board", _("Vorstand (Liste)"), CLUB, _board_list, "repeat"))


@dataclass(frozen=True)
class EventAttribute:
    """A fact about a planned event that the recommender can ask about."""

    key: str
    label: Any
    kind: str  # "yesno", "number", "date", "text"
    reason: Any  # the "because …" shown with a recommendation


EVENT_ATTRIBUTES: dict[str, EventAttribute] = {}


def register_event_attribute(attribute: EventAttribute) -> EventAttribute:
    EVENT_ATTRIBUTES[attribute.key] = attribute
    return attribute


def event_attribute_choices() -> list[tuple[str, str]]:
    return [(a.key, str(a.label)) for a in EVENT_ATTRIBUTES.values()]


for key, label, reason in [
    ("public_space", _("findet im öffentlichen Raum statt"), _("weil Ihr Vorhaben im öffentlichen Raum stattfindet")),
    ("sells_food", _("Verkauf von Speisen"), _("weil Sie Speisen verkaufen")),
    ("sells_drinks", _("Verkauf von Getränken"), _("weil Sie Getränke verkaufen")),
    ("serves_alcohol", _("Ausschank von Alkohol"), _("weil Sie Alkohol ausschenken")),
    ("live_music", _("Live-Musik oder Beschallung"), _("weil es Live-Musik oder Beschallung gibt")),
    ("street_closure", _("Straßensperrung"), _("weil eine Straße gesperrt werden soll")),
    ("tents_stages", _("Zelte oder Bühnen"), _("weil Sie Zelte oder Bühnen aufbauen")),
    ("fireworks", _("Feuerwerk"), _("weil ein Feuerwerk geplant ist")),
]:
    register_event_attribute(EventAttribute(key, label, "yesno", reason))
    register(PrefillSource(f"event.{key}", label, EVENT, (lambda a: lambda c, e: _yesno(getattr(e, a)))(key), "yesno"))
register_event_attribute(
    EventAttribute(
        "expected_visitors",
        _("Erwartete Besucherzahl"),
        "number",
        _("wegen der erwarteten Besucherzahl"),
    )
)

register(PrefillSource("event.title", _("Titel"), EVENT, lambda c, e: e.title))
register(PrefillSource("event.date_start", _("Datum (Beginn)"), EVENT, lambda c, e: _iso(e.date_start), "date"))
register(
    PrefillSource("event.date_end", _("Datum (Ende)"), EVENT, lambda c, e: _iso(e.date_end or e.date_start), "date")
)
register(
    PrefillSource(
        "event.dates",
        _("Zeitraum"),
        EVENT,
        lambda c, e: {"start": _iso(e.date_start), "end": _iso(e.date_end or e.date_start)},
        "daterange",
    )
)
register(PrefillSource("event.time_start", _("Uhrzeit (Beginn)"), EVENT, lambda c, e: _time(e.time_start), "time"))
register(PrefillSource("event.time_end", _("Uhrzeit (Ende)"), EVENT, lambda c, e: _time(e.time_end), "time"))
register(
    PrefillSource(
        "event.address",
        _("Ort (Anschrift)"),
        EVENT,
        lambda c, e: {"street": e.street, "postal_code": e.postal_code, "town": e.town} if e.street else None,
        "address",
    )
)
register(PrefillSource("event.place_description", _("Ort (Beschreibung)"), EVENT, lambda c, e: e.place_description))
register(
    PrefillSource(
        "event.expected_visitors",
        _("Erwartete Besucherzahl"),
        EVENT,
        lambda c, e: str(e.expected_visitors) if e.expected_visitors is not None else None,
        "number",
    )
)
register(PrefillSource("event.description", _("Beschreibung"), EVENT, lambda c, e: e.description, "textarea"))
