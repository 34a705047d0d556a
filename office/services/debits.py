"""Debit runs: create (dues of the period, mandates, FRST/RCUR), pre-notify by e-mail, export the
pain.008 (office/sepa); mandates unused for 36 months expire. Returns: office/services/debit_returns.py.

The club's creditor data come from the club row (public schema, read-only here): name, IBAN, BIC,
`creditor_id`, and, where the club has them, `sepa_version` and `sepa_lead_days`. Every refusal is a
`DebitRunError` (or the calendar's `CollectionDateError`) with a German message for the admin.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tenants.utils import schema_context

from office.constants import CURRENT_STATUSES, EntryKind, MandateSequence, MandateStatus
from office.models import DebitRun, DebitRunStatus, Member, SepaMandate
from office.sepa import calendar
from office.sepa.debits import Amendment, Creditor, PostalAddress
from office.sepa.debits import DebitLine as SepaLine
from office.sepa.errors import InvalidIdentifier, Pain008InputError, Pain008SchemaError
from office.sepa.identifiers import (
    normalize_creditor_id,
    same_bank,
    sanitize_remittance,
    validate_creditor_id,
)
from office.sepa.pain008 import DEFAULT_VERSION, SUPPORTED_VERSIONS, build_pain008, validate_pain008

from .bulk import gc_paused
from .debit_rows import (
    ExportLine,
    ExportMandate,
    MandateRow,
    MemberName,
    balances_of_payers,
    export_lines,
    export_mandates_lock,
    export_mark_used,
    lines_write,
    mandate_used_changes,
    open_dues_by_payer,
    payers_mandates,
)
from .dues import dues_book
from .fees import EntryRow, account_entry_rows_add
from .history import (
    change_record,
    change_record_new,
    change_records_write,
    change_row,
    change_rows_write,
    diff,
    snapshot,
    user_snapshot,
)

MANDATE_EXPIRY_MONTHS = 36


class DebitRunError(Exception):
    """A debit run cannot be created, notified or exported; `problems` lists every German reason."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def _run_snapshot(run: DebitRun) -> dict[str, str]:
    # The file itself stays out of the history (it holds every member's IBAN).
    return {name: value for name, value in snapshot(run).items() if name != "xml"}


# --- the club's settings ---


@dataclass(frozen=True)
class ClubDebitSettings:
    creditor: Creditor
    version: str
    lead_days: int
    club_name: str


def club_debit_settings(club) -> ClubDebitSettings:
    """The creditor data of `club`; robust when the club row lacks the SEPA fields."""
    raw_id = getattr(club, "creditor_id", "") or ""
    if not raw_id.strip():
        raise DebitRunError(_("Gläubiger-ID fehlt – bitte unter Lastschrift-Einstellungen eintragen."))
    try:
        creditor_id = validate_creditor_id(normalize_creditor_id(raw_id))
    except InvalidIdentifier as error:
        raise DebitRunError(
            _("Die Gläubiger-ID ist ungültig: %(reason)s Bitte unter Lastschrift-Einstellungen korrigieren.")
            % {"reason": error.message}
        ) from None
    if not getattr(club, "iban", ""):
        raise DebitRunError(_("Die IBAN des Vereins fehlt – bitte im Vereinsprofil eintragen."))
    version = getattr(club, "sepa_version", "") or DEFAULT_VERSION
    if version not in SUPPORTED_VERSIONS:
        version = DEFAULT_VERSION
    lead_days = getattr(club, "sepa_lead_days", None)
    lead_days = calendar.DEFAULT_LEAD_DAYS if lead_days is None else int(lead_days)
    creditor = Creditor(
        name=club.name,
        iban=club.iban,
        creditor_id=creditor_id,
        bic=getattr(club, "bic", "") or None,
        address=PostalAddress(street=club.street, postal_code=club.postal_code, town=club.town, country="DE"),
    )
    return ClubDebitSettings(creditor, version, lead_days, getattr(club, "display_name", club.name))


# --- mandates ---


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError


