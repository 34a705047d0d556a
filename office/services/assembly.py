"""The general assembly (issue #14): statute, the assembly and its agenda, personal links.

Invitations and motions are office/services/assembly_invitations.py, attendance and votes
office/services/assembly_voting.py, minutes office/services/assembly_minutes.py; this module
re-exports them, so the views call one `services` namespace.

The rules and the counting live in office/assembly/ (pure); this module loads rows, calls it and
stores what it returns. Members act through a personal link of their own (a salt of its own,
naming member, assembly and the club's schema, expiring). Secret votes go through
`office.assembly.ballots.BallotBox` with `DbBallotStore`: the voter register (`VoterMark`) and the
urn (`SecretBallot`) are written in the same transaction and never joined (docs/office-assembly.md).
"""

from __future__ import annotations

from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.assembly.errors import AssemblyError, ModeNotAllowed, VoteError
from office.assembly.statute import Statute
from office.constants import CURRENT_STATUSES
from office.models import (
    AgendaItem,
    Assembly,
    Member,
    StatuteSettings,
)
from office.models.assembly import (
    ItemKind,
)

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


# --- re-exported: invitations and motions, attendance and votes, minutes ----------------------------

from .assembly_invitations import (  # noqa: E402
    InvitationResult,
    invitation_channel,
    invitation_delivery_set,
    invitation_letters_pdf,
    invitations_remind,
    invitations_send,
    motion_decline,
    motion_place,
    motion_submit,
)
from .assembly_minutes import minutes_data, minutes_draft, minutes_pdf, minutes_save  # noqa: E402
from .assembly_voting import (  # noqa: E402
    DbBallotStore,
    attendance_check_in,
    has_voted,
    live_counts,
    members_search,
    principals_of,
    proxy_record,
    quorum_status,
    vote_cast,
    vote_close,
    vote_open,
    votes_count,
    voting_rights,
)

__all__ = [
    "AssemblyError",
    "DbBallotStore",
    "InvitationResult",
    "VoteError",
    "attendance_check_in",
    "has_voted",
    "invitation_channel",
    "invitation_delivery_set",
    "invitation_letters_pdf",
    "invitations_remind",
    "invitations_send",
    "live_counts",
    "members_search",
    "minutes_data",
    "minutes_draft",
    "minutes_pdf",
    "minutes_save",
    "motion_decline",
    "motion_place",
    "motion_submit",
    "principals_of",
    "proxy_record",
    "quorum_status",
    "vote_cast",
    "vote_close",
    "vote_open",
    "votes_count",
    "voting_rights",
]
