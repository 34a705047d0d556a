"""The general assembly (issue #14): writes and the reads the views need.

The rules and the counting live in office/assembly/ (pure); this module loads rows, calls it and
stores what it returns. Members act through a personal link of their own (a salt of its own,
naming member, assembly and the club's schema, expiring). Secret votes go through
`office.assembly.ballots.BallotBox` with `DbBallotStore`: the voter register (`VoterMark`) and the
urn (`SecretBallot`) are written in the same transaction and never joined (docs/office-assembly.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send, reply_to
from office.assembly import deadlines, votes
from office.assembly.ballots import BallotBox, election_content
from office.assembly.ballots import SecretBallot as BallotValue
from office.assembly.errors import AssemblyError, BallotError, ModeNotAllowed, ProxyError, VoteError
from office.assembly.statute import ElectionMethod, Statute
from office.constants import CURRENT_STATUSES
from office.models import (
    AgendaItem,
    Assembly,
    Attendance,
    Invitation,
    Member,
    Motion,
    Proxy,
    ResultRecord,
    SecretBallot,
    StatuteSettings,
    Vote,
    VoterMark,
)
from office.models.assembly import (
    AssemblyStatus,
    Channel,
    DeliveryState,
    ItemKind,
    MotionStatus,
    Presence,
    VoteState,
)

from .join import _club_url
from .tokens import TokenInvalid, schema_token, schema_token_data

LINK_SALT = "heldenhelfer.office.assembly"
LINK_MAX_AGE = 60 * 24 * 60 * 60  # invitations go out weeks before; the link must outlive the meeting
CHOICES = ("yes", "no", "abstain")


# --- statute ----------------------------------------------------------------------------------


def statute_settings_get() -> StatuteSettings:
    settings, _created = StatuteSettings.objects.get_or_create(pk=1)
    return settings


def statute_get() -> Statute:
    return statute_settings_get().as_statute()


@transaction.atomic
def statute_settings_save(*, settings: StatuteSettings) -> StatuteSettings:
    """Save the rules; refuse what the law or logic forbids (the notes are shown, not refused)."""
    settings.pk = 1
    settings.full_clean()
    try:
        errors = settings.as_statute().errors()
    except (ValueError, ZeroDivisionError, KeyError, AttributeError, TypeError):
        raise ValidationError(_("Ein Anteil muss als Bruch wie 1/3 oder 3/4 angegeben werden.")) from None
    if errors:
        raise ValidationError({finding.field.split(".")[0]: finding.message for finding in errors})
    _written_share_check(settings.written_participation_share)
    settings.save()
    return settings


def _written_share_check(value: str) -> None:
    """A statute's own rule for written resolutions (§ 40 BGB); blank keeps the law's unanimity (§ 32 Abs. 3 BGB)."""
    if not value:
        return
    try:
        share = Fraction(value)
    except (ValueError, ZeroDivisionError):
        share = None
    if share is None or not 0 < share <= 1:
        raise ValidationError(
            {
                "written_participation_share": _(
                    "Bitte einen Anteil zwischen 0 und 1 als Bruch angeben, z. B. 1/2, oder das Feld leer lassen "
                    "(dann gilt das Gesetz: Zustimmung aller Mitglieder)."
                )
            }
        )


# --- the assembly -----------------------------------------------------------------------------


@transaction.atomic
def assembly_create(*, data: dict) -> Assembly:
    """A new assembly; a virtual one only once the members' resolution is recorded (or the statute allows it)."""
    assembly = Assembly(**data)
    assembly.full_clean()
    try:
        statute_get().mode_check(assembly.mode)
    except ModeNotAllowed as error:
        raise ValidationError({"mode": error.message}) from None
    assembly.save()
    return assembly


