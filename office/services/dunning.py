"""Dunning (Mahnwesen): which members owe overdue items, at which level they would be reminded, and
sending the reminders (e-mail with the letter as PDF, or a letter batch to print for members without
an address).

Open items: a member's account is read first in, first out — payments and write-offs settle the oldest
dues, returns and fees first; what is left are the open items. Members who pay for others (family fee)
are reminded for everyone they pay for, since the dues are collected from them. Dues that a debit run
will still collect (an active mandate and not yet in a debit file, or in a run not yet exported) are
not overdue. An item is overdue once the waiting days of level 1 (the grace period) have passed since
it was booked; the next level follows once its waiting days have passed since the previous reminder,
as long as an item of that reminder is still open. Reaching the last level ends the automatic dunning.

Sending re-reads everything: a member who paid in the meantime (or is back in the grace period) is
skipped. Each reminder is stored (`DunningNotice`, with a snapshot of its items), its fee booked as an
open item, and a history record written for the member.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send_after_commit, reply_to
from office.constants import CREDIT_KINDS, EntryKind, MandateStatus
from office.models import (
    DebitLine,
    DebitLineStatus,
    DunningChannel,
    DunningLevel,
    DunningNotice,
    Member,
    MemberAccountEntry,
    SepaMandate,
)
from office.money import euro

from .fees import account_entry_add
from .history import change_record, user_snapshot

ZERO = Decimal("0")


# --- reads ------------------------------------------------------------------------------------------


def dunning_levels() -> list[DunningLevel]:
    return list(DunningLevel.objects.order_by("level"))


@dataclass(frozen=True)
class OpenItem:
    entry: MemberAccountEntry
    open_amount: Decimal
    pending: bool = False  # a debit run will still collect it


@dataclass
class Proposal:
    """What a member (the payer) would receive now: the level, the items, or why nothing."""

    member: Member
    items: list[OpenItem] = field(default_factory=list)
    level: DunningLevel | None = None
    last_notice: DunningNotice | None = None
    blocked: str = ""  # why no reminder is proposed although items are open

    @property
    def total(self) -> Decimal:
        return sum((item.open_amount for item in self.items), ZERO)

    @property
    def fee(self) -> Decimal:
        return self.level.fee if self.level else ZERO

    @property
    def has_email(self) -> bool:
        return bool(self.member.email)


def _open_items(entries: list[MemberAccountEntry], pending_ids: set[int]) -> list[OpenItem]:
    """First in, first out: credits settle the oldest debits; the rest (in booking order) is open."""
    credit = sum((entry.amount for entry in entries if entry.kind in CREDIT_KINDS), ZERO)
    items = []
    for entry in sorted(entries, key=lambda entry: (entry.booked_on, entry.pk)):
        if entry.kind in CREDIT_KINDS:
            continue
        settled = min(credit, entry.amount)
        credit -= settled
        if entry.amount - settled > 0:
            items.append(OpenItem(entry, entry.amount - settled, entry.pk in pending_ids))
    return items


def _payer_groups(member_ids: list[int] | None = None) -> dict[int, list[int]]:
    """{payer id: [the payer and the members they pay for]} for payers whose joint balance is positive."""
    rows = MemberAccountEntry.objects.values("member_id", "member__payer_id", "kind").annotate(total=Sum("amount"))
    if member_ids is not None:
        rows = rows.filter(Q(member_id__in=member_ids) | Q(member__payer_id__in=member_ids))
    balance: dict[int, Decimal] = defaultdict(Decimal)
    groups: dict[int, set[int]] = defaultdict(set)
    for row in rows.order_by():
        payer = row["member__payer_id"] or row["member_id"]
        groups[payer].add(row["member_id"])
        balance[payer] += -row["total"] if row["kind"] in CREDIT_KINDS else row["total"]
    if member_ids is not None:
        wanted = set(member_ids)
        groups = {payer: ids for payer, ids in groups.items() if payer in wanted}
    return {payer: sorted(ids | {payer}) for payer, ids in groups.items() if balance[payer] > 0}


def _pending_entry_ids(entry_ids: list[int], payers_with_mandate: set[int], entries) -> set[int]:
    through = DebitLine.entries.through
    in_lines = through.objects.filter(memberaccountentry_id__in=entry_ids)
    in_any_line = set(in_lines.values_list("memberaccountentry_id", flat=True))
    in_open_run = set(
        in_lines.filter(debitline__status=DebitLineStatus.OPEN).values_list("memberaccountentry_id", flat=True)
    )
    pending = set(in_open_run)
    for entry in entries:
        payer = entry.member.payer_id or entry.member_id
        if entry.kind == EntryKind.DUE and entry.pk not in in_any_line and payer in payers_with_mandate:
            pending.add(entry.pk)
    return pending


def dunning_proposals(
    *, today: datetime.date | None = None, member_ids: list[int] | None = None, now: bool = False
) -> list[Proposal]:
    """Every payer with open items and what they would receive today, by member number.

    `now=True` ignores the waiting days (a reminder right after a return import); the level still
    follows the member's previous reminders."""
    today = today or timezone.localdate()
    levels = dunning_levels()
    groups = _payer_groups(member_ids)
    if not groups:
        return []
    all_ids = sorted({member_id for ids in groups.values() for member_id in ids})
    entries = list(
        MemberAccountEntry.objects.filter(member_id__in=all_ids)
        .select_related("member", "mandate")
        .order_by("booked_on", "pk")
    )
    with_mandate = set(
        SepaMandate.objects.filter(member_id__in=list(groups), status=MandateStatus.ACTIVE).values_list(
            "member_id", flat=True
        )
    )
    pending = _pending_entry_ids([entry.pk for entry in entries], with_mandate, entries)
    by_payer: dict[int, list[MemberAccountEntry]] = defaultdict(list)
    for entry in entries:
        by_payer[entry.member.payer_id or entry.member_id].append(entry)
    payers = Member.objects.in_bulk(list(groups))
    last_notices: dict[int, DunningNotice] = {}
    for notice in DunningNotice.objects.filter(member_id__in=list(groups)).order_by("sent_on", "pk"):
        last_notices[notice.member_id] = notice
    noticed: dict[int, set[int]] = defaultdict(set)
    if last_notices:
        notice_ids = [notice.pk for notice in last_notices.values()]
        for notice_id, entry_id in DunningNotice.entries.through.objects.filter(
            dunningnotice_id__in=notice_ids
        ).values_list("dunningnotice_id", "memberaccountentry_id"):
            noticed[notice_id].add(entry_id)
        for notice in last_notices.values():
            if notice.fee_entry_id:
                noticed[notice.pk].add(notice.fee_entry_id)
    proposals = []
    for payer_id in sorted(groups, key=lambda pk: payers[pk].number if pk in payers else 0):
        payer = payers.get(payer_id)
        if payer is None:
            continue
        items = [item for item in _open_items(by_payer[payer_id], pending) if not item.pending]
        if not items:
            continue
        proposal = _propose(payer, items, levels, last_notices.get(payer_id), noticed, today=today, now=now)
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def _propose(payer, items, levels, last, noticed, *, today, now) -> Proposal | None:
    if not levels:
        return Proposal(payer, items, blocked=_("Es sind keine Mahnstufen eingerichtet."))
    open_ids = {item.entry.pk for item in items}
    in_cycle = last is not None and bool(noticed.get(last.pk, set()) & open_ids)
    if in_cycle:
        following = [level for level in levels if level.level > last.level]
        if not following:
            return Proposal(
                payer, items, last_notice=last, blocked=_("Letzte Mahnstufe erreicht – bitte persönlich klären.")
            )
        level = following[0]
        if not now and last.sent_on + datetime.timedelta(days=level.days) > today:
            day = last.sent_on + datetime.timedelta(days=level.days)
            return Proposal(
                payer,
                items,
                last_notice=last,
                blocked=_("Nächste Stufe ab %(day)s") % {"day": f"{day:%d.%m.%Y}"},
            )
        return Proposal(payer, items, level=level, last_notice=last)
    level = levels[0]
    if not now:
        limit = today - datetime.timedelta(days=level.days)
        items = [item for item in items if item.entry.booked_on < limit]
        if not items:
            return None  # everything open is still in the grace period
    return Proposal(payer, items, level=level, last_notice=last)


