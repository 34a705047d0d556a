"""Benchmark of "Nach Ort" (issue 15): the counts per town of the directory, the calendar and the
search, and the drawn map, on the data set of bench/portal.py (clubs as rows, listings spread over
the demo region's towns).

    .venv/bin/python bench/towns.py [--clubs 2000] [--listings 100000] [--runs 200] [--keep] [--reuse] [--db NAME]

Runs on a throw-away database (`bench_towns`, dropped and made anew; `--keep` leaves it).

Figures (one JSON object per line), each over `--runs` random searches of bench/portal.py:
* towns_search_engine_p95_ms: `town_counts_of_search` as the search page calls it, answered by the
  search engine's warm snapshot (one popcount per town); target <= 15 ms.
* towns_search_sql_p95_ms: the same by the SQL aggregate (where the SQL path answers the search:
  typo search with pg_trgm, a snapshot being rebuilt); target <= 400 ms.
* towns_events_p95_ms: the calendar's count (events of the coming 60 days and the search, one
  GROUP BY); target <= 1.5 x the calendar's own list query over the same events and search
  (list_query_p95_ms, measured in the same run: both read the same rows).
* towns_directory_p95_ms: the directory's count (clubs of the search, one GROUP BY); target <= 30 ms.
* towns_map_median_ms: drawing the map and list for every town (sites/portal/town_map.py, no
  query); target <= 2 ms (the median: see the comment where it is measured).
The pages cache what they render (full-page cache, the search's fragment), so these are the costs
of a miss.
"""

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import drop_database, fresh_database, p95, setup_django  # noqa: E402

DB_NAME = "bench_towns"


def emit(metric: str, times: list[float], unit: str, target: float, **extra) -> None:
    """p95 of `times` against the target, the median beside it (the machine is shared: p95 is noisy)."""
    value = p95(times)
    record = {
        "bench": "towns",
        "metric": metric,
        "value": round(value, 3),
        "unit": unit,
        "target": f"<= {target}",
        "ok": value <= target,
    }
    record.update(extra, median=round(statistics.median(times), 3))
    print(json.dumps(record, ensure_ascii=False), flush=True)


def _timed(call, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clubs", type=int, default=2000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use the kept database as it is (no build)")
    parser.add_argument("--db", default=DB_NAME)
    args = parser.parse_args()
    if not args.reuse:
        fresh_database(args.db)
    setup_django(args.db)
    try:
        from django.core.cache import caches
        from django.http import QueryDict
        from django.utils import timezone

        import portal as portal_bench  # bench/portal.py: the same data set

        from sites.clubs.selectors import club_list
        from sites.portal import selectors
        from sites.portal.selectors import search
        from sites.portal.town_map import town_overview

        rng = random.Random(15)
        if not args.reuse:
            portal_bench.build_platform()
            portal_bench.build_listings(args.clubs, args.listings, rng)
        caches["pages"].clear()
        filters = [portal_bench.random_filters(rng, i) for i in range(args.runs)]
        size = {"clubs": args.clubs, "listings": args.listings}

        from sites.portal import search_engine

        # Built here, not in the background thread a big index gets (meanwhile the SQL path answers).
        search_engine._build(search_engine.stored_version())
        # The search page runs the search first (its words are then known to the snapshot), then
        # counts the towns: timed is the count only, as it adds to the page.
        for each in filters:
            selectors._listing_search(filters=each, page=1, page_size=20, facets=True)
        times = _timed(lambda i: selectors.town_counts_of_search(filters=filters[i]), args.runs)
        emit("towns_search_engine_p95_ms", times, "ms", 15, **size)

        search.USE_ENGINE = False
        try:
            times = _timed(lambda i: selectors.town_counts_of_search(filters=filters[i]), args.runs)
        finally:
            search.USE_ENGINE = True
        emit("towns_search_sql_p95_ms", times, "ms", 400, **size)

        def events(i: int):
            now = timezone.now()
            # As the calendar's list view asks: its window is the date filter, the place is left out.
            own = replace(filters[i], place="", radius_km=None, date_from=None, date_to=None)
            queryset = selectors.events_between(
                start=now - timedelta(hours=2), end=now + timedelta(days=60), filters=own
            )
            return selectors.town_counts_of_listings(queryset)

        def events_list(i: int):
            now = timezone.now()
            own = replace(filters[i], date_from=None, date_to=None)
            return list(
                selectors.events_between(start=now - timedelta(hours=2), end=now + timedelta(days=60), filters=own)[
                    :301
                ]
            )

        reference = _timed(events_list, args.runs)
        emit(
            "towns_events_p95_ms",
            _timed(events, args.runs),
            "ms",
            round(1.5 * p95(reference), 1),
            list_query_p95_ms=round(p95(reference), 3),
            **size,
        )

        queries = ["", "", "TSV", "Chor", "bench 1"]
        categories = ["", "", "kat-1", "kat-5"]
        times = _timed(
            lambda i: selectors.town_counts_of_clubs(
                club_list(query=queries[i % len(queries)], category=categories[i % len(categories)])
            ),
            args.runs,
        )
        emit("towns_directory_p95_ms", times, "ms", 30, **size)

        towns = selectors.town_counts_of_search(filters=selectors.ListingFilters())
        params = QueryDict("q=Chor&art=event")
        times = _timed(
            lambda i: town_overview(
                towns=towns, params=params, path="/engagement/", kind="entries", place="", drop=("ort",)
            ),
            args.runs,
        )
        # Pure Python of well under a millisecond: its p95 shows the interpreter's pauses (garbage
        # collection over the search snapshot, a loaded machine), so the median is the figure.
        median = statistics.median(times)
        print(
            json.dumps(
                {
                    "bench": "towns",
                    "metric": "towns_map_median_ms",
                    "value": round(median, 3),
                    "unit": "ms",
                    "target": "<= 2",
                    "ok": median <= 2,
                    "p95": round(p95(times), 3),
                    "towns": len(towns),
                    **size,
                }
            ),
            flush=True,
        )
    finally:
        if not args.keep:
            drop_database(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
