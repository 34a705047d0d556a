"""Written resolutions outside a meeting (§ 32 Abs. 3 BGB, issue #14): the board puts a question with a
deadline, every member entitled to vote is involved (e-mail with a personal link, or a letter with the
link printed), each votes once in text form until the end of the deadline day, the board sees who took
part, and after the deadline the result is counted with the statute's majority and the participation
the law sets (office/assembly/written.py). Not secret: each vote keeps the name, the moment and the answer.

The personal link has a salt of its own, names member, resolution and the club's schema, and stops
working after the deadline day (checked against the resolution's stored deadline, so a moved deadline
moves the link's end too).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send, reply_to
from office.assembly import deadlines, written
from office.assembly.votes import Tally
from office.constants import CURRENT_STATUSES
from office.models import Member, ResolutionNotice, WrittenResolution, WrittenVote
from office.models.assembly import Channel, DeliveryState
from office.models.resolutions import ResolutionStatus, WrittenVoteSource

from .assembly import CHOICES, invitation_channel, statute_get, statute_settings_get
from .join import _club_url
from .tokens import TokenInvalid, schema_token, schema_token_data

LINK_SALT = "heldenhelfer.office.written-resolution"
LINK_MAX_AGE = 400 * 24 * 60 * 60  # outer bound only: the link ends with the resolution's deadline day


def _today() -> datetime.date:
    return timezone.localdate()


def participation_share() -> Fraction | None:
    """The statute's minimum participation for written resolutions, or None: the law's unanimity."""
    value = statute_settings_get().written_participation_share
    try:
        return Fraction(value) if value else None
    except (ValueError, ZeroDivisionError):
        return None


def majority_label(kind: str) -> str:
    """The statute's majority for a written resolution of ``kind``, or "" while the law's unanimity
    applies (no share in the statute, § 32 Abs. 3 BGB): then a majority would contradict the rule."""
    if participation_share() is None:
        return ""
    return statute_get().majority_for(kind).label()


def rule_text(kind: str) -> str:
    """The whole rule in one line: the participation and, only under a statute's share, the majority."""
    text = written.participation_rule_text(participation_share())
    if majority := majority_label(kind):
        text += "; " + _("Mehrheit: %(rule)s") % {"rule": majority}
    return text


def entitled_on(day: datetime.date) -> list[Member]:
    """Members entitled to vote on `day` (status and age per statute)."""
    statute = statute_get()
    members = Member.objects.filter(status__in=CURRENT_STATUSES).order_by("last_name", "first_name", "pk")
    return [m for m in members if statute.eligibility(status=m.status, birth_date=m.birth_date, on=day).allowed]


# --- the question -----------------------------------------------------------------------------------


@transaction.atomic
def resolution_create(*, data: dict, today: datetime.date | None = None) -> WrittenResolution:
    resolution = WrittenResolution(**data)
    resolution.full_clean()
    if resolution.deadline <= (today or _today()):
        raise ValidationError({"deadline": _("Der Termin muss in der Zukunft liegen.")})
    resolution.save()
    return resolution


# --- personal links ---------------------------------------------------------------------------------


def resolution_link_token(*, member: Member, resolution: WrittenResolution) -> str:
    return schema_token({"m": member.pk, "r": resolution.pk}, salt=LINK_SALT)


def resolution_link(*, club, member: Member, resolution: WrittenResolution) -> str:
    token = resolution_link_token(member=member, resolution=resolution)
    return _club_url(club, "office_public:resolution_home", token) if club else ""


def resolution_for_token(token: str, *, today: datetime.date | None = None) -> tuple[Member, WrittenResolution]:
    """The member and the open resolution a link names, on this club's host until the deadline day,
    or `TokenInvalid`."""
    payload = schema_token_data(
        token,
        salt=LINK_SALT,
        max_age=LINK_MAX_AGE,
        expired=_("Ihr persönlicher Link ist abgelaufen."),
        invalid=_("Dieser Link ist ungültig."),
        foreign=_("Dieser Link gehört nicht zu diesem Verein."),
    )
    member = Member.objects.filter(pk=payload.get("m")).first()
    resolution = WrittenResolution.objects.filter(pk=payload.get("r")).exclude(status=ResolutionStatus.DRAFT).first()
    if member is None or resolution is None:
        raise TokenInvalid(_("Zu diesem Link gibt es keine Abstimmung oder keine Mitgliedschaft."))
    if (today or _today()) > resolution.deadline:
        raise TokenInvalid(
            _("Die Abstimmung ist am %(day)s zu Ende gegangen; Ihr Link gilt nicht mehr.")
            % {"day": deadlines.german_date(resolution.deadline)},
            expired=True,
        )
    return member, resolution


