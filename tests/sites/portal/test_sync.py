"""The listings index follows every life-cycle event of club pages and clubs by itself."""

from django.db import connection

import pytest
from django_tenants.utils import schema_context

from cms.constants import ListingKind
from sites.clubs.models import Category, Club, Domain
from sites.portal.constants import CLUB_ROW_PAGE_ID
from sites.portal.models import Listing
from sites.portal.selectors import visible_listings

from .conftest import make_event, make_news, make_opportunity, row

pytestmark = pytest.mark.django_db


def test_publish_creates_a_row_with_the_payload(club, opportunity):
    listing = row(club, opportunity)
    assert listing is not None
    assert listing.kind == ListingKind.OPPORTUNITY
    assert listing.title == "Hilfe beim Kinderturnen"
    assert listing.url == f"http://alpha.localhost:{_port()}/mitmachen/hilfe-beim-kinderturnen/"
    assert listing.target_groups == ["children"]
    assert listing.time_commitment == "weekly"
    assert listing.town == "Musterstadt"
    assert listing.latitude is not None  # postal code 12345 is in the centroid table
    assert listing.club_name


def _port():
    from django.conf import settings

    return settings.HH_PUBLIC_PORT


def test_event_and_news_rows(club, event, news):
    assert row(club, event).kind == ListingKind.EVENT
    assert row(club, event).starts_at == event.starts_at
    assert row(club, news).kind == ListingKind.NEWS


def test_draft_is_not_listed(club):
    page = make_opportunity(club, title="Entwurf", publish=False)
    assert row(club, page) is None


def test_republish_updates_and_counts_sequence(club, opportunity):
    first = row(club, opportunity)
    with schema_context(club.schema_name):
        opportunity.title = "Hilfe beim Eltern-Kind-Turnen"
        opportunity.save_revision().publish()
    second = row(club, opportunity)
    assert second.pk == first.pk
    assert second.title == "Hilfe beim Eltern-Kind-Turnen"
    assert second.sequence == first.sequence + 1
    assert second.first_seen_at == first.first_seen_at


def test_unpublish_removes_the_row(club, opportunity):
    with schema_context(club.schema_name):
        opportunity.unpublish()
    assert row(club, opportunity) is None


def test_unpublishing_a_parent_removes_its_children(club, club_editor, opportunity):
    with schema_context(club.schema_name):
        from wagtail.actions.unpublish_page import UnpublishPageAction

        parent = opportunity.get_parent().specific
        UnpublishPageAction(parent, user=club_editor, include_descendants=True).execute()
    assert row(club, opportunity) is None


def test_delete_removes_the_row(club, opportunity):
    with schema_context(club.schema_name):
        opportunity.delete()
    assert row(club, opportunity) is None


def test_deleting_a_parent_removes_descendant_rows(club, opportunity):
    with schema_context(club.schema_name):
        opportunity.get_parent().delete()
    assert row(club, opportunity) is None


def test_move_updates_the_url(club, opportunity):
    from sites.pages.models import ClubHomePage, VolunteeringIndexPage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.first()
        other = home.add_child(instance=VolunteeringIndexPage(title="Ehrenamt", slug="ehrenamt"))
        other.save_revision().publish()
        opportunity.move(other, pos="last-child")
    assert row(club, opportunity).url.endswith("/ehrenamt/hilfe-beim-kinderturnen/")


def test_slug_change_of_a_parent_updates_descendant_urls(club, opportunity):
    with schema_context(club.schema_name):
        parent = opportunity.get_parent().specific
        parent.slug = "helfen"
        parent.save_revision().publish()
    assert row(club, opportunity).url.endswith("/helfen/hilfe-beim-kinderturnen/")


