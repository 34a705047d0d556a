"""Reads of the listings index: faceted search, the event calendar, feeds and the open-data API.

Every read starts from `visible_listings()`: rows of active clubs that went live only, so a
deactivated club vanishes at once even if its rows were not rewritten yet, and a club that is not
live yet never shows. Full-text search uses PostgreSQL's
German configuration (stemming: "Jugendliche" → jugend, "Kinder" → kind) with prefix matching
(`jugend:*` finds "Jugendarbeit", `kind:*` finds "Kinderturnen"); typos are corrected from the
index's own vocabulary, and pg_trgm's similarity is added where the server ships the extension.
"""

import difflib
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache as django_cache
from django.core.cache import caches
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.search_text import prefix_tsquery
from sites.clubs.constants import ClubKind
from sites.clubs.models import Category, Club, club_live_q

from .constants import MAX_QUERY_WORDS, PAGE_SIZE, POSTAL_CODE_CENTROIDS, SortOrder
from .models import Listing

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LIST_FIELDS = (
    "id",
    "club_id",
    "page_id",
    "kind",
    "title",
    "summary",
    "host",
    "path",
    "image_url",
    "starts_at",
    "ends_at",
    "is_cancelled",
    "place",
    "postal_code",
    "town",
    "categories",
    "target_groups",
    "time_commitment",
    "language",
    "club_name",
    "first_seen_at",
    "updated_at",
    "sequence",
)


def without_nul(value: str) -> str:
    """The text without NUL bytes, which PostgreSQL text fields and parameters cannot hold."""
    return (value or "").replace("\x00", "")


def visible_listings() -> QuerySet[Listing]:
    """Rows the public may see: of active clubs that went live, never of the portal or the template."""
    return Listing.objects.filter(club_live_q("club__"), is_visible=True)


@dataclass
class ListingFilters:
    """What a visitor searches for; built by `sites.portal.forms.listing_filters_from`."""

    q: str = ""
    kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    time_commitments: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    place: str = ""  # town name or postal code
    radius_km: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""
    include_past: bool = False
    club_id: int | None = None

    def __post_init__(self):
        # PostgreSQL text cannot hold NUL bytes: a "%00" in a shared link must not become a 500.
        for name in ("q", "place", "sort"):
            setattr(self, name, without_nul(getattr(self, name)))
        for name in ("kinds", "categories", "target_groups", "time_commitments", "languages"):
            setattr(self, name, [without_nul(v) for v in getattr(self, name)])

    def as_dict(self) -> dict:
        """JSON-safe form (stored with e-mail subscriptions)."""
        data = {k: v for k, v in self.__dict__.items() if v not in ("", [], None, False)}
        for key in ("date_from", "date_to"):
            if key in data:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ListingFilters":
        data = dict(data)
        for key in ("date_from", "date_to"):
            if data.get(key):
                data[key] = date.fromisoformat(data[key])
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class SearchResult:
    listings: list[Listing]
    total: int
    page: int
    num_pages: int
    facets: dict[str, list[tuple[str, str, int]]]
    notes: list[str]
    corrected_query: str = ""


def query_words(q: str) -> list[str]:
    """Words of a search input: letters and digits of any script; operators and emoji dropped."""
    return [w.lower()[:40] for w in _WORD.findall(q or "")][:MAX_QUERY_WORDS]


def _tsquery(words: list[str]) -> SearchQuery | None:
    if not words:
        return None
    # Every word is a prefix (`:*`) in each of its spellings ("mueller" | "muller") and all must
    # match (cms.search_text, shared with the in-memory engine); the words hold no tsquery syntax.
    return SearchQuery(prefix_tsquery(words), search_type="raw", config="german")


@cache
def trigram_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _vocabulary() -> list[str]:
    """Lexemes of the index (stemmed), cached: the dictionary for typo corrections."""
    words = django_cache.get("portal:vocabulary")
    if words is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat($$SELECT search_vector FROM portal_listing WHERE is_visible$$) "
                "WHERE length(word) > 2 ORDER BY ndoc DESC LIMIT 50000"
            )
            words = [row[0] for row in cursor.fetchall()]
        django_cache.set("portal:vocabulary", words, 600)
    return words


def _stem(words: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector('german', w))), '') "
            "FROM unnest(%s::text[]) AS w",
            [words],
        )
        return [row[0] or word for row, word in zip(cursor.fetchall(), words, strict=False)]


