"""The SQL path of the search: PostgreSQL full text, one scan for the page and the facets."""

import math

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from cms.constants import ListingKind
from sites.portal.constants import SortOrder
from sites.portal.models import Listing

from .filters import ListingFilters, _apply_filters, visible_listings
from .results import SearchResult, _facet_spec, _facets_from, _rows_in_order
from .words import _tsquery, correct_words, query_words, trigram_available


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
