"""The general assembly's attendance and votes (issue #14): check-in, proxies, the quorum, open and
secret votes (`DbBallotStore`: the voter register and the urn written together, never joined)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from office.assembly import votes
from office.assembly.ballots import BallotBox, election_content
from office.assembly.ballots import SecretBallot as BallotValue
from office.assembly.errors import BallotError, ProxyError
from office.assembly.statute import ElectionMethod
from office.constants import CURRENT_STATUSES
from office.models import (
    AgendaItem,
    Assembly,
    Attendance,
    Member,
    Proxy,
    ResultRecord,
    SecretBallot,
    Vote,
    VoterMark,
)
from office.models.assembly import (
    AssemblyStatus,
    ItemKind,
    Presence,
    VoteState,
)

from .assembly import CHOICES, entitled_members, statute_get

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