@transaction.atomic
def mandates_expire(*, today: datetime.date, by=None) -> list[SepaMandate]:
    """Active mandates not used for 36 months (or never used, signed 36 months ago) expire."""
    limit = _months_before(today, MANDATE_EXPIRY_MONTHS)
    stale = list(
        SepaMandate.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(status=MandateStatus.ACTIVE)
        .filter(Q(last_used_on__lt=limit) | Q(last_used_on__isnull=True, signed_on__lt=limit))
        .order_by("pk")
    )
    if not stale:
        return []
    author, now, records = user_snapshot(by), timezone.now(), []
    for mandate in stale:
        before = snapshot(mandate)
        mandate.status, mandate.updated_at = MandateStatus.EXPIRED, now
        changes = diff(before, snapshot(mandate))
        records.append(
            change_record_new(
                instance=mandate, action="expire", changes=changes, author=author, member_id=mandate.member_id
            )
        )
    SepaMandate.objects.bulk_update(stale, ["status", "updated_at"], batch_size=2000)
    change_records_write(records)
    return stale


def mandate_sequence(mandate: SepaMandate | MandateRow) -> str:
    """FRST for a mandate never used or amended to an account at another bank, RCUR otherwise."""
    if mandate.last_used_on is None or mandate.sequence == MandateSequence.FIRST:
        return MandateSequence.FIRST
    if mandate.is_amended and mandate.original_iban and not same_bank(mandate.original_iban, mandate.iban):
        return MandateSequence.FIRST
    return MandateSequence.RECURRING


# --- creating a run ---


@gc_paused()
@transaction.atomic
def debit_run_create(
    *,
    club,
    period_start: datetime.date,
    period_end: datetime.date,
    collection_date: datetime.date,
    by,
    today: datetime.date | None = None,
    book_dues: bool = True,
) -> DebitRun:
    """Books the period's dues and collects the open ones of members with an active mandate.

    `book_dues=False` collects only dues booked before (the demo data books its own)."""
    today = today or timezone.localdate()
    settings = club_debit_settings(club)
    if period_end < period_start:
        raise DebitRunError(_("Das Ende des Zeitraums liegt vor seinem Anfang."))
    calendar.check_collection_date(collection_date, today=today, lead_days=settings.lead_days)
    mandates_expire(today=today, by=by)
    if book_dues:
        dues_book(start=period_start, end=period_end, by=by)
    user_id, user_name = user_snapshot(by)
    run = DebitRun.objects.create(
        period_start=period_start,
        period_end=period_end,
        collection_date=collection_date,
        created_by_id=user_id,
        created_by_name=user_name,
        creditor_id=settings.creditor.creditor_id,
        pain_version=settings.version,
    )
    # In bulk: the open dues by payer, the payers' mandates and balances in one query each, one COPY of
    # the lines and one of their links to the entries (the query count does not grow with the members).
    by_payer = {
        pk: payer
        for pk, payer in open_dues_by_payer(period_start, period_end).items()
        if payer.status in CURRENT_STATUSES or payer.left_on
    }
    mandates = payers_mandates(period_start, period_end) if by_payer else {}
    balances = balances_of_payers(period_start, period_end) if mandates else {}
    lines, links = [], []
    remittance, fallback = _("Mitgliedsnr. %(number)s %(texts)s"), _("Mitgliedsbeitrag")  # translated once
    zero = Decimal("0")
    for payer in by_payer.values():
        mandate = mandates.get(payer.pk)
        if mandate is None or mandate.signed_on > collection_date:
            continue
        entries = payer.entries
        owed = sum((amount for _pk, _member, amount, _text in entries), zero)
        # Payments made otherwise (transfer, cash) lower what is collected.
        balance = sum((balances.get(pk, zero) for pk in {payer.pk, *(member for _pk, member, *_ in entries)}), zero)
        amount = min(owed, balance)
        if amount <= 0:
            continue
        texts = sorted({text for *_, text in entries})
        text = sanitize_remittance(remittance % {"number": payer.number, "texts": ", ".join(texts)})
        lines.append(
            (payer.pk, mandate.pk, amount, f"HH{run.pk}-{payer.number}", mandate_sequence(mandate), text or fallback)
        )
        links.append([pk for pk, *_ in entries])
    lines_write(run.pk, lines, links)
    change_record(instance=run, action="create", changes=diff({}, _run_snapshot(run)), by=by)
    return run


def run_total(run: DebitRun) -> Decimal:
    return run.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


# --- pre-notification ---


@dataclass
class NotifyResult:
    sent: int = 0
    without_email: list[Member] = field(default_factory=list)


