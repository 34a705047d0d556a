"""Members: create, update, leave. Every write records its history in the same transaction.

Members are never deleted here: leaving sets the status and the date (retention rules that anonymise
leavers come with the data-protection part of issue #12).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from office.constants import MemberStatus
from office.models import Department, Member, MemberNumberCounter

from .history import change_record, diff, snapshot

EDITABLE_FIELDS = (
    "number",
    "title",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "street",
    "house_number",
    "postal_code",
    "town",
    "country",
    "email",
    "phone",
    "mobile",
    "joined_on",
    "left_on",
    "status",
    "fee_group",
    "payer",
    "photo_consent",
    "photo_consent_on",
    "newsletter_consent",
    "newsletter_consent_on",
    "notes",
)


def member_number_next() -> int:
    """The next free member number; the counter row is locked until the caller's transaction ends,
    so two people adding members at once never get the same number."""
    MemberNumberCounter.objects.get_or_create(pk=1)
    counter = MemberNumberCounter.objects.select_for_update().get(pk=1)
    number = counter.last_number + 1
    taken = set(Member.objects.filter(number__gte=number).values_list("number", flat=True))
    while number in taken:
        number += 1
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    return number


def _apply(member: Member, data: dict) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in data.items():
        setattr(member, name, value)
    today = timezone.localdate()
    for consent in ("photo_consent", "newsletter_consent"):
        if getattr(member, consent) and not getattr(member, f"{consent}_on"):
            setattr(member, f"{consent}_on", today)


@transaction.atomic
def member_create(*, data: dict, departments: Iterable[Department] = (), by) -> Member:
    member = Member()
    _apply(member, data)
    if not member.number:
        member.number = member_number_next()
    member.full_clean()
    member.save()
    member.departments.set(departments)
    change_record(instance=member, action="create", changes=diff({}, snapshot(member)), by=by, member_id=member.pk)
    return member


@transaction.atomic
def member_update(*, member: Member, data: dict, departments: Iterable[Department] | None = None, by) -> Member:
    """Changes the given fields (and departments, if given). `member` may carry unsaved form values:
    the values before are read from the database."""
    stored = Member.objects.select_for_update().get(pk=member.pk)
    before = snapshot(stored)
    _apply(stored, data)
    if not stored.number:
        stored.number = member_number_next()
    stored.full_clean()
    stored.save()
    if departments is not None:
        stored.departments.set(departments)
    change_record(instance=stored, action="update", changes=diff(before, snapshot(stored)), by=by, member_id=stored.pk)
    return stored


@transaction.atomic
def member_leave(*, member: Member, left_on: datetime.date, by) -> Member:
    """Ends the membership on `left_on`; the status turns to "ausgetreten" once that day has come."""
    stored = Member.objects.select_for_update().get(pk=member.pk)
    before = snapshot(stored)
    stored.left_on = left_on
    if left_on <= timezone.localdate():
        stored.status = MemberStatus.LEFT
    stored.full_clean()
    stored.save()
    change_record(instance=stored, action="leave", changes=diff(before, snapshot(stored)), by=by, member_id=stored.pk)
    return stored