def correct_words(words: list[str]) -> list[str]:
    """Closest known lexeme for each word that has no prefix match; unchanged words stay."""
    vocabulary = _vocabulary()
    if not vocabulary:
        return words
    corrected = []
    for word, stem in zip(words, _stem(words), strict=False):
        if any(v.startswith(stem) for v in vocabulary if v[:1] == stem[:1]):
            corrected.append(word)
            continue
        candidates = [v for v in vocabulary if abs(len(v) - len(stem)) <= 3 and v[:1] == stem[:1]]
        match = difflib.get_close_matches(stem, candidates, n=1, cutoff=0.75)
        corrected.append(match[0] if match else word)
    return corrected


def place_centre(place: str) -> tuple[float, float] | None:
    """Coordinates of a postal code or a town of the region, where known."""
    place = (place or "").strip()
    if place in POSTAL_CODE_CENTROIDS:
        return POSTAL_CODE_CENTROIDS[place]
    row = (
        Listing.objects.filter(town__iexact=place, latitude__isnull=False).values_list("latitude", "longitude").first()
    )
    return tuple(row) if row else None


def _distance_sql(lat: float, lon: float) -> RawSQL:
    # Great-circle distance in km (spherical law of cosines, clamped for acos).
    return RawSQL(
        "6371 * acos(least(1.0, greatest(-1.0, sin(radians(%s)) * sin(radians(latitude)) + "
        "cos(radians(%s)) * cos(radians(latitude)) * cos(radians(longitude) - radians(%s)))))",
        (lat, lat, lon),
    )


def radius_box(lat: float, radius_km: int) -> tuple[float, float]:
    """Half-sides in degrees (latitude, longitude) of the box around a centre that holds the radius."""
    return radius_km / 111.0, radius_km / (111.0 * max(0.1, math.cos(math.radians(lat))))


def unknown_place_note(place: str) -> str:
    from django.utils.translation import gettext as _

    return _("Für „%(place)s“ kennen wir keine Koordinaten; es wird nur nach dem Ort gesucht.") % {"place": place}


