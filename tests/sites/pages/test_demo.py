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

    from sites.pages.services import demo_event_start

    today = timezone.localdate()
    seasonal = [item for spec in SPECS.values() for item in spec["events"] if "month" in item]
    assert seasonal, "the demo has seasonal events (summer party, Advent singing)"
    for item in seasonal:
        start = timezone.localtime(demo_event_start(item)).date()
        assert start.month == item["month"], item["slug"]
        # At least a week away, at most a year and a week, plus up to six days to the next Saturday
        # or Thursday (5 December 2026 was six days away on 29 November: 11 December 2027).
        assert today + timedelta(days=7) <= start <= today + timedelta(days=7 + 366 + 6), item["slug"]


@pytest.mark.parametrize("offset", range(0, 366, 3))
def test_demo_events_avoid_the_christmas_holidays_and_fall_on_plausible_days(offset, monkeypatch):
    """Whatever day the demo is loaded on (the whole of a year, every third day; once failed on 6 December)."""
    import datetime

    from django.utils import timezone

    from sites.pages.services import demo as services
    from sites.pages.services import demo_event_start

    today = datetime.date(2026, 1, 1) + datetime.timedelta(days=offset)
    monkeypatch.setattr(services.timezone, "localdate", lambda: today)
    for spec in SPECS.values():
        for item in spec["events"]:
            start = timezone.localtime(demo_event_start(item))
            assert start.date() > today, item["slug"]
            assert start.weekday() == (5 if item["hour"] < 17 else 3), item["slug"]
            if "month" not in item:
                assert not ((start.month, start.day) >= (12, 21) or (start.month, start.day) <= (1, 1)), item["slug"]


def test_demo_pictures_ship_as_files_in_the_repository():
    """Issue 2: the demo region's images are in the repository (our drawings), small in total."""
    from sites.pages.demo import demo_image_plan
    from sites.pages.illustrations import DEMO_IMAGES_DIR, demo_image_path

    wanted = {
        demo_image_path(folder=spec["images"], seed=seed, motif=motif)
        for spec in SPECS.values()
        for seed, motif in demo_image_plan(spec)
    }
    shipped = set(DEMO_IMAGES_DIR.glob("*/*.png"))
    assert wanted <= shipped, f"missing: {sorted(str(p) for p in wanted - shipped)[:5]}"
    assert shipped <= wanted, f"not used by the demo: {sorted(str(p) for p in shipped - wanted)[:5]}"
    assert sum(path.stat().st_size for path in shipped) < 2 * 1024 * 1024
    assert (DEMO_IMAGES_DIR / "README.md").exists()


@pytest.mark.django_db
def test_demo_fill_reads_the_pictures_instead_of_drawing_them(club, monkeypatch):
    from sites.pages.services import media as services

    def no_drawing(**kwargs):
        raise AssertionError("the demo loader must read the shipped files, not draw")

    monkeypatch.setattr(services, "illustration_png", no_drawing)
    spec = SPECS["tsv-musterstadt"]
    demo_club_fill(club=club, spec=spec)
    with schema_context(club.schema_name):
        hero = Image.objects.get(title=f"{club.display_name}: Titelbild")
        assert (hero.width, hero.height) == (1600, 800)
        assert hero.file.name.endswith(".png")
