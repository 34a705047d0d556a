"""Django's and Wagtail's small lookup caches, kept per schema instead of thrown away per request.

* Content types: Django caches them per process, but club schemas and the portal each have
  their own `django_content_type` table, so django-tenants empties that cache on every
  `set_tenant()`, that is on every request (one query per request and page type again). Here
  the cache is one per (database alias, schema), and the emptying on a schema switch is skipped;
  every other `clear_cache()` (migrations creating content types, tests) still empties all.
  Content types only change with migrations. Keyed by the schema of the thread's own connection,
  this is also correct for gunicorn's threads, which the shared stock cache was not.
* Locales: Wagtail looks the active language's Locale up with a query on every page request.
  Here it is remembered per (schema, language) and the schema's generation
  (cms/tenancy/invalidation.py), which a saved or deleted Locale moves: a change shows on the next
  request of every instance.

* View restrictions: Wagtail checks every served page for restrictions on it and its ancestors
  (two queries). Most clubs have none at all; whether a schema has any is remembered per
  (schema, generation), and a saved or deleted restriction moves that generation. Where a schema
  has restrictions, Wagtail's own check runs unchanged.

All are bounded (about `MAX_SCHEMAS` schemas; the oldest go first).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict

from django.db import connections

MAX_SCHEMAS = 5000  # a district has about 2,000 clubs; a few thousand entries are small

_switching = threading.local()


class SchemaContentTypeCache:
    """Stands in for `ContentTypeManager._cache` ({alias: {key: content type}}), per schema."""

    def __init__(self):
        self._by_schema: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._lock = threading.Lock()

    def _key(self, alias: str) -> tuple[str, str]:
        return alias, getattr(connections[alias], "schema_name", "") or ""

    def __getitem__(self, alias: str) -> dict:
        return self._by_schema[self._key(alias)]  # KeyError as the plain dict: the caller looks it up then

    def get(self, alias: str, default=None):
        try:
            return self[alias]
        except KeyError:
            return default

    def __contains__(self, alias: str) -> bool:
        return self._key(alias) in self._by_schema

    def setdefault(self, alias: str, default: dict) -> dict:
        key = self._key(alias)
        with self._lock:
            found = self._by_schema.setdefault(key, default)
            if len(self._by_schema) > MAX_SCHEMAS:
                self._by_schema.popitem(last=False)
        return found

    def clear(self) -> None:
        if getattr(_switching, "active", False):
            _switching.active = False  # django-tenants' clear on a schema switch: kept per schema instead
            return
        with self._lock:
            self._by_schema.clear()


def on_set_tenant(connection, tenant) -> None:
    """EXTRA_SET_TENANT_METHOD_PATH: django-tenants calls this right before it empties the
    content type cache in set_tenant(); that one emptying is skipped."""
    _switching.active = True


class SchemaMemo:
    """Values per key, bounded (the oldest go first); keys carry the schema's generation
    (`invalidation.stamp`), so a change of a schema makes its entries unreachable in every process."""

    def __init__(self, size: int):
        self._values: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get_or_load(self, key: tuple, load):
        found = self._values.get(key)
        if found is None:
            found = load()  # an exception (DoesNotExist) is not remembered
            with self._lock:
                self._values[key] = found
                if len(self._values) > self._size:
                    self._values.popitem(last=False)
        return found


# --- locales ---------------------------------------------------------------------------------------

_locales = SchemaMemo(MAX_SCHEMAS * 2)


def _cached_get_for_language(original):
    def get_for_language(self, language_code):
        from cms.tenancy import hosts, invalidation

        if not hosts.enabled():
            return original(self, language_code)
        schema = getattr(connections[self.db], "schema_name", "")
        key = (schema, language_code, invalidation.stamp(schema))
        return copy.copy(_locales.get_or_load(key, lambda: original(self, language_code)))

    return get_for_language


# --- view restrictions -----------------------------------------------------------------------------

_restricted = SchemaMemo(MAX_SCHEMAS)


def _schema_has_restrictions(db: str) -> bool:
    from wagtail.models import PageViewRestriction

    from cms.tenancy import hosts, invalidation

    if not hosts.enabled():
        return True
    schema = getattr(connections[db], "schema_name", "")
    key = (schema, invalidation.stamp(schema))
    return _restricted.get_or_load(key, PageViewRestriction.objects.using(db).exists)


def _view_restrictions_if_any(original):
    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        db = self._state.db or "default"
        if not _schema_has_restrictions(db):
            # Known empty: iterating a bare `none()` still runs the compiler up to its
            # EmptyResultSet (~35 µs of every page served); chained calls clone it as usual.
            empty = PageViewRestriction.objects.using(db).none()
            empty._result_cache, empty._prefetch_done = [], True
            return empty
        return original(self)

    return get_view_restrictions