@transaction.atomic
def debit_run_notify(*, run: DebitRun, club, by, today: datetime.date | None = None) -> NotifyResult:
    """Sends each payer the pre-notification (amount, date, mandate reference, creditor id) by e-mail;
    refused once the club's lead time before the collection date has begun."""
    run = DebitRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (DebitRunStatus.DRAFT, DebitRunStatus.NOTIFIED):
        raise DebitRunError(_("Für einen exportierten Lastschriftlauf werden keine Vorabinformationen mehr versandt."))
    settings = club_debit_settings(club)
    deadline = calendar.prenotification_deadline(run.collection_date, lead_days=settings.lead_days)
    if (today or timezone.localdate()) > deadline:
        raise DebitRunError(
            _(
                "Die Vorabinformation muss spätestens am %(deadline)s versandt sein, %(lead)d Tage vor dem Einzug "
                "am %(day)s. Bitte einen neuen Lastschriftlauf mit einem späteren Einzugstag anlegen."
            )
            % {
                "deadline": f"{deadline:%d.%m.%Y}",
                "lead": settings.lead_days,
                "day": f"{run.collection_date:%d.%m.%Y}",
            }
        )
    result = NotifyResult()
    now = timezone.now()
    for line in run.lines.filter(notified_at__isnull=True).select_related("member", "mandate"):
        if not line.member.email:
            result.without_email.append(line.member)
            continue
        context = {
            "member": line.member,
            "line": line,
            "run": run,
            "club_name": settings.club_name,
            "creditor_id": settings.creditor.creditor_id,
            "amount": f"{line.amount:.2f}".replace(".", ","),
        }
        send_mail(
            subject=_("Vorabinformation zur SEPA-Lastschrift am %(day)s") % {"day": f"{run.collection_date:%d.%m.%Y}"},
            message=render_to_string("office/debits/email/prenotification.txt", context),
            from_email=None,
            recipient_list=[line.member.email],
        )
        line.notified_at = now
        line.save(update_fields=["notified_at"])
        result.sent += 1
    before = _run_snapshot(run)
    run.status, run.notified_at = DebitRunStatus.NOTIFIED, now
    run.save(update_fields=["status", "notified_at"])
    changes = diff(before, _run_snapshot(run))
    changes["notified"] = ["", str(result.sent)]
    change_record(instance=run, action="notify", changes=changes, by=by)
    return result


# --- export ---


def _sepa_line(line: ExportLine, mandate: ExportMandate, collection_date: datetime.date) -> SepaLine:
    amendment = None
    if mandate.is_amended and (mandate.original_iban or mandate.original_reference):
        amendment = Amendment(
            original_mandate_reference=mandate.original_reference or None,
            original_iban=mandate.original_iban or None,
        )
    return SepaLine(
        end_to_end_id=line.end_to_end_id,
        amount=line.amount,
        mandate_reference=mandate.reference,
        mandate_signed_on=mandate.signed_on,
        sequence=line.sequence,
        debtor_name=mandate.account_holder,
        iban=mandate.iban,
        bic=mandate.bic or None,
        remittance=line.text,
        collection_date=collection_date,
        address=PostalAddress(
            street=line.street,
            building_number=line.house_number,
            postal_code=line.postal_code,
            town=line.town,
            country=line.country or "DE",
        ),
        amendment=amendment,
    )


