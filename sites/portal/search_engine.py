"""The portal search's facet and ranking engine: bitmaps over an in-memory snapshot of the index.

Why: a faceted search must count every facet value over every match. With 100,000 listings a
broad word ("Hilfe") matches half of them, and PostgreSQL then reads, ranks and counts tens of
thousands of wide rows per search (150–250 ms). Here each process keeps a compact snapshot of the
visible rows (ids and facet columns, no text) and answers with integer bitmaps: a filter is an
AND, a facet count a popcount, a page the first set bits. A search then costs a few milliseconds
plus one query for the page's rows.

How it stays correct:
* The snapshot belongs to one version of the index, which a PostgreSQL trigger increases with
  every write to the listings (committed with them, seen by every process at once, no shared
  cache needed); the next search after a change rebuilds it.
* Full-text matching stays PostgreSQL's (German stemming, prefixes, the spellings of
  cms.search_text): the positions that match a
  word are read once per snapshot with the weight classes the ranking needs, and kept (LRU).
* Time-dependent filters ("not past", date ranges) are bitmaps computed from the rows' dates and
  kept for one minute (now) or per date (ranges).
* Relevance: the tiers of PostgreSQL's weights (title 1.0, summary and town 0.4, the rest 0.2),
  summed over the words; ties in the order of start date, title and id, as in the SQL path.

`SqlOnly` is raised for the rare cases this engine leaves to the SQL path (see selectors).
"""

import logging
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from itertools import product

from django.db import connection
from django.utils import timezone

from cms.constants import ListingKind
from cms.search_text import word_tsquery

logger = logging.getLogger(__name__)

WEIGHT_A, WEIGHT_B, WEIGHT_C = 1.0, 0.4, 0.2
WORD_CACHE_SIZE = 500
DATE_CACHE_SIZE = 64
_DATED_KINDS = (ListingKind.EVENT, ListingKind.NEWS)
_SEPARATOR = "\x1f"  # joins array values in the snapshot query (never part of a slug)


class SqlOnly(Exception):  # noqa: N818 (a signal, not an error)
    """This search is answered by the SQL path instead."""