def date_bounds(filters: ListingFilters) -> tuple[datetime | None, datetime | None]:
    """[start, end) of the date filter in the current time zone; None where not set."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(filters.date_from, time.min, tzinfo=tz) if filters.date_from else None
    end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz) if filters.date_to else None
    return start, end


def _apply_filters(queryset: QuerySet[Listing], filters: ListingFilters, notes: list[str]) -> QuerySet[Listing]:

    if filters.club_id:
        queryset = queryset.filter(club_id=filters.club_id)
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.categories:
        queryset = queryset.filter(categories__overlap=filters.categories)
    if filters.target_groups:
        queryset = queryset.filter(target_groups__overlap=filters.target_groups)
    if filters.time_commitments:
        queryset = queryset.filter(time_commitment__in=filters.time_commitments)
    if filters.languages:
        queryset = queryset.filter(language__in=filters.languages)
    if filters.place:
        centre = place_centre(filters.place) if filters.radius_km else None
        if centre:
            lat, lon = centre
            dlat, dlon = radius_box(lat, filters.radius_km)
            queryset = queryset.filter(
                latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
            ).filter(
                id__in=Listing.objects.annotate(distance=_distance_sql(lat, lon))
                .filter(
                    latitude__range=(lat - dlat, lat + dlat),
                    longitude__range=(lon - dlon, lon + dlon),
                    distance__lte=filters.radius_km,
                )
                .values("id")
            )
        else:
            if filters.radius_km:
                notes.append(unknown_place_note(filters.place))
            queryset = queryset.filter(Q(town__iexact=filters.place) | Q(postal_code=filters.place))
    start, end = date_bounds(filters)
    dated_kinds = [ListingKind.EVENT, ListingKind.NEWS]
    if start is not None:
        # Overlap with the range; events and news end when they start unless told otherwise,
        # opportunities without an end date stay open.
        queryset = queryset.filter(
            Q(ends_at__gte=start)
            | Q(ends_at__isnull=True, starts_at__isnull=True)
            | Q(ends_at__isnull=True, starts_at__gte=start)
            | (Q(ends_at__isnull=True) & ~Q(kind__in=dated_kinds))
        )
    elif not filters.include_past:
        # Past events and finished opportunities are history, not a way to get involved.
        now = timezone.now()
        queryset = queryset.exclude(
            Q(kind=ListingKind.EVENT, ends_at__isnull=True, starts_at__lt=now - timedelta(hours=6))
            | Q(kind=ListingKind.EVENT, ends_at__lt=now)
            | Q(kind=ListingKind.OPPORTUNITY, ends_at__lt=now)
        )
    if end is not None:
        queryset = queryset.filter(Q(starts_at__isnull=True) | Q(starts_at__lt=end))
    return queryset


# Search results are cached briefly, keyed by the filters and the version of the index PostgreSQL
# keeps (`search_engine.stored_version`: a trigger bumps it with every write to the listings, and
# it commits with them), so a publish or a deactivation shows at once in every process, also
# without a shared cache. The version is read once per request. The `pages` cache alias is used
# because its keys are schema-independent (the default alias prefixes keys with the current
# schema, and writes come from club schemas, reads from the portal's).
SEARCH_CACHE_SECONDS = 120
_version_memo = threading.local()


def _search_cache():
    return caches["pages"]


def listings_changed() -> None:
    """The index changed in a way its rows do not show (cached searches are stale from the commit on)."""
    from .search_engine import bump_version

    bump_version()
    _version_memo.version = None


def request_started(**kwargs) -> None:
    """Signal receivers (PortalConfig.ready): the index version is memoised for one request only."""
    _version_memo.in_request, _version_memo.version = True, None


def request_finished(**kwargs) -> None:
    _version_memo.in_request, _version_memo.version = False, None


def _search_key(filters: ListingFilters, page: int, page_size: int, facets: bool) -> str:
    import hashlib
    import json

    from django.utils.translation import get_language

    version = _index_version()
    raw = json.dumps([filters.as_dict(), page, page_size, facets, get_language(), version], sort_keys=True)
    return "portal-search:" + hashlib.sha256(raw.encode()).hexdigest()


SEARCH_FRAGMENT_SECONDS = SEARCH_CACHE_SECONDS


def search_fragment_key(params) -> str:
    """Cache key of the rendered search body for a query string (a QueryDict), or "" not to cache.

    Keyed like the results: the parameters (order-independent), the language and the index
    version, so a publish or a deactivation shows at once.
    """
    import hashlib
    import json

    from django.utils.translation import get_language

    from cms.public_urls import current_origin

    items = sorted((key, sorted(values)) for key, values in params.lists())
    raw = json.dumps(items, ensure_ascii=True)
    if len(raw) > 4000:  # odd, long input: render it, but don't fill the cache with it
        return ""
    version = _index_version()
    # The cards link to the clubs' hosts with the scheme and port in use (cms.public_urls).
    origin = current_origin()
    digest = hashlib.sha256(f"{raw}|{get_language()}|{version}|{origin.scheme}:{origin.port}".encode()).hexdigest()
    return "portal-search-html:" + digest


def search_page_key(request) -> str:
    """Cache key of the whole rendered search page, or "" not to cache (see views.engagement_search).

    The search body's key plus the host and the generations of the full-page cache
    (cms.page_cache), which a change of the portal's settings, theme or a crisis banner bumps.
    """

    from cms.page_cache import generations

    body_key = search_fragment_key(request.GET)
    if not body_key:
        return ""
    return f"portal-search-page:{body_key}:{request.get_host().lower()}:{':'.join(generations(request))}"


def search_fragment_get(key: str) -> str | None:
    return _search_cache().get(key)


def search_fragment_set(key: str, html: str) -> None:
    _search_cache().set(key, html, SEARCH_FRAGMENT_SECONDS)


def listing_search(
    *, filters: ListingFilters, page: int = 1, page_size: int = PAGE_SIZE, facets: bool = True
) -> SearchResult:
    """One page of results with facet counts; never raises on odd input (filters are pre-parsed)."""
    key = _search_key(filters, page, page_size, facets)
    result = _search_cache().get(key)
    if result is None:
        result = _listing_search(filters=filters, page=page, page_size=page_size, facets=facets)
        _search_cache().set(key, result, SEARCH_CACHE_SECONDS)
    return result


def _facet_spec() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(categories, [(facet, value, SQL condition over the window's columns)]) in display order."""
    categories = [(slug, name) for slug, name in Category.objects.values_list("slug", "name")]
    spec = [("kinds", value, "kind = %s") for value, _label in ListingKind.choices]
    spec += [("target_groups", value, "%s = ANY(target_groups)") for value, _label in TargetGroup.choices]
    spec += [("time_commitments", value, "time_commitment = %s") for value, _label in TimeCommitment.choices]
    spec += [("categories", slug, "%s = ANY(categories)") for slug, _name in categories]
    return categories, spec