def test_private_page_leaves_the_index_and_returns(club, opportunity):
    from wagtail.models import PageViewRestriction

    with schema_context(club.schema_name):
        restriction = PageViewRestriction.objects.create(
            page=opportunity, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
    assert row(club, opportunity) is None
    with schema_context(club.schema_name):
        restriction.delete()
    assert row(club, opportunity) is not None


def test_club_rename_updates_rows(club, opportunity):
    club.short_name = "Alpha Turnen"
    club.save()
    assert row(club, opportunity).club_name == "Alpha Turnen"
    club_row = Listing.objects.get(club=club, page_id=CLUB_ROW_PAGE_ID)
    assert club_row.title == "Alpha Turnen"


def test_domain_change_rebuilds_urls(club, opportunity):
    domain = Domain.objects.get(tenant=club, is_primary=True)
    domain.domain = "alpha-neu.localhost"
    domain.save()
    assert row(club, opportunity).url.startswith("http://alpha-neu.localhost")
    assert Listing.objects.get(club=club, page_id=CLUB_ROW_PAGE_ID).url.startswith("http://alpha-neu.localhost")


def test_deactivation_hides_everything_at_once(club, opportunity):
    assert visible_listings().filter(club=club).exists()
    club.is_active = False
    club.save()
    assert not visible_listings().filter(club=club).exists()
    assert not row(club, opportunity).is_visible
    club.is_active = True
    club.save()
    assert visible_listings().filter(club=club, page_id=opportunity.pk).exists()


def test_deactivation_by_queryset_update_is_still_hidden(club, opportunity):
    # An update() sends no signal; the selectors' club__is_active filter still hides the club.
    Club.objects.filter(pk=club.pk).update(is_active=False)
    assert not visible_listings().filter(club=club).exists()


def test_category_change_reaches_rows(club, opportunity):
    sport, _created = Category.objects.get_or_create(slug="sport", defaults={"name": "Sport"})
    club.categories.add(sport)
    assert "sport" in row(club, opportunity).categories


def test_cancelled_event(club):
    event = make_event(club, title="Konzert")
    with schema_context(club.schema_name):
        event.status = "EventCancelled"
        event.save_revision().publish()
    assert row(club, event).is_cancelled


def test_club_row_exists_for_provisioned_clubs(club, other_club):
    assert Listing.objects.filter(club=club, page_id=CLUB_ROW_PAGE_ID, kind=ListingKind.CLUB).exists()


def test_portal_and_template_schema_are_never_listed(portal):
    from sites.clubs.constants import ClubKind
    from sites.portal.services import current_listing_club

    connection.set_schema_to_public()
    assert current_listing_club() is None
    template = Club.objects.get(kind=ClubKind.TEMPLATE)
    with schema_context(template.schema_name):
        assert current_listing_club() is None
    assert not Listing.objects.filter(club__kind__in=[ClubKind.PORTAL, ClubKind.TEMPLATE]).exists()


def test_clubs_do_not_touch_each_others_rows(club, other_club):
    a = make_opportunity(club, title="Alpha hilft")
    b = make_opportunity(other_club, title="Beta hilft")
    # Page ids are per schema and may coincide; rows are keyed by (club, page id).
    assert row(club, a).title == "Alpha hilft"
    assert row(other_club, b).title == "Beta hilft"
    with schema_context(club.schema_name):
        a.unpublish()
    assert row(other_club, b) is not None


def test_translation_publishing_creates_its_own_row(club, opportunity):
    from wagtail.models import Locale

    with schema_context(club.schema_name):
        english, _created = Locale.objects.get_or_create(language_code="en")
        parent = opportunity.get_parent()
        home = parent.get_parent()
        home.copy_for_translation(english)
        parent.copy_for_translation(english)
        translated = opportunity.copy_for_translation(english)
        translated.title = "Help with children's gym"
        translated.save_revision().publish()
    translated_row = row(club, translated)
    assert translated_row is not None
    assert translated_row.language == "en"
    assert row(club, opportunity).language == "de"


def test_news_listing_and_rebuild_keep_one_row_per_page(club):
    page = make_news(club)
    from sites.portal.services import listing_rebuild

    listing_rebuild(slug=club.slug)
    assert Listing.objects.filter(club=club, page_id=page.pk).count() == 1


def test_provisioned_club_brings_its_starter_pages(db, django_capture_on_commit_callbacks):
    from sites.clubs.services import club_provision

    with django_capture_on_commit_callbacks(execute=True):
        new = club_provision(
            slug="gamma",
            profile={
                "name": "TV Gamma e. V.",
                "street": "Weg 2",
                "postal_code": "12345",
                "town": "Musterstadt",
                "email": "info@gamma.example",
            },
            editor_name="Editor Gamma",
            editor_email="editor@gamma.example",
            send_invitation=False,
        )
    rows = Listing.objects.filter(club=new)
    kinds = set(rows.values_list("kind", flat=True))
    # The starter tree publishes nothing invented (no event, no volunteering call: issue #15), and
    # nothing of a club that has not gone live is visible yet.
    assert ListingKind.CLUB in kinds
    assert not kinds & {ListingKind.EVENT, ListingKind.OPPORTUNITY}
    assert not rows.filter(is_visible=True).exists()
    assert set(Listing.objects.filter(club=new).values_list("host", flat=True)) == {"gamma.localhost"}
