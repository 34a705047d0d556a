"""Dues of a period: which fees fall due between two days, booked as "due" entries on members' accounts.

A fee group's dues fall on its due day in its due month and every `interval` months after that. A
member who joins during a fee period pays as the group says (full, pro rata from the month of joining,
or from the next period); a new member pays the group's admission fee once. A member whose payer is
set and whose group is a family fee is covered by the payer's family fee and owes nothing of their own.
Booking is idempotent: a member's due for a fee period (its `period_start`) is booked only once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from office.constants import CURRENT_STATUSES, MONTHS_PER_INTERVAL, EntryKind, MemberStatus, ProRata
from office.models import FeeGroup, Member, MemberAccountEntry

from .fees import EntryRow, account_entry_rows_add

ADMISSION_TEXT = "Aufnahmegebühr"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Due:
    member: Member
    amount: Decimal
    text: str
    booked_on: datetime.date
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def due_dates(group: FeeGroup, *, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The group's due dates between `start` and `end` (both included)."""
    step = MONTHS_PER_INTERVAL[group.interval]
    first_month = (group.due_month - 1) % step + 1  # the earliest due month of a year
    day = datetime.date(start.year, first_month, group.due_day)
    while day > start:
        day = _add_months(day, -step)
    dates = []
    while day <= end:
        if day >= start:
            dates.append(day)
        day = _add_months(day, step)
    return dates


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def fee_for(member: Member, group: FeeGroup, due_on: datetime.date) -> Decimal:
    """What `member` owes for the fee period that starts on `due_on` (0 if nothing)."""
    step = MONTHS_PER_INTERVAL[group.interval]
    period_end = _add_months(due_on, step)  # exclusive
    if member.joined_on >= period_end or (member.left_on and member.left_on < due_on):
        return Decimal("0")
    if member.joined_on <= due_on:
        return group.amount
    if group.pro_rata == ProRata.FULL:
        return group.amount
    if group.pro_rata == ProRata.NEXT_PERIOD:
        return Decimal("0")
    # Pro rata from the month of joining: the months left in the period, the joining month included.
    joined_month = datetime.date(member.joined_on.year, member.joined_on.month, 1)
    start_month = datetime.date(due_on.year, due_on.month, 1)
    months_left = step - _months_between(start_month, joined_month)
    return (group.amount * months_left / step).quantize(CENT, rounding=ROUND_HALF_UP)


def _owes_own_fee(member: Member) -> bool:
    if member.fee_group is None or member.status in (MemberStatus.APPLICANT, MemberStatus.HONORARY):
        return False
    # A family member: the payer's family fee covers them.
    return not (member.payer_id and member.fee_group.is_family_fee)


class _MemberRow:
    """What booking reads of a member (fee, status, payer, name), without a model object per member:
    a run books the dues of thousands. Named in the history exactly as a Member is."""

    __slots__ = ("pk", "number", "title", "first_name", "last_name", "joined_on", "left_on", "status", "payer_id",
                 "fee_group")  # fmt: skip
    FIELDS = ("pk", "number", "title", "first_name", "last_name", "joined_on", "left_on", "status", "payer_id",
              "fee_group_id")  # fmt: skip
    __str__ = Member.__str__
    full_name = Member.full_name

    def __init__(self, values: tuple, groups: dict[int, FeeGroup]):
        (self.pk, self.number, self.title, self.first_name, self.last_name, self.joined_on, self.left_on,
         self.status, self.payer_id, group_id) = values  # fmt: skip
        self.fee_group = groups.get(group_id)


def _members_of_period(start: datetime.date, end: datetime.date):
    return (
        Member.objects.filter(status__in=[*CURRENT_STATUSES, MemberStatus.LEFT], joined_on__lte=end)
        .exclude(left_on__lt=start)
        .order_by("number")
    )


def dues_for_period(*, start: datetime.date, end: datetime.date) -> list[Due]:
    """Every fee and admission fee falling due between `start` and `end` (nothing booked yet)."""
    if end < start:
        raise ValueError(_("Das Ende des Zeitraums liegt vor seinem Anfang."))
    return _dues_of(_members_of_period(start, end).select_related("fee_group"), start=start, end=end)


def _dues_of(members, *, start: datetime.date, end: datetime.date) -> list[Due]:
    dues: list[Due] = []
    fee_text = _("Mitgliedsbeitrag %(group)s %(start)s–%(end)s")  # translated once
    periods: dict[int, list[tuple[datetime.date, datetime.date, str]]] = {}  # per group: due day, last day, text
    for member in members:
        group = member.fee_group
        if group is None:
            continue
        if _owes_own_fee(member):
            if group.pk not in periods:
                step = MONTHS_PER_INTERVAL[group.interval]
                periods[group.pk] = []
                for due_on in due_dates(group, start=start, end=end):
                    last = _add_months(due_on, step) - datetime.timedelta(days=1)
                    text = fee_text % {"group": group.name, "start": f"{due_on:%d.%m.%Y}", "end": f"{last:%d.%m.%Y}"}
                    periods[group.pk].append((due_on, last, text[:140]))
            for due_on, last, text in periods[group.pk]:
                amount = fee_for(member, group, due_on)
                if amount > 0:
                    dues.append(Due(member, amount, text, due_on, due_on, last))
        if group.admission_fee > 0 and start <= member.joined_on <= end and member.status != MemberStatus.APPLICANT:
            dues.append(Due(member, group.admission_fee, ADMISSION_TEXT, member.joined_on))
    return dues


@transaction.atomic
def dues_book(*, start: datetime.date, end: datetime.date, by) -> list[EntryRow]:
    """Books the dues of the period as "due" entries; dues booked before are skipped (idempotent).

    In bulk: one query for the members, one for what is booked already, one COPY of the entries and
    one of their history. Returns the booked entries as plain rows (`EntryRow`, `pk` set)."""
    if end < start:
        raise ValueError(_("Das Ende des Zeitraums liegt vor seinem Anfang."))
    groups = {group.pk: group for group in FeeGroup.objects.all()}
    rows = _members_of_period(start, end).values_list(*_MemberRow.FIELDS)
    dues = _dues_of((_MemberRow(values, groups) for values in rows), start=start, end=end)
    if not dues:
        return []
    starts = {due.period_start for due in dues if due.period_start}
    booked_periods, admitted = set(), set()
    existing = MemberAccountEntry.objects.filter(kind=EntryKind.DUE).filter(
        Q(period_start__in=starts) | Q(text=ADMISSION_TEXT)
    )
    for member_id, period_start, text in existing.values_list("member_id", "period_start", "text"):
        if period_start in starts:
            booked_periods.add((member_id, period_start))
        if text == ADMISSION_TEXT:
            admitted.add(member_id)
    entries = []
    for due in dues:
        if due.period_start:
            key = (due.member.pk, due.period_start)
            if key in booked_periods:
                continue
            booked_periods.add(key)
        else:
            if due.member.pk in admitted:
                continue
            admitted.add(due.member.pk)
        entries.append(
            EntryRow(
                member=due.member,
                member_id=due.member.pk,
                booked_on=due.booked_on,
                kind=EntryKind.DUE,
                amount=due.amount,
                text=due.text,
                period_start=due.period_start,
                period_end=due.period_end,
            )
        )
    return account_entry_rows_add(rows=entries, by=by)
