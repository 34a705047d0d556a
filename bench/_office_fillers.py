"""The filler clubs of bench/office.py's "many clubs" database, and the statistics a real system has.

Not a benchmark itself (the leading underscore keeps `make bench` from running it). Used by the
worker steps of bench/office.py, inside a Django process on the bench database:

* `fill(clubs, members, processes, real)`: clubs `filler-<n>` up to `clubs`, each with `members`
  members (bench/_office_data.py). By default stand-ins: the club's rows in public and a schema
  with every table, index and sequence of the template (`CREATE TABLE … LIKE … INCLUDING ALL`, no
  rows, no foreign keys), as bench/provision.py makes them; `real`: the clone path
  (bench/_clubs.py, seconds per club).
* `statistics_settled()`: VACUUM (ANALYZE) of every club table written in bulk since its last
  analysis. A running system's autovacuum analyses a table soon after it changed; a bench that
  measures minutes after a bulk load would otherwise plan its queries without statistics (a table
  never analysed counts as small) and, in the database with 500 clubs, measure while autovacuum
  works through thousands of freshly filled tables on the same cores.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import _clubs

# Tables with rows written since their last analysis (autovacuum's own criterion; counted per database,
# so a copy starts at zero) or never analysed although not empty (reltuples -1: kept in the catalogue,
# so what was analysed before a database was copied is not done again), in the clubs' schemas.
_UNSETTLED = r"""
SELECT format('%I.%I', s.schemaname, s.relname) FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
 WHERE s.schemaname LIKE 'club\_%'
   AND (s.n_mod_since_analyze > 0 OR (c.reltuples < 0 AND pg_relation_size(c.oid) > 0))
 ORDER BY s.schemaname, s.relname
"""
BATCH = 200  # tables per VACUUM statement


def statistics_settled() -> dict:
    """VACUUM (ANALYZE) the club tables that need it (outside a transaction); how many and how long."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(_UNSETTLED)
        tables = [row[0] for row in cursor.fetchall()]
        for first in range(0, len(tables), BATCH):
            cursor.execute("VACUUM (ANALYZE) " + ", ".join(tables[first : first + BATCH]))
    return {"settled_tables": len(tables), "settle_s": time.perf_counter() - started}


def _stand_in(n: int, tables: list[str]) -> str:
    """Club `filler-<n>`: its rows in public and a schema with every table, index and sequence of
    the template (no rows, no foreign keys), as bench/provision.py makes its stand-ins."""
    from django.conf import settings
    from django.db import connection, transaction

    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Club, Domain
    from sites.clubs.selectors import club_hostname

    slug, template = f"filler-{n}", settings.TENANT_BASE_SCHEMA
    schema = "club_" + slug.replace("-", "_")
    statements = [f'CREATE SCHEMA "{schema}"'] + [
        f'CREATE TABLE "{schema}"."{table}" (LIKE "{template}"."{table}" INCLUDING ALL)' for table in tables
    ]
    statements.append(_migrations_recorded(schema, template))
    with transaction.atomic():
        # bulk_create: no post_save signals (the portal would index a club without pages).
        (club,) = Club.objects.bulk_create(
            [Club(schema_name=schema, slug=slug, kind=ClubKind.CLUB, **_clubs.profile(n))]
        )
        Domain.objects.bulk_create([Domain(domain=club_hostname(slug), tenant=club, is_primary=True)])
        with connection.cursor() as cursor:
            cursor.execute("; ".join(statements))
    return schema


def _migrations_recorded(schema: str, template: str) -> str:
    """SQL: the template's applied migrations recorded in a stand-in whose record is empty. Without
    them migrate_schemas takes the stand-in for a new schema and fails on its existing tables (so a
    kept database could not be reused once a migration had been added)."""
    return (
        f'INSERT INTO "{schema}".django_migrations (app, name, applied) '  # noqa: S608 (bench's own names)
        f'SELECT app, name, applied FROM "{template}".django_migrations '
        f'WHERE NOT EXISTS (SELECT 1 FROM "{schema}".django_migrations)'
    )


def _stand_ins_recorded() -> None:
    """Stand-ins made before they recorded the template's migrations get them now (before migrating)."""
    from django.conf import settings
    from django.db import connection

    from sites.clubs.models import Club

    schemas = list(Club.objects.filter(slug__startswith="filler-").values_list("schema_name", flat=True))
    with connection.cursor() as cursor:
        for first in range(0, len(schemas), 100):
            batch = schemas[first : first + 100]
            cursor.execute("; ".join(_migrations_recorded(s, settings.TENANT_BASE_SCHEMA) for s in batch))


def fill(clubs: int, members: int, processes: int, real: bool) -> dict:
    """Filler clubs up to `clubs`, each with `members` members, their statistics settled."""
    from django.conf import settings
    from django.db import connection

    from django_tenants.utils import schema_context

    from office.models import Member
    from sites.clubs.models import Club

    if not real:
        _stand_ins_recorded()
    _clubs.platform_ready()
    import _office_data

    started = time.perf_counter()
    made = filled = 0
    fill_s = 0.0
    if real:
        made = len(
            _clubs.grow_to(
                clubs, db_name=os.environ["HH_DB_NAME"], media_root=Path(os.environ["MEDIA_ROOT"]), processes=processes
            )
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
                [settings.TENANT_BASE_SCHEMA],
            )
            tables = [row[0] for row in cursor.fetchall()]
        have = Club.objects.filter(slug__startswith="filler-").count()
        for n in range(have + 1, clubs + 1):
            schema = _stand_in(n, tables)
            made += 1
            begun = time.perf_counter()
            with schema_context(schema):
                _office_data.members_load(members, seed=n)
            connection.set_schema_to_public()
            fill_s += time.perf_counter() - begun
            filled += 1
            if n % 50 == 0:
                _clubs.log(f"{n} of {clubs} filler clubs")
    provision_s = time.perf_counter() - started - fill_s
    begun = time.perf_counter()
    for schema in (
        Club.objects.filter(slug__regex=r"^(bench|filler)-").order_by("pk").values_list("schema_name", flat=True)
    ):
        with schema_context(schema):
            if not Member.objects.exists():
                _office_data.members_load(members, seed=filled)
                filled += 1
    connection.set_schema_to_public()
    return {
        "provisioned": made,
        "provision_s": provision_s,
        "filled": filled,
        "fill_s": fill_s + time.perf_counter() - begun,
        "clubs": _clubs.club_count(),
        **statistics_settled(),
    }
