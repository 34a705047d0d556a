"""Views of a club site that are not pages: its theme stylesheet and event calendar files."""

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wagtail.models import Site

from cms.models import SiteAppearance
from cms.public_urls import page_full_url

from .constants import EventStatus

BERLIN = ZoneInfo("Europe/Berlin")


def theme_colours(*, appearance: SiteAppearance | None, club) -> dict[str, str]:
    """The colours a site uses: its settings, else the club profile, else the platform defaults."""
    primary = getattr(club, "primary_colour", "") or "#1d4ed8"
    secondary = getattr(club, "secondary_colour", "") or "#0f766e"
    if appearance is not None:
        primary = appearance.primary_colour or primary
        secondary = appearance.secondary_colour or secondary
    return {"primary": primary, "secondary": secondary}


def theme_css_text(colours: dict[str, str]) -> str:
    # Only validated #rrggbb values reach this point (cms.colours), so nothing can escape the rule.
    return ":root{" + "".join(f"--{name}:{value};" for name, value in colours.items()) + "}\n"


def theme_version(colours: dict[str, str]) -> str:
    return hashlib.sha256(theme_css_text(colours).encode()).hexdigest()[:10]


@require_GET
def theme_css(request):
    """The club's colours as CSS custom properties; cached long because the URL carries a version."""
    site = Site.find_for_request(request)
    appearance = SiteAppearance.for_site(site) if site else None
    colours = theme_colours(appearance=appearance, club=getattr(request, "tenant", None))
    response = HttpResponse(theme_css_text(colours), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable" if request.GET.get("v") else "no-cache"
    return response


def event_ics_response(*, event, request) -> HttpResponse:
    """One event as an iCalendar file (RFC 5545) with a stable UID, times in Europe/Berlin."""
    from icalendar import Calendar, Event

    if not event.live and not getattr(request, "is_preview", False):
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Heldenhelfer//Vereinsseite//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Europe/Berlin")
    item = Event()
    site = event.get_site()
    host = site.hostname if site else settings.HH_BASE_DOMAIN
    # Stable over edits and translations' own pages: the page's id and the club's host.
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("summary", event.title)
    start = timezone.localtime(event.starts_at, BERLIN)
    end = timezone.localtime(event.ends_at, BERLIN) if event.ends_at else None
    if event.all_day:
        item.add("dtstart", start.date())
        item.add("dtend", (end or start).date() + timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", end or start + timedelta(hours=2))
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.last_published_at or timezone.now())
    if event.address_line:
        item.add("location", event.address_line)
    if event.summary:
        item.add("description", event.summary)
    item.add("url", page_full_url(event, request))
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(item)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
