"""The general assembly's invitations and motions (issue #14): invitations on time by e-mail and
as letters, the reminder, delivery per member; members' motions placed on the agenda or declined."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send, reply_to
from office.assembly import deadlines
from office.assembly.statute import Statute
from office.models import (
    AgendaItem,
    Assembly,
    Invitation,
    Member,
    Motion,
)
from office.models.assembly import (
    AssemblyStatus,
    Channel,
    DeliveryState,
    ItemKind,
    MotionStatus,
)

from .assembly import agenda_item_add, assembly_link_token, entitled_members, statute_get
from .join import _club_url

# --- invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationResult:
    emails: int
    letters: int
    letters_pdf: bytes | None
    check_text: str


def invitation_channel(member: Member, statute: Statute) -> str:
    if statute.invitation_form == "letter":
        return Channel.LETTER
    return Channel.EMAIL if member.email else Channel.LETTER


def invitations_send(*, assembly: Assembly, club, sent_on: datetime.date | None = None) -> InvitationResult:
    """Invite every entitled member not yet invited: e-mail with the personal link, else a PDF letter.

    Each channel used is checked against the invitation period first; a late invitation is refused
    (`ValidationError`) with the date by which it would have been valid, and nothing is sent.
    """
    if not assembly.items.exists():
        # § 32 Abs. 1 Satz 2 BGB: a resolution is valid only if its subject was named in the invitation.
        raise ValidationError(
            _(
                "Bitte zuerst die Tagesordnung anlegen: Die Einladung muss die Punkte nennen, über die "
                "beschlossen wird (§ 32 Abs. 1 Satz 2 BGB)."
            ),
            code="invitation_without_agenda",
        )
    statute = statute_get()
    sent_on = sent_on or timezone.localdate()
    invited = set(assembly.invitations.values_list("member_id", flat=True))
    members = [member for member in entitled_members(assembly, statute) if member.pk not in invited]
    by_channel = {Channel.EMAIL: [], Channel.LETTER: []}
    for member in members:
        by_channel[invitation_channel(member, statute)].append(member)
    checks = []
    for channel, group in by_channel.items():
        if not group and members:
            continue
        check = deadlines.invitation_check(
            sent_on=sent_on, meeting_on=assembly.held_on, channel=channel, statute=statute
        )
        if not check.valid:
            raise ValidationError(check.message, code="invitation_too_late")
        checks.append(check)
    emails, failed = 0, set()
    with transaction.atomic():
        for member in by_channel[Channel.EMAIL]:
            if member.email and _invitation_mail(member=member, assembly=assembly, club=club):
                emails += 1
            else:
                failed.add(member.pk)  # delivery is recorded per member: the board sees whom to write to
        Invitation.objects.bulk_create(
            [
                Invitation(
                    assembly=assembly,
                    member=m,
                    channel=Channel.EMAIL,
                    sent_on=sent_on,
                    delivery=DeliveryState.FAILED if m.pk in failed else DeliveryState.SENT,
                )
                for m in by_channel[Channel.EMAIL]
            ]
            + [
                Invitation(assembly=assembly, member=m, channel=Channel.LETTER, sent_on=sent_on)
                for m in by_channel[Channel.LETTER]
            ]
        )
        assembly.invited_on = assembly.invited_on or sent_on
        assembly.invitation_text = " ".join(check.message for check in checks) or assembly.invitation_text
        if assembly.status == AssemblyStatus.PLANNED:
            assembly.status = AssemblyStatus.INVITED
        assembly.save(update_fields=["invited_on", "invitation_text", "status"])
    letters = by_channel[Channel.LETTER]
    pdf = invitation_letters_pdf(assembly=assembly, club=club, members=letters) if letters else None
    return InvitationResult(emails, len(letters), pdf, assembly.invitation_text)


def _invitation_context(*, assembly: Assembly, club, member: Member) -> dict:
    token = assembly_link_token(member=member, assembly=assembly)
    return {
        "assembly": assembly,
        "club": club,
        "member": member,
        "items": list(assembly.items.order_by("order")),
        "held_on": deadlines.german_date(assembly.held_on),
        "link": _club_url(club, "office_public:assembly_home", token) if club else "",
    }


def _invitation_mail(*, member: Member, assembly: Assembly, club) -> int:
    context = _invitation_context(assembly=assembly, club=club, member=member)
    message = EmailMessage(
        subject=header_text(
            _("Einladung: %(title)s am %(day)s") % {"title": assembly.title, "day": context["held_on"]}
        ),
        body=render_to_string("office/assembly/invitation_email.txt", context),
        to=[member.email],
        reply_to=reply_to(getattr(club, "email", None)),
    )
    return int(bool(mail_send(message, what=f"assembly invitation for {connection.schema_name}")))


def invitation_letters_pdf(*, assembly: Assembly, club, members: list[Member]) -> bytes:
    """One PDF with a letter per member without e-mail (page break between letters)."""
    from weasyprint import HTML

    letters = [_invitation_context(assembly=assembly, club=club, member=member) for member in members]
    html = render_to_string("office/assembly/invitation_letters.html", {"letters": letters, "club": club})
    return HTML(string=html).write_pdf()


def invitations_remind(*, assembly: Assembly, club, today: datetime.date | None = None) -> int:
    """Remind the invited members with an e-mail address once, from the statute's reminder day on."""
    statute = statute_get()
    today = today or timezone.localdate()
    day = deadlines.reminder_date(assembly.held_on, statute)
    if day is None:
        raise ValidationError(_("Laut Satzungsregeln wird keine Erinnerung versandt."))
    if today < day:
        raise ValidationError(_("Die Erinnerung geht ab %(day)s hinaus.") % {"day": deadlines.german_date(day)})
    if today > assembly.held_on:
        raise ValidationError(_("Die Versammlung hat bereits stattgefunden."))
    sent = 0
    invitations = assembly.invitations.filter(reminded_on__isnull=True).select_related("member")
    for invitation in invitations:
        member = invitation.member
        if not member.email:
            continue
        context = _invitation_context(assembly=assembly, club=club, member=member)
        message = EmailMessage(
            subject=header_text(
                _("Erinnerung: %(title)s am %(day)s") % {"title": assembly.title, "day": context["held_on"]}
            ),
            body=render_to_string("office/assembly/invitation_email.txt", {**context, "reminder": True}),
            to=[member.email],
            reply_to=reply_to(getattr(club, "email", None)),
        )
        if mail_send(message, what=f"assembly reminder for {connection.schema_name}"):
            invitation.reminded_on = today
            invitation.save(update_fields=["reminded_on"])
            sent += 1
    return sent


