"""Shared by bench/scale.py and bench/serve.py: a throw-away database with many cloned clubs.

Not a benchmark itself (the leading underscore keeps `make bench` from running it). Clubs are
made exactly as an approved registration makes them (`sites.clubs.services.club_provision`: clone
of the template schema with its full starter tree, personalised, first editor), named
`bench-<n>`, so a database can be grown step by step (10, then 500, then 2,000) and kept between
runs with `--keep`.

    .venv/bin/python bench/_clubs.py provision DB_NAME FIRST LAST   # used as a worker process
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emitter(bench: str):
    def emit(metric: str, value, unit: str = "", target: str = "", ok: bool | None = None, **extra) -> None:
        row = {"bench": bench, "metric": metric, "value": round(value, 4) if isinstance(value, float) else value}
        row["unit"] = unit
        if target:
            row["target"] = target
        if ok is not None:
            row["ok"] = bool(ok)
        row.update(extra)
        print(json.dumps(row, ensure_ascii=False), flush=True)

    return emit


def log(message: str) -> None:
    print(f"# {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def database_env(db_name: str, media_root: Path) -> dict[str, str]:
    """Environment of a process working on the bench database (this one, workers, gunicorn)."""
    return {
        "HH_DB_NAME": db_name,
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
        "DJANGO_SETTINGS_MODULE": os.environ.get("BENCH_SETTINGS", "cms.settings.base"),
    }


def database_exists(db_name: str) -> bool:
    from cms import embedded_db

    embedded_db.embedded_database_url(ROOT / ".data" / "pg", "postgres")
    return "(1 row)" in embedded_db._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db_name}';")


def database_fresh(db_name: str) -> None:
    """Drop and create the database in the embedded server (with DATABASE_URL: used as given)."""
    if os.environ.get("DATABASE_URL"):
        return
    from cms import embedded_db

    embedded_db.embedded_database_url(ROOT / ".data" / "pg", "postgres")
    embedded_db._server.psql(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE);")
    embedded_db._server.psql(f"CREATE DATABASE {db_name};")


def database_drop(db_name: str) -> None:
    if os.environ.get("DATABASE_URL"):
        return
    from django.db import connections

    connections.close_all()
    from cms import embedded_db

    embedded_db._server.psql(f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE);")


def django_setup(db_name: str, media_root: Path) -> None:
    os.environ.update(database_env(db_name, media_root))
    import django

    django.setup()


def platform_ready() -> float:
    """Migrate public and the template, make portal and template; seconds taken."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    call_command("platform_setup", verbosity=0)
    return time.perf_counter() - started


def profile(n: int) -> dict:
    towns = [("12345", "Musterstadt"), ("12399", "Beispielheim"), ("12301", "Aue"), ("12410", "Nordhausen")]
    postal_code, town = towns[n % len(towns)]
    return {
        "name": f"Benchverein {n} e. V.",
        "street": f"Hauptstraße {n % 200 + 1}",
        "postal_code": postal_code,
        "town": town,
        "email": f"info@bench-{n}.example",
        "register_court": "Amtsgericht Musterstadt",
        "register_number": f"VR {1000 + n}",
    }


def club_count() -> int:
    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Club

    return Club.objects.filter(kind=ClubKind.CLUB).count()


def club_hosts(limit: int | None = None) -> list[str]:
    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Domain

    rows = (
        Domain.objects.filter(tenant__kind=ClubKind.CLUB, is_primary=True, tenant__slug__startswith="bench-")
        .order_by("tenant_id")
        .values_list("domain", flat=True)
    )
    return list(rows[:limit] if limit else rows)


def provision_range(first: int, last: int) -> list[float]:
    """Provision bench-<first> … bench-<last> (those missing); seconds per club."""
    from django.db import connection

    from sites.clubs.models import Club
    from sites.clubs.services import club_provision

    existing = set(Club.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    times = []
    for n in range(first, last + 1):
        slug = f"bench-{n}"
        if slug in existing:
            continue
        connection.set_schema_to_public()
        started = time.perf_counter()
        club_provision(
            slug=slug,
            profile=profile(n),
            editor_name="Erika Mustermann",
            editor_email=f"redaktion@{slug}.example",
            send_invitation=False,
            live=True,  # the benches measure the club's site, not the coming-soon placeholder
        )
        times.append(time.perf_counter() - started)
    connection.set_schema_to_public()
    return times


def grow_to(total: int, *, db_name: str, media_root: Path, processes: int = 1) -> list[float]:
    """Provision clubs until `total` bench clubs exist; per-club seconds (all processes).

    With processes > 1 the range is split over worker processes (`_clubs.py provision …`), each
    provisioning its share one club at a time, as parallel sign-ups would.
    """
    from django.db import connections

    have = club_count()
    if have >= total:
        return []
    first = have + 1
    if processes <= 1 or total - have < 2 * processes:
        return provision_range(first, total)
    connections.close_all()
    share = (total - have + processes - 1) // processes
    env = {**os.environ, **database_env(db_name, media_root)}
    workers = []
    for index in range(processes):
        start = first + index * share
        end = min(total, start + share - 1)
        if start > end:
            continue
        workers.append(
            subprocess.Popen(
                [sys.executable, __file__, "provision", db_name, str(start), str(end)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    times: list[float] = []
    for worker in workers:
        out, _err = worker.communicate()
        if worker.returncode:
            raise RuntimeError(f"provisioning worker failed ({worker.returncode})")
        times += json.loads(out.strip().splitlines()[-1])
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "provision":
    import django

    django.setup()
    print(json.dumps(provision_range(int(sys.argv[3]), int(sys.argv[4]))), flush=True)
