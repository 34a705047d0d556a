"""Benchmark of the regional overview: 2,000 clubs, 100,000 listings, search, page and rebuild.

    .venv/bin/python bench/portal.py [--clubs 2000] [--listings 100000] [--rebuild-clubs 20]
                                     [--pages-per-club 50] [--keep] [--reuse] [--db NAME]
                                     [--rebuild-only] [--skip-rebuild]

Runs on a throw-away database (`bench_portal` in the embedded PostgreSQL, or `--db NAME`, dropped
and made anew; `--keep` leaves it for inspection, `--reuse` runs on the kept one, real clubs
included), so no developer database is touched. `--rebuild-only` skips the search figures.

Figures (one JSON object per line):
* search_uncached_p95_ms: the search as the search page calls it (filters, German full-text
  query, facet counts, total and the first page of 20 rows), in-process, without rendering, over
  random words and facet combinations (radius included), bypassing the result cache; target
  p95 <= 30 ms. The search engine's in-memory snapshot of the index is warm (it is rebuilt once
  per change of the index, in the background: search_snapshot_build_median_ms; meanwhile the SQL
  path answers: search_sql_path_p95_ms). search_served_p95_ms: the same through the selectors' result cache with a
  skewed (Pareto) mix of repeated searches, first misses included.
* load_reference_count_all_rows_ms: a bare count(*) over the listings, to read the other figures
  against the load of the (shared) machine at the time.
* search_page_ratio: requests per second of the rendered search page (/engagement/?q=…&facets)
  divided by those of a bare Django view, both through the full middleware stack (tenant routing
  included) of the same in-process WSGI handler, measured alternately in the same run;
  target >= 0.2. search_page_warm_ratio: the same after each of the 50 searches was asked once
  (result cache warm, rendering every time).
* rebuild_2000_clubs_s: a full `rebuild_listings`. Provisioning 2,000 real club schemas (each a
  clone of ~70 tables) and filling them with 100,000 Wagtail pages would take far longer than the
  benchmark is meant to, so `--rebuild-clubs` real clubs with `--pages-per-club` published listing
  pages each are built, the index is emptied, and the command's rebuild loop is timed over them
  (`listing_rebuild(slugs=…)`, what `rebuild_listings --club … --club …` runs; all clubs run the
  same loop; cold: every row written; warm: nothing changed). The 2,000-club figure is the
  measured time per real club × 2,000 (EXTRAPOLATED, said so in the output). The process's
  one-time costs (URL resolver, first queries) are paid once per run, so one club is rebuilt
  first and reported apart (rebuild_process_warmup_s); the schema-less clubs of the search data
  set are left out (every real club has a schema); target <= 300 s. rebuild_one_club_cold_s:
  `rebuild_listings --club SLUG` for one club at a time (what this bench measured before, each
  call fetching its club anew; it runs after the cold pass, with PostgreSQL's catalogue caches
  for the club schemas warm, so it reads lower than a first pass would).
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import drop_database, fresh_database, p95, setup_django  # noqa: E402

DB_NAME = "bench_portal"

WORDS = [
    "Jugendarbeit",
    "Kinderturnen",
    "Hausaufgabenhilfe",
    "Vorlesen",
    "Seniorentreff",
    "Chor",
    "Fußballtraining",
    "Schwimmkurs",
    "Kassenwart",
    "Vorstand",
    "Sommerfest",
    "Flohmarkt",
    "Weihnachtsmarkt",
    "Ferienfreizeit",
    "Deutschkurs",
    "Nachhilfe",
    "Besuchsdienst",
    "Fahrdienst",
    "Gartenpflege",
    "Tafel",
    "Kleiderkammer",
    "Übungsleitung",
    "Schiedsrichter",
    "Platzwart",
    "Website",
    "Fotografie",
    "Erste Hilfe",
    "Sanitätsdienst",
    "Jugendfeuerwehr",
    "Theatergruppe",
]
QUERIES = [
    "Jugendliche",
    "Kinder",
    "Senioren",
    "Chor",
    "Training",
    "Fest",
    "Hilfe",
    "Garten",
    "Musik",
    "Kurs",
    "Jugend",
    "Kindertunren",
]
TOWNS = [
    ("12345", "Musterstadt"),
    ("12346", "Musterstadt-Nord"),
    ("12347", "Musterstadt-Süd"),
    ("12350", "Musterdorf"),
    ("12355", "Auenthal"),
    ("12377", "Neudorf am See"),
    ("12388", "Altenmark"),
    ("12399", "Beispielheim"),
    ("12400", "Musterland-Ost"),
    ("13001", "Bergdorf"),  # no coordinates known: radius falls back to the town, with a note
]
TARGET_GROUPS = ["children", "youth", "seniors", "families", "disabilities", "newcomers"]
COMMITMENTS = ["one_off", "weekly", "flexible", ""]


def emit(metric: str, value: float, unit: str, target: str, ok: bool, **extra) -> None:
    record = {"bench": "portal", "metric": metric, "value": round(value, 3), "unit": unit, "target": target, "ok": ok}
    record.update(extra)
    print(json.dumps(record, ensure_ascii=False), flush=True)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def build_platform() -> None:
    """The public schema and the portal; the club template comes later (only the rebuild needs it)."""
    from django.core.management import call_command

    from sites.clubs.services import portal_ensure

    t0 = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    portal_ensure()
    log(f"platform (public schema) in {time.perf_counter() - t0:.1f} s")


def build_listings(clubs: int, listings: int, rng: random.Random) -> None:
    """2,000 clubs as rows (no schemas: search reads only the public index) and their listings."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from sites.clubs.constants import ClubKind
    from sites.clubs.models import Category, Club, Domain
    from sites.clubs.selectors import club_hostname
    from sites.portal.constants import CLUB_ROW_PAGE_ID, POSTAL_CODE_CENTROIDS
    from sites.portal.models import Listing

    t0 = time.perf_counter()
    categories = [
        Category.objects.get_or_create(slug=f"kat-{i}", defaults={"name": f"Bereich {i}"})[0] for i in range(8)
    ]
    club_rows = []
    for i in range(clubs):
        code, town = rng.choice(TOWNS)
        club_rows.append(
            Club(
                schema_name=f"bench_{i}",
                slug=f"bench-{i}",
                kind=ClubKind.CLUB,
                name=f"{rng.choice(['TSV', 'SV', 'Chor', 'Förderverein', 'Heimatverein'])} Bench {i} e. V.",
                street="Weg 1",
                postal_code=code,
                town=town,
                email=f"v{i}@bench.example",
                is_active=rng.random() > 0.02,
            )
        )
    Club.objects.bulk_create(club_rows, batch_size=1000)
    bench_clubs = list(Club.objects.filter(schema_name__startswith="bench_"))
    Domain.objects.bulk_create(
        [Domain(tenant=c, domain=club_hostname(c.slug), is_primary=True) for c in bench_clubs], batch_size=1000
    )
    through = Club.categories.through
    through.objects.bulk_create(
        [through(club_id=c.pk, category_id=rng.choice(categories).pk) for c in bench_clubs], batch_size=2000
    )
    now = timezone.now()
    batch = []
    per_club: dict[int, int] = {}
    kinds = ["opportunity"] * 5 + ["event"] * 3 + ["news"] * 2
    for n in range(listings):
        club = bench_clubs[n % len(bench_clubs)]
        page_id = per_club[club.pk] = per_club.get(club.pk, 1) + 1
        kind = "club" if page_id == 2 and n < len(bench_clubs) else rng.choice(kinds)
        words = rng.sample(WORDS, 3)
        code, town = rng.choice(TOWNS)
        lat, lon = POSTAL_CODE_CENTROIDS.get(code, (None, None))
        start = now + timedelta(days=rng.randint(-30, 120), hours=rng.randint(0, 23)) if kind != "club" else None
        batch.append(
            Listing(
                club=club,
                page_id=CLUB_ROW_PAGE_ID if kind == "club" else page_id,
                kind=kind,
                title=" ".join(words) if kind != "club" else club.name,
                summary=" ".join(rng.choices(WORDS, k=20)),
                host=club_hostname(club.slug),
                path=f"/seite-{page_id}/",
                starts_at=start if kind in ("event", "news") or rng.random() < 0.3 else None,
                ends_at=start + timedelta(hours=3) if kind == "event" else None,
                is_cancelled=kind == "event" and rng.random() < 0.03,
                postal_code=code,
                town=town,
                latitude=lat,
                longitude=lon,
                categories=[rng.choice(categories).slug],
                target_groups=rng.sample(TARGET_GROUPS, rng.randint(0, 2)),
                time_commitment=rng.choice(COMMITMENTS) if kind == "opportunity" else "",
                skills=" ".join(rng.sample(WORDS, 2)),
                language="en" if rng.random() < 0.05 else "de",
                search_text=" ".join(rng.sample(WORDS, 2)),
                club_name=club.name,
                is_visible=club.is_active,
            )
        )
        if len(batch) == 5000:
            Listing.objects.bulk_create(batch)
            batch = []
    Listing.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{clubs} clubs and {Listing.objects.count()} listings in {time.perf_counter() - t0:.1f} s")


