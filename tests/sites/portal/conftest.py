"""Fixtures of the portal tests: club pages that feed the listings index.

Pages are made with the club site's real page types inside the club's schema, published like an
editor would (revision + publish), so the signal handlers run exactly as in production.
"""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tenants.utils import schema_context

from sites.portal.models import Listing


def _index(home, model, title, slug):
    existing = model.objects.child_of(home).first()
    if existing is not None:
        return existing
    index = home.add_child(instance=model(title=title, slug=slug))
    index.save_revision().publish()
    return index


def _finish(page, publish: bool):
    # Pages are added as drafts and published like an editor does (revision, then publish).
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_opportunity(club, *, title="Hilfe beim Kinderturnen", publish=True, **fields):
    from sites.pages.models import ClubHomePage, VolunteeringIndexPage, VolunteeringOpportunityPage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.first()
        index = _index(home, VolunteeringIndexPage, "Mitmachen", "mitmachen")
        defaults = {
            "summary": "Wir suchen Unterstützung für unsere Kindergruppe.",
            "time_commitment": "weekly",
            "target_groups": ["children"],
            "postal_code": "12345",
            "town": "Musterstadt",
        }
        defaults.update(fields)
        page = index.add_child(instance=VolunteeringOpportunityPage(title=title, live=False, **defaults))
        return _finish(page, publish)


def make_event(club, *, title="Sommerfest", days=7, publish=True, **fields):
    from sites.pages.models import ClubHomePage, EventIndexPage, EventPage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.first()
        index = _index(home, EventIndexPage, "Termine", "termine")
        start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=days)
        defaults = {"starts_at": start, "ends_at": start + timedelta(hours=3), "summary": "Fest für alle."}
        defaults.update(fields)
        page = index.add_child(instance=EventPage(title=title, live=False, **defaults))
        return _finish(page, publish)


def make_news(club, *, title="Neuer Vorstand gewählt", publish=True, **fields):
    from sites.pages.models import ClubHomePage, NewsArticlePage, NewsIndexPage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.first()
        index = _index(home, NewsIndexPage, "Neuigkeiten", "neuigkeiten")
        defaults = {"summary": "Die Mitgliederversammlung hat gewählt."}
        defaults.update(fields)
        page = index.add_child(instance=NewsArticlePage(title=title, live=False, **defaults))
        return _finish(page, publish)


@pytest.fixture(autouse=True)
def _index_without_starter_pages(db):
    """Tests start from an index holding only the clubs' own rows.

    Provisioning feeds the index with the starter pages cloned from the template (tested in
    test_sync); the tests here count what they publish themselves. Rolled back after each test.
    """
    from sites.portal.constants import CLUB_ROW_PAGE_ID
    from sites.portal.selectors import listings_changed

    Listing.objects.exclude(page_id=CLUB_ROW_PAGE_ID).delete()
    listings_changed()  # no cached search of an earlier (rolled back) test may answer


def row(club, page):
    return Listing.objects.filter(club=club, page_id=page.pk).first()


@pytest.fixture
def opportunity(club):
    return make_opportunity(club)


@pytest.fixture
def event(club):
    return make_event(club)


@pytest.fixture
def news(club):
    return make_news(club)
