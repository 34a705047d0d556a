"""django-tenants' backend, minus the redundant `SET search_path` before every cursor.

django-tenants (with TENANT_LIMIT_SET_CALLS off, as ARCHITECTURE.md wants) sends `SET search_path`
before every cursor: one extra round trip per query. Its limited mode would skip it after the
first SET per request, but it trusts a flag (see docs/decisions/0025-search-path-only-when-changed.md).
This wrapper remembers what the *session* really has — the path of the last SET that went
through — and skips the SET only when the wanted path is exactly that. The memory is dropped
whenever PostgreSQL may have undone or changed the path behind our back:

* a rollback or a rollback to a savepoint (a SET is transactional: both may revert it),
* a closed or new connection (persistent connections, pools),
* any other statement that mentions `search_path` (raw SQL such as the schema clone's
  `SET search_path TO …` or `set_config('search_path', …)`),
* a failed SET.

tests/tenancy/test_savepoint_search_path.py proves each of these.
"""

from django.db.backends import utils as backend_utils

from django_tenants.postgresql_backend import base as tenant_base

_MARK = "search_path"


class _Watching:
    """Mixin for Django's cursor wrappers: a statement that may touch the search path makes the
    connection forget what it believes the session has."""

    def execute(self, sql, params=None):
        if _MARK in str(sql).lower() and not self.db._hh_own_set:
            self.db._hh_session_path = None
        return super().execute(sql, params)

    def executemany(self, sql, param_list):
        if _MARK in str(sql).lower():
            self.db._hh_session_path = None
        return super().executemany(sql, param_list)

    def callproc(self, procname, params=None, kparams=None):
        self.db._hh_session_path = None  # a procedure may SET anything
        return super().callproc(procname, params, kparams)


class CursorWrapper(_Watching, backend_utils.CursorWrapper):
    pass


class CursorDebugWrapper(_Watching, backend_utils.CursorDebugWrapper):
    pass


class DatabaseWrapper(tenant_base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self._hh_session_path = None  # the search path the session has for sure, or None
        self._hh_own_set = False
        super().__init__(*args, **kwargs)

    def make_cursor(self, cursor):
        return CursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return CursorDebugWrapper(cursor, self)

    def get_new_connection(self, conn_params):
        self._hh_session_path = None
        return super().get_new_connection(conn_params)

    def close(self):
        self._hh_session_path = None
        super().close()

    def rollback(self):
        self._hh_session_path = None
        try:
            super().rollback()
        finally:
            self._hh_session_path = None

    def savepoint_rollback(self, sid):
        try:
            super().savepoint_rollback(sid)
        finally:
            # After the rollback: obtaining its cursor may have gone through _cursor() again.
            self._hh_session_path = None

    def _handle_search_path(self, cursor=None):
        if self._setting_search_path:
            return
        if self.schema_name:
            wanted = self._get_cursor_search_paths()
            if wanted == self._hh_session_path and not tenant_base.get_limit_set_calls():
                self.search_path_set_schemas = wanted
                return
        self._hh_own_set = True
        try:
            super()._handle_search_path(cursor)
        finally:
            self._hh_own_set = False
        # django-tenants records the path only when the SET went through (None after an error).
        self._hh_session_path = list(self.search_path_set_schemas) if self.search_path_set_schemas else None