def dunning_notices_for(member: Member) -> list[DunningNotice]:
    return list(DunningNotice.objects.filter(member=member).order_by("-sent_on", "-pk"))


# --- sending ----------------------------------------------------------------------------------------


@dataclass
class DunningResult:
    emailed: list[DunningNotice] = field(default_factory=list)
    letters: list[DunningNotice] = field(default_factory=list)
    skipped: list[tuple[Member, str]] = field(default_factory=list)

    @property
    def sent(self) -> list[DunningNotice]:
        return [*self.emailed, *self.letters]


def _line(item: OpenItem) -> dict[str, str]:
    entry = item.entry
    return {
        "date": f"{entry.booked_on:%d.%m.%Y}",
        "kind": str(entry.get_kind_display()),
        "text": entry.text or str(entry.get_kind_display()),
        "mandate": entry.mandate.reference if entry.kind == EntryKind.RETURN and entry.mandate_id else "",
        "amount": f"{entry.amount:.2f}",
        "open": f"{item.open_amount:.2f}",
    }


def dunning_send(
    *, member_ids: list[int], club, by, today: datetime.date | None = None, now: bool = False
) -> DunningResult:
    """Sends the proposed reminder to each chosen payer (re-read now); see the module docstring."""
    today = today or timezone.localdate()
    result = DunningResult()
    wanted = [int(pk) for pk in member_ids]
    proposals = {
        proposal.member.pk: proposal for proposal in dunning_proposals(today=today, member_ids=wanted, now=now)
    }
    members = Member.objects.in_bulk(wanted)
    for member_id in wanted:
        proposal = proposals.get(member_id)
        member = members.get(member_id)
        if member is None:
            continue
        if proposal is None:
            result.skipped.append((member, _("nichts mehr offen oder noch in der Schonfrist")))
            continue
        if proposal.level is None:
            result.skipped.append((member, proposal.blocked))
            continue
        notice = _notice_create(proposal=proposal, today=today, by=by)
        if notice.channel == DunningChannel.EMAIL:
            _notice_email(notice, club=club)
            result.emailed.append(notice)
        else:
            result.letters.append(notice)
    return result


