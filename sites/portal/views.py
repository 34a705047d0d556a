"""Views of the portal that are not pages: search, event calendar, subscriptions, robots.txt.

Thin: parsing in `forms`, reads in `selectors`, writes in `services`.
"""

import calendar
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse, set_urlconf
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.tenancy.guards import portal_only

from . import selectors, services
from .constants import Language, Radius, SortOrder
from .forms import EventCalendarQueryForm, SubscriptionForm, listing_filters_from
from .town_map import town_overview


def unknown_host(request):
    """A host that no active club serves: the portal's friendly 404, never another club's site."""
    request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
    set_urlconf(request.urlconf)
    return TemplateResponse(request, "404.html", {"unknown_host": True}, status=404)


def _query_without(request, *keys: str) -> str:
    data = request.GET.copy()
    for key in keys:
        data.pop(key, None)
    return data.urlencode()


def _search_body(request) -> str:
    """The search form with its facet counts, the notes and the results, as HTML.

    Cached per query string, language and index version (any write to the index makes a new
    version), so a repeated search costs one cache read instead of the search and ~20 cards'
    rendering. Nothing per visitor is in it: the CSRF token lives in the page around it.
    """
    key = selectors.search_fragment_key(request.GET)
    body = selectors.search_fragment_get(key) if key else None
    if body is None:
        filters, page, notes = listing_filters_from(request.GET)
        result = selectors.listing_search(filters=filters, page=page)
        context = {
            "filters": filters,
            "result": result,
            "notes": notes + result.notes,
            "kind_choices": ListingKind.choices,
            "target_group_choices": TargetGroup.choices,
            "time_commitment_choices": TimeCommitment.choices,
            "language_choices": Language.choices,
            "radius_choices": Radius.choices,
            "sort_choices": SortOrder.choices,
            "query_without_page": _query_without(request, "seite"),
            "has_search": bool(request.GET),
            "town_overview": town_overview(
                towns=selectors.town_counts_of_search(filters=filters),
                params=request.GET,
                path=reverse("portal:engagement"),
                kind="entries",
                place=filters.place,
                drop=("ort", "umkreis", "seite"),
            ),
        }
        body = render_to_string("portal/includes/search_body.html", context)
        if key:
            selectors.search_fragment_set(key, body)
    return mark_safe(body)  # noqa: S308 - rendered by our own autoescaping template


# Stands in for the visitor's CSRF token in a cached search page; replaced on every response.
_CSRF_PLACEHOLDER = "hh-csrf-token-placeholder"


@portal_only
def engagement_search(request):
    """„Engagement finden“: full-text search with facets over every club of the region.

    For anonymous visitors without a pending message the whole page is cached (per query string,
    host, language, index version and page-cache generation) with a placeholder for the CSRF
    token of the "notify me" form, which every response fills in with the visitor's own token:
    a repeated search costs one cache read, not the page's settings queries and template.
    """
    key = selectors.search_page_key(request) if _cacheable(request) else ""
    html = selectors.search_fragment_get(key) if key else None
    if html is None:
        context = {
            "search_body": _search_body(request),
            "query_without_page": _query_without(request, "seite"),
            "subscription_form": SubscriptionForm(),
        }
        if not key:
            return TemplateResponse(request, "portal/engagement_search.html", context)
        context["csrf_token"] = _CSRF_PLACEHOLDER
        response = TemplateResponse(request, "portal/engagement_search.html", context)
        html = response.render().content.decode()
        selectors.search_fragment_set(key, html)
    from django.middleware.csrf import get_token

    return HttpResponse(html.replace(_CSRF_PLACEHOLDER, get_token(request)))


def _cacheable(request) -> bool:
    from cms.tenancy.page_cache import _anonymous

    return request.method == "GET" and _anonymous(request)


@require_http_methods(["POST"])
@portal_only
def subscription_create(request):
    """Store a "notify me" request for the current search; the e-mail link confirms it."""
    filters, _page, notes = listing_filters_from(request.GET)
    form = SubscriptionForm(request.POST)
    stored = filters.as_dict()
    stored.pop("sort", None)
    if form.is_valid() and not stored:
        # Found by tests/cms/test_fuzz_public_forms.py: an empty search cannot be stored (500 before).
        form.add_error(None, _("Bitte zuerst suchen: benachrichtigt wird über neue Treffer einer Suche."))
    if not form.is_valid():
        context = {
            "search_body": _search_body(request),
            "query_without_page": _query_without(request, "seite"),
            "subscription_form": form,
        }
        return TemplateResponse(request, "portal/engagement_search.html", context, status=400)
    services.subscription_request(email=form.cleaned_data["email"], filters=stored)
    return TemplateResponse(
        request, "portal/subscription_message.html", {"message_kind": "sent", "email": form.cleaned_data["email"]}
    )


@require_http_methods(["GET", "POST"])
@portal_only
def subscription_confirm(request, token: str):
    """The link from the confirmation e-mail; a button (POST) so mail scanners confirm nothing."""
    if request.method == "POST":
        subscription = services.subscription_confirm(token=token)
        kind = "confirmed" if subscription else "unknown"
        return TemplateResponse(request, "portal/subscription_message.html", {"message_kind": kind})
    return TemplateResponse(request, "portal/subscription_message.html", {"message_kind": "confirm", "token": token})


@require_http_methods(["GET", "POST"])
@portal_only
def subscription_cancel(request, token: str):
    """One click (GET from the mail, or RFC 8058 POST from the mail program) ends the subscription."""
    services.subscription_cancel(token=token)
    return TemplateResponse(request, "portal/subscription_message.html", {"message_kind": "cancelled"})


