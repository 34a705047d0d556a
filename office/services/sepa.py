"""SEPA mandates: create, change (a new IBAN or account holder is an amendment), revoke."""

import datetime

from django.db import transaction

from office.constants import MandateStatus
from office.models import Member, SepaMandate
from office.validators import compact

from .history import change_record, diff, snapshot

EDITABLE_FIELDS = ("reference", "signed_on", "account_holder", "iban", "bic", "sequence", "last_used_on", "status")


def mandate_reference_for(member: Member) -> str:
    """A new reference such as M-00042-1, unique within the club."""
    count = SepaMandate.objects.filter(member=member).count() + 1
    while True:
        reference = f"M-{member.number:05d}-{count}"
        if not SepaMandate.objects.filter(reference=reference).exists():
            return reference
        count += 1


@transaction.atomic
def mandate_create(*, member: Member, data: dict, by) -> SepaMandate:
    mandate = SepaMandate(member=member)
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(mandate, name, value)
    if not mandate.reference:
        mandate.reference = mandate_reference_for(member)
    mandate.full_clean()
    mandate.save()
    change_record(instance=mandate, action="create", changes=diff({}, snapshot(mandate)), by=by, member_id=member.pk)
    return mandate


@transaction.atomic
def mandate_update(*, mandate: SepaMandate, data: dict, by) -> SepaMandate:
    """A new IBAN keeps the mandate (an amendment): the original IBAN goes with the next debit file."""
    stored = SepaMandate.objects.select_for_update().get(pk=mandate.pk)
    before = snapshot(stored)
    old_iban, old_reference = stored.iban, stored.reference
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"not editable: {name}")
        setattr(stored, name, value)
    if "iban" in data and compact(data["iban"]) != old_iban and not stored.is_amended:
        stored.is_amended, stored.original_iban = True, old_iban
    if "reference" in data and data["reference"] != old_reference and not stored.original_reference:
        stored.is_amended, stored.original_reference = True, old_reference
    stored.full_clean()
    stored.save()
    change_record(
        instance=stored, action="update", changes=diff(before, snapshot(stored)), by=by, member_id=stored.member_id
    )
    return stored


@transaction.atomic
def mandate_revoke(*, mandate: SepaMandate, revoked_on: datetime.date, by) -> SepaMandate:
    stored = SepaMandate.objects.select_for_update().get(pk=mandate.pk)
    before = snapshot(stored)
    stored.status = MandateStatus.REVOKED
    stored.save(update_fields=["status", "updated_at"])
    changes = diff(before, snapshot(stored))
    changes["revoked_on"] = ["", revoked_on.strftime("%d.%m.%Y")]
    change_record(instance=stored, action="revoke", changes=changes, by=by, member_id=stored.member_id)
    return stored
