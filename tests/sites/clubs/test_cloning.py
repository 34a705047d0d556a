"""`schema_clone` copies the template exactly: structure under the same names, rows, sequences."""

from django.conf import settings
from django.db import connection

import pytest

from sites.clubs.cloning import CloneError, schema_clone, template_unsupported_objects

TEMPLATE = settings.TENANT_BASE_SCHEMA


def _signature(schema: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        cursor.execute("SET search_path TO pg_catalog")
        cursor.execute(
            """SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                      pg_get_expr(d.adbin, d.adrelid)
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped""",
            [schema],
        )
        columns = set(cursor.fetchall())
        cursor.execute(
            """SELECT c.relname, co.conname, co.contype, replace(pg_get_constraintdef(co.oid), %s, '')
                 FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s""",
            [f"{schema}.", schema],
        )
        constraints = set(cursor.fetchall())
        cursor.execute(
            """SELECT t.relname, ix.relname, i.indisunique, pg_get_indexdef(i.indexrelid, 1, true)
                 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid
                 JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = %s""",
            [schema],
        )
        indexes = set(cursor.fetchall())
        rows = set()
        for table in {column[0] for column in columns}:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 (catalogue names)
            rows.add((table, cursor.fetchone()[0]))
    connection.set_schema_to_public()
    return {"columns": columns, "constraints": constraints, "indexes": indexes, "rows": rows}


def test_the_template_holds_only_what_the_clone_copies(db):
    with connection.cursor() as cursor:
        assert template_unsupported_objects(cursor, TEMPLATE) == []


@pytest.mark.django_db
def test_clone_equals_the_template():
    schema_clone(source=TEMPLATE, target="club_klon")
    original, copy = _signature(TEMPLATE), _signature("club_klon")
    for part in ("columns", "constraints", "indexes", "rows"):
        assert copy[part] == original[part], part
    assert ("django_migrations", max(n for t, n in original["rows"] if t == "django_migrations")) in copy["rows"]


@pytest.mark.django_db
def test_identity_sequences_continue_after_the_copied_rows():
    schema_clone(source=TEMPLATE, target="club_klon")
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM club_klon.wagtailcore_page")
        (highest,) = cursor.fetchone()
        cursor.execute("INSERT INTO club_klon.wagtailcore_locale (language_code) VALUES ('fr') RETURNING id")
        cursor.execute("SELECT max(id) FROM club_template.wagtailcore_locale")
        (template_highest,) = cursor.fetchone()
        cursor.execute("SELECT max(id) FROM club_klon.wagtailcore_locale")
        assert cursor.fetchone()[0] > template_highest
    assert highest


@pytest.mark.django_db
def test_foreign_keys_point_inside_the_new_schema():
    schema_clone(source=TEMPLATE, target="club_klon")
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class r ON r.oid = co.confrelid
                 JOIN pg_namespace rn ON rn.oid = r.relnamespace
                WHERE n.nspname = 'club_klon' AND co.contype = 'f' AND rn.nspname <> 'club_klon'"""
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_an_existing_schema_is_refused(club):
    with pytest.raises(CloneError):
        schema_clone(source=TEMPLATE, target=club.schema_name)


@pytest.mark.django_db
def test_the_catalogue_is_read_once_per_migration_state_of_the_template():
    from django.test.utils import CaptureQueriesContext

    from sites.clubs import cloning

    cloning._plans.clear()
    with CaptureQueriesContext(connection) as first:
        schema_clone(source=TEMPLATE, target="club_klon_a")
    with CaptureQueriesContext(connection) as second:
        schema_clone(source=TEMPLATE, target="club_klon_b")
    catalogue = [q["sql"] for q in second.captured_queries if "pg_constraint" in q["sql"] or "pg_index" in q["sql"]]
    assert catalogue == [] and len(second.captured_queries) < len(first.captured_queries)
    assert _signature("club_klon_b") == _signature("club_klon_a")
    # A migration of the template (here: its record) makes a new plan.
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{TEMPLATE}".django_migrations (app, name, applied) VALUES (%s, %s, now())',  # noqa: S608
            ["pages", "9999_test"],
        )
    with CaptureQueriesContext(connection) as third:
        schema_clone(source=TEMPLATE, target="club_klon_c")
    assert any("pg_constraint" in q["sql"] for q in third.captured_queries)
