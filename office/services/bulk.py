"""Many rows of one model written by one COPY instead of the ORM's bulk insert.

Django's bulk_create prepares, converts and quotes every value of every row in Python (the database
connection quotes on the client), which for the thousands of account entries and history records
of a debit run cost more than all else the run writes. COPY hands the rows to psycopg as they are.
Used for plain models only (no file fields, no custom database types; JSON as Jsonb); ids are taken
from the table's sequence first when the caller needs them (the history names its entries).
"""

from django.db import connection
from django.db.models import JSONField

from psycopg.types.json import Jsonb

COPY_FROM = 200  # rows; fewer go through bulk_create, where COPY saves nothing


def bulk_insert(objs: list, *, ids: bool = True) -> list:
    """Inserts the unsaved `objs` (all of one model) in their order; with `ids`, sets their primary keys."""
    if not objs:
        return objs
    model = type(objs[0])
    if len(objs) < COPY_FROM:
        return model.objects.bulk_create(objs, batch_size=2000)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if ids or not field.primary_key]
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for obj, pk in zip(objs, sorted(row[0] for row in cursor.fetchall()), strict=True):
                obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = [field.pre_save(obj, add=True) for field in fields]  # auto_now_add and the like
                for index, field in enumerate(fields):
                    if isinstance(field, JSONField) and row[index] is not None:
                        row[index] = Jsonb(row[index])
                copy.write_row(row)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