# --- involving every member -------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenResult:
    emails: int
    letters: int
    failed: int
    letters_pdf: bytes | None


def resolution_open(*, resolution: WrittenResolution, club, today: datetime.date | None = None) -> OpenResult:
    """Involve every member entitled to vote: e-mail with the personal link, a letter (PDF batch) for the
    rest. Refused if a letter could not arrive before the deadline (then not all members are involved)."""
    today = today or _today()
    if resolution.status != ResolutionStatus.DRAFT:
        raise ValidationError(_("Diese Abstimmung wurde bereits versandt."))
    if resolution.deadline <= today:
        raise ValidationError(_("Der Termin muss in der Zukunft liegen."))
    statute = statute_get()
    members = entitled_on(today)
    if not members:
        raise ValidationError(_("Es gibt keine stimmberechtigten Mitglieder."))
    by_channel = {Channel.EMAIL: [], Channel.LETTER: []}
    for member in members:
        by_channel[invitation_channel(member, statute)].append(member)
    for channel, group in by_channel.items():
        if not group:
            continue
        received = deadlines.assumed_receipt(today, channel=channel, statute=statute)
        if received >= resolution.deadline:
            raise ValidationError(
                _(
                    "Zu knapp: %(what)s vom %(today)s gilt erst am %(received)s als zugegangen; der Termin muss "
                    "danach liegen, damit alle Mitglieder beteiligt sind."
                )
                % {
                    "what": _("Ein Brief") if channel == Channel.LETTER else _("Eine E-Mail"),
                    "today": deadlines.german_date(today),
                    "received": deadlines.german_date(received),
                }
            )
    emails, failed = 0, set()
    with transaction.atomic():
        resolution = WrittenResolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.status != ResolutionStatus.DRAFT:
            raise ValidationError(_("Diese Abstimmung wurde bereits versandt."))
        resolution.status, resolution.opened_on, resolution.entitled = ResolutionStatus.OPEN, today, len(members)
        resolution.save(update_fields=["status", "opened_on", "entitled"])
        for member in by_channel[Channel.EMAIL]:
            if _question_mail(member=member, resolution=resolution, club=club):
                emails += 1
            else:
                failed.add(member.pk)
        ResolutionNotice.objects.bulk_create(
            [
                ResolutionNotice(
                    resolution=resolution,
                    member=member,
                    channel=channel,
                    sent_on=today,
                    delivery=DeliveryState.FAILED if member.pk in failed else DeliveryState.SENT,
                )
                for channel, group in by_channel.items()
                for member in group
            ]
        )
    letters = by_channel[Channel.LETTER]
    pdf = resolution_letters_pdf(resolution=resolution, club=club, members=letters) if letters else None
    return OpenResult(emails, len(letters), len(failed), pdf)


def _question_context(*, resolution: WrittenResolution, club, member: Member) -> dict:
    return {
        "resolution": resolution,
        "club": club,
        "member": member,
        "deadline": deadlines.german_date(resolution.deadline),
        "rule": majority_label(resolution.kind),
        "participation": written.participation_rule_text(participation_share()),
        "link": resolution_link(club=club, member=member, resolution=resolution),
    }


def _question_mail(*, member: Member, resolution: WrittenResolution, club) -> bool:
    context = _question_context(resolution=resolution, club=club, member=member)
    message = EmailMessage(
        subject=header_text(
            _("Abstimmung ohne Versammlung: %(title)s (bis %(day)s)")
            % {"title": resolution.title, "day": context["deadline"]}
        ),
        body=render_to_string("office/assembly/resolution_email.txt", context),
        to=[member.email],
        reply_to=reply_to(getattr(club, "email", None)),
    )
    return bool(member.email) and mail_send(message, what=f"written resolution for {connection.schema_name}")


def resolution_letters_pdf(*, resolution: WrittenResolution, club, members: list[Member]) -> bytes:
    from weasyprint import HTML

    letters = [_question_context(resolution=resolution, club=club, member=member) for member in members]
    html = render_to_string("office/assembly/resolution_letters.html", {"letters": letters, "club": club})
    return HTML(string=html).write_pdf()


# --- votes ------------------------------------------------------------------------------------------


