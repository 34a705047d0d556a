"""Minutes of a general assembly (issue #14): drafted from the agenda, attendance, motions, results and
notes; edited as text; confirmed by the chair and by the keeper of the minutes; then published to the
members (e-mail with the PDF, and the PDF behind their personal link). Unpublished minutes are never
shown to members. An edit after a confirmation clears both confirmations (they confirm a text, not a
draft that changed since); published minutes are final.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send, reply_to
from office.assembly import deadlines, minutes
from office.constants import CURRENT_STATUSES
from office.models import Assembly, Member, ResultRecord

from .join import _club_url

ROLES = ("chair", "keeper")


def minutes_data(*, assembly: Assembly, club) -> minutes.MinutesData:
    from .assembly import quorum_status  # assembly.py re-exports this module's functions

    quorum = quorum_status(assembly)
    entries = []
    for item in assembly.items.order_by("order"):
        motion = item.motions.first()
        result = ResultRecord.objects.filter(item=item).first()
        entries.append(
            minutes.AgendaEntry(
                number=str(item.order),
                title=item.title,
                motion_text=item.text if item.is_vote else "",
                proposer=motion.proposer_name if motion else "",
                voting=(_("geheim") if item.secret else _("offen")) if item.is_vote else "",
                result_text=result.text if result else "",
                accepted=result.reached if result else None,
                notes=item.notes,
            )
        )
    return minutes.MinutesData(
        club_name=str(getattr(club, "name", club) or ""),
        title=assembly.title,
        held_on=assembly.held_on,
        place=assembly.place,
        mode=assembly.mode,
        starts_at=assembly.starts_at,
        ends_at=assembly.ends_at,
        chair=assembly.chair,
        keeper=assembly.keeper,
        invited_on=assembly.invited_on,
        invitation_text=assembly.invitation_text,
        entitled=quorum.entitled,
        present=quorum.present,
        represented=quorum.represented,
        quorum_text=quorum.text,
        items=tuple(entries),
        notes=assembly.notes,
    )


def _refuse_if_published(assembly: Assembly) -> None:
    if assembly.minutes_published_at:
        raise ValidationError(_("Das Protokoll ist veröffentlicht und kann nicht mehr geändert werden."))


_CONFIRMATIONS = (
    "minutes_chair_confirmed_at",
    "minutes_chair_confirmed_by",
    "minutes_keeper_confirmed_at",
    "minutes_keeper_confirmed_by",
)


def _clear_confirmations(assembly: Assembly) -> None:
    assembly.minutes_chair_confirmed_at = assembly.minutes_keeper_confirmed_at = None
    assembly.minutes_chair_confirmed_by = assembly.minutes_keeper_confirmed_by = ""


@transaction.atomic
def minutes_draft(*, assembly: Assembly, club) -> str:
    """Draft the minutes as editable text (stored on the assembly) from agenda, attendance and results."""
    _refuse_if_published(assembly)
    assembly.minutes_text = minutes.minutes_text(minutes_data(assembly=assembly, club=club))
    _clear_confirmations(assembly)
    assembly.save(update_fields=["minutes_text", *_CONFIRMATIONS])
    return assembly.minutes_text


@transaction.atomic
def minutes_save(*, assembly: Assembly, text: str) -> Assembly:
    _refuse_if_published(assembly)
    stored = Assembly.objects.filter(pk=assembly.pk).values_list("minutes_text", flat=True).first()
    assembly.minutes_text = text
    assembly.full_clean()
    if text != stored:
        _clear_confirmations(assembly)
    assembly.save(update_fields=["minutes_text", *_CONFIRMATIONS])
    return assembly


def minutes_confirmed(assembly: Assembly) -> bool:
    return bool(assembly.minutes_chair_confirmed_at and assembly.minutes_keeper_confirmed_at)


@transaction.atomic
def minutes_confirm(*, assembly: Assembly, role: str, name: str, now: datetime.datetime | None = None) -> Assembly:
    """The chair (`role="chair"`) or the keeper of the minutes (`"keeper"`) confirms the text as it stands."""
    _refuse_if_published(assembly)
    if role not in ROLES:
        raise ValidationError(_("Unbekannte Rolle."))
    if not (assembly.minutes_text or "").strip():
        raise ValidationError(_("Es gibt noch keinen Protokolltext zu bestätigen."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Bitte den Namen der bestätigenden Person angeben."))
    setattr(assembly, f"minutes_{role}_confirmed_at", now or timezone.now())
    setattr(assembly, f"minutes_{role}_confirmed_by", name[:200])
    assembly.save(update_fields=[f"minutes_{role}_confirmed_at", f"minutes_{role}_confirmed_by"])
    return assembly


def _confirmation_line(at: datetime.datetime | None, by: str) -> str:
    if not at:
        return ""
    local = timezone.localtime(at)
    return _("bestätigt von %(name)s am %(day)s um %(time)s Uhr") % {
        "name": by,
        "day": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
    }


def minutes_pdf(*, assembly: Assembly, club) -> bytes:
    """The minutes as a PDF: the edited text (what the chair and the keeper confirm), marked as a draft
    until both have confirmed; before any text exists, the draft drawn from the data."""
    if not (assembly.minutes_text or "").strip():
        return minutes.minutes_pdf(minutes_data(assembly=assembly, club=club))
    from weasyprint import HTML

    html = render_to_string(
        "office/assembly/minutes_document.html",
        {
            "assembly": assembly,
            "club_name": str(getattr(club, "name", club) or ""),
            "held_on": deadlines.german_date(assembly.held_on),
            "draft": not minutes_confirmed(assembly),
            "chair_line": _confirmation_line(assembly.minutes_chair_confirmed_at, assembly.minutes_chair_confirmed_by),
            "keeper_line": _confirmation_line(
                assembly.minutes_keeper_confirmed_at, assembly.minutes_keeper_confirmed_by
            ),
        },
    )
    return HTML(string=html).write_pdf()


def minutes_publish(*, assembly: Assembly, club, now: datetime.datetime | None = None) -> int:
    """Publish confirmed minutes: members see the PDF behind their personal link; every current member
    with an e-mail address receives it attached. Returns the number of e-mails sent."""
    from .assembly import assembly_link_token

    _refuse_if_published(assembly)
    if not minutes_confirmed(assembly):
        raise ValidationError(
            _("Erst veröffentlichen, wenn Versammlungsleitung und Protokollführung das Protokoll bestätigt haben.")
        )
    with transaction.atomic():
        assembly.minutes_published_at = now or timezone.now()
        assembly.save(update_fields=["minutes_published_at"])
    pdf = minutes_pdf(assembly=assembly, club=club)
    held_on = deadlines.german_date(assembly.held_on)
    filename = f"protokoll-{assembly.held_on:%Y-%m-%d}.pdf"
    sent = 0
    members = Member.objects.filter(status__in=CURRENT_STATUSES).exclude(email="").order_by("pk")
    for member in members:
        token = assembly_link_token(member=member, assembly=assembly)
        context = {
            "assembly": assembly,
            "club": club,
            "member": member,
            "held_on": held_on,
            "link": _club_url(club, "office_public:assembly_home", token) if club else "",
        }
        message = EmailMessage(
            subject=header_text(_("Protokoll: %(title)s am %(day)s") % {"title": assembly.title, "day": held_on}),
            body=render_to_string("office/assembly/minutes_email.txt", context),
            to=[member.email],
            reply_to=reply_to(getattr(club, "email", None)),
        )
        message.attach(filename, pdf, "application/pdf")
        sent += int(bool(mail_send(message, what=f"assembly minutes for {connection.schema_name}")))
    return sent


def published_minutes_for(member: Member, *, limit: int = 10) -> list[tuple[Assembly, str]]:
    """Published minutes for the member area ("Mein Mitgliedskonto"): each assembly with a fresh personal
    token for its member page, newest first. Unpublished minutes are never listed."""
    from .assembly import assembly_link_token

    assemblies = Assembly.objects.filter(minutes_published_at__isnull=False).order_by("-held_on", "-pk")[:limit]
    return [(assembly, assembly_link_token(member=member, assembly=assembly)) for assembly in assemblies]