@transaction.atomic
def _notice_create(*, proposal: Proposal, today: datetime.date, by) -> DunningNotice:
    level, member = proposal.level, proposal.member
    lines = [_line(item) for item in proposal.items]
    fee_entry = None
    if level.fee > 0:
        fee_entry = account_entry_add(
            member=member,
            data={
                "booked_on": today,
                "kind": EntryKind.FEE,
                "amount": level.fee,
                "text": (_("Mahngebühr %(level)d. %(title)s") % {"level": level.level, "title": level.title})[:140],
            },
            by=by,
        )
    user_id, user_name = user_snapshot(by)
    notice = DunningNotice.objects.create(
        member=member,
        level=level.level,
        title=level.title,
        is_last_level=not DunningLevel.objects.filter(level__gt=level.level).exists(),
        sent_on=today,
        pay_by=today + datetime.timedelta(days=level.payment_days),
        channel=DunningChannel.EMAIL if member.email else DunningChannel.LETTER,
        total=proposal.total + level.fee,
        fee=level.fee,
        lines=lines,
        extra_text=level.text,
        fee_entry=fee_entry,
        created_by_id=user_id,
        created_by_name=user_name,
    )
    notice.entries.set([item.entry for item in proposal.items])
    change_record(
        instance=notice,
        action="dunning",
        changes={
            "Stufe": ["", f"{level.level}. {level.title}"],
            "Datum": ["", f"{today:%d.%m.%Y}"],
            "Versand": ["", str(notice.get_channel_display())],
            "Posten": [
                "",
                "; ".join(f"{line['date']} {line['text']} ({euro(Decimal(line['open']))})" for line in lines),
            ],
            "Mahngebühr": ["", euro(level.fee) if level.fee else ""],
            "Offen": ["", euro(notice.total)],
        },
        by=by,
        member_id=member.pk,
    )
    return notice


