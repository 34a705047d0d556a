"""Prepares the browser tests' database; run by tests/e2e/conftest.py in a subprocess.

    python -m tests.e2e._prepare --port 8123

The database is kept between runs: `migrate_schemas` runs only when a schema lacks a migration
that exists on disk (one catalogue query per schema instead of ~1 s of `migrate` per schema),
the portal, the template and the clubs "alpha" and "beta" are made only when missing. Then the
Wagtail sites get this run's port (links the server builds must match the browser's URL) and
the known users get their known passwords. Prints one JSON line describing what is there.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

from wagtail.models import Site  # noqa: E402

from django_tenants.utils import schema_context  # noqa: E402

PASSWORD = "e2e-Passwort-2026"
OPERATOR = "betrieb@e2e.example"
CLUBS = {
    "alpha": {"name": "SV Alpha 1900 e. V.", "town": "Musterstadt", "postal_code": "12345"},
    "beta": {"name": "Chor Beta e. V.", "town": "Beispielheim", "postal_code": "12399"},
}


def schemas_behind() -> list[str]:
    """Schemas that lack a migration that is on disk (all of them when the database is empty)."""
    leaves = set(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.clubs_club') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return ["public"]
        cursor.execute("SELECT schema_name FROM public.clubs_club")
        schemas = [row[0] for row in cursor.fetchall()]
        behind = []
        for schema in schemas:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}".django_migrations'])
            if not cursor.fetchone()[0]:
                behind.append(schema)
                continue
            cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')  # noqa: S608 (names from our table)
            if not leaves <= set(cursor.fetchall()):
                behind.append(schema)
    return behind


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    started = time.monotonic()

    from sites.clubs.models import Club
    from sites.clubs.services import club_provision

    behind = schemas_behind()
    if behind:
        print(f"e2e: migrating ({', '.join(behind[:5])} behind)", file=sys.stderr)
        call_command("migrate_schemas", interactive=False, verbosity=0)
        call_command("platform_setup", verbosity=0)
    elif not Club.objects.filter(kind="template").exists():
        call_command("platform_setup", verbosity=0)
    for slug, data in CLUBS.items():
        if not Club.objects.filter(slug=slug).exists():
            club_provision(
                slug=slug,
                profile={"street": "Hauptstraße 1", "email": f"info@{slug}.example", **data},
                editor_name=f"Editor {slug.title()}",
                editor_email=f"editor@{slug}.example",
                send_invitation=False,
                live=True,
            )
            # The browser tests visit every page type, also the starter's examples that a new
            # club gets as drafts (issue #15): published here as in tests/conftest.py.
            from tests.conftest import starter_drafts_publish

            starter_drafts_publish(slug=slug)
    connection.set_schema_to_public()

    user_model = get_user_model()
    operator, _created = user_model.objects.get_or_create(
        username=OPERATOR, defaults={"email": OPERATOR, "is_staff": True, "is_superuser": True}
    )
    operator.set_password(PASSWORD)
    operator.save()
    Site.objects.update(port=port)

    clubs = {}
    for club in Club.objects.filter(kind="club").prefetch_related("domains").order_by("slug"):
        with schema_context(club.schema_name):
            Site.objects.update(port=port)
            # The club's first editor: its Vereinsadmin (editors are no superusers since issue #15).
            editor = (
                user_model.objects.filter(groups__name="Vereinsadmin").order_by("pk").first()
                or user_model.objects.filter(is_superuser=True).order_by("pk").first()
            )
            if editor is not None:
                editor.set_password(PASSWORD)
                editor.save()
        clubs[club.slug] = {
            "name": club.name,
            "schema": club.schema_name,
            "host": club.primary_hostname,
            "editor": editor.username if editor else None,
        }
    print(
        json.dumps(
            {
                "base_domain": settings.HH_BASE_DOMAIN,
                "password": PASSWORD,
                "operator": OPERATOR,
                "clubs": clubs,
                "seconds": round(time.monotonic() - started, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
