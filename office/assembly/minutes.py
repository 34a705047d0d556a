"""Draft minutes of a general assembly from plain data: as text, as HTML and as a PDF.

The minutes record what § 58 Nr. 4 BGB wants a registered club's statute to regulate ("die
Beurkundung der Beschlüsse"): date, place and mode, chair and keeper of the minutes, the invitation,
attendance and quorum, each agenda item with the motion's wording and the result with the rule that
applied, and notes. The chair and the keeper confirm the draft by signing; the registry court asks
for it with statute changes and board elections. Rendering needs Django's templates, not the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .deadlines import german_date
from .statute import AssemblyMode

TEMPLATE = "office/assembly/minutes.html"

MODE_LABELS = {
    AssemblyMode.IN_PERSON: "Präsenzversammlung",
    AssemblyMode.HYBRID: "hybride Versammlung (§ 32 Abs. 2 Satz 1 BGB)",
    AssemblyMode.VIRTUAL: "virtuelle Versammlung (§ 32 Abs. 2 Satz 2 BGB)",
}


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item: a report, a motion with its wording and result, or an election."""

    number: str
    title: str
    motion_text: str = ""
    proposer: str = ""
    voting: str = ""  # "offen" / "geheim"
    result_text: str = ""  # MotionResult.text or ElectionResult.text
    accepted: bool | None = None
    notes: str = ""


@dataclass(frozen=True)
class MinutesData:
    club_name: str
    title: str
    held_on: datetime.date
    place: str
    mode: AssemblyMode = AssemblyMode.IN_PERSON
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    chair: str = ""
    keeper: str = ""
    invited_on: datetime.date | None = None
    invitation_text: str = ""  # InvitationCheck.message
    entitled: int = 0
    present: int = 0
    represented: int = 0
    guests: int = 0
    quorum_text: str = ""  # QuorumStatus.text
    items: tuple[AgendaEntry, ...] = field(default_factory=tuple)
    notes: str = ""
    draft: bool = True


def _time(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") + " Uhr" if value else ""


def minutes_context(data: MinutesData) -> dict:
    return {
        "m": data,
        "held_on": german_date(data.held_on),
        "invited_on": german_date(data.invited_on) if data.invited_on else "",
        "mode_label": MODE_LABELS[AssemblyMode(data.mode)],
        "starts_at": _time(data.starts_at),
        "ends_at": _time(data.ends_at),
        "present_total": data.present + data.represented,
    }


def minutes_html(data: MinutesData) -> str:
    """The minutes as a standalone HTML document (no external assets: WeasyPrint renders it as is)."""
    return render_to_string(TEMPLATE, minutes_context(data))


def minutes_pdf(data: MinutesData) -> bytes:
    """The minutes as a PDF for the chair and the keeper to sign."""
    from weasyprint import HTML

    return HTML(string=minutes_html(data)).write_pdf()


def minutes_text(data: MinutesData) -> str:
    """The minutes as plain text: the editable draft."""
    context = minutes_context(data)
    lines = [
        f"{_('Protokoll')}: {data.title}",
        data.club_name,
        "",
        f"{_('Datum')}: {context['held_on']}"
        + (f", {context['starts_at']} – {context['ends_at']}" if data.starts_at and data.ends_at else ""),
        f"{_('Ort')}: {data.place} ({context['mode_label']})",
        f"{_('Versammlungsleitung')}: {data.chair}",
        f"{_('Protokoll')}: {data.keeper}",
    ]
    if data.invited_on:
        lines.append(f"{_('Einladung versandt am')}: {context['invited_on']}")
    if data.invitation_text:
        lines.append(data.invitation_text)
    lines += [
        "",
        _("Stimmberechtigt: %(entitled)d; anwesend: %(present)d; vertreten: %(represented)d; Gäste: %(guests)d.")
        % {"entitled": data.entitled, "present": data.present, "represented": data.represented, "guests": data.guests},
    ]
    if data.quorum_text:
        lines.append(data.quorum_text)
    for item in data.items:
        lines += ["", f"TOP {item.number}: {item.title}"]
        if item.motion_text:
            lines.append(f"{_('Antrag')}{f' ({item.proposer})' if item.proposer else ''}: {item.motion_text}")
        if item.voting:
            lines.append(f"{_('Abstimmung')}: {item.voting}")
        if item.result_text:
            lines.append(f"{_('Ergebnis')}: {item.result_text}")
        if item.notes:
            lines.append(item.notes)
    if data.notes:
        lines += ["", f"{_('Anmerkungen')}: {data.notes}"]
    lines += ["", f"{_('Versammlungsleitung')}: ____________________", f"{_('Protokoll')}: ____________________"]
    return "\n".join(lines) + "\n"
