"""The full-page cache (cms/tenancy/page_cache.py): per club, per language, anonymous only, purged on publish."""

from django.core.cache import caches
from django.test import override_settings

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client


@pytest.fixture(autouse=True)
def page_cache_on():
    caches["pages"].clear()
    with override_settings(HH_PAGE_CACHE_SECONDS=60):
        yield
    caches["pages"].clear()


def _home(club):
    from sites.pages.models import ClubHomePage

    with schema_context(club.schema_name):
        return ClubHomePage.objects.live().first()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(club, django_assert_num_queries):
    client = host_client(club.primary_hostname)
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_club_a_never_gets_club_b_s_cached_page(club, other_club):
    alpha = host_client(club.primary_hostname)
    beta = host_client(other_club.primary_hostname)
    alpha.get("/")
    assert alpha.get("/")["X-Page-Cache"] == "hit"
    # Same path, same language, other host: its own page, rendered for it.
    first_beta = beta.get("/")
    assert first_beta["X-Page-Cache"] == "miss"
    html = first_beta.content.decode()
    assert other_club.name in html
    assert club.name not in html
    again = alpha.get("/").content.decode()
    assert club.name in again
    assert other_club.name not in again


@pytest.mark.django_db
def test_publishing_purges_the_club_s_pages_and_only_its_own(club, other_club):
    alpha = host_client(club.primary_hostname)
    beta = host_client(other_club.primary_hostname)
    alpha.get("/")
    beta.get("/")
    home = _home(club)
    with schema_context(club.schema_name):
        home.title = "Frisch veröffentlicht"
        home.save_revision().publish()
    response = alpha.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Frisch veröffentlicht" in response.content.decode()
    assert beta.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_unpublishing_purges(club):
    from sites.pages.models import NewsIndexPage

    alpha = host_client(club.primary_hostname)
    with schema_context(club.schema_name):
        news = NewsIndexPage.objects.live().first()
        url = news.url
    assert alpha.get(url).status_code == 200
    assert alpha.get(url)["X-Page-Cache"] == "hit"
    with schema_context(club.schema_name):
        news.unpublish()
    assert alpha.get(url).status_code == 404


@pytest.mark.django_db
def test_a_club_publish_purges_the_portal(club, portal_client):
    portal_client.get("/")
    assert portal_client.get("/")["X-Page-Cache"] == "hit"
    home = _home(club)
    with schema_context(club.schema_name):
        home.save_revision().publish()
    assert portal_client.get("/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_language_is_part_of_the_key(portal_client):
    # The portal's own views pick the language from the browser (pages from the /en/ prefix).
    portal_client.get("/vereine/", HTTP_ACCEPT_LANGUAGE="de")
    assert portal_client.get("/vereine/", HTTP_ACCEPT_LANGUAGE="de")["X-Page-Cache"] == "hit"
    english = portal_client.get("/vereine/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"


@pytest.mark.django_db
def test_unprefixed_portal_page_is_german_for_every_browser(portal_client):
    # A Wagtail page without /en/ is German whatever the browser asks for: one cached copy.
    portal_client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    english_browser = portal_client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english_browser["X-Page-Cache"] == "hit"
    assert english_browser["Content-Language"] == "de"


@pytest.mark.django_db
def test_signed_in_editors_never_get_or_fill_the_cache(club, club_editor_client):
    anonymous = host_client(club.primary_hostname)
    anonymous.get("/")
    assert anonymous.get("/")["X-Page-Cache"] == "hit"
    response = club_editor_client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_pages_with_a_form_are_never_stored(club):
    from sites.pages.models import ContactPage

    with schema_context(club.schema_name):
        url = ContactPage.objects.live().first().url
    alpha = host_client(club.primary_hostname)
    first = alpha.get(url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in alpha.get(url)


@pytest.mark.django_db
def test_a_changed_site_setting_purges(club):
    from cms.models import SiteAppearance

    alpha = host_client(club.primary_hostname)
    alpha.get("/")
    with schema_context(club.schema_name):
        appearance = SiteAppearance.objects.first()
        appearance.tagline = "Neuer Leitspruch"
        appearance.save()
    response = alpha.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Neuer Leitspruch" in response.content.decode()


@pytest.mark.django_db
def test_switched_off_with_zero_seconds(club):
    alpha = host_client(club.primary_hostname)
    with override_settings(HH_PAGE_CACHE_SECONDS=0):
        alpha.get("/")
        assert "X-Page-Cache" not in alpha.get("/")


@pytest.mark.django_db
def test_a_purge_on_another_instance_reaches_this_one_at_the_next_request(club, other_club):
    """Another instance's purge is a new generation in the shared cache (Redis in production,
    cms/tenancy/invalidation.py): the next request here reads it, no interval, no database."""
    from django.core.cache import caches

    alpha = host_client(club.primary_hostname)
    beta = host_client(other_club.primary_hostname)
    alpha.get("/")
    beta.get("/")
    assert alpha.get("/")["X-Page-Cache"] == "hit"
    caches["pages"].set(f"gen:{club.schema_name}", "set-by-another-instance", None)
    assert alpha.get("/")["X-Page-Cache"] == "miss"
    assert beta.get("/")["X-Page-Cache"] == "hit"
