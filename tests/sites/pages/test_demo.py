"""The demo content loader for club sites is idempotent."""

from wagtail.images.models import Image
from wagtail.models import Page

import pytest
from django_tenants.utils import schema_context

from sites.pages.demo import SPECS
from sites.pages.models import EventPage, NewsArticlePage, VolunteeringOpportunityPage
from sites.pages.services import demo_club_fill


def _snapshot(club):
    with schema_context(club.schema_name):
        return (
            list(Page.objects.order_by("path").values_list("path", "title", "latest_revision_id")),
            Image.objects.count(),
        )


@pytest.mark.django_db
def test_demo_fill_is_idempotent(club):
    spec = SPECS["tsv-musterstadt"]
    demo_club_fill(club=club, spec=spec)
    first = _snapshot(club)
    demo_club_fill(club=club, spec=spec)
    assert _snapshot(club) == first
    with schema_context(club.schema_name):
        assert NewsArticlePage.objects.live().count() == len(spec["news"])
        assert EventPage.objects.live().count() == len(spec["events"])
        assert VolunteeringOpportunityPage.objects.live().count() == len(spec["opportunities"])


def test_every_demo_club_has_a_spec():
    from cms.demo import DEMO_CLUBS

    assert set(SPECS) == set(DEMO_CLUBS)
    for spec in SPECS.values():
        assert len(spec["events"]) >= 3 and 2 <= len(spec["news"]) <= 3 and 1 <= len(spec["opportunities"]) <= 2


def test_seasonal_demo_events_fall_in_their_season():
    from datetime import timedelta

    from django.utils import timezone

    from sites.pages.services import _demo_event_start

    today = timezone.localdate()
    seasonal = [item for spec in SPECS.values() for item in spec["events"] if "month" in item]
    assert seasonal, "the demo has seasonal events (summer party, Advent singing)"
    for item in seasonal:
        start = timezone.localtime(_demo_event_start(item)).date()
        assert start.month == item["month"], item["slug"]
        assert today + timedelta(days=7) <= start <= today + timedelta(days=373), item["slug"]


def test_demo_events_avoid_the_christmas_holidays_and_fall_on_plausible_days():
    from django.utils import timezone

    from sites.pages.services import _demo_event_start

    for spec in SPECS.values():
        for item in spec["events"]:
            start = timezone.localtime(_demo_event_start(item))
            assert start > timezone.now(), item["slug"]
            assert start.weekday() == (5 if item["hour"] < 17 else 3), item["slug"]
            if "month" not in item:
                assert not ((start.month, start.day) >= (12, 21) or (start.month, start.day) <= (1, 1)), item["slug"]