def random_filters(rng: random.Random, i: int):
    from datetime import timedelta

    from django.utils import timezone

    from sites.portal.selectors import ListingFilters

    filters = ListingFilters()
    if i % 2 == 0:
        filters.q = rng.choice(QUERIES)
    if i % 3 == 0:
        filters.target_groups = [rng.choice(TARGET_GROUPS)]
    if i % 4 == 0:
        filters.kinds = [rng.choice(["opportunity", "event", "news"])]
    if i % 5 == 0:
        filters.categories = [f"kat-{rng.randint(0, 7)}"]
    if i % 6 == 0:
        filters.place = rng.choice(TOWNS)[rng.randint(0, 1)]
        filters.radius_km = rng.choice([None, 10, 25])
    if i % 7 == 0:
        filters.time_commitments = [rng.choice(COMMITMENTS[:3])]
    if i % 9 == 0:
        filters.date_from = timezone.localdate()
        filters.date_to = filters.date_from + timedelta(days=30)
    if i % 11 == 0:
        filters.sort = "date"
    return filters


def bench_search(rng: random.Random, runs: int = 300) -> None:
    """Uncached (every call goes to PostgreSQL) and as served (the result cache of the selectors)."""
    from django.db import connection

    from sites.portal.constants import PAGE_SIZE
    from sites.portal.selectors import _listing_search, listing_search, listings_changed

    # How loaded is this (shared) machine right now: a bare count over the 100,000 rows.
    with connection.cursor() as cursor:
        reference = []
        for _ in range(5):
            start = time.perf_counter()
            cursor.execute("SELECT count(*) FROM portal_listing")
            reference.append((time.perf_counter() - start) * 1000)
    emit("load_reference_count_all_rows_ms", statistics.median(reference), "ms", "info (idle machine: ~5-10)", True)

    workload = [random_filters(rng, i) for i in range(runs)]
    from sites.portal import search_engine
    from sites.portal.selectors import search as portal_search

    # The engine's snapshot of the index: built in the background after a change (the SQL path
    # answers meanwhile); here built up front and timed, once per index version and process.
    builds = []
    for _ in range(3):
        search_engine.forget()
        start = time.perf_counter()
        search_engine._build(search_engine.stored_version())
        builds.append((time.perf_counter() - start) * 1000)
    emit("search_snapshot_build_median_ms", statistics.median(builds), "ms", "info (once per index change)", True)
    for filters in workload[:5]:  # warm the vocabulary, categories and plans
        _listing_search(filters=filters, page=1, page_size=PAGE_SIZE, facets=True)
    timings = []
    for filters in workload:
        start = time.perf_counter()
        result = _listing_search(filters=filters, page=1, page_size=PAGE_SIZE, facets=True)
        len(result.listings)
        timings.append((time.perf_counter() - start) * 1000)
    value = p95(timings)
    emit("search_uncached_median_ms", statistics.median(timings), "ms", "info", True)
    emit(
        "search_uncached_p95_ms",
        value,
        "ms",
        "<= 30",
        value <= 30,
        note="result cache bypassed; the engine's snapshot of this index version and its word postings are warm",
    )

    # The SQL path the engine replaced (still used with pg_trgm's typo search), for comparison.
    portal_search.USE_ENGINE = False
    sql_timings = []
    for filters in workload[:60]:
        start = time.perf_counter()
        _listing_search(filters=filters, page=1, page_size=PAGE_SIZE, facets=True)
        sql_timings.append((time.perf_counter() - start) * 1000)
    portal_search.USE_ENGINE = True
    emit(
        "search_sql_path_p95_ms",
        p95(sql_timings),
        "ms",
        "info (answers while a snapshot is rebuilt, and with pg_trgm typo search)",
        True,
    )

    # As served: popular searches repeat (the empty search, "Kinder", a town); the first call of
    # each distinct search misses the cache and is included in the figure.
    listings_changed()
    served = []
    for _ in range(runs * 3):
        filters = workload[min(int(rng.paretovariate(1.2)) - 1, len(workload) - 1)]
        start = time.perf_counter()
        result = listing_search(filters=filters)
        len(result.listings)
        served.append((time.perf_counter() - start) * 1000)
    value = p95(served)
    emit("search_served_median_ms", statistics.median(served), "ms", "info", True)
    emit("search_served_p95_ms", value, "ms", "<= 30", value <= 30)