def _bitmap(positions, size: int) -> int:
    data = bytearray((size + 7) // 8)
    for p in positions:
        data[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(data, "little")


def set_bits(bitmap: int) -> list[int]:
    """Positions of the set bits, ascending."""
    if not bitmap:
        return []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    out = []
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            while byte:
                low = byte & -byte
                out.append(base + low.bit_length() - 1)
                byte ^= low
    return out


def first_bits(bitmap: int, skip: int, take: int) -> list[int]:
    """Positions of set bits number skip … skip+take-1 (ascending)."""
    out: list[int] = []
    if take <= 0 or not bitmap:
        return out
    if skip > 256:
        return set_bits(bitmap)[skip : skip + take]
    while bitmap and len(out) < take:
        low = bitmap & -bitmap
        if skip:
            skip -= 1
        else:
            out.append(low.bit_length() - 1)
        bitmap ^= low
    return out


@dataclass
class WordHits:
    any: int
    title: int  # weight A
    summary: int  # weight B (and not A)


class Snapshot:
    """The visible rows of one index version as positions, facet bitmaps and date columns."""

    def __init__(self, version, rows: list[tuple]):
        """`rows` in tie-break order: (id, kind, start, end, first seen (epoch seconds or None),
        time commitment, language, categories, target groups (joined by US), club id,
        postal code, town, latitude, longitude)."""
        self.version = version
        self.size = size = len(rows)
        self.ids = [row[0] for row in rows]
        self.position = {listing_id: p for p, listing_id in enumerate(self.ids)}
        self.all = (1 << size) - 1
        self.kinds = [row[1] for row in rows]
        self.starts = [row[2] for row in rows]
        self.ends = [row[3] for row in rows]
        first_seen = [row[4] for row in rows]
        groups: dict[tuple[str, object], list[int]] = {}
        add = groups.setdefault
        # Per town (lower case): its first spelling and the sums of its rows' coordinates, for
        # the pages' map of places (`town_counts`).
        towns: dict[str, list] = {}
        for p, (
            _id,
            kind,
            _s,
            _e,
            _f,
            commitment,
            language,
            categories,
            targets,
            club,
            plz,
            town,
            lat,
            lon,
        ) in enumerate(rows):
            add(("kinds", kind), []).append(p)
            add(("time_commitments", commitment), []).append(p)
            add(("languages", language), []).append(p)
            if categories:
                for value in categories.split(_SEPARATOR):
                    add(("categories", value), []).append(p)
            if targets:
                for value in targets.split(_SEPARATOR):
                    add(("target_groups", value), []).append(p)
            add(("club", club), []).append(p)
            add(("postal_code", plz), []).append(p)
            add(("town", (town or "").lower()), []).append(p)
            if town:
                info = towns.setdefault(town.lower(), [town, 0.0, 0.0, 0])
                if lat is not None and lon is not None:
                    info[1] += lat
                    info[2] += lon
                    info[3] += 1
            if lat is not None and lon is not None:
                add(("coordinates", (lat, lon)), []).append(p)
        self._groups = groups
        self.towns = {key: (name, (lat / n, lon / n) if n else None) for key, (name, lat, lon, n) in towns.items()}
        self._bitmaps: dict[tuple[str, object], int] = {}
        self._words: OrderedDict[str, WordHits] = OrderedDict()
        self._dates: OrderedDict[tuple, int] = OrderedDict()
        self._lock = threading.Lock()
        # Date order: coming events by start (soonest first), then the rest newest first.
        starts, ids = self.starts, self.ids
        events = [p for p in groups.get(("kinds", ListingKind.EVENT), ()) if starts[p] is not None]
        events.sort(key=lambda p: (starts[p], -first_seen[p], ids[p]))
        rest = sorted(set(range(size)).difference(events), key=lambda p: (-first_seen[p], ids[p]))
        self.date_order = events + rest
        self.date_rank = [0] * size
        for rank, p in enumerate(self.date_order):
            self.date_rank[p] = rank

    # --- bitmaps ---------------------------------------------------------------------------

    def bitmap(self, dimension: str, value) -> int:
        key = (dimension, value)
        found = self._bitmaps.get(key)
        if found is None:
            found = _bitmap(self._groups.get(key, ()), self.size)
            self._bitmaps[key] = found
        return found

    def any_of(self, dimension: str, values) -> int:
        result = 0
        for value in values:
            result |= self.bitmap(dimension, value)
        return result

    def town_counts(self, matches: int) -> list[tuple[str, int, tuple[float, float] | None]]:
        """(town as first spelled, matches in it, mean coordinates of all its rows) per town with
        a match: one popcount per town of the region."""
        out = []
        for key, (name, position) in self.towns.items():
            count = (matches & self.bitmap("town", key)).bit_count()
            if count:
                out.append((name, count, position))
        return out

    def coordinates(self) -> list[tuple[float, float]]:
        return [value for dimension, value in self._groups if dimension == "coordinates"]

    def _cached(self, store: OrderedDict, key, limit: int, compute):
        with self._lock:
            if key in store:
                store.move_to_end(key)
                return store[key]
        value = compute()
        with self._lock:
            store[key] = value
            while len(store) > limit:
                store.popitem(last=False)
        return value

    def not_past(self, now: datetime) -> int:
        """Rows that are not history: past events and finished opportunities are left out."""
        minute = now.replace(second=0, microsecond=0)

        def compute():
            # The same cut as the SQL path, a minute late at most.
            cut = minute.timestamp()
            event_cut = cut - 6 * 3600
            past = []
            for p in range(self.size):
                kind, start, end = self.kinds[p], self.starts[p], self.ends[p]
                if kind == ListingKind.EVENT:
                    if (end is None and start is not None and start < event_cut) or (end is not None and end < cut):
                        past.append(p)
                elif kind == ListingKind.OPPORTUNITY and end is not None and end < cut:
                    past.append(p)
            return self.all & ~_bitmap(past, self.size)

        return self._cached(self._dates, ("not_past", minute), DATE_CACHE_SIZE, compute)

    def in_dates(self, start: datetime | None, end: datetime | None) -> int:
        """Rows overlapping [start, end): the date-range filter of the SQL path."""

        low = start.timestamp() if start is not None else None
        high = end.timestamp() if end is not None else None

        def compute():
            keep = []
            for p in range(self.size):
                kind, s, e = self.kinds[p], self.starts[p], self.ends[p]
                if low is not None and not (
                    (e is not None and e >= low)
                    or (e is None and s is None)
                    or (e is None and s is not None and s >= low)
                    or (e is None and kind not in _DATED_KINDS)
                ):
                    continue
                if high is not None and s is not None and s >= high:
                    continue
                keep.append(p)
            return _bitmap(keep, self.size)

        return self._cached(self._dates, ("range", start, end), DATE_CACHE_SIZE, compute)

    def word(self, word: str) -> WordHits | None:
        """Positions whose text matches the word as a German prefix; None for a stop word."""

        def compute():
            with connection.cursor() as cursor:
                # Each spelling of the word as a prefix, as the SQL path asks (cms.search_text).
                cursor.execute("SELECT numnode(to_tsquery('german', %s))", [word_tsquery(word)])
                if not cursor.fetchone()[0]:
                    return None
                cursor.execute(
                    "SELECT id, search_vector @@ to_tsquery('german', %s), search_vector @@ to_tsquery('german', %s) "
                    "FROM portal_listing WHERE search_vector @@ to_tsquery('german', %s)",
                    [word_tsquery(word, "A"), word_tsquery(word, "B"), word_tsquery(word)],
                )
                rows = cursor.fetchall()
            position = self.position
            hits, title, summary = [], [], []
            for listing_id, in_title, in_summary in rows:
                p = position.get(listing_id)
                if p is None:
                    continue
                hits.append(p)
                if in_title:
                    title.append(p)
                elif in_summary:
                    summary.append(p)
            return WordHits(_bitmap(hits, self.size), _bitmap(title, self.size), _bitmap(summary, self.size))

        return self._cached(self._words, word, WORD_CACHE_SIZE, compute)


_snapshot: Snapshot | None = None
_build_lock = threading.Lock()


def _load_rows() -> list[tuple]:
    """The visible rows, narrow: dates as epoch seconds, arrays as joined strings (3x quicker to
    read than datetimes and lists for 100,000 rows)."""
    from django.db.models import FloatField, TextField
    from django.db.models.expressions import RawSQL

    from .selectors import visible_listings

    def epoch(column: str) -> RawSQL:
        # Only the fixed column names of this function are formatted in.
        return RawSQL(f"extract(epoch from portal_listing.{column})::float8", [], output_field=FloatField())  # noqa: S611

    def joined(column: str) -> RawSQL:
        return RawSQL(f"array_to_string(portal_listing.{column}, chr(31))", [], output_field=TextField())  # noqa: S611

    queryset = (
        visible_listings()
        .annotate(
            s_epoch=epoch("starts_at"),
            e_epoch=epoch("ends_at"),
            f_epoch=epoch("first_seen_at"),
            cats=joined("categories"),
            groups=joined("target_groups"),
        )
        .order_by("starts_at", "title", "id")  # NULLS LAST: PostgreSQL's default, as in the SQL path
    )
    sql, params = queryset.values_list(
        "id",
        "kind",
        "s_epoch",
        "e_epoch",
        "f_epoch",
        "time_commitment",
        "language",
        "cats",
        "groups",
        "club_id",
        "postal_code",
        "town",
        "latitude",
        "longitude",
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# A snapshot of this many rows or fewer is rebuilt within the search that finds it stale; a bigger
# one in a background thread while the SQL path answers (fresh, slower), so no visitor waits for
# a rebuild after a publish. Inside a transaction the rebuild is always synchronous: another
# connection would not see the transaction's own writes.
SYNC_REBUILD_MAX_ROWS = 20_000
_building: set = set()


def stored_version() -> int:
    """The index's version as PostgreSQL keeps it (a trigger bumps it with every write to the
    listings, committed with them; migration portal 0006): one primary-key read."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM portal_listing_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_version() -> None:
    """Mark the index as changed for every process, in the caller's transaction (commits with it);
    for changes the listings' rows do not show by themselves (the trigger covers every write)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE portal_listing_version SET version = nextval('portal_listing_version_seq') WHERE id = 1")


def _build(version) -> Snapshot:
    global _snapshot
    built = Snapshot(version, _load_rows())
    with _build_lock:
        if _snapshot is None or _snapshot.version != version:
            _snapshot = built
    return built


def _build_in_background(version) -> None:
    from django.db import connections

    try:
        _build(version)
    except Exception:
        logger.exception("search snapshot rebuild failed")
    finally:
        with _build_lock:
            _building.discard(version)
        connections.close_all()


def snapshot(version) -> Snapshot:
    """The snapshot of this index version; raises SqlOnly while a big one is rebuilt."""
    current = _snapshot
    if current is not None and current.version == version:
        return current
    if connection.in_atomic_block or (current is None and not _background_allowed()):
        return _build(version)
    if current is not None and current.size <= SYNC_REBUILD_MAX_ROWS:
        return _build(version)
    with _build_lock:
        start = version not in _building
        _building.add(version)
    if start:
        threading.Thread(target=_build_in_background, args=(version,), daemon=True).start()
    raise SqlOnly


def _background_allowed() -> bool:
    """A first snapshot is built in the background only where the index is big."""
    from .models import Listing

    return Listing.objects.count() > SYNC_REBUILD_MAX_ROWS


def forget() -> None:
    """Drop the snapshot, so that the next search builds one (bench/portal.py times that)."""
    global _snapshot
    _snapshot = None


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Same formula as the SQL path (spherical law of cosines, clamped for acos).
    value = math.sin(math.radians(lat1)) * math.sin(math.radians(lat2)) + math.cos(math.radians(lat1)) * math.cos(
        math.radians(lat2)
    ) * math.cos(math.radians(lon2) - math.radians(lon1))
    return 6371 * math.acos(min(1.0, max(-1.0, value)))


def filter_bitmap(snap: Snapshot, filters, notes: list[str], centre) -> int:
    """The rows that pass every filter but the words (`centre`: coordinates of the place or None).

    The same filters as `selectors._apply_filters`, evaluated on the snapshot."""
    from .selectors import date_bounds, radius_box, unknown_place_note

    result = snap.all
    if filters.club_id:
        result &= snap.bitmap("club", filters.club_id)
    for dimension in ("kinds", "categories", "target_groups", "time_commitments", "languages"):
        values = getattr(filters, dimension)
        if values:
            result &= snap.any_of(dimension, values)
    if filters.place:
        if filters.radius_km and centre:
            lat, lon = centre
            dlat, dlon = radius_box(lat, filters.radius_km)
            near = [
                (a, b)
                for a, b in snap.coordinates()
                if abs(a - lat) <= dlat and abs(b - lon) <= dlon and _distance_km(lat, lon, a, b) <= filters.radius_km
            ]
            result &= snap.any_of("coordinates", near)
        else:
            if filters.radius_km:
                notes.append(unknown_place_note(filters.place))
            result &= snap.bitmap("town", filters.place.lower()) | snap.bitmap("postal_code", filters.place)
    start, end = date_bounds(filters)
    if start is None and not filters.include_past:
        result &= snap.not_past(timezone.now())
    if start is not None or end is not None:
        result &= snap.in_dates(start, end)
    return result


def ranked_groups(snap: Snapshot, words: list[WordHits], matches: int) -> list[int]:
    """The matches split into bitmaps of equal relevance, best first (each in tie-break order)."""
    if len(words) <= 3:
        options = [
            [(WEIGHT_A, w.title), (WEIGHT_B, w.summary), (WEIGHT_C, w.any & ~w.title & ~w.summary)] for w in words
        ]
    else:  # many words: title or not, 2^n groups at most
        options = [[(WEIGHT_A, w.title), (WEIGHT_C, w.any & ~w.title)] for w in words]
    combos = []
    for choice in product(*options):
        bitmap = matches
        for _weight, bits in choice:
            bitmap &= bits
            if not bitmap:
                break
        if bitmap:
            combos.append((sum(weight for weight, _bits in choice), bitmap))
    combos.sort(key=lambda item: -item[0])
    return [bitmap for _score, bitmap in combos]


def page_by_relevance(groups: list[int], offset: int, limit: int) -> list[int]:
    positions: list[int] = []
    for bitmap in groups:
        count = bitmap.bit_count()
        if offset >= count:
            offset -= count
            continue
        positions += first_bits(bitmap, offset, limit - len(positions))
        offset = 0
        if len(positions) >= limit:
            break
    return positions


def page_by_date(snap: Snapshot, matches: int, offset: int, limit: int) -> list[int]:
    total = matches.bit_count()
    if total <= 4096 or offset + limit > 2000:
        ranked = sorted(set_bits(matches), key=snap.date_rank.__getitem__)
        return ranked[offset : offset + limit]
    # Many matches: walk the date order until the page is full.
    data = matches.to_bytes((snap.size + 7) // 8, "little")
    positions: list[int] = []
    for p in snap.date_order:
        if data[p >> 3] >> (p & 7) & 1:
            if offset:
                offset -= 1
                continue
            positions.append(p)
            if len(positions) >= limit:
                break
    return positions
