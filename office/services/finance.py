"""The club's books (issue #13): bookings and counter-bookings, financial years and their closing, opening
balances, bank statement import with match proposals, and the reads the year-end pages need.

A booking in a closed year never changes: `Booking.clean()` refuses it and every write here locks the
year's row first, so a booking and the closing of its year cannot cross. Mistakes are corrected by a
counter-booking (`booking_cancel`); both stay in the books.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from office.books import ledger
from office.books.chart import Account as ChartAccount
from office.books.matching import KnownDonor, OpenDue, propose_matches
from office.books.spheres import Sphere
from office.books.statements import StatementError, parse_statement
from office.constants import CREDIT_KINDS, EntryKind
from office.models import (
    Account,
    Booking,
    Donor,
    FinancialYear,
    LedgerCategory,
    MemberAccountEntry,
    OpeningBalance,
    StatementEntry,
    StatementImport,
)
from office.models.finance import EntryStatus

from .history import change_record, diff, snapshot, user_snapshot

ZERO = Decimal("0.00")
MAX_STATEMENT_LINES = 20000


class FinanceError(Exception):
    """A refused action of the books; `message` is German and names the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- financial years ---------------------------------------------------------------------------------


def financial_year(year: int, *, lock: bool = False) -> FinancialYear:
    """The row of `year` (made on first use); locked for the transaction with `lock=True`."""
    row, _created = FinancialYear.objects.get_or_create(year=year)
    if lock:
        row = FinancialYear.objects.select_for_update().get(pk=row.pk)
    return row


def _refuse_closed(year: int) -> None:
    if financial_year(year, lock=True).closed:
        raise ValidationError(
            {
                "booked_on": _(
                    "Das Geschäftsjahr %(year)d ist abgeschlossen: Buchungen darin können nicht mehr angelegt oder "
                    "geändert werden."
                )
                % {"year": year}
            }
        )


# --- bookings ---------------------------------------------------------------------------------------

BOOKING_FIELDS = ("booked_on", "amount", "account", "counterparty", "text", "category", "sphere", "cost_centre")


@transaction.atomic
def booking_create(*, data: dict, voucher=None, by) -> Booking:
    """A new booking; `voucher` is an uploaded file already checked by `cms.uploads.upload_check`."""
    booked_on = data.get("booked_on")
    if booked_on:
        _refuse_closed(booked_on.year)
    booking = Booking(**{name: data[name] for name in (*BOOKING_FIELDS, "cancels") if name in data})
    booking.created_by = user_snapshot(by)[1]
    if voucher is not None:
        booking.voucher_name = (voucher.name or "")[-200:]
        booking.voucher.save(voucher.name, voucher, save=False)
    try:
        booking.full_clean()
    except ValidationError:
        if booking.voucher:
            booking.voucher.delete(save=False)
        raise
    booking.save()
    change_record(instance=booking, action="create", changes=diff({}, snapshot(booking)), by=by)
    return booking


@transaction.atomic
def booking_update(*, booking: Booking, data: dict, by) -> Booking:
    """Changes a booking of an open year (a booking of a closed year, or moved into one, is refused)."""
    stored = Booking.objects.select_for_update().get(pk=booking.pk)
    _refuse_closed(stored.booked_on.year)
    if data.get("booked_on"):
        _refuse_closed(data["booked_on"].year)
    if hasattr(stored, "cancelled_by") or stored.cancels_id:
        raise FinanceError(_("Stornierte Buchungen und Stornobuchungen werden nicht geändert."))
    before = snapshot(stored)
    for name in BOOKING_FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    stored.full_clean()
    stored.save()
    change_record(instance=stored, action="update", changes=diff(before, snapshot(stored)), by=by)
    return stored