# --- motions ----------------------------------------------------------------------------------


@transaction.atomic
def motion_submit(
    *, member: Member, assembly: Assembly, title: str, text: str, today: datetime.date | None = None
) -> Motion:
    today = today or timezone.localdate()
    statute = statute_get()
    if not deadlines.motion_on_time(today, meeting_on=assembly.held_on, statute=statute):
        deadline = deadlines.motion_deadline(assembly.held_on, statute)
        raise ValidationError(
            _("Die Antragsfrist ist am %(day)s abgelaufen.") % {"day": deadlines.german_date(deadline)}
        )
    motion = Motion(
        assembly=assembly, member=member, proposer_name=member.full_name, title=title, text=text, submitted_on=today
    )
    motion.full_clean()
    motion.save()
    return motion


@transaction.atomic
def motion_place(*, motion: Motion, kind: str = ItemKind.RESOLUTION) -> AgendaItem:
    """The board puts a member's motion on the agenda."""
    if motion.status != MotionStatus.SUBMITTED:
        raise ValidationError(_("Über diesen Antrag wurde bereits entschieden."))
    item = agenda_item_add(assembly=motion.assembly, data={"title": motion.title, "kind": kind, "text": motion.text})
    motion.status, motion.agenda_item = MotionStatus.PLACED, item
    motion.save(update_fields=["status", "agenda_item"])
    return item


@transaction.atomic
def motion_decline(*, motion: Motion) -> Motion:
    """The board does not put a motion on the agenda (the proposer's text stays on record)."""
    if motion.status != MotionStatus.SUBMITTED:
        raise ValidationError(_("Über diesen Antrag wurde bereits entschieden."))
    motion.status = MotionStatus.DECLINED
    motion.save(update_fields=["status"])
    return motion


@transaction.atomic
def invitation_delivery_set(*, invitation: Invitation, delivery: str) -> Invitation:
    """Record what became of one member's invitation (e.g. a letter that came back)."""
    if delivery not in DeliveryState.values:
        raise ValidationError(_("Unbekannter Zustellstatus."))
    invitation.delivery = delivery
    invitation.save(update_fields=["delivery"])
    return invitation
