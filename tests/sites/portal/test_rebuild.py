"""`manage.py rebuild_listings`: rebuilds from the club trees, idempotent, one club or all."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest
from django_tenants.utils import schema_context

from sites.portal.models import Listing

from .conftest import make_event, make_opportunity, row

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        Listing.objects.values_list(
            "club_id", "page_id", "title", "host", "path", "sequence", "updated_at", "first_seen_at"
        )
    )


def test_rebuild_restores_a_wiped_index(club, other_club):
    page = make_opportunity(club)
    event = make_event(other_club)
    call_command("rebuild_listings", stdout=StringIO())  # the clubs' starter pages join too
    before = {(r[0], r[1], r[2], r[3]) for r in _snapshot()}
    Listing.objects.all().delete()
    call_command("rebuild_listings", stdout=StringIO())
    assert {(r[0], r[1], r[2], r[3]) for r in _snapshot()} == before
    assert row(club, page) is not None and row(other_club, event) is not None


def test_rebuild_is_idempotent(club, other_club):
    make_opportunity(club)
    make_event(other_club)
    call_command("rebuild_listings", stdout=StringIO())
    first = _snapshot()
    out = StringIO()
    call_command("rebuild_listings", stdout=out)
    assert _snapshot() == first  # not even updated_at or the iCalendar SEQUENCE moved
    assert "0 neu, 0 geändert, 0 entfernt" in out.getvalue()


def test_rebuild_repairs_drift_and_drops_stale_rows(club):
    page = make_opportunity(club)
    Listing.objects.filter(club=club, page_id=page.pk).update(title="veraltet")
    Listing.objects.create(club=club, page_id=99999, kind="opportunity", title="Gibt es nicht", host="x", path="/")
    call_command("rebuild_listings", "--club", "alpha", stdout=StringIO())
    assert row(club, page).title == "Hilfe beim Kinderturnen"
    assert not Listing.objects.filter(club=club, page_id=99999).exists()


def test_rebuild_one_club_leaves_others_alone(club, other_club):
    make_event(other_club)
    Listing.objects.filter(club=other_club).update(title="unverändert gelassen")
    call_command("rebuild_listings", "--club", "alpha", stdout=StringIO())
    assert set(Listing.objects.filter(club=other_club).values_list("title", flat=True)) == {"unverändert gelassen"}


def test_rebuild_several_clubs(club, other_club):
    page = make_opportunity(club)
    event = make_event(other_club)
    call_command("rebuild_listings", stdout=StringIO())
    before = _snapshot()
    Listing.objects.all().delete()
    out = StringIO()
    call_command("rebuild_listings", "--club", "alpha", "--club", "beta", stdout=out)
    assert [r[:4] for r in _snapshot()] == [r[:4] for r in before]
    assert row(club, page) is not None and row(other_club, event) is not None
    assert "2 Vereine" in out.getvalue()


def test_rebuild_goes_through_the_clubs_in_chunks(club, other_club, monkeypatch):
    from sites.portal import services

    make_opportunity(club)
    make_event(other_club)
    call_command("rebuild_listings", stdout=StringIO())
    before = _snapshot()
    Listing.objects.all().delete()
    monkeypatch.setattr(services, "REBUILD_CHUNK", 1)
    totals = services.listing_rebuild()
    assert totals["clubs"] == 2
    assert [r[:4] for r in _snapshot()] == [r[:4] for r in before]


def test_rebuild_leaves_out_pages_below_a_private_section(club):
    from wagtail.models import PageViewRestriction

    page = make_opportunity(club)
    event = make_event(club)
    with schema_context(club.schema_name):
        PageViewRestriction.objects.create(
            page=page.get_parent(), restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
    Listing.objects.filter(club=club).delete()
    call_command("rebuild_listings", "--club", "alpha", stdout=StringIO())
    assert row(club, page) is None
    assert row(club, event) is not None


def test_unknown_club_among_several_is_a_clear_error(club):
    with pytest.raises(CommandError, match="gibtsnicht"):
        call_command("rebuild_listings", "--club", "alpha", "--club", "gibtsnicht")


def test_unknown_club_is_a_clear_error(db):
    with pytest.raises(CommandError, match="keinen Verein"):
        call_command("rebuild_listings", "--club", "gibtsnicht")
