"""Keeps Django's delete cascade inside the current schema.

Wagtail's pages, images, documents and users live in every schema, but the page types and
data models of one tree exist only in that tree's schema. Django's deletion collector follows
*every* reverse relation of a deleted row, whatever schema the related table is in:

* deleting a portal page asks for `pages_clubhomepage` rows, a table the public schema lacks
  (django-tenants issues #962 and #1180: the delete fails);
* worse, deleting a club's page or user follows relations from public-only models, and the club's
  `search_path` (`<club>, public`) finds those public tables: it would cascade into public rows
  that merely share an id with the club's row.

So the collector only sees relations whose model has a table in the current schema.
Installed by cms/monkey_patches.py. See docs/decisions/0002-deletion-collector-per-schema.md; tests/tenancy/test_rule_2_no_cross_schema_fk.py.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import deletion

from django_tenants.utils import get_public_schema_name

_original = deletion.get_candidate_relations_to_delete


@cache
def _app_lists() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(settings.SHARED_APPS), frozenset(settings.TENANT_APPS)


@cache
def model_schemas(app_label: str) -> tuple[bool, bool]:
    """(has a table in public, has a table in club schemas) for an app."""
    shared, tenant = _app_lists()
    name = apps.get_app_config(app_label).name
    return name in shared, name in tenant


def model_in_current_schema(model) -> bool:
    in_public, in_clubs = model_schemas(model._meta.app_label)
    is_public = getattr(connection, "schema_name", get_public_schema_name()) == get_public_schema_name()
    return in_public if is_public else in_clubs


def _schema_aware_candidates(opts):
    return (rel for rel in _original(opts) if model_in_current_schema(rel.related_model))
