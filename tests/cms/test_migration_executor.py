"""The no-op path of migrate_schemas: current schemas are found with one query and skipped."""

from django.db import connection

import pytest

from cms.tenancy.migration_executor import schemas_behind


@pytest.mark.django_db
def test_all_schemas_current_after_setup(club, other_club):
    assert schemas_behind(["public", "club_template", club.schema_name, other_club.schema_name]) == []


@pytest.mark.django_db
def test_a_schema_missing_a_leaf_migration_is_behind(club, other_club):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM \"{club.schema_name}\".django_migrations WHERE app = 'pages'")
    assert schemas_behind(["public", club.schema_name, other_club.schema_name]) == [club.schema_name]


@pytest.mark.django_db
def test_a_schema_without_migrations_table_is_behind():
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA club_brandneu")
    assert schemas_behind(["club_brandneu"]) == ["club_brandneu"]


@pytest.mark.django_db
def test_recorder_finds_the_migrations_table_of_the_current_schema_only(club):
    from django.db.migrations.recorder import MigrationRecorder

    from cms.tenancy.migration_executor import _has_table

    assert MigrationRecorder.has_table is _has_table  # installed by cms.apps
    connection.set_schema(club.schema_name)
    assert MigrationRecorder(connection).has_table()
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA club_without_tables")
    connection.set_schema("club_without_tables")
    # public's table is on the search path, but this schema has none of its own
    assert not MigrationRecorder(connection).has_table()
    connection.set_schema_to_public()
    assert MigrationRecorder(connection).has_table()


# --- the parallel path: it finishes or fails with the schemas named, it never hangs ----------------

import os  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402

from django.core.management import CommandError  # noqa: E402

from cms.tenancy.migration_executor import migrate_in_parallel, run_in_parallel  # noqa: E402


def _task(schema: str) -> None:
    """Stands in for one schema's migration; the schema's name says how it behaves."""
    if schema.startswith("fail"):
        raise ValueError(f"kaputt in {schema}")
    if schema.startswith("slow"):
        time.sleep(60)  # the alarm ends it
    if schema.startswith("deaf"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # deaf to its alarm: the watchdog kills it
        time.sleep(60)
    if schema.startswith("die"):
        os._exit(3)
    time.sleep(0.01)


def _args(schema, idx):
    return (schema,)


def test_pool_runs_every_schema_and_names_the_failures_repeatedly():
    schemas = [f"ok_{i}" for i in range(40)] + ["fail_a", "fail_b"]
    for _round in range(5):
        started = time.monotonic()
        failures = run_in_parallel(schemas, _task, task_args=_args, processes=2, timeout=5)
        assert set(failures) == {"fail_a", "fail_b"}
        assert "ValueError: kaputt in fail_a" in failures["fail_a"]
        assert time.monotonic() - started < 20


def test_a_schema_over_its_time_limit_fails_and_the_others_go_on():
    started = time.monotonic()
    failures = run_in_parallel(["ok_1", "slow_1", "ok_2", "ok_3"], _task, task_args=_args, processes=2, timeout=1)
    assert list(failures) == ["slow_1"]
    assert "Zeitüberschreitung" in failures["slow_1"]
    assert time.monotonic() - started < 15


def test_a_worker_deaf_to_its_alarm_is_killed_by_the_watchdog():
    started = time.monotonic()
    failures = run_in_parallel(["deaf_1", "ok_1"], _task, task_args=_args, processes=2, timeout=1, grace=1)
    assert "deaf_1" in failures and "Keine Antwort" in failures["deaf_1"]
    assert "ok_1" not in failures
    assert time.monotonic() - started < 20


def test_a_dying_worker_fails_the_run_instead_of_hanging_it():
    started = time.monotonic()
    failures = run_in_parallel(
        ["ok_1", "die_1", "ok_2", "ok_3", "ok_4"], _task, task_args=_args, processes=2, timeout=5
    )
    assert "die_1" in failures and "Arbeitsprozess" in failures["die_1"]
    assert time.monotonic() - started < 20


LEAF = ("cms", "0002_german_group_and_workflow_names")  # idempotent (renames only what is still English)

# The real command runs in a subprocess on this test's database: the test itself sits in a
# transaction that the forked workers must neither share nor wait for.
_FORGET_LEAF = """
import django, sys
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    for schema in sys.argv[3:]:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', sys.argv[1:3])
"""


def _manage(*args, python_code: str | None = None):
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "HH_DB_NAME": connection.settings_dict["NAME"],
        "TENANT_MULTIPROCESSING_MAX_PROCESSES": "2",
    }
    command = [sys.executable, "-c", python_code, *args] if python_code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.django_db
def test_real_parallel_migrate_over_club_schemas_repeatedly(club, other_club):
    from cms.tenancy.migration_executor import _leaf_migrations

    assert LEAF in _leaf_migrations(["cms"]), "pick another idempotent leaf migration for this test"
    schemas = ["club_template", club.schema_name, other_club.schema_name]
    for _round in range(3):
        forgot = _manage(*LEAF, *schemas, python_code=_FORGET_LEAF)
        assert forgot.returncode == 0, forgot.stderr
        assert sorted(schemas_behind(schemas)) == sorted(schemas)
        migrated = _manage("migrate_schemas", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
        assert schemas_behind(schemas) == []


def test_a_failed_schema_fails_the_command_with_its_name(monkeypatch):
    import cms.tenancy.migration_executor as executor

    monkeypatch.setattr(executor, "run_in_parallel", lambda schemas, task, **kwargs: {"club_b": "ValueError: kaputt"})
    with pytest.raises(CommandError) as raised:
        migrate_in_parallel((), {}, ["club_a", "club_b", "club_c"], processes=2)
    assert "1 von 3 Schemas" in str(raised.value)
    assert "club_b: ValueError: kaputt" in str(raised.value)
