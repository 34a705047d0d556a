"""Joining online: the application from the join page, its confirmation by e-mail (double opt-in)
and the board's decision.

* `join_application_submit` stores the application as "unconfirmed" and sends the confirmation link
  at once, inside the transaction: an address the mail server refuses leaves nothing stored, and the
  visitor gets the form back with everything typed (the page shows the error at the e-mail field);
* `join_application_confirm` (the link: signed, expiring, bound to the club's schema) makes it
  "pending" and only then tells the club's address; the board never sees unconfirmed applications;
* `join_application_accept` creates the member, the mandate (the reference the visitor saw, signed
  on the day of the confirmation) and the first fee (admission fee and the first period's due,
  booked so that `office.services.dues` never books them twice) in one transaction, then welcomes
  the new member by e-mail; `join_application_decline` keeps the reason and writes politely.

Runs in the current (club) schema; links go to the club's own host (cms/public_urls.py).
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send_after_commit, reply_to
from cms.public_urls import absolute_url
from office import money
from office.constants import MONTHS_PER_INTERVAL, EntryKind, MemberStatus
from office.models import FeeGroup, JoinApplication, JoinStatus, Member, PaymentMethod, SepaMandate

from .dues import ADMISSION_TEXT, due_dates, fee_for
from .fees import account_entry_add
from .history import change_record, diff, snapshot
from .members import member_create
from .sepa import mandate_create
from .tokens import TokenInvalid, schema_token, schema_token_data

CONFIRM_SALT = "heldenhelfer.office.join-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
TENANT_URLCONF = "cms.urls_tenant"
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: people copy it from paper


# --- reads the join page needs ------------------------------------------------------------------


def fee_groups_offered():
    """The fee groups a visitor may pick (active ones, in the board's order by name)."""
    return FeeGroup.objects.filter(is_active=True).order_by("name")


def euro(amount: Decimal) -> str:
    return money.euro(amount)


def fee_group_label(group: FeeGroup) -> str:
    """ "Erwachsene – 120,00 € jährlich (Aufnahmegebühr 10,00 €)"."""
    label = f"{group.name} – {euro(group.amount)} {group.get_interval_display()}"
    if group.admission_fee:
        label += " " + _("(Aufnahmegebühr %(amount)s)") % {"amount": euro(group.admission_fee)}
    return label


def mandate_reference_new(*, today: datetime.date | None = None) -> str:
    """A fresh mandate reference "M-20260614-K7Q2XA", not used by any mandate or application.

    The visitor sees it before sending; the member's mandate keeps it for life.
    """
    today = today or timezone.localdate()
    while True:
        suffix = "".join(secrets.choice(_REFERENCE_ALPHABET) for _i in range(6))
        reference = f"M-{today:%Y%m%d}-{suffix}"
        if not mandate_reference_taken(reference):
            return reference


def mandate_reference_taken(reference: str) -> bool:
    return (
        SepaMandate.objects.filter(reference__iexact=reference).exists()
        or JoinApplication.objects.filter(mandate_reference__iexact=reference).exists()
    )


def mandate_text(*, club, reference: str) -> str:
    """The SEPA core mandate's wording as the visitor reads it and agrees to it."""
    return _(
        "SEPA-Lastschriftmandat. Ich ermächtige %(creditor)s (Gläubiger-Identifikationsnummer "
        "%(creditor_id)s), Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise "
        "ich mein Kreditinstitut an, die von %(creditor)s auf mein Konto gezogenen Lastschriften "
        "einzulösen. Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die "
        "Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut "
        "vereinbarten Bedingungen. Mandatsreferenz: %(reference)s. Über Betrag und Termin jeder "
        "Lastschrift informiert mich der Verein vorab per E-Mail."
    ) % {"creditor": club.name, "creditor_id": club.creditor_id, "reference": reference}


# --- tokens -----------------------------------------------------------------------------------


def join_confirm_token(application: JoinApplication) -> str:
    return schema_token({"a": application.pk}, salt=CONFIRM_SALT)


def join_application_for_token(token: str) -> JoinApplication:
    """The application a confirmation link names, in the current club's schema, or `TokenInvalid`."""
    payload = schema_token_data(
        token,
        salt=CONFIRM_SALT,
        max_age=CONFIRM_MAX_AGE,
        expired=_("Der Bestätigungslink ist abgelaufen. Bitte senden Sie den Antrag noch einmal."),
        invalid=_("Dieser Bestätigungslink ist ungültig."),
        foreign=_("Dieser Bestätigungslink gehört nicht zu diesem Verein."),
    )
    application = JoinApplication.objects.filter(pk=payload.get("a")).first()
    if application is None:
        raise TokenInvalid(_("Diesen Antrag gibt es nicht mehr."))
    return application


def _club_url(club, name: str, *args) -> str:
    return absolute_url(club.primary_hostname or "", reverse(name, args=args, urlconf=TENANT_URLCONF))


# --- writes -----------------------------------------------------------------------------------

APPLICATION_FIELDS = (
    "fee_group",
    "first_name",
    "last_name",
    "birth_date",
    "street",
    "house_number",
    "postal_code",
    "town",
    "country",
    "email",
    "phone",
    "message",
    "account_holder",
    "iban",
    "mandate_reference",
)


@transaction.atomic
def join_application_submit(*, club, data: dict, page_title: str = "") -> JoinApplication:
    """Store an application ("unconfirmed") and send the confirmation link.

    With the club's creditor identifier the application carries a mandate (account holder, IBAN,
    reference and the mandate text agreed to); without one the member pays by transfer. Raises
    `ValidationError` (nothing stored) for invalid data, a reference taken meanwhile, or an address
    the mail server refuses.
    """
    application = JoinApplication(page_title=page_title[:255], consent=bool(data.get("consent")))
    for name in APPLICATION_FIELDS:
        if name in data and data[name] is not None:
            setattr(application, name, data[name])
    if club.creditor_id:
        application.payment_method = PaymentMethod.DIRECT_DEBIT
        if not (application.iban and application.account_holder and application.mandate_reference):
            raise ValidationError(_("Bitte geben Sie Kontoinhaber/in und IBAN für das Lastschriftmandat an."))
        if not data.get("mandate_consent"):
            raise ValidationError({"mandate_consent": _("Bitte erteilen Sie das Lastschriftmandat.")})
        if mandate_reference_taken(application.mandate_reference):
            raise ValidationError(
                _(
                    "Die Mandatsreferenz war inzwischen vergeben; wir haben eine neue gebildet. Bitte lesen Sie "
                    "das Mandat noch einmal und senden Sie erneut ab."
                )
            )
        application.creditor_id = club.creditor_id
        application.mandate_text = mandate_text(club=club, reference=application.mandate_reference)
    else:
        application.payment_method = PaymentMethod.TRANSFER
        application.account_holder = application.iban = application.mandate_reference = ""
    application.full_clean()
    application.save()
    confirm_url = _club_url(club, "office_public:join_confirm", join_confirm_token(application))
    message = EmailMessage(
        subject=header_text(_("Bitte bestätigen Sie Ihren Mitgliedsantrag bei %(club)s") % {"club": club}),
        body=render_to_string(
            "office/join/email_confirm.txt",
            {"club": club, "application": application, "confirm_url": confirm_url, "days": CONFIRM_MAX_AGE // 86400},
        ),
        to=[application.email],
        reply_to=reply_to(club.email),
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - any refusal: nothing is stored, the visitor corrects the address
        raise ValidationError(
            {
                "email": _(
                    "An diese E-Mail-Adresse konnten wir keine Nachricht senden. Bitte prüfen Sie die Adresse "
                    "und senden Sie den Antrag noch einmal ab."
                )
            }
        ) from None
    return application


@transaction.atomic
def join_application_confirm(*, application: JoinApplication, club) -> JoinApplication:
    """The visitor opened the link: the application waits for the board, which is told now (once)."""
    stored = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if stored.status != JoinStatus.UNCONFIRMED:
        return stored
    stored.status = JoinStatus.PENDING
    stored.confirmed_at = timezone.now()
    stored.save(update_fields=["status", "confirmed_at"])
    if club.email:
        admin_url = _club_url(club, "office_join_detail", stored.pk)
        mail_send_after_commit(
            EmailMessage(
                subject=header_text(_("Neuer Mitgliedsantrag: %(name)s") % {"name": str(stored)}),
                body=render_to_string(
                    "office/join/email_board.txt", {"club": club, "application": stored, "admin_url": admin_url}
                ),
                to=[club.email],
            ),
            what=f"join application notice for {connection.schema_name}",
        )
    return stored


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def first_fee_book(*, member: Member, mandate: SepaMandate | None, by) -> list:
    """The admission fee and the first fee period the member owes, as "due" entries.

    The period is the one the joining day falls in; if the group's rule says "from the next period"
    (nothing owed for the current one), it is the next. Entries match those of `dues_book`
    (same text for the admission fee, same `period_start`), so a debit run never books them twice.
    """
    group = member.fee_group
    if group is None or member.status in (MemberStatus.APPLICANT, MemberStatus.HONORARY):
        return []
    joined = member.joined_on
    entries = []
    if group.admission_fee > 0:
        entries.append(
            account_entry_add(
                member=member,
                data={
                    "booked_on": joined,
                    "kind": EntryKind.DUE,
                    "amount": group.admission_fee,
                    "text": ADMISSION_TEXT,
                    "mandate": mandate,
                },
                by=by,
            )
        )
    step = MONTHS_PER_INTERVAL[group.interval]
    due_on = due_dates(group, start=_add_months(joined, -12), end=joined)[-1]
    amount = fee_for(member, group, due_on)
    if amount <= 0:
        due_on = _add_months(due_on, step)
        amount = fee_for(member, group, due_on)
    if amount > 0:
        last = _add_months(due_on, step) - datetime.timedelta(days=1)
        text = _("Mitgliedsbeitrag %(group)s %(start)s–%(end)s") % {
            "group": group.name,
            "start": f"{due_on:%d.%m.%Y}",
            "end": f"{last:%d.%m.%Y}",
        }
        entries.append(
            account_entry_add(
                member=member,
                data={
                    "booked_on": max(due_on, joined),
                    "kind": EntryKind.DUE,
                    "amount": amount,
                    "text": text[:140],
                    "period_start": due_on,
                    "period_end": last,
                    "mandate": mandate,
                },
                by=by,
            )
        )
    return entries


def _decided(stored: JoinApplication, *, status: str, by) -> dict:
    before = snapshot(stored)
    stored.status = status
    stored.decided_at = timezone.now()
    stored.decided_by = ((by.get_full_name() or by.get_username()) if by is not None else "")[:150]
    return before


def _undecided(application: JoinApplication) -> JoinApplication:
    stored = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if stored.status != JoinStatus.PENDING:
        raise ValidationError(_("Über diesen Antrag ist schon entschieden, oder die E-Mail ist noch nicht bestätigt."))
    return stored


@transaction.atomic
def join_application_accept(*, application: JoinApplication, club, by) -> Member:
    """Member, mandate and first fee in one transaction; the welcome mail goes out after the commit."""
    stored = _undecided(application)
    today = timezone.localdate()
    member = member_create(
        data={
            "first_name": stored.first_name,
            "last_name": stored.last_name,
            "birth_date": stored.birth_date,
            "street": stored.street,
            "house_number": stored.house_number,
            "postal_code": stored.postal_code,
            "town": stored.town,
            "country": stored.country,
            "email": stored.email,
            "phone": stored.phone,
            "joined_on": today,
            "status": MemberStatus.ACTIVE,
            "fee_group": stored.fee_group,
            "notes": _("Online-Antrag vom %(day)s") % {"day": f"{timezone.localtime(stored.created_at):%d.%m.%Y}"},
        },
        by=by,
    )
    mandate = None
    if stored.payment_method == PaymentMethod.DIRECT_DEBIT and stored.iban:
        mandate = mandate_create(
            member=member,
            data={
                "reference": stored.mandate_reference,
                "signed_on": timezone.localdate(stored.confirmed_at) if stored.confirmed_at else today,
                "account_holder": stored.account_holder,
                "iban": stored.iban,
            },
            by=by,
        )
    entries = first_fee_book(member=member, mandate=mandate, by=by)
    before = _decided(stored, status=JoinStatus.ACCEPTED, by=by)
    stored.member = member
    stored.save()
    change_record(instance=stored, action="accept", changes=diff(before, snapshot(stored)), by=by, member_id=member.pk)
    context = {
        "club": club,
        "member": member,
        "mandate": mandate,
        "entries": entries,
        "total": sum((entry.amount for entry in entries), Decimal("0")),
        "account_url": _club_url(club, "office_public:account"),
    }
    mail_send_after_commit(
        EmailMessage(
            subject=header_text(_("Willkommen bei %(club)s") % {"club": club}),
            body=render_to_string("office/join/email_welcome.txt", context),
            to=[member.email],
            reply_to=reply_to(club.email),
        ),
        what=f"welcome mail for {connection.schema_name}",
    )
    return member


@transaction.atomic
def join_application_decline(*, application: JoinApplication, club, reason: str, by) -> JoinApplication:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund für die Ablehnung an.")})
    stored = _undecided(application)
    before = _decided(stored, status=JoinStatus.DECLINED, by=by)
    stored.decline_reason = reason
    stored.full_clean()
    stored.save()
    change_record(instance=stored, action="decline", changes=diff(before, snapshot(stored)), by=by)
    mail_send_after_commit(
        EmailMessage(
            subject=header_text(_("Ihr Mitgliedsantrag bei %(club)s") % {"club": club}),
            body=render_to_string("office/join/email_declined.txt", {"club": club, "application": stored}),
            to=[stored.email],
            reply_to=reply_to(club.email),
        ),
        what=f"decline mail for {connection.schema_name}",
    )
    return stored
