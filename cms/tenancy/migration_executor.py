"""A `migrate_schemas` that only visits schemas which are behind.

django-tenants runs Django's whole `migrate` command once per schema: about a second each even
when there is nothing to do, so a no-op deploy over 2,000 clubs would take more than half an
hour. Here one catalogue query per 500 schemas finds the schemas that lack any leaf migration of
their apps; only those are migrated, in parallel processes when there are several.

Several schemas are migrated by `migrate_in_parallel`: our own process pool instead of
django-tenants' `MultiprocessingExecutor`, whose `multiprocessing.Pool` is never closed or joined
and hung a deploy for 19 minutes (a worker blocked on the task queue's lock after the pool was
terminated). Here a deploy finishes or fails with the failed schemas named, never hangs:
`concurrent.futures` notices a worker that died, each schema has a time limit
(`HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS`, an alarm in the worker), and a watchdog in the parent kills
workers that stop answering altogether.

Plugged in with `GET_EXECUTOR_FUNCTION` (see cms/settings/base.py). Runs with options that
target a single migration or app (`migrate_schemas app 0003`, `--fake`, `--plan`, `--check`)
fall back to django-tenants' standard executor, which visits every schema.

`_has_table` (installed by cms/monkey_patches.py) makes Django's check "does this schema have a
django_migrations table" one indexed lookup: Django lists every table visible on the search path
instead, a scan of the whole pg_class with a visibility test per row — 0.3 s per schema with
2,000 club schemas, paid by every schema a real migration visits.
"""

import contextlib
import multiprocessing
import signal
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import cache

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from django_tenants.migration_executors import get_executor
from django_tenants.migration_executors.base import MigrationExecutor, run_migrations
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
        public = get_public_schema_name()
        if public in behind:  # the shared tables first, on their own
            StandardExecutor(self.args, self.options).run_migrations(tenants=[public])
            behind.remove(public)
        processes = getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 1)
        if len(behind) > 1 and processes > 1:
            return migrate_in_parallel(self.args, self.options, behind, processes=processes)
        if behind:
            return StandardExecutor(self.args, self.options).run_migrations(tenants=behind)
        return None

    def run_multi_type_migrations(self, tenants):
        return StandardExecutor(self.args, self.options).run_multi_type_migrations(tenants)


# --- the parallel path ---------------------------------------------------------------------------


class SchemaTimeout(Exception):
    """A schema's migration ran past HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS."""


def _raise_timeout(signum, frame):
    raise SchemaTimeout


def migrate_one_schema(args, options, schema_name: str, idx: int, count: int) -> None:
    """Django's migrate for one schema, as django-tenants runs it (in a worker process)."""
    run_migrations(
        args, options, SkipCurrentSchemasExecutor.codename, schema_name, allow_atomic=False, idx=idx, count=count
    )


def _in_worker(task: Callable, timeout: float, schema_name: str, *task_args) -> str | None:
    """Run `task` for one schema under an alarm; the error as text, None when it went through.

    Nothing is raised back to the parent: an exception that does not pickle would break the pool.
    """
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        task(*task_args)
        return None
    except SchemaTimeout:
        return f"Zeitüberschreitung nach {timeout:g} s (HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS)"
    except BaseException as error:  # noqa: BLE001 (reported per schema, the deploy fails below)
        return f"{type(error).__name__}: {error}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        with contextlib.suppress(Exception):  # the connection is gone either way
            connections.close_all()  # a broken transaction must not reach the next schema


def run_in_parallel(
    schemas: list[str],
    task: Callable,
    *,
    task_args: Callable[[str, int], tuple] = lambda schema, idx: (),
    processes: int,
    timeout: float,
    grace: float = 30.0,
) -> dict[str, str]:
    """Run `task(*task_args(schema, idx))` for every schema in a pool of forked processes.

    Returns the failed schemas with their reasons. It always returns: a worker that dies is
    noticed by `concurrent.futures` (BrokenProcessPool); a worker that outlives its own alarm by
    `grace` seconds is killed by this watchdog, together with the rest of the pool.
    """
    connections.close_all()  # never share a connection with the forked workers
    failures: dict[str, str] = {}
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork"))
    futures: dict[Future, str] = {
        pool.submit(_in_worker, task, timeout, schema, *task_args(schema, idx)): schema
        for idx, schema in enumerate(schemas)
    }
    pending = set(futures)
    last_progress = time.monotonic()
    try:
        while pending:
            done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in done:
                last_progress = time.monotonic()
                schema = futures[future]
                try:
                    error = future.result()
                except BrokenProcessPool:
                    error = "Der Arbeitsprozess wurde beendet, bevor das Schema fertig war."
                except Exception as exc:  # noqa: BLE001
                    error = f"{type(exc).__name__}: {exc}"
                if error:
                    failures[schema] = error
            if pending and time.monotonic() - last_progress > timeout + grace:
                for process in list((pool._processes or {}).values()):  # noqa: SLF001 (no public way to kill them)
                    process.kill()
                for future in pending:
                    failures[futures[future]] = f"Keine Antwort des Arbeitsprozesses nach {timeout + grace:g} s."
                pending = set()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return {schema: failures[schema] for schema in schemas if schema in failures}


def migrate_in_parallel(args, options, schemas: list[str], *, processes: int) -> None:
    """Migrate `schemas` in `processes` workers; name every schema that failed and fail the deploy."""
    failures = run_in_parallel(
        schemas,
        migrate_one_schema,
        task_args=lambda schema, idx: (args, options, schema, idx, len(schemas)),
        processes=processes,
        timeout=settings.HH_MIGRATE_SCHEMA_TIMEOUT_SECONDS,
    )
    if failures:
        lines = "\n".join(f"  {schema}: {reason}" for schema, reason in failures.items())
        raise CommandError(
            f"Migration in {len(failures)} von {len(schemas)} Schemas fehlgeschlagen "
            f"(die übrigen sind migriert; nach der Ursache erneut `migrate_schemas` aufrufen):\n{lines}"
        )


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
