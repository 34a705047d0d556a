"""Fee groups, departments and account entries, each write with its history record."""

from django.db import models, transaction

from office.models import MemberAccountEntry

from .history import change_record, diff, snapshot


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
