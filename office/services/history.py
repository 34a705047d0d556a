"""History records (ChangeRecord) written in the same transaction as the change they describe.

Values are stored as the board reads them (dates as 14.06.2026, choices by their label). Bank data is
stored as it is and masked when shown to someone without `office.view_bank_data`
(office/selectors.py); nothing here goes to Python's logging.
"""

import datetime
from decimal import Decimal
from functools import lru_cache

from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language

from psycopg.types.json import Jsonb

from office.models import ChangeRecord

from .bulk import bulk_insert, rows_copy


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
    return display_value(value)


def display_value(value) -> str:
    """A plain field value as the history shows it (no choices, no relations)."""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number_format(value, 2, use_l10n=False).replace(".", ",")
    return "" if value is None else str(value)


def choice_display(field: models.Field, value) -> str:
    """The label of a choice as the history shows it (the current language)."""
    return _choice_label(field, value, get_language()) if value not in (None, "") else display_value(value)


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


# A history record as a plain row, for services that write thousands (a debit run): (object type,
# object id, object repr, member id, action, changes). Written by `change_rows_write` with one COPY.
CHANGE_ROW_COLUMNS = ("created_at", "user_id", "user_name", "object_type", "object_id", "object_repr", "member_id",
                      "action", "changes")  # fmt: skip


def change_row(
    *, instance: models.Model, action: str, changes: dict, member_id: int | None = None
) -> tuple[str, int, str, int | None, str, dict]:
    """The plain row of `change_record_new` (the author is given to `change_rows_write`)."""
    return instance._meta.model_name, instance.pk, str(instance)[:200], member_id, action, changes


def change_rows_write(rows: list[tuple], *, author: tuple[int | None, str]) -> None:
    """Writes plain history rows (`change_row`) in their order, one COPY, one time stamp for all."""
    if not rows:
        return
    now, (user_id, user_name) = timezone.now(), author
    rows_copy(
        ChangeRecord._meta.db_table,
        CHANGE_ROW_COLUMNS,
        (
            (now, user_id, user_name, kind, pk, text[:200], member_id, action, Jsonb(changes))
            for kind, pk, text, member_id, action, changes in rows
        ),
    )
