"""Benchmark of the application assistant: the rule engine, the PDF and the authority's inbox.

    .venv/bin/python bench/forms.py [--applications 20000] [--clubs 300] [--keep] [--reuse]
                                    [--only engine|pdf|inbox]

Runs on a throw-away database (`bench_forms` in the embedded PostgreSQL, dropped and made anew;
`--keep` leaves it for inspection, `--reuse` measures on the kept one without building it again,
`--only` measures one part). Only the public schema is migrated: applications, authorities
and clubs live there, so the clubs are plain `Club` rows (no schemas).

Figures (one JSON object per line):
* evaluate_validate_median_ms: `evaluate()` of a 150-field template with 40 rules (visibility,
  requirement, every field cleaned and checked, hidden answers dropped) on full answers;
  target <= 20 ms median. A 10-field template is measured alongside as a baseline (ratio).
* pdf_render_s: the WeasyPrint PDF of a complete application to that template (median of 5);
  target <= 1.5 s.
* inbox_page_median_ms / inbox_page_p95_ms: one page of the staff member's inbox
  (`/admin/forms_assistant/application/`) through the full stack (tenant middleware, Wagtail admin,
  permission checks) over 20,000 applications of the authority, with varying filters (status,
  template, club, event date, late), search and paging; target <= 100 ms per page (median).
  The bare admin dashboard is measured in the same run as a baseline (ratio).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import drop_database, fresh_database, p95, setup_django  # noqa: E402

DB_NAME = "bench_forms"
PASSWORD = "bench-passwort-123"
KINDS = ["text", "number", "money", "date", "yesno", "choice", "email", "iban", "textarea", "multichoice"]
TEMPLATES = ["Sondernutzungserlaubnis", "Gestattung § 12 GastG", "Veranstaltungsanzeige", "Vereinsförderung"]
STATUSES = ["submitted", "in_review", "question", "answered", "approved", "rejected", "withdrawn"]


def emit(metric: str, value: float, unit: str, target: str, ok: bool | None) -> None:
    row = {"bench": "forms", "metric": metric, "value": round(value, 3), "unit": unit, "target": target}
    if ok is not None:
        row["ok"] = ok
    print(json.dumps(row, ensure_ascii=False), flush=True)


def note(text: str) -> None:
    print(json.dumps({"bench": "forms", "note": text}, ensure_ascii=False), flush=True)


# --- the big template -------------------------------------------------------------------------


def big_definition(fields: int = 150, rules: int = 40, steps: int = 10) -> tuple[dict, dict]:
    """A template of `fields` fields over `steps` steps with `rules` rules, and full answers to it.

    Rules point backwards only (a field depends on earlier ones), as a real form does; they mix
    show/hide/require, all/any, yes/no, numeric and choice conditions, and step rules.
    """
    rng = random.Random(7)
    per_step = fields // steps
    definition = {"lead_time_days": 28, "event_date_field": "f0003", "steps": [], "rules": []}
    answers: dict = {}
    keys: list[tuple[str, str]] = []
    n = 0
    for s in range(steps):
        step = {"key": f"s{s}", "title": f"Schritt {s + 1}", "intro": "", "fields": []}
        for _i in range(per_step):
            kind = KINDS[n % len(KINDS)] if n != 3 else "date"
            key = f"f{n:04d}"
            spec = {"key": key, "kind": kind, "label": f"Frage {n + 1}", "required": n % 3 == 0, "help": ""}
            if kind in ("choice", "multichoice"):
                spec["choices"] = [["a", "Antwort A"], ["b", "Antwort B"], ["c", "Antwort C"]]
            answers[key] = {
                "text": f"Antwort {n}",
                "number": str(rng.randint(1, 5000)),
                "money": "1.234,50",
                "date": (date.today() + timedelta(days=90)).isoformat(),
                "yesno": rng.choice(["yes", "no"]),
                "choice": rng.choice(["a", "b", "c"]),
                "email": f"person{n}@verein.example",
                "iban": "DE89370400440532013000",
                "textarea": "Ein längerer Text über das Vorhaben. " * 5,
                "multichoice": ["a", "c"],
            }[kind]
            step["fields"].append(spec)
            keys.append((key, kind))
            n += 1
        definition["steps"].append(step)
    conditions = {
        "yesno": lambda k: {"field": k, "op": rng.choice(["yes", "no"]), "value": ""},
        "number": lambda k: {"field": k, "op": rng.choice(["gte", "lt"]), "value": "1000"},
        "choice": lambda k: {"field": k, "op": "eq", "value": "b"},
        "multichoice": lambda k: {"field": k, "op": "contains", "value": "a"},
        "text": lambda k: {"field": k, "op": "filled", "value": ""},
    }
    sources = [(i, k, kind) for i, (k, kind) in enumerate(keys) if kind in conditions]
    for r in range(rules):
        if r % 8 == 7:
            target_index = (r % (steps - 1) + 1) * per_step
            target = f"step:s{target_index // per_step}"
        else:
            target_index = rng.randrange(per_step, len(keys))
            target = keys[target_index][0]
        candidates = [s for s in sources if s[0] < (target_index // per_step) * per_step]
        picks = rng.sample(candidates, k=min(len(candidates), rng.choice([1, 2])))
        action = "require" if (r % 5 == 4 and not target.startswith("step:")) else rng.choice(["show", "hide"])
        definition["rules"].append(
            {
                "target": target,
                "action": action,
                "match": rng.choice(["all", "any"]),
                "conditions": [conditions[kind](k) for _i, k, kind in picks],
            }
        )
    return definition, answers


def bench_engine(runs: int = 200) -> tuple[dict, dict]:
    from forms_assistant.engine import check_definition, evaluate

    definition, answers = big_definition()
    assert len(definition["rules"]) == 40 and sum(len(s["fields"]) for s in definition["steps"]) == 150
    problems = check_definition(definition)
    assert not problems, problems
    small, small_answers = big_definition(fields=10, rules=2, steps=2)

    def timed(d, a) -> list[float]:
        out = []
        for _i in range(runs):
            t = time.perf_counter()
            ev = evaluate(d, a)
            ev.kept_answers(a)
            out.append((time.perf_counter() - t) * 1000)
        return out

    timed(definition, answers)  # warm-up
    big, base = [], []
    for _round in range(3):  # alternate, so both see the same machine load
        big += timed(definition, answers)
        base += timed(small, small_answers)
    ev = evaluate(definition, answers)
    note(
        f"150 fields / 40 rules: {len(ev.visible)} visible, {len(ev.required)} required, "
        f"{len(ev.errors)} errors, {len(ev.steps)} steps shown"
    )
    median = statistics.median(big)
    emit("evaluate_validate_median_ms", median, "ms", "<= 20", median <= 20)
    emit("evaluate_validate_p95_ms", p95(big), "ms", "info", None)
    emit("evaluate_150_vs_10_fields_ratio", median / statistics.median(base), "x", "info", None)
    return definition, answers


# --- database: authority, clubs, 20,000 applications ----------------------------------------------


def build(applications: int, clubs: int, definition: dict, answers: dict, rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from forms_assistant.models import Application
    from forms_assistant.services import authority_save, staff_user_ensure
    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Club
    from sites.clubs.services import portal_ensure

    t0 = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    portal_ensure()
    authority = authority_save(
        data={
            "name": "Ordnungsamt Benchstadt",
            "street": "Markt 1",
            "postal_code": "12345",
            "town": "Benchstadt",
            "email": "amt@bench.example",
            "staff_group_name": "Behörde: Ordnungsamt Benchstadt",
        }
    )
    other = authority_save(
        data={
            "name": "Kreis Bench",
            "street": "Weg 2",
            "postal_code": "12399",
            "town": "Kreisstadt",
            "email": "kreis@bench.example",
            "staff_group_name": "Behörde: Kreis Bench",
        }
    )
    staff = staff_user_ensure(authority=authority, email="staff@bench.example", name="Sach Bearbeitung", password="x")
    staff.set_password(PASSWORD)
    staff.save()
    Club.objects.bulk_create(
        [
            Club(
                schema_name=f"bench_{i}",
                slug=f"bench-{i}",
                kind=ClubKind.CLUB,
                name=f"Verein {i} e. V.",
                street="Weg 1",
                postal_code="12345",
                town="Benchstadt",
                email=f"v{i}@bench.example",
            )
            for i in range(clubs)
        ],
        batch_size=1000,
    )
    club_ids = list(Club.objects.filter(kind=ClubKind.CLUB).values_list("pk", flat=True))
    now = timezone.now()
    today = date.today()
    small_definition = {"steps": definition["steps"][:1], "rules": []}
    small_answers = {k: v for k, v in answers.items() if k in {f["key"] for f in definition["steps"][0]["fields"]}}
    batch = []
    for i in range(applications):
        status = rng.choice(STATUSES)
        submitted = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1440))
        batch.append(
            Application(
                reference=f"HH-B-{i:07d}",
                club_id=rng.choice(club_ids),
                # one in ten belongs to another authority: the inbox must not show them
                authority=other if i % 10 == 9 else authority,
                template_page_id=1 + TEMPLATES.index(title := rng.choice(TEMPLATES)),
                template_title=title,
                definition=small_definition,
                answers=small_answers,
                status=status,
                event_date=today + timedelta(days=rng.randint(-300, 300)),
                is_late=rng.random() < 0.15,
                submitted_at=submitted,
                decided_at=submitted + timedelta(days=10) if status in ("approved", "rejected", "withdrawn") else None,
                created_by_name="Bench",
                created_by_email="bench@bench.example",
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    full = Application.objects.create(
        reference="HH-B-PDF",
        club_id=club_ids[0],
        authority=authority,
        template_page_id=99,
        template_title="Großer Antrag mit 150 Feldern",
        definition=definition,
        answers=answers,
        status="submitted",
        submitted_at=now,
        created_by_name="Bench",
        created_by_email="bench@bench.example",
    )
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does within a minute of such a bulk load in production: statistics, and
        # the visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE")
    note(f"built {applications} applications for {clubs} clubs in {time.perf_counter() - t0:.1f} s")
    assert get_user_model().objects.filter(pk=staff.pk).exists()
    return staff, full


def bench_pdf(application, runs: int = 5) -> None:
    from forms_assistant.models import Application
    from forms_assistant.services import application_render_pdf

    # Baseline in the same run: a one-step, ten-field application (the machine is shared).
    small = Application.objects.exclude(pk=application.pk).filter(status="submitted").first()
    application_render_pdf(application=application)  # warm-up: fonts, CSS
    timings, baseline = [], []
    for _i in range(runs):
        t = time.perf_counter()
        pdf = application_render_pdf(application=application)
        timings.append(time.perf_counter() - t)
        t = time.perf_counter()
        application_render_pdf(application=small)
        baseline.append(time.perf_counter() - t)
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)
    note(f"PDF of the 150-field application: {pages} pages, {len(pdf) // 1024} KiB")
    median = statistics.median(timings)
    emit("pdf_render_s", median, "s", "<= 1.5", median <= 1.5)
    emit("pdf_150_vs_10_fields_ratio", median / statistics.median(baseline), "x", "info", None)
    note(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def bench_inbox(clubs: int, rng: random.Random, runs: int = 120) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    response = client.post("/admin/login/", {"username": "staff@bench.example", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    url = "/admin/forms_assistant/application/"
    today = date.today()
    variants = [
        lambda: {},
        lambda: {"status__exact": rng.choice(STATUSES)},
        lambda: {"template_title": rng.choice(TEMPLATES)},
        lambda: {"club": f"bench-{rng.randrange(clubs)}"},
        lambda: {"event": rng.choice(["7", "30", "90", "past"])},
        lambda: {"is_late__exact": "1", "status__exact": "submitted"},
        lambda: {"q": f"HH-B-{rng.randrange(20000):07d}"},
        lambda: {"q": f"Verein {rng.randrange(clubs)}"},
        lambda: {"p": str(rng.randint(2, 300))},
        lambda: {
            "event_date__gte": (today + timedelta(days=10)).isoformat(),
            "event_date__lte": (today + timedelta(days=60)).isoformat(),
            "status__exact": "submitted",
        },
    ]
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    assert "HH-B-" in first.content.decode()
    timings, baseline = [], []
    for i in range(runs):
        params = variants[i % len(variants)]()
        t = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (params, response.status_code)
        t = time.perf_counter()
        client.get("/admin/")
        baseline.append((time.perf_counter() - t) * 1000)
    # The data-dependent part alone: the selector with the same filters, the count and one page.
    from django.contrib.auth import get_user_model

    from forms_assistant.selectors import inbox_applications, inbox_filter

    staff = get_user_model().objects.get(username="staff@bench.example")
    query_filters = [
        {},
        {"status": "submitted"},
        {"template": TEMPLATES[0]},
        {"club": "bench-7"},
        {"late": True},
        {"date_from": today, "date_to": today + timedelta(days=30)},
        {"query": "Verein 12"},
    ]
    queries = []
    for i in range(runs):
        t = time.perf_counter()
        qs = inbox_filter(inbox_applications(user=staff), **query_filters[i % len(query_filters)])
        qs.count()
        list(qs.order_by("-submitted_at", "-pk")[25:50])
        queries.append((time.perf_counter() - t) * 1000)
    emit("inbox_query_median_ms", statistics.median(queries), "ms", "info", None)
    median = statistics.median(timings)
    emit("inbox_page_median_ms", median, "ms", "<= 100", median <= 100)
    emit("inbox_page_p95_ms", p95(timings), "ms", "info", None)
    emit("inbox_page_vs_dashboard_ratio", median / statistics.median(baseline), "x", "info", None)
    csv_t = time.perf_counter()
    export = client.get(url, {"export": "csv", "status__exact": "submitted", "is_late__exact": "1"})
    rows = sum(1 for _line in (b"".join(export.streaming_content) if export.streaming else export.content).splitlines())
    emit("inbox_csv_filtered_s", time.perf_counter() - csv_t, "s", "info", None)
    note(f"CSV export of submitted+late: {rows - 1} rows")
    note(f"load average after the inbox: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=20000)
    parser.add_argument("--clubs", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the kept database as it is (no build; implies --keep)"
    )
    parser.add_argument("--only", choices=["engine", "pdf", "inbox"], help="measure this part only")
    args = parser.parse_args()
    rng = random.Random(42)
    os.environ["HH_DB_NAME"] = DB_NAME
    if not args.reuse:
        fresh_database(DB_NAME)
    # The inbox is measured for a signed-in clerk; the second factor is a separate, per-login step.
    setup_django(DB_NAME, HH_2FA_REQUIRED_ON_PORTAL="false")
    try:
        if args.only in (None, "engine"):
            definition, answers = bench_engine()
        else:
            definition, answers = big_definition()
        if args.reuse:
            from django.core.management import call_command

            from forms_assistant.models import Application

            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)  # new migrations
            full = Application.objects.get(reference="HH-B-PDF")
            note(f"reusing {DB_NAME}: {Application.objects.count()} applications")
        else:
            _staff, full = build(args.applications, args.clubs, definition, answers, rng)
        if args.only in (None, "pdf"):
            bench_pdf(full)
        if args.only in (None, "inbox"):
            bench_inbox(args.clubs, rng)
    finally:
        if not (args.keep or args.reuse):
            drop_database(DB_NAME)


if __name__ == "__main__":
    main()
