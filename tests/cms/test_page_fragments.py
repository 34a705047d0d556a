"""Fragments of Wagtail pages ({% page_fragment %}): cached per club, purged with the page cache,
never holding anything personal; and a new view restriction purges the full-page cache too."""

import re

from django.core.cache import caches
from django.test import override_settings

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client


@pytest.fixture(autouse=True)
def fragments_on():
    caches["pages"].clear()
    with override_settings(HH_PAGE_CACHE_SECONDS=0, HH_FRAGMENT_CACHE_SECONDS=60):
        yield
    caches["pages"].clear()


def _home(club):
    from sites.pages.models import ClubHomePage

    with schema_context(club.schema_name):
        return ClubHomePage.objects.live().first()


def _same(a: bytes, b: bytes) -> bool:
    return re.sub(r"\s+", " ", a.decode()) == re.sub(r"\s+", " ", b.decode())


@pytest.mark.django_db
def test_home_from_fragments_is_the_same_page_with_fewer_queries(club, django_assert_max_num_queries):
    client = host_client(club.primary_hostname)
    with override_settings(HH_FRAGMENT_CACHE_SECONDS=0):
        plain = client.get("/")
    first = client.get("/")
    # The home page object comes from the page cache's object store too: no query at all.
    with django_assert_max_num_queries(0):
        second = client.get("/")
    assert second.status_code == 200
    assert _same(plain.content, first.content)
    assert _same(plain.content, second.content)


@pytest.mark.django_db
def test_publish_shows_at_once_and_only_in_its_own_club(club, other_club, django_assert_max_num_queries):
    alpha = host_client(club.primary_hostname)
    beta = host_client(other_club.primary_hostname)
    alpha.get("/")
    beta.get("/")
    home = _home(club)
    with schema_context(club.schema_name):
        home.title = "Frisch veröffentlicht"
        home.save_revision().publish()
    assert "Frisch veröffentlicht" in alpha.get("/").content.decode()
    with django_assert_max_num_queries(2 * 1):
        html = beta.get("/").content.decode()
    assert "Frisch veröffentlicht" not in html
    assert other_club.name in html


@pytest.mark.django_db
def test_a_changed_site_setting_shows_in_the_fragments(club):
    from cms.models import SiteAppearance

    alpha = host_client(club.primary_hostname)
    alpha.get("/")
    with schema_context(club.schema_name):
        appearance = SiteAppearance.objects.first()
        appearance.tagline = "Neuer Leitspruch"
        appearance.save()
    assert "Neuer Leitspruch" in alpha.get("/").content.decode()


@pytest.mark.django_db
def test_pages_with_a_form_share_the_fragments_but_never_a_csrf_token(club):
    from sites.pages.models import ContactPage

    with schema_context(club.schema_name):
        url = ContactPage.objects.live().first().url
    first = host_client(club.primary_hostname).get(url).content.decode()
    second = host_client(club.primary_hostname).get(url).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first) and token.search(second)
    assert token.search(first).group(1) != token.search(second).group(1)
    assert club.name in second


@pytest.mark.django_db
def test_language_is_part_of_the_key(club):
    client = host_client(club.primary_hostname)
    german = client.get("/").content.decode()
    english = client.get("/en/")
    if english.status_code == 200:
        assert 'lang="en"' in english.content.decode()
    assert 'lang="de"' in german
    assert 'lang="de"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_portal_views_of_their_own_are_never_fragment_cached(portal_client):
    first = portal_client.get("/vereine/?q=Alpha").content.decode()
    second = portal_client.get("/vereine/?q=Beta").content.decode()
    assert first != second
    assert not [key for key in caches["pages"]._cache if ":frag:" in key]


@pytest.mark.django_db
def test_a_new_view_restriction_purges_the_cached_page(club):
    from wagtail.models import PageViewRestriction

    from sites.pages.models import NewsIndexPage

    alpha = host_client(club.primary_hostname)
    with schema_context(club.schema_name):
        news = NewsIndexPage.objects.live().first()
        url = news.url
    with override_settings(HH_PAGE_CACHE_SECONDS=60):
        alpha.get(url)
        assert alpha.get(url)["X-Page-Cache"] == "hit"
        with schema_context(club.schema_name):
            PageViewRestriction.objects.create(
                page=news, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
            )
        response = alpha.get(url)
    assert response.get("X-Page-Cache") != "hit"
    assert 'name="password"' in response.content.decode()
