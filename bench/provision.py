"""Benchmark of provisioning: a club live by cloning the template schema vs. by plain migration.

    .venv/bin/python bench/provision.py [--clubs 300] [--few 10] [--runs 7] [--migrate-runs 3] [--real-fillers] [--keep]

Runs on a throw-away database (`bench_provision` in the embedded PostgreSQL, or the database of
DATABASE_URL), dropped and made anew, so no developer database is touched. The public schema and
the template schema are migrated as `make setup` does it.

"A club live" is what `sites.clubs.services.club_provision` does for an approved registration:
clone of the template schema, the club and domain rows, the Wagtail `Site` on the club's host, the
starter tree personalised from the profile and the first editor (the invitation goes to the
in-memory mail backend). The plain-migration path does the same with `CREATE SCHEMA` +
`migrate_schemas` and the starter tree built from scratch (no template to copy it from).

Figures (one JSON object per line):
* clone_median_s: median time of a club live by clone, with `--few` clubs present; target <= 1 s.
* migrate_median_s: median time of the same club live by plain migration (reference, no target).
* clone_speedup: migrate_median_s / clone_median_s (reference; ARCHITECTURE.md expects ~10x).
* clone_median_at_<few>_s / clone_median_at_<clubs>_s: the clone time with that many clubs
  present; the second one has target <= 1 s too.
* clone_ratio_<clubs>_vs_<few>: how much slower provisioning is with many clubs; target <= 1.2.
* first_request_ms: median time of the first request to a freshly provisioned club's home page
  (proves the club is live; reference, no target); clubs_live_after_clone: every such request
  answered 200.
* load_average_1m: the machine's load when measuring starts and ends; the targets assume an idle
  machine, so compare figures only between runs at a similar load (ratios within a run are fair).

Each measured club is removed again right after, so the club count stays what the figure says.
The many clubs are stand-ins by default (`Clubs.add_stand_in`: club and domain rows plus a schema
with every table, index and sequence of the template, made in a fraction of a clone);
`--real-fillers` provisions them for real instead, which takes about as long as N clones.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import drop_database, fresh_database, setup_django  # noqa: E402

DB_NAME = os.environ.get("HH_BENCH_DB", "bench_provision")  # another name lets two runs compare side by side


def emit(metric: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> None:
    row = {"bench": "provision", "metric": metric, "value": round(value, 3), "unit": unit}
    if target:
        row["target"] = target
    if ok is not None:
        row["ok"] = ok
    print(json.dumps(row), flush=True)


def profile(n: int) -> dict:
    return {
        "name": f"Benchverein {n} e. V.",
        "street": "Hauptstraße 1",
        "postal_code": "12345",
        "town": "Musterstadt",
        "email": f"info@bench-{n}.example",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": f"VR {1000 + n}",
    }


class Clubs:
    """Makes and removes bench clubs; `count()` is the number of real clubs present."""

    def __init__(self):
        self.next = 0

    def slug(self) -> str:
        self.next += 1
        return f"bench-{self.next}"

    def count(self) -> int:
        from sites.clubs.constants import ClubKind
        from sites.clubs.models import Club

        return Club.objects.filter(kind=ClubKind.CLUB).count()

    def by_clone(self, slug: str | None = None):
        from sites.clubs.services import club_provision

        slug = slug or self.slug()
        return club_provision(
            slug=slug,
            profile=profile(self.next),
            editor_name="Erika Mustermann",
            editor_email=f"redaktion@{slug}.example",
        )

    def by_migration(self):
        """The same club live without a template: CREATE SCHEMA, migrate, starter tree from scratch."""
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection, transaction

        from wagtail.log_actions import LogContext

        from django_tenants.utils import schema_context

        from sites.clubs.constants import ClubKind
        from sites.clubs.models import Club, Domain
        from sites.clubs.selectors import club_hostname
        from sites.pages.services import starter_tree_create, starter_tree_personalise

        slug = self.slug()
        hostname = club_hostname(slug)
        schema_name = "club_" + slug.replace("-", "_")
        with transaction.atomic():
            club = Club(schema_name=schema_name, slug=slug, kind=ClubKind.CLUB, **profile(self.next))
            club.full_clean()
            club.save()
            Domain.objects.create(domain=hostname, tenant=club, is_primary=True)
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0)
        with schema_context(schema_name), LogContext(), transaction.atomic():
            starter_tree_create(site_name=club.display_name, hostname=hostname)
            starter_tree_personalise(club=club, hostname=hostname, port=int(settings.HH_PUBLIC_PORT or 80))
            user = get_user_model()(username=f"redaktion@{slug}.example", email=f"redaktion@{slug}.example")
            user.set_unusable_password()
            user.save()
        connection.set_schema_to_public()
        return club

    def add_stand_in(self) -> None:
        """A club row, its domain and a schema with every table, index and sequence of the template.

        What makes provisioning slower with many clubs is the catalogue (tables, indexes,
        sequences, constraints of every schema) and the rows of the public club tables; a stand-in
        has both, made with one statement (`CREATE TABLE … (LIKE … INCLUDING ALL)`) instead of a
        full clone, so that 300 clubs are made in minutes. Stand-ins have no rows and no foreign
        keys in their schema and are never requested.
        """
        from django.conf import settings
        from django.db import connection, transaction

        from sites.clubs.constants import ClubKind
        from sites.clubs.models import Club, Domain
        from sites.clubs.selectors import club_hostname

        if not hasattr(self, "_template_tables"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
                    [settings.TENANT_BASE_SCHEMA],
                )
                self._template_tables = [row[0] for row in cursor.fetchall()]
        slug = self.slug()
        schema_name = "club_" + slug.replace("-", "_")
        template = settings.TENANT_BASE_SCHEMA
        statements = [f'CREATE SCHEMA "{schema_name}"'] + [
            f'CREATE TABLE "{schema_name}"."{table}" (LIKE "{template}"."{table}" INCLUDING ALL)'
            for table in self._template_tables
        ]
        with transaction.atomic():
            # bulk_create: no post_save signals (the portal would index a club without pages).
            (club,) = Club.objects.bulk_create(
                [Club(schema_name=schema_name, slug=slug, kind=ClubKind.CLUB, **profile(self.next))]
            )
            Domain.objects.bulk_create([Domain(domain=club_hostname(slug), tenant=club, is_primary=True)])
            with connection.cursor() as cursor:
                cursor.execute("; ".join(statements))

    def remove(self, club) -> None:
        from django.conf import settings
        from django.db import connection

        from cms.tenancy.middleware import forget_tenant_hosts

        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{club.schema_name}" CASCADE')
        club.domains.all().delete()
        club.categories.clear()
        type(club).objects.filter(pk=club.pk).delete()
        shutil.rmtree(Path(settings.MEDIA_ROOT) / club.schema_name, ignore_errors=True)
        forget_tenant_hosts()

    def grow_to(self, total: int, *, fast: bool = False) -> None:
        """Add clubs until `total` exist: real provisioning, or `fast` stand-ins (see `add_stand_in`)."""
        started, start_count = time.perf_counter(), self.count()
        while self.count() < total:
            if fast:
                self.add_stand_in()
            else:
                self.by_clone()
        made = self.count() - start_count
        if made:
            print(
                f"# {made} clubs made in {time.perf_counter() - started:.0f} s, now {self.count()}",
                file=sys.stderr,
                flush=True,
            )


def timed(fn) -> tuple[float, object]:
    from django.db import connection

    connection.set_schema_to_public()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def clone_runs(clubs: Clubs, runs: int, first_requests: list[float] | None = None) -> list[float]:
    """Provision `runs` clubs by clone, one at a time; each is removed again so the count stays."""
    from django.test import Client

    times = []
    for _ in range(runs):
        seconds, club = timed(clubs.by_clone)
        times.append(seconds)
        if first_requests is not None:
            client = Client(HTTP_HOST=club.primary_hostname, raise_request_exception=False)
            started = time.perf_counter()
            status = client.get("/").status_code
            first_requests.append((time.perf_counter() - started) * 1000)
            if status != 200:
                print(f"# {club.primary_hostname} answered {status}: the club is not live", file=sys.stderr)
                first_requests.append(float("nan"))
        clubs.remove(club)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clubs", type=int, default=300, help="many clubs present (default 300)")
    parser.add_argument("--few", type=int, default=10, help="few clubs present (default 10)")
    parser.add_argument("--runs", type=int, default=7, help="clones measured per club count (default 7)")
    parser.add_argument("--migrate-runs", type=int, default=3, help="plain migrations measured (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database afterwards")
    parser.add_argument(
        "--real-fillers", action="store_true", help="make the many clubs by real provisioning (slow), not stand-ins"
    )
    args = parser.parse_args()

    media_root = str(ROOT / ".data" / "bench-provision-media")
    shutil.rmtree(media_root, ignore_errors=True)
    fresh_database(DB_NAME)
    setup_django(DB_NAME, MEDIA_ROOT=media_root, ALLOWED_HOSTS=".localhost,localhost")
    try:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate_schemas", interactive=False, verbosity=0)
        call_command("platform_setup", verbosity=0)
        print(f"# setup (migrate + template) {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

        emit("load_average_1m", os.getloadavg()[0], "processes", "reference: 2 cores on this machine")
        clubs = Clubs()
        clubs.grow_to(args.few)
        clone_runs(clubs, 1)  # warm-up: imports, clone function, caches
        first_requests: list[float] = []
        at_few = clone_runs(clubs, args.runs, first_requests)

        migrate_times = []
        for _ in range(args.migrate_runs):
            seconds, club = timed(clubs.by_migration)
            migrate_times.append(seconds)
            clubs.remove(club)

        clubs.grow_to(args.clubs, fast=not args.real_fillers)
        clone_runs(clubs, 1)  # the same warm-up as with few clubs
        at_many = clone_runs(clubs, args.runs)
        emit("load_average_1m", os.getloadavg()[0], "processes", "reference: 2 cores on this machine")

        clone = statistics.median(at_few)
        many = statistics.median(at_many)
        emit("clone_median_s", clone, "s", "<= 1.0", clone <= 1.0)
        if migrate_times:  # --migrate-runs 0 skips the slow reference
            migrate = statistics.median(migrate_times)
            emit("migrate_median_s", migrate, "s")
            emit("clone_speedup", migrate / clone, "x faster than migration")
        emit(f"clone_median_at_{args.few}_s", clone, "s", "<= 1.0", clone <= 1.0)
        emit(f"clone_median_at_{args.clubs}_s", many, "s", "<= 1.0", many <= 1.0)
        ratio = many / clone
        emit(f"clone_ratio_{args.clubs}_vs_{args.few}", ratio, "x", "<= 1.2", ratio <= 1.2)
        live = all(value == value for value in first_requests)  # NaN marks a failed first request
        emit("first_request_ms", statistics.median([v for v in first_requests if v == v] or [0.0]), "ms")
        emit("clubs_live_after_clone", 1.0 if live else 0.0, "bool", "== 1", live)
    finally:
        if not args.keep:
            drop_database(DB_NAME)
            shutil.rmtree(media_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
