"""The search answered by the in-memory engine (`sites.portal.search_engine`)."""

import math

from sites.portal.constants import SortOrder

from .cache import _index_version
from .filters import ListingFilters, place_centre
from .results import SearchResult, _facet_spec, _facets_from, _rows_in_order
from .words import correct_words, query_words, trigram_available


def _engine_matches(snap, filters: ListingFilters, notes: list[str]) -> tuple[list, int, str]:
    """(word hits, bitmap of the matches, corrected query) of a search on the snapshot; raises
    SqlOnly where the SQL path answers (typo search with pg_trgm)."""
    from sites.portal import search_engine as engine

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
    return hits, matches, corrected


def _engine_town_counts(*, filters: ListingFilters) -> list[tuple[str, int, tuple[float, float] | None]]:
    """Matches of the search per town (see `Snapshot.town_counts`); raises SqlOnly like the search."""
    from sites.portal import search_engine as engine

    snap = engine.snapshot(_index_version())
    _hits, matches, _corrected = _engine_matches(snap, filters, [])
    return snap.town_counts(matches)


def _engine_search(*, filters: ListingFilters, page: int, page_size: int, facets: bool) -> SearchResult:
    from django.utils.translation import gettext as _

    from sites.portal import search_engine as engine

    snap = engine.snapshot(_index_version())
    notes: list[str] = []
    hits, matches, corrected = _engine_matches(snap, filters, notes)
    words = query_words(filters.q)
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
