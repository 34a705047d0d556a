"""The listing contract the portal's listings index consumes."""

from datetime import datetime

import pytest

from cms.constants import ListingKind
from sites.pages.models import EventPage, NewsArticlePage, VolunteeringOpportunityPage

KEYS = {"kind", "title", "summary", "url", "image_url", "starts_at", "ends_at", "place", "postal_code", "town",
        "target_groups", "time_commitment", "skills", "language", "search_text"}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "kind"),
    [
        (EventPage, ListingKind.EVENT),
        (NewsArticlePage, ListingKind.NEWS),
        (VolunteeringOpportunityPage, ListingKind.OPPORTUNITY),
    ],
)
def test_listing_payload(in_club, model, kind):
    page = model.objects.live().first()
    payload = page.listing_payload()
    assert set(payload) == KEYS
    assert payload["kind"] == kind.value
    assert payload["title"] == page.title
    assert payload["url"].startswith(f"http://{in_club.primary_hostname}")
    assert isinstance(payload["summary"], str) and len(payload["summary"]) <= 300
    assert payload["language"] == "de"
    assert isinstance(payload["target_groups"], list)
    assert all(
        isinstance(payload[k], str) for k in ("place", "postal_code", "town", "time_commitment", "skills", "image_url")
    )
    assert payload["starts_at"] is None or (isinstance(payload["starts_at"], datetime) and payload["starts_at"].tzinfo)
    assert page.title in payload["search_text"]


@pytest.mark.django_db
def test_opportunity_payload_has_target_groups_and_commitment(in_club):
    payload = VolunteeringOpportunityPage.objects.live().first().listing_payload()
    assert payload["target_groups"] == ["families", "youth"]
    assert payload["time_commitment"] == "one_off"
    assert "Sommerfest" in payload["search_text"]
