"""Rule 1: the app that holds the tenant model is public-only (and each app's tables sit where it says).

If `clubs_*` tables also existed in club schemas, a query from a club request would silently read
the empty local copy, because django-tenants sets `search_path` to `<club>, public`.
"""

from django.apps import apps
from django.conf import settings
from django.db import connection

import pytest
from django_tenants.utils import get_tenant_domain_model, get_tenant_model, schema_context

from .conftest import club_only_apps, club_schemas, public_only_apps, tables_by_schema


def _tables_of(app_label: str) -> set[str]:
    models = apps.get_app_config(app_label).get_models(include_auto_created=True)
    return {m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy}


def test_tenant_and_domain_models_are_in_a_public_only_app():
    for model in (get_tenant_model(), get_tenant_domain_model()):
        app_name = model._meta.app_config.name
        assert app_name in settings.SHARED_APPS
        assert app_name not in settings.TENANT_APPS, f"{app_name} must not be in TENANT_APPS"


@pytest.mark.django_db
def test_clubs_tables_exist_only_in_public():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name LIKE %s", ["clubs\\_%"]
        )
        schemas = {row[0] for row in cursor.fetchall()}
    assert schemas == {"public"}


@pytest.mark.django_db
@pytest.mark.parametrize("app_label", public_only_apps())
def test_public_only_apps_have_no_tables_in_club_schemas(app_label):
    tables = _tables_of(app_label)
    if not tables:
        pytest.skip(f"{app_label} has no tables yet")
    found = tables_by_schema(tables)
    assert found.get("public") == tables, f"missing in public: {tables - found.get('public', set())}"
    leaked = {schema: names for schema, names in found.items() if schema in club_schemas()}
    assert not leaked, f"public-only tables found in club schemas: {leaked}"


@pytest.mark.django_db
@pytest.mark.parametrize("app_label", club_only_apps())
def test_club_only_apps_have_tables_in_every_club_schema_and_not_in_public(app_label):
    tables = _tables_of(app_label)
    found = tables_by_schema(tables)
    assert "public" not in found, f"club-only tables found in public: {found.get('public')}"
    for schema in club_schemas():
        assert found.get(schema) == tables, f"{schema} lacks {tables - found.get(schema, set())}"


@pytest.mark.django_db
def test_club_request_reads_the_real_club_list(club, other_club):
    """From a club's search path the tenant table is the public one: there is no local copy."""
    from sites.clubs.models import Club

    public_count = Club.objects.count()
    with schema_context(club.schema_name):
        assert Club.objects.count() == public_count
        assert Club.objects.filter(slug=other_club.slug).exists()
