"""Rule 7: media paths and cache keys differ per schema; background tasks carry the schema name."""

import inspect
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

import pytest
from django_tenants.cache import make_key
from django_tenants.utils import get_public_schema_name, schema_context


@pytest.mark.django_db
def test_media_paths_and_urls_differ_per_schema(club, other_club):
    seen = {}
    for schema in (club.schema_name, other_club.schema_name, get_public_schema_name()):
        with schema_context(schema):
            name = default_storage.save("tenancy/probe.txt", ContentFile(schema.encode()))
            seen[schema] = (default_storage.path(name), default_storage.url(name))
            assert f"/{schema}/" in seen[schema][0]
            assert seen[schema][1].startswith(f"/media/{schema}/")
            with default_storage.open(name) as handle:
                assert handle.read() == schema.encode()
            default_storage.delete(name)
    assert len({path for path, _url in seen.values()}) == 3


@pytest.mark.django_db
def test_cache_keys_are_prefixed_per_schema(club, other_club):
    keys = {}
    for schema in (club.schema_name, other_club.schema_name):
        with schema_context(schema):
            keys[schema] = make_key("home", "", 1)
            cache.set("tenancy-probe", schema)
    assert keys[club.schema_name] != keys[other_club.schema_name]
    for schema in (club.schema_name, other_club.schema_name):
        with schema_context(schema):
            assert cache.get("tenancy-probe") == schema
            cache.delete("tenancy-probe")
    with schema_context(get_public_schema_name()):
        assert cache.get("tenancy-probe") is None


def _project_tasks():
    """Every django-tasks Task defined in a `tasks.py` of our apps."""
    from django_tasks.base import Task

    for config in apps.get_app_configs():
        if not config.name.startswith(("cms", "sites", "forms_assistant", "community")):
            continue
        if find_spec(f"{config.name}.tasks") is None:
            continue
        module = import_module(f"{config.name}.tasks")
        for name, value in vars(module).items():
            if isinstance(value, Task):
                yield f"{config.name}.tasks.{name}", value


TASKS = list(_project_tasks())


@pytest.mark.parametrize(("name", "task"), TASKS or [pytest.param("", None, marks=pytest.mark.skip("no tasks yet"))])
def test_tasks_take_the_schema_name(name, task):
    parameters = inspect.signature(task.func).parameters
    assert "schema_name" in parameters, f"{name} must take schema_name and run inside schema_context"


@pytest.mark.django_db
def test_connection_knows_its_schema_inside_a_context(club):
    with schema_context(club.schema_name):
        assert connection.schema_name == club.schema_name
    assert connection.schema_name == get_public_schema_name()
