"""A debit run's rows, read and written in bulk (office/services/debits.py is the service).

Create: the open dues of a period grouped by who pays, the payers' active mandates and their
balances, the lines and their links to the entries. Export: the lines with mandate and debtor, the
mandates locked and marked used, the lines marked collected, the history of the mandates.

Plain rows instead of model objects, subqueries instead of lists of ids, COPY instead of INSERT: a
run of ten thousand members takes the same number of statements as one of ten, and no model
object (nor its conversion of every field) per member.
"""

from __future__ import annotations

import datetime
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from office.constants import DEBIT_KINDS, EntryKind, MandateSequence, MandateStatus
from office.models import DebitLine, DebitLineStatus, Member, MemberAccountEntry, SepaMandate

from .bulk import ids_take, rows_copy
from .history import choice_display, display_value


class MemberName:
    """A member as the history names it (str() is Member's), from four columns instead of a model object."""

    __slots__ = ("pk", "number", "title", "first_name", "last_name")
    __str__ = Member.__str__
    full_name = Member.full_name

    def __init__(self, pk, number, title, first_name, last_name):
        self.pk, self.number, self.title, self.first_name, self.last_name = pk, number, title, first_name, last_name


# --- create ---


@dataclass(slots=True)
class PayerDues:
    """Who pays (the member, or the member's payer) and the open due entries they pay for."""

    pk: int
    number: int
    status: str
    left_on: datetime.date | None
    entries: list[tuple[int, int, Decimal, str]] = field(default_factory=list)  # (entry id, member id, amount, text)


def _open_dues(start: datetime.date, end: datetime.date) -> QuerySet:
    """Due entries of the period not yet in a debit line."""
    return MemberAccountEntry.objects.filter(kind=EntryKind.DUE, booked_on__gte=start, booked_on__lte=end).exclude(
        debit_lines__isnull=False
    )


def open_dues_by_payer(start: datetime.date, end: datetime.date) -> dict[int, PayerDues]:
    """{payer id: the payer's open dues}, payers in the order of the first entry (member number, day)."""
    rows = (
        _open_dues(start, end)
        .order_by("member__number", "booked_on", "pk")
        .values_list(
            "pk", "member_id", "amount", "text", "member__number", "member__status", "member__left_on",
            "member__payer_id", "member__payer__number", "member__payer__status", "member__payer__left_on",
        )
    )  # fmt: skip
    by_payer: dict[int, PayerDues] = {}
    for pk, member_id, amount, text, number, status, left_on, payer_id, *payer in rows:
        key = member_id if payer_id is None else payer_id
        group = by_payer.get(key)
        if group is None:
            group = by_payer[key] = (
                PayerDues(key, number, status, left_on) if payer_id is None else PayerDues(key, *payer)
            )
        group.entries.append((pk, member_id, amount, text))
    return by_payer


# What `debits.mandate_sequence` and a line read of a mandate.
MandateRow = namedtuple(
    "MandateRow", "pk member_id reference signed_on last_used_on sequence is_amended original_iban iban"
)


def payers_mandates(start: datetime.date, end: datetime.date) -> dict[int, MandateRow]:
    """{member id: the member's active mandate, the latest signed} for everyone who pays open dues."""
    payers = _open_dues(start, end).annotate(payer=Coalesce("member__payer_id", "member_id")).values("payer")
    rows = (
        SepaMandate.objects.filter(status=MandateStatus.ACTIVE, member_id__in=payers)
        .order_by("member_id", "-signed_on", "-pk")
        .distinct("member_id")
        .values_list(*MandateRow._fields)
    )
    return {row[1]: MandateRow(*row) for row in rows}


def balances_of_payers(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """{member id: what the member owes (dues, returns, fees less payments)} for every member with open
    dues of the period and everyone paying for them, in one query."""
    open_dues = _open_dues(start, end)
    rows = (
        MemberAccountEntry.objects.filter(
            Q(member_id__in=open_dues.values("member_id")) | Q(member_id__in=open_dues.values("member__payer_id"))
        )
        .order_by()
        .values("member_id")
        .annotate(balance=Sum(Case(When(kind__in=DEBIT_KINDS, then=F("amount")), default=-F("amount"))))
        .values_list("member_id", "balance")
    )
    return dict(rows)


LINE_COLUMNS = ("id", "run_id", "member_id", "mandate_id", "amount", "end_to_end_id", "sequence", "text", "status",
                "return_reason_code", "return_reason_text")  # fmt: skip


def lines_write(run_id: int, lines: list[tuple], links: list[list[int]]) -> list[int]:
    """Writes the lines (member id, mandate id, amount, end-to-end id, sequence, text) and their links
    to the entries (`links[i]`: entry ids of line i) with one COPY each; the lines' ids."""
    ids = ids_take(DebitLine._meta.db_table, len(lines))
    status = str(DebitLineStatus.OPEN)
    rows_copy(
        DebitLine._meta.db_table,
        LINE_COLUMNS,
        ((pk, run_id, *line, status, "", "") for pk, line in zip(ids, lines, strict=True)),
    )
    rows_copy(
        DebitLine.entries.through._meta.db_table,
        ("debitline_id", "memberaccountentry_id"),
        ((pk, entry_id) for pk, entry_ids in zip(ids, links, strict=True) for entry_id in entry_ids),
    )
    return ids


# --- export ---

ExportMandate = namedtuple(
    "ExportMandate",
    "pk member_id reference signed_on account_holder iban bic sequence last_used_on is_amended original_iban "
    "original_reference",
)
ExportLine = namedtuple(
    "ExportLine",
    "pk member_id mandate_id amount end_to_end_id sequence text street house_number postal_code town country "
    "number title first_name last_name",
)


def export_mandates_lock(run_id: int) -> dict[int, ExportMandate]:
    """{mandate id: the mandate as it is before the export} of the run's lines, locked until the end."""
    rows = (
        SepaMandate.objects.select_for_update(of=("self",))
        .filter(pk__in=DebitLine.objects.filter(run_id=run_id).values("mandate_id"))
        .order_by("pk")
        .values_list(*ExportMandate._fields)
    )
    return {row[0]: ExportMandate(*row) for row in rows}


def export_lines(run_id: int) -> list[ExportLine]:
    """The run's lines with their debtor's address and name, in the order they were made."""
    rows = (
        DebitLine.objects.filter(run_id=run_id)
        .order_by("pk")
        .values_list(
            "pk", "member_id", "mandate_id", "amount", "end_to_end_id", "sequence", "text", "member__street",
            "member__house_number", "member__postal_code", "member__town", "member__country", "member__number",
            "member__title", "member__first_name", "member__last_name",
        )
    )  # fmt: skip
    return [ExportLine(*row) for row in rows]


def mandate_used_changes(collection_date: datetime.date):
    """A function of an `ExportMandate` giving the history changes of marking it used on `collection_date`
    (as snapshot and diff of the mandate show them); labels and the day formatted once."""
    field = SepaMandate._meta.get_field("sequence")
    labels = {value: choice_display(field, value) for value in MandateSequence.values}
    recurring, day, no = labels[MandateSequence.RECURRING], display_value(collection_date), display_value(False)

    def changes(mandate: ExportMandate) -> dict[str, list[str]]:
        pairs = (
            ("sequence", labels.get(mandate.sequence) or choice_display(field, mandate.sequence), recurring),
            ("last_used_on", display_value(mandate.last_used_on), day),
            ("is_amended", display_value(mandate.is_amended), no),
            ("original_iban", mandate.original_iban, ""),
            ("original_reference", mandate.original_reference, ""),
        )
        return {name: [before, after] for name, before, after in pairs if before != after}

    return changes


def export_mark_used(run_id: int, *, collection_date: datetime.date, now: datetime.datetime) -> None:
    """The run's mandates used (recurring from now on, the amendment carried), its lines collected."""
    SepaMandate.objects.filter(pk__in=DebitLine.objects.filter(run_id=run_id).values("mandate_id")).update(
        last_used_on=collection_date,
        sequence=MandateSequence.RECURRING,
        is_amended=False,
        original_iban="",
        original_reference="",
        updated_at=now,
    )
    DebitLine.objects.filter(run_id=run_id).update(status=DebitLineStatus.COLLECTED)
