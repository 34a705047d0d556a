"""Reads about the platform itself: is the database there, is its public schema migrated?

Used by the readiness probe (`/readyz`, cms/views.py). The migration check loads every
migration file, so its answer is kept for a while in the process.
"""

import time

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from django_tenants.utils import get_public_schema_name, schema_context

# How long a migration check result is trusted: a healthy answer for a minute (a deploy runs
# migrations before it switches traffic), a missing migration only briefly so the instance
# becomes ready soon after `migrate_schemas` has run.
MIGRATIONS_OK_SECONDS = 60.0
MIGRATIONS_PENDING_SECONDS = 5.0

_migrations_checked: tuple[float, list[str]] | None = None


def database_reachable() -> bool:
    """One round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def public_migrations_pending() -> list[str]:
    """Migrations on disk that the public schema lacks ("app.name"), cached for a while."""
    global _migrations_checked
    now = time.monotonic()
    if _migrations_checked is not None and _migrations_checked[0] > now:
        return _migrations_checked[1]
    # The club's own django_migrations would shadow the public one on a club host's search path.
    with schema_context(get_public_schema_name()):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    ttl = MIGRATIONS_PENDING_SECONDS if pending else MIGRATIONS_OK_SECONDS
    _migrations_checked = (now + ttl, pending)
    return pending


def forget_migration_check() -> None:
    """Drop the cached migration check (tests, or after migrating in the same process)."""
    global _migrations_checked
    _migrations_checked = None


def readiness() -> dict[str, object]:
    """What /readyz reports: {"ready": bool, "database": bool, "pending_migrations": [...]}."""
    if not database_reachable():
        return {"ready": False, "database": False, "pending_migrations": None}
    try:
        pending = public_migrations_pending()
    except DatabaseError:
        return {"ready": False, "database": False, "pending_migrations": None}
    return {"ready": not pending, "database": True, "pending_migrations": pending}