def _search_window(
    queryset: QuerySet[Listing], *, rank_query: SearchQuery | None, offset: int, limit: int, spec: list
) -> tuple[list[int], int, list[int]]:
    """(ids of the page in order, total, facet counts in `_facet_spec` order).

    Ranked by relevance: ONE scan. The matches are read once into a narrow, materialised set (id,
    the facet and sort columns and the rank, never the wide text), and both the facet counts and
    the page's ids come from it; before, the facet count, the ranked page and an exists() check
    each scanned every match of the (wide) table again.

    In date order: the counts in one aggregate pass (no materialised set: for the empty search
    that set is ~90,000 rows and spills to disk), and the page's ids from two short index-ordered
    reads (coming events by start, then the rest newest first) that stop after the page.
    """
    if rank_query is None:
        return _date_window(queryset, offset=offset, limit=limit, spec=spec)
    columns = ["id", "kind", "time_commitment", "categories", "target_groups", "starts_at", "title"]
    window = queryset.order_by().values(*columns).annotate(rank=SearchRank(F("search_vector"), rank_query))
    order = "rank DESC, starts_at ASC NULLS LAST, title, id"
    inner_sql, inner_params = window.query.sql_with_params()
    aggregates = "".join(f", count(*) FILTER (WHERE {condition})" for _f, _v, condition in spec)
    # Only our own fixed fragments are formatted in; every value is a parameter.
    sql = (
        f"WITH m AS MATERIALIZED ({inner_sql}) "  # noqa: S608
        f"SELECT count(*){aggregates}, ARRAY(SELECT id FROM m ORDER BY {order} LIMIT %s OFFSET %s) FROM m"
    )
    params = [*inner_params, *(value for _f, value, _c in spec), limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return list(row[-1] or []), row[0], list(row[1:-1])


def _date_window(
    queryset: QuerySet[Listing], *, offset: int, limit: int, spec: list
) -> tuple[list[int], int, list[int]]:
    """Date order: coming events by start (soonest first), then everything else newest first."""
    columns = ["id", "kind", "time_commitment", "categories", "target_groups", "starts_at"]
    inner_sql, inner_params = queryset.order_by().values(*columns).query.sql_with_params()
    aggregates = "".join(f", count(*) FILTER (WHERE {condition})" for _f, _v, condition in spec)
    sql = (
        f"SELECT count(*), count(*) FILTER (WHERE kind = %s AND starts_at IS NOT NULL){aggregates} "  # noqa: S608
        f"FROM ({inner_sql}) m"
    )
    params = [ListingKind.EVENT, *(value for _f, value, _c in spec), *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    total, dated_events, counts = row[0], row[1], list(row[2:])
    ids: list[int] = []
    if offset < dated_events:
        events = queryset.filter(kind=ListingKind.EVENT, starts_at__isnull=False)
        ids = list(
            events.order_by("starts_at", "-first_seen_at", "id").values_list("id", flat=True)[offset : offset + limit]
        )
    if len(ids) < limit and offset + limit > dated_events:
        start = max(0, offset - dated_events)
        rest = queryset.exclude(kind=ListingKind.EVENT, starts_at__isnull=False).order_by("-first_seen_at", "id")
        ids += list(rest.values_list("id", flat=True)[start : start + limit - len(ids)])
    return ids, total, counts


def _facets_from(categories: list, spec: list, counts: list[int]) -> dict[str, list[tuple[str, str, int]]]:
    labels = {
        "kinds": dict(ListingKind.choices),
        "target_groups": dict(TargetGroup.choices),
        "time_commitments": dict(TimeCommitment.choices),
        "categories": dict(categories),
    }
    facets: dict[str, list[tuple[str, str, int]]] = {key: [] for key in labels}
    for (facet, value, _condition), count in zip(spec, counts, strict=True):
        facets[facet].append((value, str(labels[facet][value]), count))
    return facets


# The in-memory engine (sites.portal.search_engine) answers searches; the SQL path below stays for
# what it leaves (typo search with pg_trgm) and as the reference the engine is tested against.
USE_ENGINE = True


def _listing_search(*, filters: ListingFilters, page: int, page_size: int, facets: bool) -> SearchResult:
    if USE_ENGINE:
        from .search_engine import SqlOnly

        try:
            return _engine_search(filters=filters, page=page, page_size=page_size, facets=facets)
        except SqlOnly:
            pass
    return _sql_search(filters=filters, page=page, page_size=page_size, facets=facets)


def _index_version() -> int:
    """The index's version as PostgreSQL keeps it; read once per request."""
    from .search_engine import stored_version

    version = getattr(_version_memo, "version", None)
    if version is None:
        version = stored_version()
        if getattr(_version_memo, "in_request", False):
            _version_memo.version = version
    return version


def _engine_search(*, filters: ListingFilters, page: int, page_size: int, facets: bool) -> SearchResult:
    from django.utils.translation import gettext as _

    from . import search_engine as engine

    snap = engine.snapshot(_index_version())
    notes: list[str] = []
    centre = place_centre(filters.place) if filters.place and filters.radius_km else None
    base = engine.filter_bitmap(snap, filters, notes, centre)
    words = query_words(filters.q)
    corrected = ""

    def matching(words_: list[str]):
        hits = [h for h in (snap.word(w) for w in words_) if h is not None]
        if not hits:  # stop words only: PostgreSQL matches nothing either
            return hits, 0
        result = base
        for hit in hits:
            result &= hit.any
        return hits, result

    hits, matches = matching(words) if words else ([], base)
    if words and not matches:
        if trigram_available():
            raise engine.SqlOnly
        better = correct_words(words)
        if better != words:
            corrected = " ".join(better)
            hits, matches = matching(better)
    sort = filters.sort or (SortOrder.RELEVANCE if words else SortOrder.DATE)
    total = matches.bit_count()
    num_pages = max(1, math.ceil(total / page_size))
    if page < 1 or page > num_pages:
        notes.append(_("Diese Ergebnisseite gibt es nicht; Sie sehen die erste Seite."))
        page = 1
    offset = (page - 1) * page_size
    if sort == SortOrder.RELEVANCE and hits:
        positions = engine.page_by_relevance(engine.ranked_groups(snap, hits, matches), offset, page_size)
    else:
        positions = engine.page_by_date(snap, matches, offset, page_size)
    ids = [snap.ids[p] for p in positions]
    facet_counts = {}
    if facets:
        categories, spec = _facet_spec()
        counts = [(matches & snap.bitmap(facet, value)).bit_count() for facet, value, _c in spec]
        facet_counts = _facets_from(categories, spec, counts)
    return SearchResult(
        listings=_rows_in_order(ids),
        total=total,
        page=page,
        num_pages=num_pages,
        facets=facet_counts,
        notes=notes,
        corrected_query=corrected,
    )


def _rows_in_order(ids: list[int]) -> list[Listing]:
    rows = Listing.objects.filter(id__in=ids).select_related("club")
    by_id = {row.id: row for row in rows.only(*_LIST_FIELDS, "club__slug", "club__name", "club__short_name")}
    return [by_id[i] for i in ids if i in by_id]


def _sql_search(*, filters: ListingFilters, page: int, page_size: int, facets: bool) -> SearchResult:
    from django.utils.translation import gettext as _

    notes: list[str] = []
    base = _apply_filters(visible_listings(), filters, notes)
    words = query_words(filters.q)
    corrected = ""
    queryset = base
    search_query = _tsquery(words)
    if search_query is not None:
        queryset = base.filter(search_vector=search_query)
    sort = filters.sort or (SortOrder.RELEVANCE if search_query is not None else SortOrder.DATE)

    categories, spec = _facet_spec() if facets else ([], [])

    def window(qs, rank_query, offset):
        rank = rank_query if sort == SortOrder.RELEVANCE else None
        return _search_window(qs, rank_query=rank, offset=offset, limit=page_size, spec=spec)

    offset = max(0, (page - 1) * page_size)
    ids, total, counts = window(queryset, search_query, offset)
    if total == 0 and search_query is not None:
        # Nothing matched: try the closest known words, and similar titles where pg_trgm exists.
        better = correct_words(words)
        if better != words:
            corrected = " ".join(better)
            search_query = _tsquery(better)
            queryset = base.filter(search_vector=search_query)
        if trigram_available():
            from django.contrib.postgres.search import TrigramWordSimilarity

            fuzzy = base.annotate(similarity=TrigramWordSimilarity(" ".join(words), "title")).filter(
                similarity__gte=0.4
            )
            queryset = queryset | base.filter(id__in=fuzzy.values("id"))
        if better != words or trigram_available():
            ids, total, counts = window(queryset, search_query, offset)
    num_pages = max(1, math.ceil(total / page_size))
    if page < 1 or page > num_pages:
        notes.append(_("Diese Ergebnisseite gibt es nicht; Sie sehen die erste Seite."))
        if offset != 0:
            ids, total, counts = window(queryset, search_query, 0)
        page = 1
    return SearchResult(
        listings=_rows_in_order(ids),
        total=total,
        page=page,
        num_pages=num_pages,
        facets=_facets_from(categories, spec, counts) if facets else {},
        notes=notes,
        corrected_query=corrected,
    )


def events_between(
    *, start: datetime, end: datetime | None, filters: ListingFilters | None = None
) -> QuerySet[Listing]:
    """Events of active clubs that overlap [start, end) (`end` None: every later one too),
    cancelled ones included (marked)."""
    notes: list[str] = []
    queryset = visible_listings().filter(kind=ListingKind.EVENT, starts_at__isnull=False)
    if end is not None:
        queryset = queryset.filter(starts_at__lt=end)
    queryset = queryset.filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
    if filters is not None:
        filters.include_past = True
        queryset = _apply_filters(queryset, filters, notes)
        if filters.q and (search_query := _tsquery(query_words(filters.q))) is not None:
            queryset = queryset.filter(search_vector=search_query)
    return queryset.select_related("club").order_by("starts_at", "title")


def feed_events(*, club: Club | None = None, category: str = "") -> QuerySet[Listing]:
    """Events for iCalendar feeds: from 90 days back on (calendars keep their history)."""
    queryset = visible_listings().filter(kind=ListingKind.EVENT, starts_at__isnull=False)
    queryset = queryset.filter(starts_at__gte=timezone.now() - timedelta(days=90))
    if club is not None:
        queryset = queryset.filter(club=club)
    if category:
        queryset = queryset.filter(categories__contains=[category])
    return queryset.select_related("club").order_by("starts_at")[:2000]


def feed_news(*, club: Club | None = None) -> QuerySet[Listing]:
    queryset = visible_listings().filter(kind=ListingKind.NEWS)
    if club is not None:
        queryset = queryset.filter(club=club)
    return queryset.select_related("club").order_by(F("starts_at").desc(nulls_last=True), "-first_seen_at")[:50]


def club_listings(*, club: Club, limit: int = 50) -> dict[str, list[Listing]]:
    """A club's current listings grouped by kind, for its entry in the club directory."""
    queryset = _apply_filters(visible_listings().filter(club=club), ListingFilters(), [])
    queryset = queryset.exclude(kind=ListingKind.CLUB)
    event_start = Case(When(kind=ListingKind.EVENT, then=F("starts_at")), default=None)
    grouped: dict[str, list[Listing]] = {}
    for listing in queryset.order_by(event_start.asc(nulls_last=True), "-first_seen_at")[:limit]:
        grouped.setdefault(listing.kind, []).append(listing)
    return grouped


def listings_new_since(*, filters: ListingFilters, since: datetime, limit: int = 20) -> list[Listing]:
    """Matches first seen after `since` (for the "notify me" e-mails)."""
    notes: list[str] = []
    queryset = _apply_filters(visible_listings(), filters, notes).filter(first_seen_at__gt=since)
    if (search_query := _tsquery(query_words(filters.q))) is not None:
        queryset = queryset.filter(search_vector=search_query)
    return list(queryset.select_related("club").order_by("-first_seen_at")[:limit])


def clubs_public() -> QuerySet[Club]:
    return Club.objects.live()


def club_public_by_slug(slug: str) -> Club | None:
    return clubs_public().filter(slug=without_nul(slug)).first()


# --- schema.org JSON-LD on club pages -------------------------------------------------------------


def _postal_address(*, street: str = "", postal_code: str = "", town: str = "") -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    for key, value in (("streetAddress", street), ("postalCode", postal_code), ("addressLocality", town)):
        if value:
            address[key] = value
    return address


def club_organization_ld(*, club: Club, base_url: str | None = None) -> dict:
    """schema.org Organization (an NGO) for a club, with its address and contact.

    `base_url` is the club's address when the caller knows it (the request's own host), which
    saves looking up the club's primary domain on every page view.
    """
    base = (base_url or club.url).rstrip("/")
    data = {
        "@type": "NGO",
        "@id": f"{base}/#organization",
        "name": club.name,
        "url": f"{base}/",
        "address": _postal_address(street=club.street, postal_code=club.postal_code, town=club.town),
    }
    if club.short_name and club.short_name != club.name:
        data["alternateName"] = club.short_name
    if club.description:
        data["description"] = club.description
    if club.email:
        data["email"] = club.email
    if club.phone:
        data["telephone"] = club.phone
    if club.founded_year:
        data["foundingDate"] = str(club.founded_year)
    if club.logo:
        logo = club.logo.url
        data["logo"] = f"{base}{logo}" if logo.startswith("/") else logo
    return data


def _page_url(page, request) -> str:
    from cms.public_urls import page_full_url

    return page_full_url(page, request)


def page_breadcrumbs_ld(*, page, request=None) -> dict | None:
    """BreadcrumbList from the club's home page down to `page` (None on the home page itself).

    Runs on every club page view, so it costs one query at most: the site comes from the request
    (Wagtail has looked it up already to route it), the home page ends there, and titles and URLs
    need no specific page objects.
    """
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else page.get_site()
    if site is None or page.pk == site.root_page_id:
        return None
    ancestors = list(page.get_ancestors(inclusive=True).live())
    # A translation's home page is not the site's root page; its tree starts below Wagtail's root.
    start = next((i for i, p in enumerate(ancestors) if p.pk == site.root_page_id), 1)
    chain = ancestors[start:]
    if len(chain) < 2:
        return None
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": _page_url(crumb, request)}
            for position, crumb in enumerate(chain, start=1)
        ],
    }