@gc_paused()
@transaction.atomic
def debit_run_export(*, run: DebitRun, club, by) -> DebitRun:
    """Builds and stores the validated pain.008; marks mandates used and books the collections.

    On any problem the run stays as it was and `DebitRunError.problems` lists the German reasons.
    """
    run = DebitRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (DebitRunStatus.DRAFT, DebitRunStatus.NOTIFIED):
        raise DebitRunError(_("Die Datei dieses Lastschriftlaufs ist schon erstellt."))
    settings = club_debit_settings(club)
    # In bulk (office/services/debit_rows.py): the mandates locked and read in one query, the lines with
    # their debtors in one, the mandates and lines updated in one each, the payments booked by one COPY,
    # every history record (mandate, payment, run) written by one more.
    mandates = export_mandates_lock(run.pk)
    lines = export_lines(run.pk)
    if not lines:
        raise DebitRunError(_("Der Lastschriftlauf enthält keine Lastschrift."))
    try:
        built = build_pain008(
            creditor=settings.creditor,
            lines=[_sepa_line(line, mandates[line.mandate_id], run.collection_date) for line in lines],
            version=run.pain_version or settings.version,
            message_id=f"HH{run.pk}T{timezone.now():%Y%m%d%H%M%S}",
        )
    except Pain008InputError as error:
        raise DebitRunError(error.message, [str(problem) for problem in error.problems]) from None
    except Pain008SchemaError as error:
        raise DebitRunError(error.message, [str(issue) for issue in error.issues]) from None
    before = _run_snapshot(run)
    run.xml = built.xml.decode("utf-8")
    run.message_id = built.message_id
    run.pain_version = built.version
    run.creditor_id = settings.creditor.creditor_id
    run.status = DebitRunStatus.EXPORTED
    run.exported_at = timezone.now()
    run.save()
    author, now, day = user_snapshot(by), timezone.now(), run.collection_date
    payment_text = _("Lastschrift %(id)s")  # translated once
    records, payments, used = [], [], mandate_used_changes(day)
    for line in lines:
        mandate = mandates[line.mandate_id]
        records.append(("sepamandate", mandate.pk, mandate.reference, mandate.member_id, "debit", used(mandate)))
        payments.append(
            EntryRow(
                member=MemberName(line.member_id, line.number, line.title, line.first_name, line.last_name),
                member_id=line.member_id,
                booked_on=day,
                kind=EntryKind.PAYMENT,
                amount=line.amount,
                text=payment_text % {"id": line.end_to_end_id},
                mandate_id=mandate.pk,
                mandate_repr=mandate.reference,
            )
        )
    export_mark_used(run.pk, collection_date=day, now=now)
    payment_records: list = []
    account_entry_rows_add(rows=payments, by=by, history=payment_records)
    # The history in the order the one-by-one export wrote it: per line the mandate, then its payment.
    records = [record for pair in zip(records, payment_records, strict=True) for record in pair]
    records.append(change_row(instance=run, action="export", changes=diff(before, _run_snapshot(run))))
    change_rows_write(records, author=author)
    return run


@transaction.atomic
def debit_run_close(*, run: DebitRun, by) -> DebitRun:
    run = DebitRun.objects.select_for_update().get(pk=run.pk)
    if run.status != DebitRunStatus.EXPORTED:
        raise DebitRunError(_("Nur ein exportierter Lastschriftlauf kann abgeschlossen werden."))
    before = _run_snapshot(run)
    run.status = DebitRunStatus.CLOSED
    run.save(update_fields=["status"])
    change_record(instance=run, action="close", changes=diff(before, _run_snapshot(run)), by=by)
    return run


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of `day`'s month: the default period of a debit run."""
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def next_collection_date_for(*, club, today: datetime.date | None = None) -> datetime.date:
    """The earliest valid collection date for a run created today (the club's lead time)."""
    today = today or timezone.localdate()
    lead_days = getattr(club, "sepa_lead_days", None)
    lead_days = calendar.DEFAULT_LEAD_DAYS if lead_days is None else int(lead_days)
    return calendar.earliest_collection_date(today=today, lead_days=lead_days)


@transaction.atomic
def debit_run_due(*, club, by, today: datetime.date | None = None) -> DebitRun:
    """The club's next due run: the open (or exported) run of the current month, else a new one with
    the next valid collection date; exported if it has no file yet."""
    today = today or timezone.localdate()
    start, end = month_of(today)
    run = (
        DebitRun.objects.filter(period_start=start, period_end=end)
        .exclude(status=DebitRunStatus.CLOSED)
        .order_by("-pk")
        .first()
    )
    if run is None:
        run = debit_run_create(
            club=club,
            period_start=start,
            period_end=end,
            collection_date=next_collection_date_for(club=club, today=today),
            by=by,
            today=today,
        )
    if not run.xml:
        run = debit_run_export(run=run, club=club, by=by)
    return run


@dataclass(frozen=True)
class DueFile:
    xml: bytes
    version: str
    collection_date: datetime.date
    count: int
    total: Decimal


def debit_file_due(*, club, by=None) -> DueFile:
    """The validated pain.008 of `club`'s next due run, read in the club's schema (manage.py sepa_export)."""
    with schema_context(club.schema_name):
        run = debit_run_due(club=club, by=by)
        xml = run.xml.encode("utf-8")
        validate_pain008(xml, version=run.pain_version)
        return DueFile(xml, run.pain_version, run.collection_date, run.lines.count(), run_total(run))
