"""History records (ChangeRecord) written in the same transaction as the change they describe.

Values are stored as the board reads them (dates as 14.06.2026, choices by their label). Bank data is
stored as it is and masked when shown to someone without `office.view_bank_data`
(office/selectors.py); nothing here goes to Python's logging.
"""

import datetime
from decimal import Decimal
from functools import lru_cache

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import get_language

from office.models import ChangeRecord

from .bulk import bulk_insert


def _display(instance: models.Model, field: models.Field):
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(obj) for obj in getattr(instance, field.name).all()))
    if field.is_relation:
        related = getattr(instance, field.name)
        return str(related) if related is not None else ""
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return _choice_label(field, value, get_language())
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number_format(value, 2, use_l10n=False).replace(".", ",")
    return "" if value is None else str(value)


@lru_cache(maxsize=1024)
def _choice_label(field: models.Field, value, language: str | None) -> str:
    # Cached per language: a debit run shows the same few labels thousands of times, and each gettext
    # of a German msgid walks every catalogue before it falls back.
    return str(dict(field.flatchoices).get(value, value))


SKIPPED = {"id", "created_at", "updated_at"}


def snapshot(instance: models.Model) -> dict[str, str]:
    """{field name: value as shown} for every field a person maintains."""
    fields = [*instance._meta.concrete_fields, *instance._meta.many_to_many]
    return {field.name: _display(instance, field) for field in fields if field.name not in SKIPPED}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {name: [before.get(name, ""), value] for name, value in after.items() if before.get(name, "") != value}


def user_snapshot(user) -> tuple[int | None, str]:
    """(id, name) of who made a change; a text names an author without an account (a member's link)."""
    if isinstance(user, str):
        return None, user[:150]
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, (user.get_full_name() or user.get_username())[:150]


def change_record(
    *, instance: models.Model, action: str, changes: dict, by, member_id: int | None = None
) -> ChangeRecord | None:
    """Writes one record; an update that changed nothing writes none."""
    if action == "update" and not changes:
        return None
    record = change_record_new(instance=instance, action=action, changes=changes, author=user_snapshot(by))
    record.member_id = member_id
    record.save(force_insert=True)
    return record


def change_record_new(
    *, instance: models.Model, action: str, changes: dict, author: tuple[int | None, str], member_id: int | None = None
) -> ChangeRecord:
    """The unsaved record of `change_record`, for services that write many at once (bulk_create);
    `author` is `user_snapshot(by)`, taken once."""
    return ChangeRecord(
        user_id=author[0],
        user_name=author[1],
        object_type=instance._meta.model_name,
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        member_id=member_id,
        action=action,
        changes=changes,
    )


def change_records_write(records: list[ChangeRecord]) -> None:
    """Writes the records of `change_record_new` in bulk, in their order (many by COPY: office/services/bulk.py)."""
    bulk_insert(records, ids=False)