def opportunity_job_posting_ld(*, page, organization: dict, request=None) -> dict:
    """A volunteering role as schema.org JobPosting with employmentType VOLUNTEER (unpaid)."""
    payload = page.listing_payload()
    place, postal_code, town = page.listing_place() if hasattr(page, "listing_place") else ("", "", "")
    posted = page.first_published_at or page.last_published_at or timezone.now()
    data = {
        "@type": "JobPosting",
        "title": page.title,
        "description": payload.get("summary") or page.title,
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "employmentType": "VOLUNTEER",
        "url": _page_url(page, request),
        "hiringOrganization": {
            "@id": organization["@id"],
            "@type": organization["@type"],
            "name": organization["name"],
        },
        "jobLocation": {
            "@type": "Place",
            "name": place or town or organization["name"],
            "address": _postal_address(
                street=place if place and any(ch.isdigit() for ch in place) else "",
                postal_code=postal_code or organization["address"].get("postalCode", ""),
                town=town or organization["address"].get("addressLocality", ""),
            ),
        },
        "directApply": False,
        "inLanguage": payload.get("language") or "de",
    }
    end_date = getattr(page, "end_date", None)
    if end_date:
        data["validThrough"] = end_date.isoformat()
    skills = payload.get("skills")
    if skills:
        data["skills"] = skills if isinstance(skills, str) else ", ".join(skills)
    if payload.get("image_url"):
        data["image"] = payload["image_url"]
    return data


def club_page_json_ld(*, page, club: Club, request=None) -> str:
    """JSON-LD (@graph) for any page of a club site: the club, the breadcrumbs and, on a
    volunteering page, the role as a volunteer JobPosting. Event pages add their own Event block
    (sites.pages.selectors.event_json_ld). Escaped for a <script> element; "" if not a club."""
    import json

    if club is None or club.kind != ClubKind.CLUB:
        return ""
    base_url = f"{request.scheme}://{request.get_host()}" if request is not None else None
    organization = club_organization_ld(club=club, base_url=base_url)
    graph = [organization]
    breadcrumbs = page_breadcrumbs_ld(page=page, request=request) if page is not None else None
    if breadcrumbs:
        graph.append(breadcrumbs)
    if page is not None and str(getattr(page, "listing_kind", "")) == ListingKind.OPPORTUNITY:
        graph.append(opportunity_job_posting_ld(page=page, organization=organization, request=request))
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Keep the JSON from closing the script element (same escapes as Django's json_script).
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