@transaction.atomic
def resolution_vote(
    *,
    resolution: WrittenResolution,
    member: Member,
    choice: str,
    now: datetime.datetime | None = None,
    source: str = WrittenVoteSource.LINK,
    recorded_by: str = "",
) -> WrittenVote:
    """One vote in text form: once per member, only by members involved, until the end of the deadline day.
    `source=RECORDED` is a vote that arrived otherwise in text form (letter, e-mail) entered by the board
    with the moment it arrived."""
    now = now or timezone.now()
    resolution = WrittenResolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status != ResolutionStatus.OPEN:
        raise ValidationError(_("Über diese Frage wird gerade nicht abgestimmt."))
    if timezone.localdate(now) > resolution.deadline:
        raise ValidationError(
            _("Die Abstimmung ist am %(day)s zu Ende gegangen.") % {"day": deadlines.german_date(resolution.deadline)}
        )
    if choice not in CHOICES:
        raise ValidationError(_("Bitte Ja, Nein oder Enthaltung wählen."))
    if not ResolutionNotice.objects.filter(resolution=resolution, member=member).exists():
        raise ValidationError(
            _("%(name)s ist bei dieser Abstimmung nicht stimmberechtigt.") % {"name": member.full_name}
        )
    if WrittenVote.objects.filter(resolution=resolution, member=member).exists():
        raise ValidationError(_("%(name)s hat bereits abgestimmt.") % {"name": member.full_name})
    try:
        with transaction.atomic():
            return WrittenVote.objects.create(
                resolution=resolution,
                member=member,
                voter_name=member.full_name,
                choice=choice,
                cast_at=now,
                source=source,
                recorded_by=recorded_by[:200],
            )
    except IntegrityError:
        raise ValidationError(_("%(name)s hat bereits abgestimmt.") % {"name": member.full_name}) from None


def participation(resolution: WrittenResolution) -> list[tuple[ResolutionNotice, WrittenVote | None]]:
    """Every member involved, with their vote (or None): the board's view of who took part."""
    votes = {vote.member_id: vote for vote in resolution.votes.all()}
    notices = resolution.notices.select_related("member").order_by("member__last_name", "member__first_name")
    return [(notice, votes.get(notice.member_id)) for notice in notices]


def _tally(resolution: WrittenResolution) -> Tally:
    counts = dict(resolution.votes.values_list("choice").annotate(n=Count("pk")).order_by())
    return Tally(counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0))


# --- the result -------------------------------------------------------------------------------------


@transaction.atomic
def resolution_close(*, resolution: WrittenResolution, today: datetime.date | None = None) -> WrittenResolution:
    """Count after the deadline day: participation and the statute's majority (written.written_result)."""
    resolution = WrittenResolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status != ResolutionStatus.OPEN:
        raise ValidationError(_("Diese Abstimmung läuft nicht."))
    if (today or _today()) <= resolution.deadline:
        raise ValidationError(
            _("Ausgewertet wird nach dem Termin: ab %(day)s.")
            % {"day": deadlines.german_date(resolution.deadline + datetime.timedelta(days=1))}
        )
    tally = _tally(resolution)
    outcome = written.written_result(
        tally=tally,
        rule=statute_get().majority_for(resolution.kind),
        entitled=resolution.entitled,
        involved=resolution.notices.count(),
        deadline=resolution.deadline,
        share=participation_share(),
    )
    resolution.yes, resolution.no, resolution.abstain = tally.yes, tally.no, tally.abstain
    resolution.valid, resolution.accepted = outcome.valid, outcome.accepted
    resolution.rule_text, resolution.result_text = outcome.rule_text[:500], outcome.text
    resolution.status, resolution.closed_at = ResolutionStatus.CLOSED, timezone.now()
    resolution.save()
    return resolution


def resolution_pdf(*, resolution: WrittenResolution, club) -> bytes:
    """The record: question, deadline, rules, every member involved with the way and the vote (name,
    moment, answer), and the result."""
    from weasyprint import HTML

    rows = []
    for notice, vote in participation(resolution):
        rows.append(
            {
                "name": vote.voter_name if vote else notice.member.full_name,
                "number": notice.member.number,
                "channel": notice.get_channel_display(),
                "delivery": notice.get_delivery_display(),
                "vote": vote.get_choice_display() if vote else "",
                "cast_at": timezone.localtime(vote.cast_at).strftime("%d.%m.%Y %H:%M") if vote else "",
                "source": vote.get_source_display() if vote else "",
            }
        )
    html = render_to_string(
        "office/assembly/resolution_record.html",
        {
            "resolution": resolution,
            "club_name": str(getattr(club, "name", club) or ""),
            "deadline": deadlines.german_date(resolution.deadline),
            "opened_on": deadlines.german_date(resolution.opened_on) if resolution.opened_on else "",
            "rows": rows,
            "rule": resolution.rule_text or rule_text(resolution.kind),
        },
    )
    return HTML(string=html).write_pdf()
