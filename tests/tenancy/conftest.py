"""Helpers for the tenancy suite: which apps (and so which models) have tables in which schemas."""

from django.apps import apps
from django.conf import settings

import pytest


def app_schemas(app_label: str) -> tuple[bool, bool]:
    """(has tables in public, has tables in club schemas) for an installed app."""
    name = apps.get_app_config(app_label).name
    return name in settings.SHARED_APPS, name in settings.TENANT_APPS


def public_only_apps() -> list[str]:
    return [c.label for c in apps.get_app_configs() if app_schemas(c.label) == (True, False)]


def club_only_apps() -> list[str]:
    return [c.label for c in apps.get_app_configs() if app_schemas(c.label) == (False, True)]


def club_schemas() -> list[str]:
    """Every schema with club tables: the template and every club (not the portal)."""
    from sites.clubs.models import Club

    return list(Club.objects.exclude(schema_name="public").values_list("schema_name", flat=True))


def tables_by_schema(table_names) -> dict[str, set[str]]:
    """{schema: {table, …}} for the given table names, as the database catalogue has them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_name = ANY(%s)",
            [list(table_names)],
        )
        found: dict[str, set[str]] = {}
        for schema, table in cursor.fetchall():
            found.setdefault(schema, set()).add(table)
    return found


@pytest.fixture
def session_of():
    """session_of(client) -> the sessionid cookie value a logged-in test client holds."""

    def get(client) -> str:
        return client.cookies["sessionid"].value

    return get
