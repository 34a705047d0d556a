"""Events for the calendar and the iCalendar and news feeds."""

from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cms.constants import ListingKind
from sites.clubs.models import Club
from sites.portal.models import Listing

from .filters import ListingFilters, _apply_filters, visible_listings
from .words import _tsquery, query_words


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
