"""Fee groups, departments and account entries, each write with its history record."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from office.constants import EntryKind
from office.models import MemberAccountEntry

from .bulk import ids_take, rows_copy
from .history import (
    change_record,
    change_rows_write,
    choice_display,
    diff,
    display_value,
    snapshot,
    user_snapshot,
)


@transaction.atomic
def office_object_save(*, instance: models.Model, by) -> models.Model:
    """Creates or updates a fee group or department (form values already set on `instance`)."""
    model = type(instance)
    before = snapshot(model.objects.select_for_update().get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    instance.save()
    action = "update" if before else "create"
    change_record(instance=instance, action=action, changes=diff(before, snapshot(instance)), by=by)
    return instance


@transaction.atomic
def account_entry_add(*, member, data: dict, by) -> MemberAccountEntry:
    entry = MemberAccountEntry(member=member, **data)
    entry.full_clean()
    entry.save()
    change_record(instance=entry, action="create", changes=diff({}, snapshot(entry)), by=by, member_id=member.pk)
    return entry


@dataclass(slots=True)
class EntryRow:
    """An account entry as a plain row, for booking thousands at once (dues, a debit run's payments).

    `member` is anything `str()` names as the member's history does (a Member or a lean row of it);
    `mandate_repr` is the mandate's reference. `pk` is set when booked."""

    member: object
    member_id: int
    booked_on: datetime.date
    kind: str
    amount: Decimal
    text: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    mandate_id: int | None = None
    mandate_repr: str = ""
    pk: int | None = None


_ENTRY_COLUMNS = ("id", "member_id", "booked_on", "kind", "amount", "period_start", "period_end", "text",
                  "mandate_id", "created_at")  # fmt: skip
_ENTRY_FIELD = {name: MemberAccountEntry._meta.get_field(name) for name in ("kind", "text")}
_KINDS = frozenset(EntryKind.values)
_CENT, _AMOUNT_LIMIT = Decimal("0.01"), Decimal("100000000")  # decimal_places=2, max_digits=10


def _row_is_plain(row: EntryRow) -> bool:
    """What full_clean checks of an entry, for the values a service computes (the rest go through full_clean)."""
    amount = row.amount
    return (
        isinstance(amount, Decimal)
        and _CENT <= amount < _AMOUNT_LIMIT
        and amount == amount.quantize(_CENT)
        and len(row.text) <= _ENTRY_FIELD["text"].max_length
        and row.kind in _KINDS
        and isinstance(row.booked_on, datetime.date)
    )


class _EntryHistory:
    """The history record of an entry row as `account_entry_add` writes it (snapshot, diff, str()),
    with the few labels, days and amounts of a batch formatted once each."""

    def __init__(self):
        self.kinds = {kind: (choice_display(_ENTRY_FIELD["kind"], kind), str(EntryKind(kind).label)) for kind in _KINDS}
        self.days: dict = {None: ""}
        self.amounts: dict = {}

    def day(self, value) -> str:
        text = self.days.get(value)
        if text is None:
            text = self.days[value] = display_value(value)
        return text

    def row(self, row: EntryRow) -> tuple:
        kind_display, kind_label = self.kinds[row.kind]
        amount = self.amounts.get(row.amount)
        if amount is None:
            amount = self.amounts[row.amount] = display_value(row.amount)
        after = {
            "member": str(row.member),
            "booked_on": self.day(row.booked_on),
            "kind": kind_display,
            "amount": amount,
            "period_start": self.day(row.period_start),
            "period_end": self.day(row.period_end),
            "text": row.text,
            "mandate": row.mandate_repr,
        }
        text = MemberAccountEntry.describe(row.booked_on, kind_label, row.amount)[:200]
        return "memberaccountentry", row.pk, text, row.member_id, "create", diff({}, after)


def account_entry_rows_add(*, rows: list[EntryRow], by, history: list | None = None) -> list[EntryRow]:
    """Books many entries as `account_entry_add` books one (validated, each with its history record), from
    plain rows: one COPY of the entries (ids taken first) and one of their history records. A value
    full_clean would refuse is checked by it (the same error). Given a `history` list, the records are
    appended to it for the caller to write with its own in one go."""
    for row in rows:
        if not _row_is_plain(row):
            MemberAccountEntry(
                member_id=row.member_id,
                booked_on=row.booked_on,
                kind=row.kind,
                amount=row.amount,
                text=row.text,
                period_start=row.period_start,
                period_end=row.period_end,
                mandate_id=row.mandate_id,
            ).full_clean(exclude=["member", "mandate"])
    if not rows:
        return rows
    for row, pk in zip(rows, ids_take(MemberAccountEntry._meta.db_table, len(rows)), strict=True):
        row.pk = pk
    now = timezone.now()
    rows_copy(
        MemberAccountEntry._meta.db_table,
        _ENTRY_COLUMNS,
        (
            (
                r.pk,
                r.member_id,
                r.booked_on,
                str(r.kind),
                r.amount,
                r.period_start,
                r.period_end,
                r.text,
                r.mandate_id,
                now,
            )
            for r in rows
        ),
    )
    history_of = _EntryHistory().row
    new = [history_of(row) for row in rows]
    if history is None:
        change_rows_write(new, author=user_snapshot(by))
    else:
        history.extend(new)
    return rows
