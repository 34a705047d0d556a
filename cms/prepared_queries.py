"""Querysets compiled to SQL once per process and then run with new values (issue 16).

Building a queryset (`filter`, `only`, `select_related`) and compiling it to SQL cost more CPU
than PostgreSQL needs to answer the small queries of a page: a club home spent about 40 % of its
time there. A `PreparedQuery` builds its queryset once, with a *sentinel* standing for every value
that changes between calls, compiles it, remembers where the sentinels ended up in the SQL
parameters, and from then on only fills in the values, runs the SQL on an ordinary cursor (so
`SET search_path` handling, execute wrappers and statement counters see it as usual) and makes
the model instances the way Django's own `ModelIterable` does (deferred fields, `select_related`
rows and the field converters included).

Safe across clubs: the SQL names no schema (tables are found through the connection's
`search_path`, which the tenant backend sets before the statement), and every club schema has the
same tables. Only for querysets whose SQL does not depend on the values themselves (no `None`
that turns into `IS NULL`, no list whose length changes `IN (…)`); an int, date, datetime, UUID
or string slot is fine. A string slot used in a `LIKE` lookup (`startswith`, `contains`) is
escaped for LIKE when filled in.

    events = PreparedQuery(
        lambda locale_id, now: EventPage.objects.filter(locale_id=locale_id, starts_at__gte=now)[:3],
        locale_id=int, now=datetime,
    )
    events(locale_id=1, now=timezone.now())  # -> list of EventPage

`rows(...)` runs the same SQL and gives plain tuples (columns named by `columns()`), for a caller
that reads a few values and needs no model instances (the layout's tree, `club_chrome`).
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Values no real row or filter uses: each slot gets its own, so it can be found among the params.
_BASE_INT = -7_340_000_000


def _sentinel(kind: type, index: int):
    if kind is int:
        return _BASE_INT - index
    if kind is datetime.datetime:
        return datetime.datetime(1, 1, 2, 0, 0, index + 1, tzinfo=datetime.UTC)
    if kind is datetime.date:
        return datetime.date(1, 1, index + 2)
    if kind is uuid.UUID:
        return uuid.UUID(int=0xD1CE_0000 + index)
    if kind is str:
        return f"\x1fslot{index}\x1f"
    raise TypeError(f"PreparedQuery: no sentinel for {kind!r}")


class PreparedQuery:
    """A queryset compiled once, run with the values given per call (see the module's doc)."""

    def __init__(self, build: Callable[..., QuerySet], **slots: type):
        self._build = build
        self._slots = slots
        self._prepared: tuple | None = None
        self._columns: list[str] | None = None  # derived from the compiled query, like it once per process
        self._lock = threading.Lock()

    def _prepare(self) -> tuple:
        sentinels = {name: _sentinel(kind, i) for i, (name, kind) in enumerate(self._slots.items())}
        queryset = self._build(**sentinels)
        if (
            queryset._prefetch_related_lookups
            or queryset._known_related_objects
            or queryset._iterable_class.__name__ != "ModelIterable"
        ):
            raise ValueError("PreparedQuery: only plain model querysets (no prefetch, values or known related objects)")
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        found: set[str] = set()
        plan = []  # per parameter: ("const", value) | ("slot", name) | ("like", name, before, after)
        for param in params:
            step = ("const", param)
            for name, sentinel in sentinels.items():
                if type(param) is type(sentinel) and param == sentinel:
                    step = ("slot", name)
                elif isinstance(sentinel, str) and isinstance(param, str) and sentinel in param:
                    before, _, after = param.partition(sentinel)
                    step = ("like", name, before, after)
                else:
                    continue
                found.add(name)
                break
            plan.append(step)
        missing = set(sentinels) - found
        if missing:
            raise ValueError(f"PreparedQuery: {sorted(missing)} not among the compiled parameters")
        if compiler.annotation_col_map:
            raise ValueError("PreparedQuery: annotations are not filled in")
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        # Made once: the field converters and the `select_related` populators hold no row state.
        converters = list(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items())
        populators = get_related_populators(klass_info, select, db)
        return db, compiler, sql, tuple(plan), klass_info["model"], init_list, start, end, converters, populators

    def _ready(self) -> tuple:
        if self._prepared is None:
            with self._lock:
                if self._prepared is None:
                    self._prepared = self._prepare()
        return self._prepared

    @property
    def db(self) -> str:
        return self._ready()[0]

    def columns(self) -> list[str]:
        """Names of the selected columns, in row order: `attname` of the queryset's model, and
        `relation__attname` of a `select_related` one (`locale__language_code`)."""
        if self._columns is not None:
            return self._columns
        compiler = self._ready()[1]
        names: dict[int, str] = {position: "" for position in range(compiler.col_count)}

        def walk(info, prefix):
            for position in info["select_fields"]:
                names[position] = prefix + compiler.select[position][0].target.attname
            for related in info.get("related_klass_infos", []):
                walk(related, f"{prefix}{related['field'].name}__")

        walk(compiler.klass_info, "")
        self._columns = [names[position] for position in range(compiler.col_count)]
        return self._columns

    def rows(self, **values) -> list:
        """The rows as tuples (field converters applied), columns as in `columns()`: for a caller
        that reads a few values and needs no model instance (one costs ~10 µs a row)."""
        db, _compiler, sql, plan, *_rest, converters, _populators = self._ready()
        connection = connections[db]
        rows = self._fetch(connection, sql, plan, values)
        if rows and converters:
            rows = [tuple(row) for row in _converted(rows, converters, connection)]
        return rows

    @staticmethod
    def _fetch(connection, sql, plan, values) -> list:
        params = []
        for step in plan:
            if step[0] == "const":
                params.append(step[1])
            elif step[0] == "slot":
                params.append(values[step[1]])
            else:
                params.append(step[2] + connection.ops.prep_for_like_query(values[step[1]]) + step[3])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def __call__(self, **values) -> list:
        db, compiler, sql, plan, model, init_list, start, end, converters, populators = self._ready()
        connection = connections[db]
        rows = self._fetch(connection, sql, plan, values)
        if not rows:
            return []
        if converters:
            rows = _converted(rows, converters, connection)
        objects = []
        for row in rows:
            obj = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


def _converted(rows, converters, connection):
    """Django's `SQLCompiler.apply_converters`, with this thread's connection (the compiler keeps
    the one of the thread that prepared the query)."""
    for row in map(list, rows):
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        yield row