@transaction.atomic
def booking_cancel(*, booking: Booking, by, on: datetime.date | None = None) -> Booking:
    """Cancels `booking` with a counter-booking of the opposite amount (both kept).

    The counter-booking is dated `on` (default: today); a booking of a closed year is cancelled in an
    open one, so the closed year stays as it was.
    """
    stored = Booking.objects.select_for_update().select_related("category", "account").get(pk=booking.pk)
    if stored.cancels_id:
        raise FinanceError(_("Eine Stornobuchung kann nicht storniert werden; bitte neu buchen."))
    if Booking.objects.filter(cancels=stored).exists():
        raise FinanceError(_("Diese Buchung ist bereits storniert."))
    on = on or timezone.localdate()
    if on < stored.booked_on:
        raise FinanceError(_("Die Stornobuchung kann nicht vor der Buchung liegen."))
    return booking_create(
        data={
            "booked_on": on,
            "amount": -stored.amount,
            "account": stored.account,
            "counterparty": stored.counterparty,
            "text": (_("Storno: %(text)s") % {"text": stored.text})[:200],
            "category": stored.category,
            "sphere": stored.sphere,
            "cost_centre": stored.cost_centre,
            "cancels": stored,
        },
        by=by,
    )


@transaction.atomic
def account_save(*, instance: Account, by) -> Account:
    """Creates or changes a money account (bank account, cash box)."""
    before = snapshot(Account.objects.get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    instance.save()
    change_record(
        instance=instance, action="update" if before else "create", changes=diff(before, snapshot(instance)), by=by
    )
    return instance


# --- opening balances and closing ------------------------------------------------------------------


@transaction.atomic
def opening_balance_set(*, year: int, account: Account, amount: Decimal, counted: Decimal | None = None, by):
    """The account's balance at the start of `year` (and what was counted at its end); open years only."""
    row = financial_year(year, lock=True)
    if row.closed:
        raise FinanceError(_("Das Geschäftsjahr %(year)d ist abgeschlossen.") % {"year": year})
    balance, _created = OpeningBalance.objects.get_or_create(financial_year=row, account=account)
    before = snapshot(balance)
    balance.amount = amount
    balance.counted = counted
    balance.full_clean()
    balance.save()
    change_record(instance=balance, action="update", changes=diff(before, snapshot(balance)), by=by)
    return balance


@transaction.atomic
def year_close(*, year: int, by) -> FinancialYear:
    """Closes `year`: its bookings can no longer change; the closing balances open the next year."""
    row = financial_year(year, lock=True)
    if row.closed:
        raise FinanceError(_("Das Geschäftsjahr %(year)d ist bereits abgeschlossen.") % {"year": year})
    previous = FinancialYear.objects.filter(year=year - 1, closed=False).first()
    if previous is not None and Booking.objects.filter(booked_on__year=year - 1).exists():
        raise FinanceError(_("Bitte zuerst das Geschäftsjahr %(year)d abschließen.") % {"year": year - 1})
    audit = cash_audit_for(year=year)
    next_year = financial_year(year + 1, lock=True)
    accounts = {account.number: account for account in Account.objects.all()}
    for line in audit.accounts:
        account = accounts.get(line.account)
        if account is not None:
            OpeningBalance.objects.update_or_create(
                financial_year=next_year, account=account, defaults={"amount": line.closing}
            )
    row.closed = True
    row.closed_at = timezone.now()
    row.closed_by = user_snapshot(by)[1]
    row.save()
    change_record(instance=row, action="update", changes={"closed": ["Nein", "Ja"]}, by=by)
    return row


# --- reads for the year-end pages ---------------------------------------------------------------------


def chart() -> tuple[ChartAccount, ...]:
    """The club's chart (its own categories, as edited) in the shape office/books computes with."""
    return tuple(
        ChartAccount(c.number, c.name, c.kind, Sphere(c.sphere) if c.sphere else None)
        for c in LedgerCategory.objects.all()
    )


def ledger_bookings(*, year: int) -> list[ledger.Booking]:
    rows = Booking.objects.filter(booked_on__year=year).select_related("category", "account").order_by("booked_on")
    return [
        ledger.Booking(
            date=row.booked_on,
            amount=row.amount,
            category=row.category.number,
            sphere=Sphere(row.sphere) if row.sphere else None,
            account=row.account.number,
            cost_centre=row.cost_centre,
            text=row.text,
            counterparty=row.counterparty,
        )
        for row in rows
    ]


def income_surplus_for(*, year: int) -> ledger.IncomeSurplusStatement:
    """The income-surplus statement of `year` per sphere, with the § 64 (3) AO turnover watch."""
    return ledger.income_surplus(ledger_bookings(year=year), year=year, chart=chart())


def cash_audit_for(*, year: int) -> ledger.CashAudit:
    """Opening, receipts, payments, closing and counted balance of every money account in `year`."""
    balances = OpeningBalance.objects.filter(financial_year__year=year).select_related("account")
    opening = {b.account.number: b.amount for b in balances}
    counted = {b.account.number: b.counted for b in balances if b.counted is not None}
    for account in Account.objects.filter(is_active=True):
        opening.setdefault(account.number, ZERO)
    audit = ledger.cash_audit(ledger_bookings(year=year), year=year, opening=opening, counted=counted, chart=chart())
    names = {a.number: a.name for a in Account.objects.all()}
    for line in audit.accounts:
        line.name = names.get(line.account, line.name)
    return audit


def bookings_list(*, year=None, account=None, sphere=None, category=None):
    queryset = Booking.objects.select_related("account", "category", "cancels").order_by("-booked_on", "-pk")
    if year:
        queryset = queryset.filter(booked_on__year=year)
    if account:
        queryset = queryset.filter(account=account)
    if sphere:
        queryset = queryset.filter(Q(sphere=sphere) | Q(sphere="", category__sphere=sphere))
    if category:
        queryset = queryset.filter(category=category)
    return queryset


def open_items(*, year: int) -> list[StatementEntry]:
    """Statement lines of `year` nobody has booked or passed over yet: the auditors ask about them."""
    return list(
        StatementEntry.objects.filter(status=EntryStatus.OPEN, booked_on__year=year).select_related("statement")
    )


def years_known() -> list[int]:
    years = set(FinancialYear.objects.values_list("year", flat=True))
    years |= {d.year for d in Booking.objects.dates("booked_on", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# --- statement import -------------------------------------------------------------------------------


def _open_dues() -> list[OpenDue]:
    """Members' due entries while the member still owes money (one proposal per due at most)."""
    owing = (
        MemberAccountEntry.objects.values("member")
        .annotate(owed=Sum("amount", filter=~Q(kind__in=CREDIT_KINDS)) - Sum("amount", filter=Q(kind__in=CREDIT_KINDS)))
        .filter(Q(owed__gt=0) | Q(owed__isnull=True))
        .values("member")
    )
    dues = MemberAccountEntry.objects.filter(kind=EntryKind.DUE, member__in=owing).select_related("member")
    return [
        OpenDue(
            id=entry.pk,
            member_number=str(entry.member.number),
            member_name=f"{entry.member.first_name} {entry.member.last_name}",
            amount=entry.amount,
        )
        for entry in dues.order_by("booked_on")
    ]


def _known_donors() -> list[KnownDonor]:
    return [KnownDonor(id=d.pk, name=d.name, iban=d.iban) for d in Donor.objects.all()]


@dataclass
class ImportResult:
    statement: StatementImport
    counts: dict[str, int]


@transaction.atomic
def statement_import(*, account: Account, data: bytes, filename: str, by) -> ImportResult:
    """Reads a camt.053, MT940 or bank CSV file into proposals (nothing is booked yet)."""
    try:
        lines = parse_statement(data)
    except StatementError as error:
        raise FinanceError(str(error)) from error
    if not lines:
        raise FinanceError(_("Die Datei enthält keine Umsätze."))
    if len(lines) > MAX_STATEMENT_LINES:
        raise FinanceError(_("Die Datei enthält mehr als %(max)d Umsätze.") % {"max": MAX_STATEMENT_LINES})
    statement = StatementImport.objects.create(
        account=account, filename=filename[-200:], created_by=user_snapshot(by)[1]
    )
    counts: dict[str, int] = {}
    entries = []
    for position, proposal in enumerate(propose_matches(lines, dues=_open_dues(), donors=_known_donors()), start=1):
        line = proposal.line
        counts[proposal.kind] = counts.get(proposal.kind, 0) + 1
        entries.append(
            StatementEntry(
                statement=statement,
                position=position,
                booked_on=line.booking_date,
                amount=line.amount,
                name=line.name[:140],
                iban=line.iban[:34],
                purpose=line.purpose[:500],
                kind=proposal.kind,
                target_id=proposal.target_id,
                category_number=proposal.category,
                sphere=proposal.sphere or "",
                reason=proposal.reason[:300],
            )
        )
    StatementEntry.objects.bulk_create(entries)
    change_record(instance=statement, action="create", changes={"lines": ["", str(len(entries))]}, by=by)
    return ImportResult(statement, counts)


def _default_category(entry: StatementEntry) -> LedgerCategory | None:
    if entry.category_number:
        return LedgerCategory.objects.filter(number=entry.category_number).first()
    return None


@transaction.atomic
def statement_entry_accept(
    *, entry: StatementEntry, by, category: LedgerCategory | None = None, sphere: str = ""
) -> Booking:
    """Books one proposal: a booking on the statement's account; a due also credits the member's account,
    a donation records the donation (and its donor, if new)."""
    from .donations import donation_create, donor_create
    from .fees import account_entry_add

    entry = StatementEntry.objects.select_for_update().select_related("statement__account").get(pk=entry.pk)
    if entry.status != EntryStatus.OPEN:
        raise FinanceError(_("Diese Zeile ist schon erledigt."))
    category = category or _default_category(entry)
    if category is None:
        raise FinanceError(_("Bitte eine Kategorie wählen."))
    booking = booking_create(
        data={
            "booked_on": entry.booked_on,
            "amount": entry.amount,
            "account": entry.statement.account,
            "counterparty": entry.name,
            "text": entry.purpose[:200] or entry.name or _("Kontoauszug"),
            "category": category,
            "sphere": sphere or entry.sphere,
        },
        by=by,
    )
    if entry.kind in ("due", "return") and entry.target_id:
        due = MemberAccountEntry.objects.filter(pk=entry.target_id, kind=EntryKind.DUE).select_related("member").first()
        if due is not None:
            account_entry_add(
                member=due.member,
                data={
                    "booked_on": entry.booked_on,
                    "kind": EntryKind.PAYMENT if entry.kind == "due" else EntryKind.RETURN,
                    "amount": abs(entry.amount),
                    "text": entry.purpose[:140],
                },
                by=by,
            )
    elif entry.kind == "donation" and entry.amount > 0:
        donor = Donor.objects.filter(pk=entry.target_id).first() if entry.target_id else None
        if donor is None:
            donor = donor_create(data={"name": entry.name or _("Unbekannt"), "iban": entry.iban}, by=by)
        donation_create(
            donor=donor, data={"donated_on": entry.booked_on, "amount": entry.amount}, booking=booking, by=by
        )
    entry.status = EntryStatus.BOOKED
    entry.booking = booking
    entry.save(update_fields=["status", "booking"])
    return booking


@transaction.atomic
def statement_entry_ignore(*, entry: StatementEntry, by) -> StatementEntry:
    entry = StatementEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == EntryStatus.OPEN:
        entry.status = EntryStatus.IGNORED
        entry.save(update_fields=["status"])
        change_record(instance=entry, action="update", changes={"status": ["offen", "übergangen"]}, by=by)
    return entry