def _notice_email(notice: DunningNotice, *, club) -> None:
    context = letter_context(notice, club=club)
    message = EmailMessage(
        subject=header_text(
            _("%(title)s: offener Betrag bei %(club)s") % {"title": notice.title, "club": context["club_name"]}
        ),
        body=render_to_string("office/dunning/email.txt", context),
        to=[notice.member.email],
        reply_to=reply_to(getattr(club, "email", None)),
    )
    message.attach(notice.filename, dunning_letters_pdf([notice], club=club), "application/pdf")
    mail_send_after_commit(message, what=f"dunning notice for {connection.schema_name}")


# --- the letter ---------------------------------------------------------------------------------------

YOUTH_FEE_WORDS = ("kinder", "jugend")


def member_is_minor(member: Member, day: datetime.date) -> bool:
    """Under 18 on `day` by the birth date; without a birth date, on a youth fee ("Kinder und Jugendliche")."""
    age = member.age_on(day)
    if age is not None:
        return age < 18
    group = member.fee_group.name.casefold() if member.fee_group_id else ""
    return any(word in group for word in YOUTH_FEE_WORDS)


def _guardians(member: Member, day: datetime.date) -> bool:
    """A reminder to a minor who pays for themselves (nobody pays for them, see `_payer_groups`) is
    addressed to their parents or guardians: "An die Erziehungsberechtigten von …"."""
    return not member.payer_id and member_is_minor(member, day)


def letter_context(notice: DunningNotice, *, club) -> dict:
    member = notice.member
    mandate = member.mandates.filter(status=MandateStatus.ACTIVE).order_by("-signed_on", "-pk").first()
    returns = [line for line in notice.lines if line.get("mandate")]
    lines = [
        {**line, "amount_text": euro(Decimal(line["amount"])), "open_text": euro(Decimal(line["open"]))}
        for line in notice.lines
    ]
    previous = None
    if notice.level > 1:
        previous = DunningNotice.objects.filter(member=member, pk__lt=notice.pk).order_by("-pk").first()
    iban = getattr(club, "iban", "") or ""
    guardians = _guardians(member, notice.sent_on)
    return {
        "notice": notice,
        "member": member,
        "guardians": guardians,
        "addressee": (
            _("An die Erziehungsberechtigten von %(name)s") % {"name": member.full_name}
            if guardians
            else member.full_name
        ),
        "previous": previous,
        "club_iban": " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)),
        "has_bank_fee": any(line["kind"] == str(EntryKind.FEE.label) for line in notice.lines),
        "club": club,
        "club_name": getattr(club, "display_name", "") or club.name,
        "lines": lines,
        "returns": returns,
        "fee_text": euro(notice.fee) if notice.fee else "",
        "total_text": euro(notice.total),
        "creditor_id": getattr(club, "creditor_id", ""),
        "mandate": mandate,
        "reference": _("Mitgliedsnr. %(number)s Mahnung %(id)s") % {"number": member.number, "id": notice.pk},
    }


def dunning_letters_pdf(notices: list[DunningNotice], *, club) -> bytes:
    """One PDF with a letter per reminder (page break between them), on the club's letterhead."""
    from weasyprint import HTML

    html = render_to_string(
        "office/dunning/letter_pdf.html", {"letters": [letter_context(notice, club=club) for notice in notices]}
    )
    return HTML(string=html).write_pdf()
