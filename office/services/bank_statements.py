"""Bank statement import of the club's books (issue #13): a camt.053, MT940 or bank CSV file becomes
proposals (office/books/matching.py), which a person books one by one, many at once (all or nothing),
assigns by hand (a member's payment, a donation, or just a category), or passes over.

Every booking goes through `office.services.finance.booking_create`, so a line dated in a closed year
is refused like any other booking.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from office.books.matching import (
    CATEGORY_DONATIONS,
    CATEGORY_DUES,
    AccountItem,
    KnownDonor,
    OpenAccount,
    OpenDue,
    propose_matches,
)
from office.books.statements import StatementError, parse_statement
from office.constants import CREDIT_KINDS, EntryKind
from office.models import (
    Account,
    Booking,
    Donor,
    DunningNotice,
    LedgerCategory,
    Member,
    MemberAccountEntry,
    SepaMandate,
    StatementEntry,
    StatementImport,
)
from office.models.finance import EntryStatus

from .bulk import bulk_insert
from .finance import FinanceError, booking_create
from .history import change_record, user_snapshot

MAX_STATEMENT_LINES = 20000
MAX_BULK_LINES = 2000

PROPOSAL_LABELS = {
    "due": pgettext_lazy("membership fee", "Beitrag"),
    "return": gettext_lazy("Rücklastschrift"),
    "items": gettext_lazy("Offene Posten"),
    "donation": gettext_lazy("Spende"),
    "unmatched": gettext_lazy("ohne Vorschlag"),
}


class AssignKind:
    """What a person assigns an unmatched line to (`statement_entry_accept(assign=…)`)."""

    MEMBER = "member"
    DONATION = "donation"
    CATEGORY = "category"


@dataclass
class Assignment:
    """A line assigned by hand: to a member's account, to a donation (an existing donor or a new one from
    the line's name), or to a category alone. `category` empty: fees 2010, donations 2030."""

    kind: str
    member: Member | None = None
    donor: Donor | None = None
    category: LedgerCategory | None = None
    sphere: str = ""
    cost_centre: str = ""
    text: str = ""


class BulkRefusal(FinanceError):
    """Booking many lines was refused as a whole; `errors` maps each failing line's id to its German reason."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(
            _("Nichts gebucht: %(count)d Zeile(n) können so nicht gebucht werden.") % {"count": len(errors)}
        )
        self.errors = errors


# --- import -----------------------------------------------------------------------------------------------


def _open_dues() -> list[OpenDue]:
    """Members' due entries while the member still owes money (one proposal per due at most)."""
    owing = (
        MemberAccountEntry.objects.values("member")
        .annotate(owed=Sum("amount", filter=~Q(kind__in=CREDIT_KINDS)) - Sum("amount", filter=Q(kind__in=CREDIT_KINDS)))
        .filter(Q(owed__gt=0) | Q(owed__isnull=True))
        .values("member")
    )
    dues = (
        MemberAccountEntry.objects.filter(kind=EntryKind.DUE, member__in=owing)
        .order_by("booked_on", "pk")
        .values_list("pk", "member__number", "member__first_name", "member__last_name", "amount")
    )
    # Tuples, not model instances: a club of 4,000 members with a due each took a second of CPU here.
    return [
        OpenDue(id=pk, member_number=str(number), member_name=f"{first} {last}", amount=amount)
        for pk, number, first, last, amount in dues
    ]


def _group_items(groups: dict[int, list[int]]) -> dict[int, list]:
    """{payer id: the open items (dunning's first in, first out) of the payer and those they pay for}."""
    from .dunning import _open_items

    payer_of = {member_id: payer for payer, ids in groups.items() for member_id in ids}
    entries: dict[int, list[MemberAccountEntry]] = {payer: [] for payer in groups}
    rows = MemberAccountEntry.objects.filter(member_id__in=list(payer_of)).only(
        "pk", "member_id", "kind", "amount", "booked_on", "text"
    )
    for row in rows:
        entries[payer_of[row.member_id]].append(row)
    return {payer: _open_items(rows, set()) for payer, rows in entries.items()}


