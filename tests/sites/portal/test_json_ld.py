"""schema.org JSON-LD on club pages, parsed from the served HTML and checked for required properties."""

import json
import re

import pytest
from django_tenants.utils import schema_context

from .conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db

_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _json_ld(client, url) -> list[dict]:
    """Every schema.org node of the page (top-level objects and @graph members)."""
    response = client.get(url)
    assert response.status_code == 200, url
    nodes = []
    for text in _SCRIPT.findall(response.content.decode()):
        data = json.loads(text)
        assert data["@context"] == "https://schema.org"
        nodes.extend(data.get("@graph", [data]))
    return nodes


def _one(nodes, kind):
    found = [n for n in nodes if n["@type"] == kind]
    assert len(found) == 1, [n["@type"] for n in nodes]
    return found[0]


def _path(page, club):
    with schema_context(club.schema_name):
        return page.url


def test_home_page_has_the_organization(club_client, club):
    organization = _one(_json_ld(club_client, "/"), "NGO")  # NGO is a schema.org Organization
    assert organization["name"] == club.name
    assert organization["url"].startswith("http://alpha.localhost")
    assert organization["address"]["postalCode"] == "12345"
    assert organization["address"]["addressLocality"] == "Musterstadt"


def test_opportunity_is_a_volunteer_job_posting_with_breadcrumbs(club_client, club):
    page = make_opportunity(club, title="Hilfe beim Kinderturnen", skills="Geduld", end_date=None)
    nodes = _json_ld(club_client, _path(page, club))
    organization = _one(nodes, "NGO")
    job = _one(nodes, "JobPosting")
    for required in ("title", "description", "datePosted", "hiringOrganization", "jobLocation"):
        assert job[required], required
    assert job["employmentType"] == "VOLUNTEER"
    assert job["title"] == "Hilfe beim Kinderturnen"
    assert job["hiringOrganization"]["@id"] == organization["@id"]
    assert job["jobLocation"]["address"]["postalCode"] == "12345"
    assert job["url"].startswith("http://alpha.localhost")
    crumbs = _one(nodes, "BreadcrumbList")["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[-1]["name"] == "Hilfe beim Kinderturnen"
    assert crumbs[-1]["item"].endswith("/mitmachen/hilfe-beim-kinderturnen/")
    assert crumbs[1]["name"] == "Mitmachen"


def test_event_has_status_and_location(club_client, club):
    page = make_event(club, title="Sommerfest", town="Musterstadt", postal_code="12345", place_name="Vereinsheim")
    nodes = _json_ld(club_client, _path(page, club))
    event = _one(nodes, "Event")
    assert event["name"] == "Sommerfest"
    assert event["startDate"]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"]["addressLocality"] == "Musterstadt"
    assert _one(nodes, "BreadcrumbList")["itemListElement"][-1]["name"] == "Sommerfest"
    _one(nodes, "NGO")


def test_cancelled_event_says_so(club_client, club):
    page = make_event(club, title="Abgesagtes Fest")
    with schema_context(club.schema_name):
        page.status = "EventCancelled"
        page.save_revision().publish()
    event = _one(_json_ld(club_client, _path(page, club)), "Event")
    assert event["eventStatus"] == "https://schema.org/EventCancelled"


def test_json_ld_cannot_break_out_of_its_script(club_client, club):
    page = make_opportunity(club, title="</script><script>alert(1)</script>")
    body = club_client.get(_path(page, club)).content.decode()
    assert "<script>alert(1)" not in body
    _one(_json_ld(club_client, _path(page, club)), "JobPosting")


def test_portal_pages_carry_no_club_json_ld(portal_client):
    assert not _SCRIPT.findall(portal_client.get("/engagement/").content.decode())
