"""The no-op path of migrate_schemas: current schemas are found with one query and skipped."""

from django.db import connection

import pytest

from cms.migration_executor import schemas_behind


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

    from cms.migration_executor import _has_table

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
