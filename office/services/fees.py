"""Fee groups, departments and account entries, each write with its history record."""

from django.db import models, transaction

from office.models import MemberAccountEntry

from .bulk import bulk_insert
from .history import change_record, change_record_new, change_records_write, diff, snapshot, user_snapshot


@transaction.atomic
def office_object_save(*, instance: models.Model, by) -> models.Model:
    """Creates or updates a fee group or department (form values already set on `instance`)."""
    model = type(instance)
    before = snapshot(model.objects.select_for_update().get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    instance.save()
    action = "update" if before else "create"
    change_record(instance=instance, action=action, changes=diff(before, snapshot(instance)), by=by)
    return instance


@transaction.atomic
def account_entry_add(*, member, data: dict, by) -> MemberAccountEntry:
    entry = MemberAccountEntry(member=member, **data)
    entry.full_clean()
    entry.save()
    change_record(instance=entry, action="create", changes=diff({}, snapshot(entry)), by=by, member_id=member.pk)
    return entry


def account_entries_add(
    *, entries: list[MemberAccountEntry], by, records: list | None = None
) -> list[MemberAccountEntry]:
    """Books many entries as `account_entry_add` does, in one insert: each validated (its member and
    mandate are the caller's loaded rows, not looked up again), each with its history record. Given a
    `records` list, the records are appended to it for the caller to write with its own in one go."""
    for entry in entries:
        entry.full_clean(exclude=["member", "mandate"])
    bulk_insert(entries)
    author = user_snapshot(by)
    new = [
        change_record_new(
            instance=entry, action="create", changes=diff({}, snapshot(entry)), author=author, member_id=entry.member_id
        )
        for entry in entries
    ]
    if records is None:
        change_records_write(new)
    else:
        records.extend(new)
    return entries
