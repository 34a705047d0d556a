"""Reads for club pages: lists for the home page, the club profile for team and legal pages,
and the schema.org data of an event. Called inside the club's schema (a club request)."""

import contextlib
import json

from django.db.models import Q
from django.utils import timezone

from wagtail.images.models import SourceImageIOError

from cms.prepared_queries import PreparedQuery
from cms.public_urls import absolute_url, page_full_url
from sites.clubs.constants import BoardRole
from sites.clubs.models import BoardMember, Club

from .models import EventPage, NewsArticlePage, VolunteeringOpportunityPage

# The home's cards (templates/components/*_card.html) read only these columns: a page row has
# about 40 and its image 20 more, and compiling and loading them all cost more CPU than the rest
# of the query (issue 16). A card that shows another field must name it here (the query-count
# test in tests/sites/pages/test_queries.py fails on a deferred load).
CARD_FIELDS = ("id", "title", "url_path", "path", "depth", "locale_id", "content_type_id", "live")
EVENT_CARD_FIELDS = (*CARD_FIELDS, "starts_at", "ends_at", "all_day", "place_name", "town", "status", "summary")
NEWS_CARD_FIELDS = (*CARD_FIELDS, "date", "summary", "image")
OPPORTUNITY_CARD_FIELDS = (*CARD_FIELDS, "summary", "when_text", "time_commitment", "target_groups", "end_date")


# Compiled once per process, run with this request's values (cms/prepared_queries.py).
def _events_query(locale_id, now, limit):
    return (
        EventPage.objects.filter(live=True, locale_id=locale_id)
        .filter(Q(starts_at__gte=now) | Q(ends_at__gte=now))
        .only(*EVENT_CARD_FIELDS)
        .order_by("starts_at")[:limit]
    )


def _news_query(locale_id, limit):
    return (
        NewsArticlePage.objects.filter(live=True, locale_id=locale_id)
        .select_related("image")
        .only(*NEWS_CARD_FIELDS)
        .order_by("-date", "-pk")[:limit]
    )


def _opportunities_query(locale_id, today, limit):
    return (
        VolunteeringOpportunityPage.objects.filter(live=True, locale_id=locale_id)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .only(*OPPORTUNITY_CARD_FIELDS)
        .order_by("path")[:limit]
    )


_prepared: dict = {}


def _run(build, limit: int, **values) -> list:
    """`build`'s queryset with `limit` rows, compiled once per (query, limit)."""
    query = _prepared.get((build, limit))
    if query is None:
        slots = {name: type(value) for name, value in values.items()}
        query = _prepared.setdefault((build, limit), PreparedQuery(lambda **v: build(limit=limit, **v), **slots))
    return query(**values)


def upcoming_events(*, locale_id: int, limit: int = 3):
    """The next events, for the home's event cards (which show no image)."""
    return _run(_events_query, limit, locale_id=locale_id, now=timezone.now())


def latest_news(*, locale_id: int, limit: int = 3):
    return _run(_news_query, limit, locale_id=locale_id)


def open_opportunities(*, locale_id: int, limit: int = 3):
    return _run(_opportunities_query, limit, locale_id=locale_id, today=timezone.localdate())


def club_board(*, club: Club) -> list[BoardMember]:
    """The board from the club profile. `clubs_boardmember` exists only in public, so no shadowing."""
    return list(BoardMember.objects.filter(club_id=club.pk).order_by("sort_order", "pk"))


def club_legal_data(*, club: Club) -> dict:
    """What Impressum and Datenschutz need from the club profile, in one dict."""
    board = club_board(club=club)
    representatives = [m for m in board if m.role in (BoardRole.CHAIR, BoardRole.DEPUTY)] or board
    chair = next((m for m in board if m.role == BoardRole.CHAIR), None)
    return {
        "club": club,
        "name": club.name,
        "legal_form": club.get_legal_form_display(),
        "street": club.street,
        "postal_code": club.postal_code,
        "town": club.town,
        "email": club.email,
        "phone": club.phone,
        "register_court": club.register_court,
        "register_number": club.register_number,
        "representatives": representatives,
        "board": board,
        "chair": chair,
        "contact_name": club.contact_name,
    }


def event_json_ld(*, event: EventPage, request=None) -> str:
    """schema.org Event as JSON text, safe to place inside a <script type="application/ld+json">."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _iso(event.starts_at, event.all_day),
        "eventStatus": f"https://schema.org/{event.status}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": page_full_url(event, request),
        "inLanguage": event.locale.language_code,
        "location": {
            "@type": "Place",
            "name": event.place_name or event.town or event.title,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.street,
                "postalCode": event.postal_code,
                "addressLocality": event.town,
                "addressCountry": "DE",
            },
        },
    }
    if event.ends_at:
        data["endDate"] = _iso(event.ends_at, event.all_day)
    if event.summary:
        data["description"] = event.summary
    if event.image_id:
        # A missing original file leaves the event valid, just without an image.
        with contextlib.suppress(SourceImageIOError):
            data["image"] = [_absolute(event, event.image.get_rendition("fill-1200x675").url, request)]
    club = getattr(request, "tenant", None) if request else None
    if club is not None and getattr(club, "is_club", False):
        data["organizer"] = {"@type": "Organization", "name": club.name, "url": club.url}
    if event.price_amount is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": f"{event.price_amount:.2f}",
            "priceCurrency": "EUR",
            "url": event.registration_url or data["url"],
            "availability": "https://schema.org/InStock",
        }
        data["isAccessibleForFree"] = event.price_amount == 0
    text = json.dumps(data, ensure_ascii=False)
    # Keep the JSON from closing the script element (same escapes as Django's json_script).
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def _iso(value, all_day: bool) -> str:
    local = timezone.localtime(value)
    return local.date().isoformat() if all_day else local.isoformat()


def _absolute(page, url: str, request=None) -> str:
    if url.startswith("/"):
        site = page.get_site()
        return absolute_url(site.hostname, url, request=request) if site else url
    return url
