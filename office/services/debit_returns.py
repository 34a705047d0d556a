"""Returned direct debits: the bank's camt.053/054 or CSV matched by end-to-end id; the member's
account gets the return and the bank fee as open items, the member a reminder by e-mail."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from office.constants import EntryKind
from office.models import DebitLine, DebitLineStatus
from office.money import euro
from office.sepa.camt import parse_returns
from office.sepa.returns_csv import parse_returns_csv

from .fees import account_entry_add
from .history import change_record


@dataclass
class ReturnsResult:
    booked: list[DebitLine] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def parse_returns_file(data: bytes):
    """camt.053/054 (XML) or a bank's CSV export; `ReturnsFileError` with a German message."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return parse_returns(data)
    return parse_returns_csv(data)


@transaction.atomic
def debit_returns_import(*, data: bytes, club, by, remind: bool = True) -> ReturnsResult:
    """Matches returned debits by end-to-end id: the line is returned, the member's account gets the
    return and the bank fee (an open item), and the member a reminder by e-mail."""
    returned = parse_returns_file(data)  # ReturnsFileError with the German reason
    result = ReturnsResult()
    name = getattr(club, "display_name", "") or club.name
    for item in returned:
        line = (
            DebitLine.objects.select_for_update()
            .select_related("member", "mandate", "run")
            .filter(end_to_end_id=item.end_to_end_id)
            .first()
        )
        if line is None:
            result.unknown.append(item.end_to_end_id or "?")
            continue
        if line.status == DebitLineStatus.RETURNED:
            result.already.append(line.end_to_end_id)
            continue
        line.status = DebitLineStatus.RETURNED
        line.returned_on = item.booking_date or timezone.localdate()
        line.return_reason_code = (item.reason_code or "")[:4]
        line.return_reason_text = item.reason_text[:200]
        line.bank_fee = item.fee
        line.save()
        account_entry_add(
            member=line.member,
            data={
                "booked_on": line.returned_on,
                "kind": EntryKind.RETURN,
                "amount": line.amount,
                "text": (
                    _("Rücklastschrift %(id)s: %(reason)s")
                    % {"id": line.end_to_end_id, "reason": line.return_reason_text}
                )[:140],
                "mandate": line.mandate,
            },
            by=by,
        )
        fee = item.fee if item.fee and item.fee > 0 and getattr(club, "sepa_return_fee_to_member", True) else None
        if fee:
            account_entry_add(
                member=line.member,
                data={
                    "booked_on": line.returned_on,
                    "kind": EntryKind.FEE,
                    "amount": fee,
                    "text": (_("Bankgebühr Rücklastschrift %(id)s") % {"id": line.end_to_end_id})[:140],
                },
                by=by,
            )
        if remind and line.member.email:
            owed = line.amount + (fee or Decimal("0"))
            send_mail(
                subject=_("Ihre Lastschrift konnte nicht eingezogen werden"),
                message=render_to_string(
                    "office/debits/email/return_reminder.txt",
                    {
                        "member": line.member,
                        "line": line,
                        "club_name": name,
                        "amount": euro(line.amount),
                        "fee": euro(fee) if fee else "",
                        "owed": euro(owed),
                        "club_iban": getattr(club, "iban", ""),
                    },
                ),
                from_email=None,
                recipient_list=[line.member.email],
            )
        change_record(
            instance=line,
            action="return",
            changes={"status": ["eingezogen", "zurückgegeben"], "reason": ["", line.return_reason_text]},
            by=by,
            member_id=line.member_id,
        )
        result.booked.append(line)
    return result
