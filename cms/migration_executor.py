"""A `migrate_schemas` that only visits schemas which are behind.

django-tenants runs Django's whole `migrate` command once per schema: about a second each even
when there is nothing to do, so a no-op deploy over 2,000 clubs would take more than half an
hour. Here one catalogue query per 500 schemas finds the schemas that lack any leaf migration of
their apps; only those are migrated, in parallel processes when there are several.

Plugged in with `GET_EXECUTOR_FUNCTION` (see cms/settings/base.py). Runs with options that
target a single migration or app (`migrate_schemas app 0003`, `--fake`, `--plan`, `--check`)
fall back to django-tenants' standard executor, which visits every schema.

`install_recorder_lookup()` (called from cms.apps) makes Django's check "does this schema have a
django_migrations table" one indexed lookup: Django lists every table visible on the search path
instead, a scan of the whole pg_class with a visibility test per row — 0.3 s per schema with
2,000 club schemas, paid by every schema a real migration visits.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from django_tenants.migration_executors import get_executor
from django_tenants.migration_executors.base import MigrationExecutor
from django_tenants.migration_executors.multiproc import MultiprocessingExecutor
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import get_public_schema_name

BATCH = 500
_TARGETED_OPTIONS = ("app_label", "migration_name", "fake", "fake_initial", "plan", "check_unapplied", "prune")


@cache
def _migration_graph():
    return MigrationLoader(None, ignore_no_migrations=True).graph


def _leaf_migrations(app_names: list[str]) -> list[tuple[str, str]]:
    from django.apps import apps

    labels = {config.label for config in apps.get_app_configs() if config.name in app_names}
    return sorted(node for node in _migration_graph().leaf_nodes() if node[0] in labels)


def schemas_behind(schema_names: list[str]) -> list[str]:
    """The schemas among `schema_names` that miss a leaf migration of the apps they hold."""
    public = get_public_schema_name()
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_schema FROM information_schema.tables WHERE table_name = 'django_migrations'")
        with_table = {row[0] for row in cursor.fetchall()}
    behind = [name for name in schema_names if name not in with_table]
    candidates = [name for name in schema_names if name in with_table]
    leaves = {
        True: _leaf_migrations(settings.SHARED_APPS),
        False: _leaf_migrations(settings.TENANT_APPS),
    }
    for start in range(0, len(candidates), BATCH):
        chunk = candidates[start : start + BATCH]
        parts, params = [], []
        for name in chunk:
            expected = leaves[name == public]
            values = ", ".join(["(%s, %s)"] * len(expected))
            parts.append(
                f"SELECT %s, count(*) = %s FROM {connection.ops.quote_name(name)}.django_migrations "  # noqa: S608 (quoted identifiers)
                f"WHERE (app, name) IN ({values})"
            )
            params += [name, len(expected)] + [part for node in expected for part in node]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            behind += [name for name, complete in cursor.fetchall() if not complete]
    order = {name: index for index, name in enumerate(schema_names)}
    return sorted(behind, key=order.__getitem__)


class SkipCurrentSchemasExecutor(MigrationExecutor):
    codename = "skip-current"

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        if any(self.options.get(option) for option in _TARGETED_OPTIONS):
            return StandardExecutor(self.args, self.options).run_migrations(tenants=tenants)
        behind = schemas_behind(tenants)
        if int(self.options.get("verbosity", 1)) >= 1 and len(behind) < len(tenants):
            print(f"{len(tenants) - len(behind)} von {len(tenants)} Schemas sind aktuell und werden übersprungen.")  # noqa: T201
        if not behind:
            return None
        parallel = len(behind) > 1 and getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 1) > 1
        executor = MultiprocessingExecutor if parallel and get_public_schema_name() not in behind else StandardExecutor
        return executor(self.args, self.options).run_migrations(tenants=behind)

    def run_multi_type_migrations(self, tenants):
        return StandardExecutor(self.args, self.options).run_multi_type_migrations(tenants)


def get_migration_executor(codename=None):
    """`GET_EXECUTOR_FUNCTION`: ours by default, django-tenants' when one is named explicitly."""
    if codename in (None, SkipCurrentSchemasExecutor.codename):
        return SkipCurrentSchemasExecutor
    return get_executor(codename)


_original_has_table = MigrationRecorder.has_table


def _has_table(self) -> bool:
    """Whether the current schema holds the migrations table (pg_class's name index)."""
    schema = getattr(self.connection, "schema_name", None)
    if self._has_table or not schema:
        return _original_has_table(self)
    with self.connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p'))",
            [schema, self.Migration._meta.db_table],
        )
        self._has_table = cursor.fetchone()[0]
    return self._has_table


def install_recorder_lookup() -> None:
    MigrationRecorder.has_table = _has_table