def bench_search_page(rng: random.Random, seconds: float = 6.0) -> None:
    from urllib.parse import urlencode

    from django.conf import settings
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import path

    import cms.urls_public

    def bare(request):
        return HttpResponse("ok")

    module = type(sys)("bench_portal_urls")
    module.urlpatterns = [path("bench-bare/", bare), *cms.urls_public.urlpatterns]  # i18n_patterns inside
    sys.modules["bench_portal_urls"] = module
    settings.PUBLIC_SCHEMA_URLCONF = "bench_portal_urls"

    client = Client(HTTP_HOST=settings.HH_BASE_DOMAIN)
    urls = []
    for i in range(50):
        params = {"q": rng.choice(QUERIES)}
        if i % 2:
            params["zielgruppe"] = rng.choice(TARGET_GROUPS)
        if i % 3 == 0:
            params["art"] = "opportunity"
        if i % 5 == 0:
            params["ort"], params["umkreis"] = "12345", "25"
        urls.append("/engagement/?" + urlencode(params))
    first = client.get(urls[0])
    assert first.status_code == 200 and b"Engagement finden" in first.content, first.status_code
    assert client.get("/bench-bare/").status_code == 200

    def rate(make_url) -> float:
        count, begin = 0, time.perf_counter()
        while time.perf_counter() - begin < seconds / 3:
            response = client.get(make_url(count))
            assert response.status_code == 200
            count += 1
        return count / (time.perf_counter() - begin)

    bare_rates, page_rates = [], []
    for _ in range(3):  # alternate, so drift of the (shared) machine hits both alike
        bare_rates.append(rate(lambda n: "/bench-bare/"))
        page_rates.append(rate(lambda n: urls[n % len(urls)]))
    bare_rps, page_rps = statistics.median(bare_rates), statistics.median(page_rates)
    ratio = page_rps / bare_rps
    emit("bare_view_rps", bare_rps, "req/s", "info", True)
    emit("search_page_rps", page_rps, "req/s", "info", True)
    emit("search_page_ratio", ratio, "x bare view", ">= 0.2", ratio >= 0.2)

    # The same 50 searches once more after each was asked once: what visitors get for searches
    # someone made in the last two minutes (result cache warm; rendering still every time).
    for url in urls:
        client.get(url)
    bare_rates, page_rates = [], []
    for _ in range(3):
        bare_rates.append(rate(lambda n: "/bench-bare/"))
        page_rates.append(rate(lambda n: urls[n % len(urls)]))
    bare_rps, page_rps = statistics.median(bare_rates), statistics.median(page_rates)
    ratio = page_rps / bare_rps
    emit("search_page_warm_rps", page_rps, "req/s", "info", True)
    emit("search_page_warm_ratio", ratio, "x bare view", ">= 0.2 (result cache warm)", ratio >= 0.2)


