"""What every benchmark needs: a throw-away database in the embedded server, Django set up on it,
and a p95. Imported by the scripts in bench/ (`python bench/<name>.py` puts bench/ on sys.path)."""

import os
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def fresh_database(db_name: str) -> None:
    """Drop and create the throw-away database in the embedded server (DATABASE_URL: used as given)."""
    if os.environ.get("DATABASE_URL"):
        return
    from cms import embedded_db

    embedded_db.embedded_database_url(ROOT / ".data" / "pg", "postgres")
    server = embedded_db._server
    server.psql(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE);")
    server.psql(f"CREATE DATABASE {db_name};")


def drop_database(db_name: str) -> None:
    if os.environ.get("DATABASE_URL"):
        return
    from django.db import connections

    connections.close_all()
    from cms import embedded_db

    embedded_db._server.psql(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE);")


def setup_django(db_name: str, **environment: str) -> None:
    """Production-like settings (DEBUG off, mails kept in memory) on `db_name`, plus `environment`."""
    os.environ["HH_DB_NAME"] = db_name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
    os.environ["DEBUG"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.update(environment)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