LIST_DAYS = 60  # the list without search words: the coming weeks
LIST_LIMIT = 300


@portal_only
def event_calendar(request):
    """Regional event calendar: a list of the coming weeks, or a month as a grid."""
    filters, _page, notes = listing_filters_from(request.GET)
    own = EventCalendarQueryForm(request.GET)
    notes += own.notes
    view = own.values["ansicht"]
    month = own.values["monat"] or timezone.localdate().replace(day=1)
    tz = timezone.get_current_timezone()
    context = {
        "filters": filters,
        "notes": notes,
        "view": view,
        "target_group_choices": TargetGroup.choices,
        "query_without_view": _query_without(request, "ansicht", "monat"),
    }
    if view == "monat":
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        start = datetime.combine(month, time.min, tzinfo=tz)
        end = datetime.combine(month + timedelta(days=days_in_month), time.min, tzinfo=tz)
        events = list(selectors.events_between(start=start, end=end, filters=filters))
        by_day: dict[int, list] = {}
        for event in events:
            local = timezone.localtime(event.starts_at)
            first_day = local.date() if local.date() >= month else month
            by_day.setdefault(first_day.day, []).append(event)
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month):
            weeks.append([(day, by_day.get(day, [])) for day in week])
        previous_month = (month - timedelta(days=1)).replace(day=1)
        next_month = month + timedelta(days=days_in_month)
        context.update(
            {
                "month": month,
                "weeks": weeks,
                "event_count": len(events),
                "previous_month": previous_month.strftime("%Y-%m"),
                "next_month": next_month.strftime("%Y-%m"),
            }
        )
    else:
        # Without a search the list shows the coming 60 days; a search with words looks at every
        # coming event (nobody expects "Sommerfest" in January to miss the one in June), and the
        # page says which period it searched.
        start_day = filters.date_from or timezone.localdate()
        if filters.date_to:
            end_day = filters.date_to
        elif filters.q.strip():
            end_day = None
        else:
            end_day = start_day + timedelta(days=LIST_DAYS)
        start = datetime.combine(start_day, time.min, tzinfo=tz)
        if not filters.date_from:
            start = timezone.now() - timedelta(hours=2)
        end = datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=tz) if end_day else None
        filters.date_from = filters.date_to = None  # the window above is the date filter
        events = list(selectors.events_between(start=start, end=end, filters=filters)[: LIST_LIMIT + 1])
        more = len(events) > LIST_LIMIT
        events = events[:LIST_LIMIT]
        days: dict[date, list] = {}
        for event in events:
            days.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
        context.update(
            {
                "days": sorted(days.items()),
                "event_count": len(events),
                "since": start_day,
                "until": end_day,
                "more": more,
            }
        )
    # "Nach Ort": the events of the view's period and search per town, the place filter left out.
    context["town_overview"] = town_overview(
        towns=selectors.town_counts_of_listings(
            selectors.events_between(start=start, end=end, filters=replace(filters, place="", radius_km=None))
        ),
        params=request.GET,
        path=reverse("portal:events"),
        kind="events",
        place=filters.place,
        drop=("ort", "umkreis"),
    )
    feed_query = urlencode({"kategorie": filters.categories[0]}) if filters.categories else ""
    context["ical_url"] = reverse("portal:ical_region") + (f"?{feed_query}" if feed_query else "")
    return TemplateResponse(request, "portal/event_calendar.html", context)


def robots_txt(request):
    """robots.txt for the portal and every club host: everything public, the admin not."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/export/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Columns of the upload templates of the national volunteering databases (common subset: title,
# description, organisation, place, dates, target groups, time, skills, contact link).
CSV_COLUMNS = [
    ("id", "ID"),
    ("titel", "Titel"),
    ("beschreibung", "Beschreibung"),
    ("organisation", "Organisation"),
    ("strasse", "Einsatzort"),
    ("plz", "PLZ"),
    ("ort", "Ort"),
    ("zielgruppen", "Zielgruppen"),
    ("zeitaufwand", "Zeitaufwand"),
    ("faehigkeiten", "Fähigkeiten"),
    ("kategorien", "Tätigkeitsfelder"),
    ("beginn", "Beginn"),
    ("ende", "Ende"),
    ("sprache", "Sprache"),
    ("link", "Link"),
    ("aktualisiert", "Aktualisiert"),
]


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell must never start a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def opportunities_csv(request):
    """All current volunteering opportunities as CSV (UTF-8 with BOM, semicolons: opens in Excel)."""
    import csv

    from .selectors import ListingFilters

    tz = timezone.get_current_timezone()
    target_labels = dict(TargetGroup.choices)
    time_labels = dict(TimeCommitment.choices)
    filters = ListingFilters(kinds=[ListingKind.OPPORTUNITY])
    rows = selectors.listing_search(filters=filters, page=1, page_size=10000, facets=False).listings
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="engagement-angebote.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([label for _key, label in CSV_COLUMNS])
    for listing in rows:
        writer.writerow(
            _csv_cell(value)
            for value in (
                listing.pk,
                listing.title,
                listing.summary,
                listing.club_name,
                listing.place,
                listing.postal_code,
                listing.town,
                ", ".join(str(target_labels.get(g, g)) for g in listing.target_groups),
                str(time_labels.get(listing.time_commitment, "")),
                "",
                ", ".join(listing.categories),
                listing.starts_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if listing.starts_at else "",
                listing.ends_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if listing.ends_at else "",
                listing.language,
                listing.url,
                listing.updated_at.astimezone(tz).strftime("%d.%m.%Y"),
            )
        )
    return response