PAGES_SNIPPET_FIELDS = {"time_commitment": "weekly", "postal_code": "12345", "town": "Musterstadt"}


def build_real_clubs(count: int, pages_per_club: int, rng: random.Random) -> list:
    """`count` provisioned clubs (cloned schemas) with published listing pages of every kind."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from django_tenants.utils import schema_context

    from sites.clubs.models import Club
    from sites.clubs.services import club_provision
    from sites.pages.models import (
        ClubHomePage,
        EventIndexPage,
        EventPage,
        NewsArticlePage,
        NewsIndexPage,
        VolunteeringIndexPage,
        VolunteeringOpportunityPage,
    )

    existing = list(Club.objects.filter(slug__startswith="real-").order_by("pk"))
    if existing:  # --reuse of a kept database: the real clubs and their pages are there
        log(f"reusing {len(existing)} real club schemas")
        return existing[:count]
    t0 = time.perf_counter()
    call_command("platform_setup", verbosity=0)  # the template schema the clubs are cloned from
    log(f"club template schema in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    clubs = []
    for i in range(count):
        club = club_provision(
            slug=f"real-{i}",
            profile={
                "name": f"Echter Verein {i} e. V.",
                "street": "Hauptstraße 1",
                "postal_code": "12345",
                "town": "Musterstadt",
                "email": f"real{i}@bench.example",
            },
            editor_name="Bench",
            editor_email=f"editor{i}@bench.example",
            send_invitation=False,
        )
        clubs.append(club)
    log(f"{count} club schemas provisioned in {time.perf_counter() - t0:.1f} s")
    t1 = time.perf_counter()
    now = timezone.now()
    for club in clubs:
        with schema_context(club.schema_name):
            home = ClubHomePage.objects.first()
            indexes = {}
            for model, title, slug in (
                (VolunteeringIndexPage, "Mitmachen", "mitmachen-b"),
                (EventIndexPage, "Termine", "termine-b"),
                (NewsIndexPage, "Neuigkeiten", "neuigkeiten-b"),
            ):
                indexes[model] = home.add_child(instance=model(title=title, slug=slug))
            for n in range(pages_per_club):
                words = " ".join(rng.sample(WORDS, 3))
                kind = n % 10
                if kind < 5:
                    page = VolunteeringOpportunityPage(
                        title=f"{words} {n}",
                        summary=" ".join(rng.choices(WORDS, k=15)),
                        target_groups=rng.sample(TARGET_GROUPS, 1),
                        **PAGES_SNIPPET_FIELDS,
                    )
                    parent = indexes[VolunteeringIndexPage]
                elif kind < 8:
                    start = now + timedelta(days=rng.randint(1, 90))
                    page = EventPage(
                        title=f"{words} {n}", summary="Fest", starts_at=start, ends_at=start + timedelta(hours=2)
                    )
                    parent = indexes[EventIndexPage]
                else:
                    page = NewsArticlePage(title=f"{words} {n}", summary="Neu")
                    parent = indexes[NewsIndexPage]
                # Live pages without revisions: quicker to make, identical for the rebuild.
                parent.add_child(instance=page)
    connection.set_schema_to_public()
    log(f"{count * pages_per_club} club pages in {time.perf_counter() - t1:.1f} s")
    return clubs


def bench_rebuild(real_clubs: list, target_clubs: int, pages_per_club: int) -> None:
    from django.core.cache import cache

    from sites.clubs.models import Club
    from sites.portal.models import Listing
    from sites.portal.services import listing_rebuild

    real_ids = [c.pk for c in real_clubs]
    slugs = [c.slug for c in real_clubs]
    n = len(real_clubs)
    # The process's one-time costs (URL resolver, first queries, caches) fall on its first club;
    # a run over 2,000 clubs pays them once, so they are measured apart, not spread per club.
    start = time.perf_counter()
    listing_rebuild(slug=slugs[0])
    warmup = time.perf_counter() - start
    # Cold: the index of the real clubs is empty, every row is written, and the cache (Wagtail's
    # site root paths of each club) is empty too.
    Listing.objects.filter(club_id__in=real_ids).delete()
    cache.clear()
    cpu_start = time.process_time()
    start = time.perf_counter()
    result = listing_rebuild(slugs=slugs)
    cold = time.perf_counter() - start
    cold_cpu = time.process_time() - cpu_start
    rows = Listing.objects.filter(club_id__in=real_ids).count()
    assert result["clubs"] == n and rows >= n * pages_per_club, (result, rows)
    # Warm: nothing changed, nothing may be written (idempotence), but every tree is read.
    start = time.perf_counter()
    result = listing_rebuild(slugs=slugs)
    warm = time.perf_counter() - start
    assert (result["created"], result["updated"], result["deleted"]) == (0, 0, 0), result
    # One club at a time, cold again (`--club SLUG` per club).
    Listing.objects.filter(club_id__in=real_ids).delete()
    cache.clear()
    start = time.perf_counter()
    for slug in slugs:
        listing_rebuild(slug=slug)
    one_by_one = time.perf_counter() - start
    others = Club.objects.filter(kind="club").exclude(pk__in=real_ids).count()
    per_club = cold / n
    extrapolated = per_club * target_clubs
    emit("rebuild_real_clubs_measured", n, "clubs", "info", True, pages_per_club=pages_per_club, rows=rows)
    emit("rebuild_process_warmup_s", warmup, "s", "info (first club of the process, once per run)", True)
    emit("rebuild_per_club_cold_s", per_club, "s", "info", True)
    # This process's own share (the rest is PostgreSQL and waiting for the shared machine).
    emit("rebuild_per_club_cold_cpu_s", cold_cpu / n, "s", "info (Python CPU of this process)", True)
    emit("rebuild_per_club_warm_s", warm / n, "s", "info", True)
    emit("rebuild_one_club_cold_s", one_by_one / n, "s", "info (--club SLUG, one call per club)", True)
    emit(
        "rebuild_2000_clubs_s",
        extrapolated,
        "s",
        "<= 300",
        extrapolated <= 300,
        extrapolated=True,
        basis=f"{n} real club schemas × {pages_per_club} pages, cold, per-club time × {target_clubs}",
        schema_less_clubs_in_db_not_timed=others,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clubs", type=int, default=2000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rebuild-clubs", type=int, default=20, help="real club schemas for the rebuild figure")
    parser.add_argument("--pages-per-club", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the throw-away database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is (no build)")
    parser.add_argument("--skip-rebuild", action="store_true", help="search figures only")
    parser.add_argument("--rebuild-only", action="store_true", help="rebuild figures only")
    parser.add_argument("--search-runs", type=int, default=300)
    parser.add_argument("--db", default=DB_NAME, help=f"throw-away database (default {DB_NAME})")
    args = parser.parse_args()
    rng = random.Random(5)
    if not args.reuse:
        fresh_database(args.db)
    setup_django(args.db)
    try:
        if not args.reuse:
            build_platform()
            build_listings(args.clubs, args.listings, rng)
        if not args.rebuild_only:
            bench_search(rng, args.search_runs)
            bench_search_page(rng)
        if not args.skip_rebuild:
            real = build_real_clubs(args.rebuild_clubs, args.pages_per_club, rng)
            bench_rebuild(real, args.clubs, args.pages_per_club)
    finally:
        if not args.keep:
            drop_database(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
