"""Many rows of one model written by one COPY instead of the ORM's bulk insert.

Django's bulk_create prepares, converts and quotes every value of every row in Python (the database
connection quotes on the client), which for the thousands of account entries and history records
of a debit run cost more than all else the run writes. COPY hands the rows to psycopg as they are.
Used for plain models only (no file fields, no custom database types; JSON as Jsonb); ids are taken
from the table's sequence first when the caller needs them (the history names its entries).

`rows_copy` and `ids_take` do the same for callers that hold plain tuples instead of model
instances (the debit run: ten thousand model objects cost more than the rows they describe).
"""

import contextlib
import gc
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import JSONField

from psycopg.types.json import Jsonb

COPY_FROM = 200  # rows; fewer go through bulk_create, where COPY saves nothing


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector off inside (reference counting frees as always).

    A service that builds tens of thousands of small rows, dicts and lists keeps them alive until it
    writes them; meanwhile they are promoted through the collector's generations and set off full
    collections, each of which walks every object of the process (Django's own: some 200,000), about
    0.1 s each and a third of a 1,000-line debit run. Nothing in such a run makes reference cycles
    worth collecting before it ends. Process-wide: another thread's cycles wait until the last
    pause that found the collector on ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ids_take(table: str, count: int, column: str = "id") -> list[int]:
    """`count` new ids of `table`'s serial column, ascending (one statement)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        # The sequence looked up once (in the select list it would be looked up for every row: 6x the time).
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [table, column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def rows_copy(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Writes plain rows (values in the order of `columns`, already in their database form) by one COPY."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def bulk_insert(objs: list, *, ids: bool = True) -> list:
    """Inserts the unsaved `objs` (all of one model) in their order; with `ids`, sets their primary keys."""
    if not objs:
        return objs
    model = type(objs[0])
    if len(objs) < COPY_FROM:
        return model.objects.bulk_create(objs, batch_size=2000)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if ids or not field.primary_key]
    if ids:
        for obj, pk in zip(objs, ids_take(meta.db_table, len(objs), meta.pk.column), strict=True):
            obj.pk = pk

    def rows():
        for obj in objs:
            row = [field.pre_save(obj, add=True) for field in fields]  # auto_now_add and the like
            for index, field in enumerate(fields):
                if isinstance(field, JSONField) and row[index] is not None:
                    row[index] = Jsonb(row[index])
            yield row

    rows_copy(meta.db_table, [field.column for field in fields], rows())
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs
