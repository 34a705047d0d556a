"""Member self-service: a personal link by e-mail, then the member's own data, IBAN, statement and notice.

Members are not Wagtail users (ARCHITECTURE.md). They ask for a link on "Mein Mitgliedskonto" with
their e-mail address and act through it: a token signed with Django's `signing` (a salt of its own
purpose), valid for `LINK_MAX_AGE`, naming the member and the club's schema, so a link works only on
its club's host. Every change goes through the office services (history written with "Mitglied
(Selbstauskunft)" as the author); the notice of leaving follows the statute's notice period.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text, mail_send, mail_send_after_commit, reply_to
from office.constants import CURRENT_STATUSES, EntryKind, MandateStatus, MemberStatus
from office.models import Member, MemberAccountEntry, SepaMandate

from .history import change_record
from .join import TENANT_URLCONF, _club_url
from .members import member_leave, member_update
from .sepa import mandate_update
from .tokens import TokenInvalid, schema_token, schema_token_data

LINK_SALT = "heldenhelfer.office.self-service"
LINK_MAX_AGE = 14 * 24 * 60 * 60
SELF_SERVICE_AUTHOR = "Mitglied (Selbstauskunft)"
# Leavers keep their link: they still need the statement of the dues they paid (tax return).
LINK_STATUSES = (*CURRENT_STATUSES, MemberStatus.LEFT)
# What a member may correct themselves (the rest is the board's: status, fee group, number, notes).
SELF_EDITABLE = (
    "street",
    "house_number",
    "postal_code",
    "town",
    "country",
    "email",
    "phone",
    "mobile",
    "photo_consent",
    "newsletter_consent",
)

__all__ = ["TENANT_URLCONF", "TokenInvalid"]


# --- the link ---------------------------------------------------------------------------------


def member_link_token(member: Member) -> str:
    return schema_token({"m": member.pk}, salt=LINK_SALT)


def member_for_token(token: str) -> Member:
    """The member a personal link names, in the current club's schema, or `TokenInvalid`."""
    payload = schema_token_data(
        token,
        salt=LINK_SALT,
        max_age=LINK_MAX_AGE,
        expired=_("Ihr persönlicher Link ist abgelaufen. Bitte fordern Sie einen neuen an."),
        invalid=_("Dieser Link ist ungültig. Bitte fordern Sie einen neuen an."),
        foreign=_("Dieser Link gehört nicht zu diesem Verein."),
    )
    member = Member.objects.select_related("fee_group").filter(pk=payload.get("m")).first()
    if member is None or member.status not in LINK_STATUSES:
        raise TokenInvalid(_("Zu diesem Link gibt es keine Mitgliedschaft."))
    return member


