"""Copy the template schema into a new club schema: tables, rows, constraints, indexes, sequences.

django-tenants' generic `clone_schema` (a 4,000-line PL/pgSQL function) handles every kind of
object PostgreSQL knows and asks `information_schema` about each column of each table; those
views span the whole catalogue, so a clone gets slower with every club. A club schema holds only
tables with identity columns, their constraints and indexes (`tests/sites/clubs/test_cloning.py`
checks that the template keeps to that), so this module reads the template's catalogue with a
handful of queries filtered by the schema (once per migration state of the template: the plan is
kept) and replays it:

1. `CREATE TABLE … (LIKE … INCLUDING DEFAULTS, IDENTITY, …)`, without constraints or indexes,
2. `INSERT … SELECT *` of every row (before any index exists: faster),
3. primary keys, unique and check constraints and indexes under their original names (later
   migrations drop or rename them by name),
4. foreign keys, resolved inside the new schema,
5. identity sequences set to the template's values.

Runs inside the caller's transaction: on failure nothing of the new schema remains.
"""

from dataclasses import dataclass

from django.db import connection

from django_tenants.utils import schema_exists

_SUPPORTED_RELKINDS = {"r", "i", "S"}  # tables, indexes, (identity) sequences


class CloneError(Exception):
    """The template holds something this clone does not copy, or the target exists."""


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def template_unsupported_objects(cursor, source: str) -> list[str]:
    """Objects in `source` that `schema_clone` would not copy (views, functions, triggers, types …)."""
    cursor.execute(
        """
        SELECT 'relation ' || c.relname || ' (' || c.relkind::text || ')'
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %(s)s AND c.relkind::text <> ALL(%(kinds)s)
        UNION ALL
        SELECT 'sequence ' || c.relname || ' (not an identity column)'
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %(s)s AND c.relkind = 'S'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
        UNION ALL
        SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = %(s)s
        UNION ALL
        SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = %(s)s AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
           AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
        UNION ALL
        SELECT 'trigger ' || tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s AND NOT tg.tgisinternal
        UNION ALL
        SELECT 'column default ' || c.relname || '.' || a.attname || ' uses a sequence'
          FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid
          JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %(s)s AND pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%%'
        """,
        {"s": source, "kinds": list(_SUPPORTED_RELKINDS)},
    )
    return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class ClonePlan:
    """What a clone replays, read from the template's catalogue."""

    tables: tuple[str, ...]
    constraints: tuple[tuple[str, str, str, str], ...]  # (table, name, kind, definition)
    indexes: tuple[str, ...]
    identities: tuple[tuple[str, str, str], ...]  # (table, column, the template's sequence)


# Plans per database, template and migration state of the template: its structure changes only by
# migrations, so the catalogue is read once, not on every clone. The catalogue queries scan
# pg_class and pg_attribute of the whole database, which grow with every club (with 300 clubs
# they cost more than the rest of the clone).
_plans: dict[tuple, ClonePlan] = {}


def _template_state(cursor, source: str) -> tuple:
    cursor.execute(f"SELECT count(*), max(id) FROM {_q(source)}.django_migrations")  # noqa: S608 (quoted identifier)
    return (connection.settings_dict["NAME"], source, *cursor.fetchone())


def clone_plan(cursor, source: str) -> ClonePlan:
    """The plan for cloning `source`, read from the catalogue (cached per migration state)."""
    key = _template_state(cursor, source)
    plan = _plans.get(key)
    if plan is not None:
        return plan
    unsupported = template_unsupported_objects(cursor, source)
    if unsupported:
        raise CloneError("the template holds objects the clone does not copy: " + ", ".join(unsupported))
    # Definitions are read with only the template on the search path, so references inside
    # it come out unqualified and resolve inside the target when replayed there.
    cursor.execute(f"SET search_path TO {_q(source)}")
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
        [source],
    )
    tables = tuple(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        SELECT c.relname, co.conname, co.contype, pg_get_constraintdef(co.oid)
          FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND co.contype IN ('p', 'u', 'c', 'x', 'f')
         ORDER BY co.contype = 'f', co.contype <> 'p', c.relname, co.conname
        """,
        [source],
    )
    constraints = tuple(tuple(row) for row in cursor.fetchall())
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid)
          FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s
           AND NOT EXISTS (SELECT 1 FROM pg_constraint co
                            WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid
                              AND co.contype IN ('p', 'u', 'x'))
         ORDER BY 1
        """,
        [source],
    )
    indexes = tuple(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(%s) || '.' || quote_ident(c.relname), a.attname)
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped
         ORDER BY 1, 2
        """,
        [source, source],
    )
    identities = tuple(tuple(row) for row in cursor.fetchall())
    plan = _plans[key] = ClonePlan(tables, constraints, indexes, identities)
    return plan


def schema_clone(*, source: str, target: str) -> None:
    """Create schema `target` as a copy of `source` (structure and rows); see the module docstring."""
    if schema_exists(target, case_sensitive=False):
        raise CloneError(f"schema {target} exists already")
    with connection.cursor() as cursor:
        plan = clone_plan(cursor, source)
        tables, constraints, indexes = plan.tables, plan.constraints, plan.indexes
        # The sequences' values now (the template's rows may have changed since the plan was made);
        # looked up by name, which costs the same with 10 clubs or 2,000.
        cursor.execute(
            "SELECT pg_sequence_last_value(s::regclass) FROM unnest(%s::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n",
            [[sequence for _table, _column, sequence in plan.identities]],
        )
        identities = [
            (table, column, row[0])
            for (table, column, _sequence), row in zip(plan.identities, cursor.fetchall(), strict=True)
        ]

        src, dst = _q(source), _q(target)
        statements = [f"CREATE SCHEMA {dst}", f"SET search_path TO {dst}"]
        for table in tables:
            statements.append(
                f"CREATE TABLE {dst}.{_q(table)} (LIKE {src}.{_q(table)} INCLUDING DEFAULTS INCLUDING IDENTITY "
                "INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION)"
            )
        for table in tables:
            statements.append(f"INSERT INTO {dst}.{_q(table)} OVERRIDING SYSTEM VALUE SELECT * FROM {src}.{_q(table)}")  # noqa: S608 (quoted identifiers)
        for table, name, _kind, definition in constraints:
            statements.append(f"ALTER TABLE {dst}.{_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for definition in indexes:
            # pg_get_indexdef always names the table's schema: "… ON club_template.wagtailcore_page …".
            for prefix in (f"{source}.", f"{src}."):
                definition = definition.replace(f" ON {prefix}", f" ON {dst}.").replace(
                    f" ON ONLY {prefix}", f" ON ONLY {dst}."
                )
            statements.append(definition)
        for table, column, last_value in identities:
            if last_value is not None:
                statements.append(
                    f"SELECT setval(pg_get_serial_sequence('{dst}.{_q(table)}', '{column}'), {int(last_value)}, true)"
                )
        cursor.execute(";\n".join(statements))
    # django-tenants sets the search path again for the next cursor; make sure it does.
    connection.set_schema_to_public()
