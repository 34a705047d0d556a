"""The portal's home page: what its blocks read, and its default arrangement.

Reads (one query each, never one per listing) take what the region may see from the listings
index (`selectors.visible_listings`), the exchange (`community.selectors.live_posts`, public posts
only) and the clubs (`selectors.clubs_public`). The page is served from the full-page cache
(cms/tenancy/page_cache.py); it is purged when a club publishes, a club or a crisis changes, an exchange
post changes and when listings are rebuilt, and expires after HH_PAGE_CACHE_SECONDS anyway (so
events that began drop off the list).

The default arrangement (`portal_home_arrange`, a write like those in services.py) is written by
`platform_setup` and `load_demo` into a home page whose body is still empty; what an operator arranged is never overwritten.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cms.constants import ListingKind
from sites.clubs.models import Category

from .models import Listing, PortalHomePage
from .selectors import clubs_public, visible_listings

# What a card on the home page shows of a listing (`Listing.url` needs host and path).
_CARD_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "host",
    "path",
    "starts_at",
    "ends_at",
    "is_cancelled",
    "place",
    "postal_code",
    "town",
    "club_name",
    "time_commitment",
    "first_seen_at",
)


def _current(queryset: QuerySet[Listing], now) -> QuerySet[Listing]:
    return queryset.filter(Q(ends_at__isnull=True) | Q(ends_at__gte=now))


def home_upcoming_events(*, limit: int) -> list[Listing]:
    """The next events of the region (cancelled ones stay in, marked), soonest first."""
    now = timezone.now()
    rows = (
        visible_listings()
        .filter(kind=ListingKind.EVENT, starts_at__isnull=False)
        .filter(Q(starts_at__gte=now) | Q(ends_at__gte=now))
        .only(*_CARD_FIELDS)
        .order_by("starts_at", "title")
    )
    return list(rows[:limit])


def home_opportunities(*, limit: int) -> list[Listing]:
    """Current volunteering offers, newest first."""
    rows = _current(visible_listings().filter(kind=ListingKind.OPPORTUNITY), timezone.now())
    return list(rows.only(*_CARD_FIELDS).order_by("-first_seen_at", "title")[:limit])


def home_exchange_posts(*, limit: int, crisis_id: int | None = None) -> list:
    """New public offers and requests of the exchange (with their club), newest first; with
    `crisis_id` the open requests of that crisis."""
    from community.constants import PostType
    from community.selectors import live_posts

    posts = live_posts().filter(is_public=True)
    if crisis_id is not None:
        posts = live_posts().filter(crisis_id=crisis_id, post_type=PostType.REQUEST)
    return list(posts.select_related("club").order_by("-created_at", "-pk")[:limit])


def home_numbers() -> dict[str, int]:
    """How big the region is: live clubs, events in the next seven days, current volunteering
    offers — one aggregate over the listings index (every live club has its own row there)."""
    now = timezone.now()
    week = now + timedelta(days=7)
    current = Q(ends_at__isnull=True) | Q(ends_at__gte=now)
    return visible_listings().aggregate(
        clubs=Count("id", filter=Q(kind=ListingKind.CLUB)),
        events_week=Count("id", filter=Q(kind=ListingKind.EVENT, starts_at__gte=now, starts_at__lt=week)),
        opportunities=Count("id", filter=Q(kind=ListingKind.OPPORTUNITY) & current),
    )


def home_categories() -> list[Category]:
    """Fields of activity that have live clubs, each with `club_count`."""
    live = clubs_public().values("pk")
    return list(
        Category.objects.annotate(club_count=Count("clubs", filter=Q(clubs__in=live), distinct=True))
        .filter(club_count__gt=0)
        .order_by("name")
    )


def home_towns(*, limit: int) -> list[dict]:
    """Towns with live clubs, the busiest first: [{"town": …, "club_count": …}]."""
    return list(
        clubs_public()
        .exclude(town="")
        .values("town")
        .annotate(club_count=Count("pk"))
        .order_by("-club_count", "town")[:limit]
    )


# --- the default arrangement ------------------------------------------------------------------


# Headings are content (the operator edits them), so they are data in the page's language.
_DEFAULT_HEADINGS = {
    "de": {
        "search": "Was suchen Sie?",
        "crisis": "Jetzt wird Hilfe gebraucht",
        "numbers": "Die Region in Zahlen",
        "events": "Die nächsten Termine",
        "opportunities": "Mitmachen und helfen",
        "exchange": "Neu im Netzwerk der Vereine",
        "categories": "Vereine nach Bereich",
        "towns": "Vereine nach Ort",
    },
    "en": {
        "search": "What are you looking for?",
        "crisis": "Help needed now",
        "numbers": "The region in numbers",
        "events": "Upcoming events",
        "opportunities": "Volunteer and help",
        "exchange": "New in the clubs' network",
        "categories": "Clubs by field",
        "towns": "Clubs by town",
    },
}
_DEFAULT_COUNTS = {"crisis": 4, "events": 6, "opportunities": 6, "exchange": 6, "towns": 12}


def portal_home_default_body(*, language: str = "de") -> list[dict]:
    """The blocks a fresh portal home gets, in the order a visitor needs them."""
    headings = _DEFAULT_HEADINGS.get(language, _DEFAULT_HEADINGS["de"])
    body = []
    for kind, heading in headings.items():
        value: dict = {"heading": heading}
        if kind in _DEFAULT_COUNTS:
            value["count"] = _DEFAULT_COUNTS[kind]
        body.append({"type": kind, "value": value})
    return body


def portal_home_arrange(*, stdout=None) -> bool:
    """Give every portal home page (German and translations) whose body is empty the default
    arrangement, published; True if one was written. Idempotent: a body with any block — what an
    operator arranged, even a single block — is left alone. Call inside the public schema."""
    written = False
    with transaction.atomic():
        for home in PortalHomePage.objects.select_related("locale"):
            if len(home.body):
                continue
            latest = home.get_latest_revision_as_object()
            if len(latest.body):  # a draft arrangement waits for the operator's publish
                continue
            home.body = portal_home_default_body(language=home.locale.language_code)
            revision = home.save_revision(log_action=True)
            if home.live:
                revision.publish()
            written = True
    if written and stdout is not None:
        stdout.write("Portal: Startseite mit Suche, Terminen, Engagement und Netzwerk angelegt.")
    return written
