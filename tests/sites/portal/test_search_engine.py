"""The in-memory search engine answers exactly like the SQL path it replaces.

A few hundred listings of schema-less clubs (the index is a public table; search never reads a
club schema) with random facets and dates; for many random searches both paths must agree on the
total, every facet count and the notes, on the page itself in date order, and on the set of
matches in relevance order (whose ranking differs by design: weight tiers instead of ts_rank).
"""

import random
from datetime import timedelta

from django.utils import timezone

import pytest

from sites.clubs.constants import ClubKind
from sites.clubs.models import Category, Club
from sites.portal import search_engine, selectors
from sites.portal.constants import POSTAL_CODE_CENTROIDS
from sites.portal.models import Listing
from sites.portal.selectors import ListingFilters, listings_changed

pytestmark = pytest.mark.django_db

WORDS = ["Jugendarbeit", "Kinderturnen", "Chor", "Vorlesen", "Fahrdienst", "Sommerfest", "Hilfe", "Garten", "und"]
TARGETS = ["children", "youth", "seniors", "families"]
PLACES = [*((code, "Musterstadt") for code in list(POSTAL_CODE_CENTROIDS)[:3]), ("13001", "Bergdorf")]


@pytest.fixture
def data(db):
    rng = random.Random(7)
    Listing.objects.all().delete()
    categories = [Category.objects.get_or_create(slug=f"eq-{i}", defaults={"name": f"Eq {i}"})[0] for i in range(3)]
    clubs = [
        Club.objects.create(
            schema_name=f"eq_{i}",
            slug=f"eq-{i}",
            kind=ClubKind.CLUB,
            name=f"Verein {i} e. V.",
            postal_code="12345",
            town="Musterstadt",
            email=f"eq{i}@example.org",
            is_active=i != 3,
        )
        for i in range(5)
    ]
    now = timezone.now()
    rows = []
    for n in range(400):
        kind = rng.choice(["opportunity", "opportunity", "event", "news", "club"])
        start = now + timedelta(days=rng.randint(-40, 60), hours=rng.randint(0, 23)) if rng.random() < 0.8 else None
        end = start + timedelta(hours=rng.choice([2, 30])) if start and rng.random() < 0.6 else None
        code, town = rng.choice(PLACES)
        lat, lon = POSTAL_CODE_CENTROIDS.get(code, (None, None))
        rows.append(
            Listing(
                club=clubs[n % len(clubs)],
                page_id=n + 1,
                kind=kind,
                title=" ".join(rng.sample(WORDS, 2)),
                summary=" ".join(rng.sample(WORDS, 3)),
                skills=rng.choice(WORDS),
                host="eq.localhost",
                path=f"/{n}/",
                starts_at=start,
                ends_at=end,
                postal_code=code,
                town=town,
                latitude=lat,
                longitude=lon,
                categories=[rng.choice(categories).slug],
                target_groups=rng.sample(TARGETS, rng.randint(0, 2)),
                time_commitment=rng.choice(["one_off", "weekly", "flexible", ""]),
                language=rng.choice(["de", "de", "en"]),
                club_name=clubs[n % len(clubs)].name,
                is_visible=rng.random() > 0.05,
                first_seen_at=now - timedelta(minutes=rng.randint(0, 10_000)),
            )
        )
    Listing.objects.bulk_create(rows)
    listings_changed()
    return rng


def _random_filters(rng: random.Random) -> ListingFilters:
    filters = ListingFilters()
    if rng.random() < 0.6:
        filters.q = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2, 4])))
    if rng.random() < 0.3:
        filters.kinds = rng.sample(["opportunity", "event", "news", "club"], rng.randint(1, 2))
    if rng.random() < 0.3:
        filters.target_groups = [rng.choice(TARGETS)]
    if rng.random() < 0.3:
        filters.categories = [f"eq-{rng.randint(0, 2)}"]
    if rng.random() < 0.2:
        filters.time_commitments = [rng.choice(["one_off", "weekly", "flexible"])]
    if rng.random() < 0.2:
        filters.languages = ["en"]
    if rng.random() < 0.3:
        filters.place = rng.choice(PLACES)[rng.randint(0, 1)]
        filters.radius_km = rng.choice([None, 5, 25])
    if rng.random() < 0.25:
        filters.date_from = timezone.localdate() + timedelta(days=rng.randint(-10, 10))
    if rng.random() < 0.25:
        filters.date_to = timezone.localdate() + timedelta(days=rng.randint(0, 40))
    filters.include_past = rng.random() < 0.1
    filters.sort = rng.choice(["", "", "date", "relevance"])
    return filters


def _both(filters: ListingFilters, page: int = 1):
    kwargs = {"filters": filters, "page": page, "page_size": 20, "facets": True}
    return selectors._engine_search(**kwargs), selectors._sql_search(**kwargs)


def test_engine_agrees_with_sql_on_random_searches(data):
    rng = data
    sizes = {"none": 0, "one page": 0, "more": 0}
    for _ in range(150):
        filters = _random_filters(rng)
        page = rng.choice([1, 1, 2])
        engine, sql = _both(filters, page)
        assert engine.total == sql.total, filters
        assert engine.facets == sql.facets, filters
        assert engine.notes == sql.notes, filters
        assert engine.page == sql.page and engine.num_pages == sql.num_pages
        engine_ids = [listing.pk for listing in engine.listings]
        sql_ids = [listing.pk for listing in sql.listings]
        ranked = filters.q and filters.sort != "date"
        if not ranked:
            assert engine_ids == sql_ids, filters
        elif sql.total <= 20:
            assert sorted(engine_ids) == sorted(sql_ids), filters
        sizes["none" if not sql.total else "one page" if sql.total <= 20 else "more"] += 1
    assert min(sizes.values()) >= 10, sizes  # the random searches reach every case


def test_title_hits_rank_first(data):
    result, _sql = _both(ListingFilters(q="Chor", include_past=True, sort="relevance"))
    in_title = ["chor" in listing.title.lower() for listing in result.listings]
    assert in_title == sorted(in_title, reverse=True)  # every title hit before any other hit
    assert any(in_title)


def test_stop_words_alone_match_nothing_like_postgresql(data):
    engine, sql = _both(ListingFilters(q="und"))
    assert engine.total == sql.total == 0


def test_snapshot_follows_every_write_to_the_index(data):
    """Any write to the listings, by any process and without telling the cache, is seen at once:
    PostgreSQL's trigger bumps the stored version (another gunicorn worker, a command)."""
    before, _sql = _both(ListingFilters(include_past=True))
    version = search_engine.stored_version()
    Listing.objects.filter(pk=before.listings[0].pk).update(is_visible=False)  # no listings_changed()
    assert search_engine.stored_version() > version
    after, sql = _both(ListingFilters(include_past=True))
    assert after.total == sql.total == before.total - 1
    Listing.objects.filter(pk=before.listings[1].pk).delete()
    again, sql = _both(ListingFilters(include_past=True))
    assert again.total == sql.total == before.total - 2


def test_bitmap_helpers():
    bitmap = search_engine._bitmap([0, 3, 9, 700], 800)
    assert search_engine.set_bits(bitmap) == [0, 3, 9, 700]
    assert search_engine.first_bits(bitmap, 1, 2) == [3, 9]
    assert search_engine.first_bits(bitmap, 3, 5) == [700]
    assert search_engine.first_bits(0, 0, 5) == []
