"""Template tags of the portal: a club's listings (for the club directory) and date display."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.constants import ListingKind, TargetGroup, TimeCommitment
from cms.formats import long_date_format
from sites.portal import selectors
from sites.portal.feeds import feed_links

register = template.Library()
_TARGET_GROUPS = dict(TargetGroup.choices)
_KINDS = dict(ListingKind.choices)
_TIME_COMMITMENTS = dict(TimeCommitment.choices)


@register.inclusion_tag("portal/includes/club_listings.html")
def club_listings(club):
    """`{% club_listings club %}`: everything a club publishes to the region, grouped by kind."""
    grouped = selectors.club_listings(club=club)
    headings = {
        ListingKind.OPPORTUNITY: _("Mitmachen"),
        ListingKind.EVENT: _("Termine"),
        ListingKind.NEWS: _("Neuigkeiten"),
    }
    groups = [(heading, grouped[kind][:10]) for kind, heading in headings.items() if grouped.get(kind)]
    return {"club": club, "groups": groups, "feeds": feed_links(club)}


@register.simple_tag
def listing_when(listing) -> str:
    """When, in words: "Sa., 5. Dezember 2026, 14:00–16:00 Uhr" for events, dates only otherwise."""
    if listing.starts_at is None:
        return ""
    start = timezone.localtime(listing.starts_at)
    end = timezone.localtime(listing.ends_at) if listing.ends_at else None
    if listing.kind == ListingKind.NEWS:
        return _("vom %(date)s") % {"date": formats.date_format(start, long_date_format("date"))}
    if listing.kind == ListingKind.OPPORTUNITY:
        if end:
            return _("%(start)s bis %(end)s") % {
                "start": formats.date_format(start, long_date_format("date")),
                "end": formats.date_format(end, long_date_format("date")),
            }
        return _("ab %(date)s") % {"date": formats.date_format(start, long_date_format("date"))}
    text = formats.date_format(start, long_date_format("short_day_time"))
    if end and end.date() == start.date():
        text += "–" + formats.time_format(end, "H:i")
    elif end:
        text += " – " + formats.date_format(end, long_date_format("short_day_time"))
    return _("%(when)s Uhr") % {"when": text}


@register.simple_tag
def target_group_label(value: str) -> str:
    return str(_TARGET_GROUPS.get(value, value))


# A dictionary lookup instead of Model.get_FOO_display(): that one translates every choice of the
# field on each call, which is most of the rendering time of a page of 20 results.
@register.simple_tag
def kind_label(value: str) -> str:
    return str(_KINDS.get(value, value))


@register.simple_tag
def time_commitment_label(value: str) -> str:
    return str(_TIME_COMMITMENTS.get(value, value))


@register.simple_tag(takes_context=True)
def club_structured_data(context) -> str:
    """`{% club_structured_data %}` in <head>: schema.org JSON-LD of the club page being shown."""
    from django.utils.safestring import mark_safe

    club = context.get("current_club")
    page = context.get("page")
    if club is None or page is None or not hasattr(page, "get_site"):
        return ""
    try:
        text = selectors.club_page_json_ld(page=page, club=club, request=context.get("request"))
    except Exception:
        # Structured data is an extra: it must never break the page a visitor asked for.
        import logging

        logging.getLogger(__name__).exception("JSON-LD failed for page %s", getattr(page, "pk", None))
        return ""
    if not text:
        return ""
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped by the selector
