"""Feeds built from the listings index: iCalendar (events) and RSS/Atom (news).

Only `selectors` rows are used, so nothing unpublished, private or of a deactivated club can
appear. iCalendar: VTIMEZONE Europe/Berlin, UIDs from schema + page id (stable across rebuilds
and host changes), SEQUENCE and LAST-MODIFIED follow each change, cancelled events carry
STATUS:CANCELLED so subscribed calendars strike them instead of keeping a stale entry.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

import icalendar

from cms.context_processors import portal_url
from cms.tenancy.guards import on_club
from sites.clubs.constants import ClubKind
from sites.clubs.models import Category

from . import selectors
from .forms import FeedQueryForm

TZID = "Europe/Berlin"


def _calendar(name: str, listings) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Heldenhelfer//Veranstaltungen//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", icalendar.vDuration(timedelta(hours=6)), parameters={"VALUE": "DURATION"})
    tz = timezone.get_current_timezone()
    for listing in listings:
        event = icalendar.Event()
        event.add("uid", listing.uid)
        event.add("dtstamp", listing.updated_at.astimezone(UTC))
        event.add("created", listing.first_seen_at.astimezone(UTC))
        event.add("last-modified", listing.updated_at.astimezone(UTC))
        event.add("sequence", listing.sequence)
        event.add("dtstart", listing.starts_at.astimezone(tz))
        if listing.ends_at and listing.ends_at > listing.starts_at:
            event.add("dtend", listing.ends_at.astimezone(tz))
        event.add("summary", listing.title)
        description = listing.summary
        if listing.club_name:
            description = f"{description}\n\n{listing.club_name}: {listing.url}".strip()
        event.add("description", description)
        location = ", ".join(part for part in (listing.place, f"{listing.postal_code} {listing.town}".strip()) if part)
        if location:
            event.add("location", location)
        event.add("url", listing.url)
        event.add("status", "CANCELLED" if listing.is_cancelled else "CONFIRMED")
        if listing.categories:
            event.add("categories", listing.categories)
        cal.add_component(event)
    cal.subcomponents.insert(0, _berlin_vtimezone())
    return cal.to_ical()


def _berlin_vtimezone() -> icalendar.Timezone:
    """Europe/Berlin as the compact rule-based VTIMEZONE that Thunderbird and Outlook write."""
    tz = icalendar.Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    for name, kind, start, offset_from, offset_to, month in (
        ("CEST", icalendar.TimezoneDaylight, datetime(1970, 3, 29, 2), 1, 2, 3),
        ("CET", icalendar.TimezoneStandard, datetime(1970, 10, 25, 3), 2, 1, 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=offset_from))
        part.add("tzoffsetto", timedelta(hours=offset_to))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _ical_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def ical_region(request):
    """All events of the region (optionally ?kategorie=<slug>)."""
    category = FeedQueryForm(request.GET).values["kategorie"]  # unknown or malformed: all events
    return _ical_response(
        _calendar(_("Veranstaltungen in der Region"), selectors.feed_events(category=category)), "region.ics"
    )


def ical_category(request, slug: str):
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404
    name = _("Veranstaltungen: %(category)s") % {"category": category.name}
    return _ical_response(_calendar(name, selectors.feed_events(category=slug)), f"{slug}.ics")


def ical_club(request, slug: str):
    club = selectors.club_public_by_slug(slug)
    if club is None:
        raise Http404
    return _ical_response(_calendar(club.display_name, selectors.feed_events(club=club)), f"{slug}.ics")


def ical_this_club(request):
    """On a club's host: that club's events (request.tenant, tenancy rule 5)."""
    club = request.tenant
    if club.kind != ClubKind.CLUB:
        raise Http404
    return _ical_response(_calendar(club.display_name, selectors.feed_events(club=club)), "kalender.ics")


class NewsFeed(Feed):
    """News of every club of the region (RSS 2.0); `AtomNewsFeed` is the same as Atom."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, slug: str | None = None):
        self.request = request
        if slug is None and on_club(request):
            return request.tenant
        if slug is None:
            return None
        club = selectors.club_public_by_slug(slug)
        if club is None:
            raise Http404
        return club

    def title(self, obj):
        if obj is None:
            return _("Neuigkeiten aus den Vereinen der Region")
        return _("Neuigkeiten: %(club)s") % {"club": obj.display_name}

    def link(self, obj):
        return obj.url if obj is not None else portal_url()

    def description(self, obj):
        return _("Was die Vereine auf Heldenhelfer veröffentlichen.")

    def items(self, obj):
        return selectors.feed_news(club=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.uid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.starts_at or item.first_seen_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.club_name

    def item_enclosures(self, item):
        return []


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


def feed_links(club=None) -> dict[str, str]:
    """Absolute portal URLs of a club's (or the region's) feeds; usable from any host."""

    def url(name: str, *args) -> str:
        return portal_url().rstrip("/") + reverse(name, args=args, urlconf=settings.PUBLIC_SCHEMA_URLCONF)

    if club is None:
        return {"ical": url("portal:ical_region"), "rss": url("portal:news_rss"), "atom": url("portal:news_atom")}
    return {
        "ical": url("portal:ical_club", club.slug),
        "rss": url("portal:news_rss_club", club.slug),
        "atom": url("portal:news_atom_club", club.slug),
    }
