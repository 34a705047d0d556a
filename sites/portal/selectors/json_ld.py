"""schema.org JSON-LD on club pages: organisation, breadcrumbs, job postings."""

from django.utils import timezone

from cms.constants import ListingKind
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club


def _postal_address(*, street: str = "", postal_code: str = "", town: str = "") -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    for key, value in (("streetAddress", street), ("postalCode", postal_code), ("addressLocality", town)):
        if value:
            address[key] = value
    return address


def club_organization_ld(*, club: Club, base_url: str | None = None) -> dict:
    """schema.org Organization (an NGO) for a club, with its address and contact.

    `base_url` is the club's address when the caller knows it (the request's own host), which
    saves looking up the club's primary domain on every page view.
    """
    base = (base_url or club.url).rstrip("/")
    data = {
        "@type": "NGO",
        "@id": f"{base}/#organization",
        "name": club.name,
        "url": f"{base}/",
        "address": _postal_address(street=club.street, postal_code=club.postal_code, town=club.town),
    }
    if club.short_name and club.short_name != club.name:
        data["alternateName"] = club.short_name
    if club.description:
        data["description"] = club.description
    if club.email:
        data["email"] = club.email
    if club.phone:
        data["telephone"] = club.phone
    if club.founded_year:
        data["foundingDate"] = str(club.founded_year)
    if club.logo:
        logo = club.logo.url
        data["logo"] = f"{base}{logo}" if logo.startswith("/") else logo
    return data


def _page_url(page, request) -> str:
    from cms.public_urls import page_full_url

    return page_full_url(page, request)


def page_breadcrumbs_ld(*, page, request=None) -> dict | None:
    """BreadcrumbList from the club's home page down to `page` (None on the home page itself).

    Runs on every club page view, so it costs one query at most: the site comes from the request
    (Wagtail has looked it up already to route it), the home page ends there, and titles and URLs
    need no specific page objects.
    """
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else page.get_site()
    if site is None or page.pk == site.root_page_id:
        return None
    ancestors = list(page.get_ancestors(inclusive=True).live())
    # A translation's home page is not the site's root page; its tree starts below Wagtail's root.
    start = next((i for i, p in enumerate(ancestors) if p.pk == site.root_page_id), 1)
    chain = ancestors[start:]
    if len(chain) < 2:
        return None
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": _page_url(crumb, request)}
            for position, crumb in enumerate(chain, start=1)
        ],
    }


def opportunity_job_posting_ld(*, page, organization: dict, request=None) -> dict:
    """A volunteering role as schema.org JobPosting with employmentType VOLUNTEER (unpaid)."""
    payload = page.listing_payload()
    place, postal_code, town = page.listing_place() if hasattr(page, "listing_place") else ("", "", "")
    posted = page.first_published_at or page.last_published_at or timezone.now()
    data = {
        "@type": "JobPosting",
        "title": page.title,
        "description": payload.get("summary") or page.title,
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "employmentType": "VOLUNTEER",
        "url": _page_url(page, request),
        "hiringOrganization": {
            "@id": organization["@id"],
            "@type": organization["@type"],
            "name": organization["name"],
        },
        "jobLocation": {
            "@type": "Place",
            "name": place or town or organization["name"],
            "address": _postal_address(
                street=place if place and any(ch.isdigit() for ch in place) else "",
                postal_code=postal_code or organization["address"].get("postalCode", ""),
                town=town or organization["address"].get("addressLocality", ""),
            ),
        },
        "directApply": False,
        "inLanguage": payload.get("language") or "de",
    }
    end_date = getattr(page, "end_date", None)
    if end_date:
        data["validThrough"] = end_date.isoformat()
    skills = payload.get("skills")
    if skills:
        data["skills"] = skills if isinstance(skills, str) else ", ".join(skills)
    if payload.get("image_url"):
        data["image"] = payload["image_url"]
    return data


def club_page_json_ld(*, page, club: Club, request=None) -> str:
    """JSON-LD (@graph) for any page of a club site: the club, the breadcrumbs and, on a
    volunteering page, the role as a volunteer JobPosting. Event pages add their own Event block
    (sites.pages.selectors.event_json_ld). Escaped for a <script> element; "" if not a club."""
    import json

    if club is None or club.kind != ClubKind.CLUB:
        return ""
    base_url = f"{request.scheme}://{request.get_host()}" if request is not None else None
    organization = club_organization_ld(club=club, base_url=base_url)
    graph = [organization]
    breadcrumbs = page_breadcrumbs_ld(page=page, request=request) if page is not None else None
    if breadcrumbs:
        graph.append(breadcrumbs)
    if page is not None and str(getattr(page, "listing_kind", "")) == ListingKind.OPPORTUNITY:
        graph.append(opportunity_job_posting_ld(page=page, organization=organization, request=request))
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # Keep the JSON from closing the script element (same escapes as Django's json_script).
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