def _open_accounts() -> list[OpenAccount]:
    """Payers who owe, with their open items oldest first, their members' numbers, mandate references and
    reminders, so that a payment naming any of them is matched to what is open (matching step 3a)."""
    from .dunning import _payer_groups

    groups = _payer_groups()
    if not groups:
        return []
    items = _group_items(groups)
    payer_of = {member_id: payer for payer, ids in groups.items() for member_id in ids}
    members = dict(Member.objects.filter(pk__in=list(payer_of)).values_list("pk", "number").order_by())
    names = {
        pk: f"{first} {last}"
        for pk, first, last in Member.objects.filter(pk__in=list(groups)).values_list("pk", "first_name", "last_name")
    }
    numbers: dict[int, list[str]] = {payer: [] for payer in groups}
    for member_id, number in members.items():
        numbers[payer_of[member_id]].append(str(number))
    mandates: dict[int, list[str]] = {payer: [] for payer in groups}
    for member_id, reference in SepaMandate.objects.filter(member_id__in=list(payer_of)).values_list(
        "member_id", "reference"
    ):
        mandates[payer_of[member_id]].append(reference)
    notices: dict[int, list[int]] = {payer: [] for payer in groups}
    for pk, member_id in DunningNotice.objects.filter(member_id__in=list(payer_of)).values_list("pk", "member_id"):
        notices[payer_of[member_id]].append(pk)
    return [
        OpenAccount(
            member_id=payer,
            member_name=names.get(payer, ""),
            items=tuple(
                AccountItem(
                    id=item.entry.pk,
                    day=item.entry.booked_on,
                    text=item.entry.text or str(item.entry.get_kind_display()),
                    amount=item.open_amount,
                )
                for item in items[payer]
            ),
            member_numbers=tuple(numbers[payer]),
            mandate_references=tuple(mandates[payer]),
            notice_ids=tuple(notices[payer]),
        )
        for payer in groups
    ]


def _known_donors() -> list[KnownDonor]:
    return [
        KnownDonor(id=pk, name=name, iban=iban) for pk, name, iban in Donor.objects.values_list("pk", "name", "iban")
    ]


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
    for position, proposal in enumerate(
        propose_matches(lines, dues=_open_dues(), donors=_known_donors(), accounts=_open_accounts()), start=1
    ):
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
    # One COPY (office/services/bulk.py): 5,000 lines by bulk_create kept the database busy for seconds.
    bulk_insert(entries, ids=False)
    change_record(instance=statement, action="create", changes={"lines": ["", str(len(entries))]}, by=by)
    return ImportResult(statement, counts)


# --- booking lines ----------------------------------------------------------------------------------------


def _category(number: str) -> LedgerCategory | None:
    return LedgerCategory.objects.filter(number=number).first() if number else None


def _member_payment(*, member: Member, entry: StatementEntry, return_: bool, by) -> None:
    from .fees import account_entry_add

    account_entry_add(
        member=member,
        data={
            "booked_on": entry.booked_on,
            "kind": EntryKind.RETURN if return_ else EntryKind.PAYMENT,
            "amount": abs(entry.amount),
            "text": (entry.purpose or entry.name)[:140],
        },
        by=by,
    )


def _settle_items(*, payer: Member, entry: StatementEntry, by) -> None:
    """A payment of the payer's open items ("items" proposal), oldest first, re-read now: each member's part
    is booked as a payment on that member's account (which settles their oldest items, first in first
    out); anything beyond what is still open goes on the payer's account."""
    from .dunning import _payer_groups
    from .fees import account_entry_add

    groups = _payer_groups([payer.pk])
    items = _group_items(groups).get(payer.pk, [])
    shares: dict[int, Decimal] = {}
    left = entry.amount
    for item in items:
        if left <= 0:
            break
        paid = min(left, item.open_amount)
        shares[item.entry.member_id] = shares.get(item.entry.member_id, Decimal("0")) + paid
        left -= paid
    if left > 0:
        shares[payer.pk] = shares.get(payer.pk, Decimal("0")) + left
    members = Member.objects.in_bulk(list(shares))
    for member_id, amount in shares.items():
        account_entry_add(
            member=members[member_id],
            data={
                "booked_on": entry.booked_on,
                "kind": EntryKind.PAYMENT,
                "amount": amount,
                "text": (entry.purpose or entry.name)[:140],
            },
            by=by,
        )


def _donation(*, donor: Donor | None, entry: StatementEntry, booking: Booking, by) -> None:
    from .donations import donation_create, donor_create

    if donor is None:
        donor = donor_create(data={"name": entry.name or _("Unbekannt"), "iban": entry.iban}, by=by)
    donation_create(donor=donor, data={"donated_on": entry.booked_on, "amount": entry.amount}, booking=booking, by=by)


def _book(entry: StatementEntry, *, category: LedgerCategory, by, sphere="", cost_centre="", text="") -> Booking:
    return booking_create(
        data={
            "booked_on": entry.booked_on,
            "amount": entry.amount,
            "account": entry.statement.account,
            "counterparty": entry.name,
            "text": (text or entry.purpose or entry.name or _("Kontoauszug"))[:200],
            "category": category,
            "sphere": sphere or entry.sphere,
            "cost_centre": cost_centre,
        },
        by=by,
    )


