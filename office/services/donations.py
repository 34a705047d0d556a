"""Donors, donations and official donation receipts (issue #13).

Receipts are made by the pure package `office/receipts` (BMF wording, rules of § 63 (5) AO and
§ 10b (1) sentence 8 EStG, one-page PDF); this module builds its values from the club's rows, numbers
the receipt (`ZB-<year>-<nnnn>`, unique in the club's schema, the counter row locked while a number is
taken), keeps the PDF as the duplicate and sends it by e-mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import Donation, DonationReceipt, Donor, OfficeSettings
from office.models.finance import DonationType, ReceiptType
from office.receipts import data as receipt_data
from office.receipts.errors import ReceiptError
from office.receipts.pdf import BATCH_SIZE, render_receipt_pdf, render_receipts_pdfs
from office.receipts.rules import check_receipt, next_receipt_number

from .history import change_record, diff, snapshot, user_snapshot

DONOR_FIELDS = ("member", "name", "street", "postal_code", "town", "email", "iban")
DONATION_FIELDS = ("donated_on", "amount", "kind", "description", "value_basis", "origin")


# --- settings ---------------------------------------------------------------------------------------


def office_settings(*, club=None) -> OfficeSettings:
    """The club's tax data (one row per schema, made on first use from the club profile's tax office)."""
    row = OfficeSettings.objects.order_by("pk").first()
    if row is None:
        row = OfficeSettings.objects.create(
            tax_office=getattr(club, "tax_office", "") or "",
            notice_date=getattr(club, "exemption_notice_date", None),
        )
    return row


@transaction.atomic
def office_settings_update(*, data: dict, by, club=None) -> OfficeSettings:
    row = OfficeSettings.objects.select_for_update().get(pk=office_settings(club=club).pk)
    before = snapshot(row)
    for name, value in data.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    change_record(instance=row, action="update", changes=diff(before, snapshot(row)), by=by)
    return row


# --- donors and donations -------------------------------------------------------------------------------


@transaction.atomic
def donor_create(*, data: dict, by) -> Donor:
    donor = Donor(**{name: data[name] for name in DONOR_FIELDS if name in data})
    donor.full_clean()
    donor.save()
    change_record(instance=donor, action="create", changes=diff({}, snapshot(donor)), by=by)
    return donor


@transaction.atomic
def donor_update(*, donor: Donor, data: dict, by) -> Donor:
    stored = Donor.objects.select_for_update().get(pk=donor.pk)
    before = snapshot(stored)
    for name in DONOR_FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    stored.full_clean()
    stored.save()
    change_record(instance=stored, action="update", changes=diff(before, snapshot(stored)), by=by)
    return stored


@transaction.atomic
def donation_create(*, donor: Donor, data: dict, by, booking=None) -> Donation:
    donation = Donation(donor=donor, booking=booking, **{name: data[name] for name in DONATION_FIELDS if name in data})
    donation.full_clean()
    donation.save()
    change_record(instance=donation, action="create", changes=diff({}, snapshot(donation)), by=by)
    return donation


# --- receipts ---------------------------------------------------------------------------------------


class ReceiptRefusal(Exception):
    """Why a receipt cannot be issued, in German (the receipts layer's message, or ours)."""

    def __init__(self, message: str, *, donor: Donor | None = None):
        super().__init__(message)
        self.message = message
        self.donor = donor


def issuer_for(*, club) -> receipt_data.Issuer:
    tax = office_settings(club=club)
    if not tax.notice_date:
        raise ReceiptRefusal(_("Das Datum des letzten Freistellungsbescheids fehlt in den Steuerdaten des Vereins."))
    return receipt_data.Issuer(
        name=club.name,
        address_lines=(club.street, f"{club.postal_code} {club.town}".strip()),
        place=tax.receipt_place or club.town,
        purposes=tuple(tax.purposes or ()),
        notice=receipt_data.TaxNotice(
            kind=receipt_data.NoticeKind(tax.notice_kind),
            tax_office=tax.tax_office,
            tax_number=tax.tax_number,
            date=tax.notice_date,
            assessment_period=tax.assessment_period,
        ),
        machine_made=tax.machine_made,
        machine_notified_on=tax.machine_notified_on,
        signatory=tax.signatory,
    )


def _donation_value(donation: Donation) -> receipt_data.Donation:
    kind = {
        DonationType.MONEY: receipt_data.DonationKind.MONEY,
        DonationType.WAIVER: receipt_data.DonationKind.MONEY,
        DonationType.MEMBERSHIP_FEE: receipt_data.DonationKind.MEMBERSHIP_FEE,
        DonationType.IN_KIND: receipt_data.DonationKind.IN_KIND,
    }[donation.kind]
    in_kind = None
    if donation.kind == DonationType.IN_KIND:
        description = donation.description
        if donation.value_basis:
            description = f"{description}; {_('Wertermittlung')}: {donation.value_basis}"
        in_kind = receipt_data.InKindDetails(
            description=description,
            origin=receipt_data.InKindOrigin(donation.origin),
            valuation_documents=bool(donation.value_basis),
        )
    return receipt_data.Donation(
        date=donation.donated_on,
        amount=donation.amount,
        kind=kind,
        waiver=donation.kind == DonationType.WAIVER,
        in_kind=in_kind,
    )


def _next_number(year: int) -> str:
    # The settings row serves as the lock: two receipts issued at once cannot take the same number.
    OfficeSettings.objects.select_for_update().filter(pk=office_settings().pk).first()
    # By the number, not the `year` field: a Sammelbestätigung keeps the year of its donations (2026) but is
    # numbered in the year it is issued (ZB-2027-…), so the field would miss it and hand out its number again.
    existing = DonationReceipt.objects.filter(number__contains=f"-{year:04d}-").values_list("number", flat=True)
    return next_receipt_number(year, existing)


def _receipt_value(*, club, donor: Donor, donations: list[Donation], kind: str, number: str, issued_on, issuer=None):
    if kind == ReceiptType.COLLECTIVE:
        receipt_kind = receipt_data.ReceiptKind.COLLECTIVE
    elif donations[0].kind == DonationType.IN_KIND:
        receipt_kind = receipt_data.ReceiptKind.IN_KIND
    else:
        receipt_kind = receipt_data.ReceiptKind.MONEY
    return receipt_data.Receipt(
        kind=receipt_kind,
        number=number,
        issue_date=issued_on,
        issuer=issuer or issuer_for(club=club),
        donor=receipt_data.Donor(name=donor.name, address_lines=donor.address_lines),
        donations=tuple(_donation_value(d) for d in sorted(donations, key=lambda d: (d.donated_on, d.pk))),
    )


@transaction.atomic
def _issue(*, club, donor: Donor, donations: list[Donation], kind: str, by, issued_on=None) -> DonationReceipt:
    issued_on = issued_on or timezone.localdate()
    # One query for the batch (a Sammelbestätigung lists up to dozens of donations).
    receipted = set(
        DonationReceipt.donations.through.objects.filter(donation_id__in=[d.pk for d in donations]).values_list(
            "donation_id", flat=True
        )
    )
    already = [d for d in donations if d.pk in receipted]
    if already:
        raise ReceiptRefusal(
            _("Für die Zuwendung vom %(date)s gibt es schon eine Bestätigung.")
            % {"date": already[0].donated_on.strftime("%d.%m.%Y")},
            donor=donor,
        )
    number = _next_number(issued_on.year)
    try:
        value = _receipt_value(
            club=club, donor=donor, donations=donations, kind=kind, number=number, issued_on=issued_on
        )
        check_receipt(value)
        pdf = render_receipt_pdf(value)
    except ReceiptError as error:
        raise ReceiptRefusal(error.message, donor=donor) from error
    return _store(donor=donor, donations=donations, kind=kind, value=value, pdf=pdf, by=by)


def _store(*, donor: Donor, donations: list[Donation], kind: str, value, pdf: bytes, by) -> DonationReceipt:
    """The receipt row with its PDF (the duplicate kept), its donations and the history record."""
    receipt = DonationReceipt.objects.create(
        number=value.number,
        year=value.issue_date.year if kind == ReceiptType.SINGLE else max(d.donated_on.year for d in donations),
        kind=kind,
        donor=donor,
        total=value.total,
        issued_on=value.issue_date,
        pdf=pdf,
        created_by=user_snapshot(by)[1],
    )
    receipt.donations.set(donations)
    change_record(instance=receipt, action="create", changes={"number": ["", value.number]}, by=by)
    return receipt


def receipt_issue(*, club, donation: Donation, by, issued_on: datetime.date | None = None) -> DonationReceipt:
    """A single receipt for one donation; `ReceiptRefusal` with the rule's German reason if it may not be."""
    return _issue(
        club=club, donor=donation.donor, donations=[donation], kind=ReceiptType.SINGLE, by=by, issued_on=issued_on
    )


@dataclass
class YearResult:
    issued: list[DonationReceipt] = field(default_factory=list)
    refused: list[ReceiptRefusal] = field(default_factory=list)


def receipts_issue_year(*, club, year: int, by, issued_on: datetime.date | None = None) -> YearResult:
    """Per donor, the year's donations without a receipt: one Sammelbestätigung for money, fees and waivers
    (a single receipt if it is just one), a single receipt for each donation in kind. Refusals are collected
    per donor; the others are issued."""
    result = YearResult()
    open_donations = (
        Donation.objects.filter(donated_on__year=year, receipts__isnull=True)
        .select_related("donor")
        .order_by("donor__name", "donor_id", "donated_on", "pk")
    )
    by_donor: dict[int, list[Donation]] = {}
    for donation in open_donations:
        by_donor.setdefault(donation.donor_id, []).append(donation)
    pending: list[tuple[Donor, list[Donation], str]] = []
    for donations in by_donor.values():
        donor = donations[0].donor
        money = [d for d in donations if d.kind != DonationType.IN_KIND]
        pending += [(donor, [d], ReceiptType.SINGLE) for d in donations if d.kind == DonationType.IN_KIND]
        if money:
            pending.append((donor, money, ReceiptType.COLLECTIVE if len(money) > 1 else ReceiptType.SINGLE))
    issued_on = issued_on or timezone.localdate()
    while pending:
        pending = _issue_chunk(club=club, pending=pending, by=by, issued_on=issued_on, result=result)
    return result


@transaction.atomic
def _issue_chunk(*, club, pending: list, by, issued_on: datetime.date, result: YearResult) -> list:
    """Issues the next receipts of `pending` (at most `BATCH_SIZE`), rendered by office/receipts/pdf.py's
    render_receipts_pdfs, numbered in order without gaps under the settings row's lock; returns what is
    still pending. A refused receipt takes no number: if the layout refuses one (too long for a page), the
    receipts after it go back to `pending` and are numbered and rendered again."""
    try:
        issuer = issuer_for(club=club)
    except ReceiptRefusal as refusal:
        result.refused += [ReceiptRefusal(refusal.message, donor=donor) for donor, _d, _k in pending]
        return []
    number = _next_number(issued_on.year)
    receipted = set(
        DonationReceipt.donations.through.objects.filter(
            donation_id__in=[d.pk for _donor, donations, _k in pending[:BATCH_SIZE] for d in donations]
        ).values_list("donation_id", flat=True)
    )
    chunk, values, taken = [], [], 0
    for donor, donations, kind in pending:
        if len(chunk) == BATCH_SIZE or taken == BATCH_SIZE:
            break
        taken += 1
        already = [d for d in donations if d.pk in receipted]
        if already:
            result.refused.append(
                ReceiptRefusal(
                    _("Für die Zuwendung vom %(date)s gibt es schon eine Bestätigung.")
                    % {"date": already[0].donated_on.strftime("%d.%m.%Y")},
                    donor=donor,
                )
            )
            continue
        value = _receipt_value(
            club=club, donor=donor, donations=donations, kind=kind, number=number, issued_on=issued_on, issuer=issuer
        )
        try:
            check_receipt(value)
        except ReceiptError as error:
            result.refused.append(ReceiptRefusal(error.message, donor=donor))
            continue
        chunk.append((donor, donations, kind))
        values.append(value)
        number = next_receipt_number(issued_on.year, [number])
    rest = pending[taken:]
    for index, (value, pdf) in enumerate(zip(values, render_receipts_pdfs(values, errors=True), strict=True)):
        donor, donations, kind = chunk[index]
        if isinstance(pdf, ReceiptError):
            result.refused.append(ReceiptRefusal(pdf.message, donor=donor))
            return chunk[index + 1 :] + rest  # numbered again from this receipt's number on
        result.issued.append(_store(donor=donor, donations=donations, kind=kind, value=value, pdf=pdf, by=by))
    return rest


@transaction.atomic
def receipt_send(*, club, receipt: DonationReceipt, by, to: str = "") -> DonationReceipt:
    """Sends the receipt's PDF to the donor (or `to`) by e-mail and notes when and to whom."""
    receipt = DonationReceipt.objects.select_for_update().select_related("donor").get(pk=receipt.pk)
    address = (to or receipt.donor.email).strip()
    if not address:
        raise ReceiptRefusal(_("Für %(name)s ist keine E-Mail-Adresse hinterlegt.") % {"name": receipt.donor.name})
    try:
        validate_email(address)
    except ValidationError as error:
        raise ReceiptRefusal(_("„%(address)s“ ist keine gültige E-Mail-Adresse.") % {"address": address}) from error
    tax = office_settings(club=club)
    if not tax.machine_made:
        # A receipt without the switch needs a hand signature: printed and signed, not e-mailed.
        raise ReceiptRefusal(
            _(
                "Per E-Mail können nur maschinell erstellte Bestätigungen versandt werden (R 10b.1 Abs. 4 EStR). "
                "Bitte die Bestätigung ausdrucken und unterschreiben oder in den Steuerdaten das maschinelle "
                "Verfahren einschalten."
            )
        )
    body = _(
        "Guten Tag,\n\nim Anhang erhalten Sie die Zuwendungsbestätigung %(number)s von %(club)s. "
        "Vielen Dank für Ihre Unterstützung!\n\nDie Bestätigung wurde maschinell erstellt und ist ohne "
        "Unterschrift gültig.\n"
    ) % {"number": receipt.number, "club": club.name}
    message = EmailMessage(
        subject=_("Zuwendungsbestätigung %(number)s") % {"number": receipt.number},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        reply_to=[club.email] if club.email else None,
    )
    message.attach(receipt.filename, bytes(receipt.pdf), "application/pdf")
    message.send()
    receipt.sent_at = timezone.now()
    receipt.sent_to = address
    receipt.save(update_fields=["sent_at", "sent_to"])
    change_record(instance=receipt, action="update", changes={"sent_to": ["", address]}, by=by)
    return receipt


@dataclass
class YearFiles:
    files: list[tuple[str, bytes]]  # (file name, PDF)
    refused: list[ReceiptRefusal]


def receipts_year_files(*, club, year: int, by=None) -> YearFiles:
    """For `manage.py donation_receipts`: issues the year's missing receipts in the club's schema and
    returns every receipt of the year as (file name, PDF) with the refusals."""
    from django_tenants.utils import schema_context

    with schema_context(club.schema_name):
        result = receipts_issue_year(club=club, year=year, by=by or "manage.py donation_receipts")
        receipts = DonationReceipt.objects.filter(year=year).order_by("number")
        return YearFiles([(r.filename, bytes(r.pdf)) for r in receipts], result.refused)