def member_link_send(*, club, email: str) -> int:
    """E-mails a personal link to every current member with this address (family members may share
    one). Returns how many were sent; the page answers the same whatever the number."""
    email = (email or "").strip()
    if not email:
        return 0
    members = Member.objects.filter(email__iexact=email, status__in=LINK_STATUSES).order_by("number")
    sent = 0
    for member in members:
        link = _club_url(club, "office_public:account_home", member_link_token(member))
        message = EmailMessage(
            subject=header_text(_("Ihr persönlicher Link zum Mitgliedskonto bei %(club)s") % {"club": club}),
            body=render_to_string(
                "office/self_service/email_link.txt",
                {"club": club, "member": member, "link": link, "days": LINK_MAX_AGE // 86400},
            ),
            to=[member.email],
            reply_to=reply_to(club.email),
        )
        sent += mail_send(message, what=f"self-service link for {connection.schema_name}")
    return sent


# --- reads ------------------------------------------------------------------------------------


def member_active_mandate(member: Member) -> SepaMandate | None:
    return member.mandates.filter(status=MandateStatus.ACTIVE).order_by("-signed_on", "-pk").first()


@dataclass(frozen=True)
class Statement:
    member: Member
    year: int
    payments: list[MemberAccountEntry]
    total: Decimal


def member_statement(*, member: Member, year: int) -> Statement:
    """The member's payments (dues paid) booked in `year`."""
    payments = list(
        MemberAccountEntry.objects.filter(member=member, kind=EntryKind.PAYMENT, booked_on__year=year).order_by(
            "booked_on", "pk"
        )
    )
    return Statement(member=member, year=year, payments=payments, total=sum((p.amount for p in payments), Decimal(0)))


def member_statement_years(member: Member) -> list[int]:
    """Years with a payment, newest first, and always the current one."""
    years = set(
        MemberAccountEntry.objects.filter(member=member, kind=EntryKind.PAYMENT)
        .dates("booked_on", "year")
        .values_list("booked_on__year", flat=True)
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def statement_pdf(statement: Statement, *, club) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "office/self_service/statement_pdf.html",
        {"statement": statement, "club": club, "today": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()


# --- notice of leaving ------------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_effective_on(*, given_on: datetime.date, months: int, to_year_end: bool) -> datetime.date:
    """The last day of membership for a notice received on `given_on`.

    The period runs `months` months from the day of receipt (§ 188 (2) BGB: it ends on the day of
    the last month that bears the same number; a missing day means the month's last, § 188 (3)).
    "Zum Jahresende": the membership ends on the first 31 December on or after that day, so with
    three months a notice received by 30 September ends it on 31 December of the same year, one of
    1 October on 31 December of the next.
    """
    earliest = _add_months(given_on, months)
    if to_year_end:
        return datetime.date(earliest.year, 12, 31)
    return earliest


def member_notice_effective_on(*, member: Member, club, given_on: datetime.date | None = None) -> datetime.date:
    return notice_effective_on(
        given_on=given_on or timezone.localdate(),
        months=club.notice_period_months,
        to_year_end=club.notice_period_to_year_end,
    )


# --- writes -----------------------------------------------------------------------------------


def member_self_update(*, member: Member, data: dict) -> Member:
    """The member corrects their own contact data and consents (history written)."""
    changes = {name: data[name] for name in SELF_EDITABLE if name in data}
    for consent in ("photo_consent", "newsletter_consent"):
        if consent in changes and not changes[consent]:
            changes[f"{consent}_on"] = None  # a withdrawn consent keeps no date
        elif changes.get(consent) and not getattr(member, consent):
            changes[f"{consent}_on"] = timezone.localdate()  # given now
    return member_update(member=member, data=changes, by=SELF_SERVICE_AUTHOR)


@transaction.atomic
def member_self_iban_change(*, member: Member, account_holder: str, iban: str) -> SepaMandate:
    """A new account for the member's mandate: an amendment (the original IBAN goes with the next
    debit file), through `mandate_update`."""
    mandate = member_active_mandate(member)
    if mandate is None:
        raise ValidationError(
            _("Für Sie ist kein gültiges Lastschriftmandat hinterlegt. Bitte wenden Sie sich an den Verein.")
        )
    return mandate_update(
        mandate=mandate, data={"iban": iban, "account_holder": account_holder, "bic": ""}, by=SELF_SERVICE_AUTHOR
    )


@transaction.atomic
def member_notice_give(*, member: Member, club, text: str = "") -> Member:
    """Notice of leaving, received today: records `left_on` by the statute's notice period, a history
    entry with the member's words, and confirms by e-mail (to the member, a copy to the club)."""
    stored = Member.objects.select_for_update().get(pk=member.pk)
    if stored.left_on:
        raise ValidationError(
            _("Ihre Kündigung liegt uns schon vor: Ihre Mitgliedschaft endet am %(day)s.")
            % {"day": f"{stored.left_on:%d.%m.%Y}"}
        )
    today = timezone.localdate()
    left_on = member_notice_effective_on(member=stored, club=club, given_on=today)
    stored = member_leave(member=stored, left_on=left_on, by=SELF_SERVICE_AUTHOR)
    change_record(
        instance=stored,
        action="notice",
        changes={
            "notice_received_on": ["", f"{today:%d.%m.%Y}"],
            "left_on": ["", f"{left_on:%d.%m.%Y}"],
            "notice_text": ["", (text or "").strip()[:2000]],
        },
        by=SELF_SERVICE_AUTHOR,
        member_id=stored.pk,
    )
    context = {"club": club, "member": stored, "given_on": today, "left_on": left_on, "text": (text or "").strip()}
    recipients = [stored.email] if stored.email else []
    if recipients:
        mail_send_after_commit(
            EmailMessage(
                subject=header_text(_("Ihre Kündigung bei %(club)s") % {"club": club}),
                body=render_to_string("office/self_service/email_notice.txt", context),
                to=recipients,
                cc=[club.email] if club.email else [],
                reply_to=reply_to(club.email),
            ),
            what=f"notice confirmation for {connection.schema_name}",
        )
    elif club.email:
        mail_send_after_commit(
            EmailMessage(
                subject=header_text(_("Kündigung eingegangen: %(name)s") % {"name": stored.full_name}),
                body=render_to_string("office/self_service/email_notice.txt", context),
                to=[club.email],
            ),
            what=f"notice copy for {connection.schema_name}",
        )
    return stored