def _accept_proposal(entry: StatementEntry, *, category: LedgerCategory | None, by) -> Booking:
    category = category or _category(entry.category_number)
    if category is None:
        raise FinanceError(_("Bitte eine Kategorie wählen."))
    booking = _book(entry, category=category, by=by)
    if entry.kind in ("due", "return") and entry.target_id:
        due = MemberAccountEntry.objects.filter(pk=entry.target_id, kind=EntryKind.DUE).select_related("member").first()
        if due is not None:
            _member_payment(member=due.member, entry=entry, return_=entry.kind == "return", by=by)
    elif entry.kind == "items" and entry.target_id and entry.amount > 0:
        payer = Member.objects.filter(pk=entry.target_id).first()
        if payer is not None:
            _settle_items(payer=payer, entry=entry, by=by)
    elif entry.kind == "donation" and entry.amount > 0:
        donor = Donor.objects.filter(pk=entry.target_id).first() if entry.target_id else None
        _donation(donor=donor, entry=entry, booking=booking, by=by)
    return booking


def _accept_assignment(entry: StatementEntry, assign: Assignment, *, by) -> Booking:
    category = assign.category
    if assign.kind == AssignKind.MEMBER:
        if assign.member is None:
            raise ValidationError({"member": _("Bitte das Mitglied angeben.")})
        category = category or _category(CATEGORY_DUES)
    elif assign.kind == AssignKind.DONATION:
        if entry.amount <= 0:
            raise ValidationError({"kind": _("Eine Spende ist ein Geldeingang; diese Zeile ist eine Ausgabe.")})
        category = category or _category(CATEGORY_DONATIONS)
    elif assign.kind != AssignKind.CATEGORY:
        raise ValidationError({"kind": _("Bitte wählen, wozu die Zeile gehört.")})
    if category is None:
        raise ValidationError({"category": _("Bitte eine Kategorie wählen.")})
    booking = _book(
        entry, category=category, by=by, sphere=assign.sphere, cost_centre=assign.cost_centre, text=assign.text
    )
    if assign.kind == AssignKind.MEMBER:
        _member_payment(member=assign.member, entry=entry, return_=entry.amount < 0, by=by)
    elif assign.kind == AssignKind.DONATION:
        _donation(donor=assign.donor, entry=entry, booking=booking, by=by)
    return booking


@transaction.atomic
def statement_entry_accept(
    *, entry: StatementEntry, by, category: LedgerCategory | None = None, assign: Assignment | None = None
) -> Booking:
    """Books one line on the statement's account.

    Without `assign`, as proposed: a due also credits the member's account (a return debits it again), a
    donation records the donation (and its donor, if new); `category` overrides the proposed one. With
    `assign`, as a person assigned it: a member's payment (or return, if money went out), a donation, or
    just a booking in a category.
    """
    entry = StatementEntry.objects.select_for_update().select_related("statement__account").get(pk=entry.pk)
    if entry.status != EntryStatus.OPEN:
        raise FinanceError(_("Diese Zeile ist schon erledigt."))
    if assign is None:
        booking = _accept_proposal(entry, category=category, by=by)
    else:
        booking = _accept_assignment(entry, assign, by=by)
    entry.status = EntryStatus.BOOKED
    entry.booking = booking
    entry.save(update_fields=["status", "booking"])
    return booking


def _reason(error: Exception) -> str:
    if isinstance(error, FinanceError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    raise error


@transaction.atomic
def statement_entries_accept(*, statement: StatementImport, entry_ids: list[int], by) -> list[Booking]:
    """Books the chosen lines of `statement` as proposed, all or nothing: every line is tried (each in a
    savepoint, so one refusal does not hide the next), and if any is refused, `BulkRefusal` names each
    refused line with its reason and nothing at all is booked."""
    ids = list(dict.fromkeys(int(pk) for pk in entry_ids))
    if not ids:
        raise FinanceError(_("Bitte mindestens eine Zeile auswählen."))
    if len(ids) > MAX_BULK_LINES:
        raise FinanceError(_("Bitte höchstens %(max)d Zeilen auf einmal buchen.") % {"max": MAX_BULK_LINES})
    entries = {e.pk: e for e in StatementEntry.objects.filter(statement=statement, pk__in=ids)}
    errors: dict[int, str] = {
        pk: _("Diese Zeile gehört nicht zu diesem Kontoauszug.") for pk in ids if pk not in entries
    }
    bookings = []
    for pk in ids:
        if pk not in entries:
            continue
        try:
            with transaction.atomic():
                bookings.append(statement_entry_accept(entry=entries[pk], by=by))
        except (FinanceError, ValidationError) as error:
            errors[pk] = _reason(error)
    if errors:
        raise BulkRefusal(errors)
    return bookings


@transaction.atomic
def statement_entry_ignore(*, entry: StatementEntry, by) -> StatementEntry:
    entry = StatementEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == EntryStatus.OPEN:
        entry.status = EntryStatus.IGNORED
        entry.save(update_fields=["status"])
        change_record(instance=entry, action="update", changes={"status": ["offen", "übergangen"]}, by=by)
    return entry