@transaction.atomic
def agenda_item_add(*, assembly: Assembly, data: dict) -> AgendaItem:
    order = (assembly.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = AgendaItem(assembly=assembly, order=data.pop("order", None) or order, **data)
    if item.kind == ItemKind.ELECTION and not item.candidates:
        raise ValidationError({"candidates": _("Bitte mindestens eine Kandidatin oder einen Kandidaten angeben.")})
    item.full_clean()
    item.save()
    return item


def entitled_members(assembly: Assembly, statute: Statute | None = None) -> list[Member]:
    """Members entitled to vote on the assembly's day (status and age per statute)."""
    statute = statute or statute_get()
    members = Member.objects.filter(status__in=CURRENT_STATUSES).order_by("last_name", "first_name", "pk")
    return [
        member
        for member in members
        if statute.eligibility(status=member.status, birth_date=member.birth_date, on=assembly.held_on).allowed
    ]


# --- personal links ---------------------------------------------------------------------------


def assembly_link_token(*, member: Member, assembly: Assembly) -> str:
    return schema_token({"m": member.pk, "a": assembly.pk}, salt=LINK_SALT)


def assembly_for_token(token: str) -> tuple[Member, Assembly]:
    """The member and assembly a personal assembly link names, on this club's host, or `TokenInvalid`."""
    payload = schema_token_data(
        token,
        salt=LINK_SALT,
        max_age=LINK_MAX_AGE,
        expired=_("Ihr persönlicher Link ist abgelaufen."),
        invalid=_("Dieser Link ist ungültig."),
        foreign=_("Dieser Link gehört nicht zu diesem Verein."),
    )
    member = Member.objects.filter(pk=payload.get("m"), status__in=CURRENT_STATUSES).first()
    assembly = Assembly.objects.select_related("current_item").filter(pk=payload.get("a")).first()
    if member is None or assembly is None:
        raise TokenInvalid(_("Zu diesem Link gibt es keine Versammlung oder keine Mitgliedschaft."))
    return member, assembly


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


# --- attendance and proxies -------------------------------------------------------------------


def members_search(*, query: str, limit: int = 20) -> list[Member]:
    query = (query or "").strip()
    if not query:
        return []
    condition = Q(last_name__icontains=query) | Q(first_name__icontains=query)
    if query.isdigit():
        condition |= Q(number=int(query))
    return list(
        Member.objects.filter(condition, status__in=CURRENT_STATUSES).order_by("last_name", "first_name")[:limit]
    )


@transaction.atomic
def attendance_check_in(*, assembly: Assembly, member: Member, presence: str = Presence.PRESENT) -> Attendance:
    """Check a member in (on site by the board, online by the personal link). A represented member who
    arrives takes the vote back: the proxy ends."""
    if not any(m.pk == member.pk for m in entitled_members(assembly)):
        raise ValidationError(_("%(name)s ist nicht stimmberechtigt.") % {"name": member.full_name})
    if assembly.mode == "in_person" and presence == Presence.ONLINE:
        raise ValidationError(_("Diese Versammlung findet nur in Präsenz statt."))
    Proxy.objects.filter(assembly=assembly, principal=member).delete()
    attendance, _created = Attendance.objects.update_or_create(
        assembly=assembly, member=member, defaults={"presence": presence, "represented_by": None, "left_at": None}
    )
    return attendance


@transaction.atomic
def proxy_record(*, assembly: Assembly, principal: Member, holder: Member) -> Proxy:
    """Record a proxy within the statute's limits (office.assembly.votes.ProxyRegister)."""
    statute = statute_get()
    present = Attendance.objects.filter(assembly=assembly, presence__in=[Presence.PRESENT, Presence.ONLINE])
    # The register speaks of members by a label ("Nachname, Vorname (Nummer)"), so its messages read well.
    label = str
    register = votes.ProxyRegister(statute, present=[label(a.member) for a in present.select_related("member")])
    for proxy in Proxy.objects.filter(assembly=assembly).select_related("principal", "holder"):
        register._holder_of[label(proxy.principal)] = label(proxy.holder)
    try:
        register.add(principal=label(principal), holder=label(holder))
    except ProxyError as error:
        raise ValidationError(error.message) from None
    proxy = Proxy.objects.create(assembly=assembly, principal=principal, holder=holder)
    Attendance.objects.update_or_create(
        assembly=assembly, member=principal, defaults={"presence": Presence.REPRESENTED, "represented_by": holder}
    )
    return proxy


def quorum_status(assembly: Assembly) -> votes.QuorumStatus:
    statute = statute_get()
    entitled = len(entitled_members(assembly, statute))
    attendances = Attendance.objects.filter(assembly=assembly, left_at__isnull=True)
    present = attendances.filter(presence__in=[Presence.PRESENT, Presence.ONLINE]).count()
    represented = attendances.filter(presence=Presence.REPRESENTED).count()
    return votes.quorum_check(statute=statute, entitled=entitled, present=present, represented=represented)


def principals_of(*, assembly: Assembly, holder: Member) -> list[Member]:
    ids = Proxy.objects.filter(assembly=assembly, holder=holder).values_list("principal_id", flat=True)
    return list(Member.objects.filter(pk__in=list(ids)).order_by("last_name"))


# --- votes ------------------------------------------------------------------------------------


class DbBallotStore:
    """`BallotStore` over `VoterMark` and `SecretBallot` of one item: the two are never joined."""

    def __init__(self, item: AgendaItem):
        self.item = item

    def voter_mark(self, members) -> None:
        ids = [int(member) for member in members]
        if VoterMark.objects.filter(item=self.item, member_id__in=ids).exists() or len(set(ids)) != len(ids):
            raise BallotError(_("Für dieses Mitglied wurde bereits abgestimmt."), code="already_voted")
        today = timezone.localdate()
        VoterMark.objects.bulk_create([VoterMark(item=self.item, member_id=pk, voted_on=today) for pk in sorted(ids)])

    def has_voted(self, member) -> bool:
        return VoterMark.objects.filter(item=self.item, member_id=int(member)).exists()

    def ballots_add(self, ballots) -> None:
        SecretBallot.objects.bulk_create(
            [SecretBallot(ballot_id=b.ballot_id, item=self.item, content=b.content, weight=b.weight) for b in ballots]
        )

    def voters_count(self) -> int:
        return VoterMark.objects.filter(item=self.item).count()

    def ballots_count(self) -> int:
        return SecretBallot.objects.filter(item=self.item).count()

    def ballots(self):
        rows = SecretBallot.objects.filter(item=self.item).order_by("content", "ballot_id")
        return [BallotValue(ballot_id=row.ballot_id, content=row.content, weight=row.weight) for row in rows]


@transaction.atomic
def vote_open(*, item: AgendaItem) -> AgendaItem:
    if not item.is_vote:
        raise ValidationError(_("Über diesen Tagesordnungspunkt wird nicht abgestimmt."))
    if item.vote_state != VoteState.NONE:
        raise ValidationError(_("Diese Abstimmung wurde bereits geöffnet."))
    item.vote_state = VoteState.OPEN
    item.save(update_fields=["vote_state"])
    assembly = item.assembly
    assembly.current_item, assembly.status = item, AssemblyStatus.RUNNING
    assembly.save(update_fields=["current_item", "status"])
    return item


def _content(item: AgendaItem, choice) -> str:
    if item.kind == ItemKind.ELECTION:
        chosen = [choice] if isinstance(choice, str) else list(choice)
        if chosen in (["no"], ["abstain"]):
            return chosen[0]
        if not chosen or len(chosen) > item.seats or not set(chosen) <= set(item.candidates):
            raise ValidationError(_("Bitte höchstens %(n)d der Kandidierenden wählen.") % {"n": item.seats})
        return election_content(chosen)
    if choice not in CHOICES:
        raise ValidationError(_("Bitte Ja, Nein oder Enthaltung wählen."))
    return choice


def voting_rights(*, assembly: Assembly, member: Member) -> list[Member]:
    """Whose votes `member` casts: their own (if checked in) and their principals'."""
    here = Attendance.objects.filter(
        assembly=assembly, member=member, presence__in=[Presence.PRESENT, Presence.ONLINE], left_at__isnull=True
    ).exists()
    return ([member] if here else []) + principals_of(assembly=assembly, holder=member)


@transaction.atomic
def vote_cast(*, item: AgendaItem, member: Member, choice, cast_by: Member | None = None) -> None:
    """One vote for `member` (cast by themselves or by their proxy holder `cast_by`)."""
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    if item.vote_state != VoteState.OPEN:
        raise ValidationError(_("Diese Abstimmung ist nicht geöffnet."))
    actor = cast_by or member
    if member.pk not in {m.pk for m in voting_rights(assembly=item.assembly, member=actor)}:
        raise ValidationError(
            _("Für dieses Mitglied kann hier nicht abgestimmt werden (nicht eingecheckt oder keine Vollmacht).")
        )
    content = _content(item, choice)
    if item.secret:
        box = BallotBox(DbBallotStore(item), batch_size=1)
        try:
            box.cast(member=str(member.pk), content=content)
        except BallotError as error:
            raise ValidationError(error.message) from None
        return
    if Vote.objects.filter(item=item, member=member).exists():
        raise ValidationError(_("%(name)s hat bereits abgestimmt.") % {"name": member.full_name})
    Vote.objects.create(item=item, member=member, content=content, cast_by=cast_by)


def has_voted(*, item: AgendaItem, member: Member) -> bool:
    model = VoterMark if item.secret else Vote
    return model.objects.filter(item=item, member=member).exists()


def votes_count(item: AgendaItem) -> int:
    return (VoterMark if item.secret else Vote).objects.filter(item=item).count()


def _counts(item: AgendaItem) -> dict[str, int]:
    model = SecretBallot if item.secret else Vote
    rows = model.objects.filter(item=item).values("content").annotate(total=Sum("weight")).order_by("content")
    return {row["content"]: row["total"] for row in rows}


@transaction.atomic
def vote_close(*, item: AgendaItem) -> ResultRecord:
    """Close the vote, count it with the statute's rule and store the result with the rule's text."""
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    if item.vote_state != VoteState.OPEN:
        raise ValidationError(_("Diese Abstimmung ist nicht geöffnet."))
    statute = statute_get()
    if item.secret:
        box = BallotBox(DbBallotStore(item))
        try:
            closed = box.close()
        except BallotError as error:
            raise ValidationError(error.message) from None
        counts, voters = dict(closed.counts), closed.voters
        # A new xmin for every ballot of the urn (docs/office-assembly.md, rule 3).
        SecretBallot.objects.filter(item=item).update(weight=F("weight"))
        VoterMark.objects.filter(item=item).update(voted_on=F("voted_on"))
    else:
        counts, voters = _counts(item), Vote.objects.filter(item=item).count()
    quorum = quorum_status(item.assembly)
    if item.kind == ItemKind.ELECTION:
        ballots = []
        for content, weight in counts.items():
            if content == "no":
                ballots.append(votes.ElectionBallot(no=True, weight=weight))
            elif content == "abstain":
                ballots.append(votes.ElectionBallot(abstain=True, weight=weight))
            else:
                ballots.append(votes.ElectionBallot(choices=tuple(content.split(",")), weight=weight))
        election = votes.election_count(
            candidates=item.candidates,
            seats=item.seats,
            ballots=ballots,
            method=statute.election_method,
            runoff=statute.election_runoff,
        )
        rule = (
            _("absolute Mehrheit der gültigen Stimmen (§ 32 Abs. 1 Satz 3 BGB)")
            if ElectionMethod(statute.election_method) == ElectionMethod.ABSOLUTE
            else _("relative Mehrheit (Satzung)")
        )
        record = ResultRecord(
            item=item,
            counts={**counts, "_votes": election.votes},
            voters=voters,
            abstain=election.abstain,
            invalid=election.invalid,
            rule_text=rule,
            text=election.text,
            reached=bool(election.elected),
        )
    else:
        tally = votes.Tally(
            counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0), counts.get("invalid", 0)
        )
        rule = statute.majority_for(item.rule_kind)
        result = votes.motion_result(
            tally,
            rule,
            present=quorum.present + quorum.represented,
            members=quorum.entitled,
            quorum=quorum,
        )
        record = ResultRecord(
            item=item,
            yes=tally.yes,
            no=tally.no,
            abstain=tally.abstain,
            invalid=tally.invalid,
            counts=counts,
            voters=voters,
            rule_text=rule.label(),
            text=result.text,
            reached=result.accepted,
        )
    record.save()
    item.vote_state = VoteState.CLOSED
    item.save(update_fields=["vote_state"])
    return record


def live_counts(item: AgendaItem) -> dict:
    """What the projector shows: counts only after closing (a running secret vote shows only the number)."""
    data = {"voted": votes_count(item), "state": item.vote_state}
    result = ResultRecord.objects.filter(item=item).first()
    if result:
        data.update(result=result.text, reached=result.reached, counts=result.counts)
    return data


# --- minutes: office/services/assembly_minutes.py (re-exported for the callers of this module) ------

from .assembly_minutes import minutes_data, minutes_draft, minutes_pdf, minutes_save  # noqa: E402

__all__ = ["AssemblyError", "VoteError", "minutes_data", "minutes_draft", "minutes_pdf", "minutes_save"]
