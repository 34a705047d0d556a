"""Browsers and proxies (cms/http_caching.py): ETag and 304, Cache-Control, Content-Length, gzip,
and the reverse proxy's purge (cms/frontend_cache.py)."""

import gzip

from django.core.cache import caches
from django.test import override_settings

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

import pytest
from django_tenants.utils import schema_context

from tests.conftest import host_client

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache that writes down what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def page_cache_on():
    caches["pages"].clear()
    with override_settings(HH_PAGE_CACHE_SECONDS=60, HH_FRAGMENT_CACHE_SECONDS=60, HH_PROXY_CACHE_SECONDS=300):
        yield
    caches["pages"].clear()


@pytest.fixture
def page_cache_off():
    with override_settings(HH_PAGE_CACHE_SECONDS=0, HH_FRAGMENT_CACHE_SECONDS=0, HH_PROXY_CACHE_SECONDS=300):
        yield


def _contact_url(club) -> str:
    from sites.pages.models import ContactPage

    with schema_context(club.schema_name):
        return ContactPage.objects.live().first().url


def _publish_home(club, title: str) -> None:
    from sites.pages.models import ClubHomePage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.live().first()
        home.title = title
        home.save_revision().publish()


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.django_db
def test_a_page_cache_hit_answers_a_conditional_get_with_an_empty_304_and_no_query(
    club, page_cache_on, django_assert_num_queries
):
    client = host_client(club.primary_hostname)
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["ETag"] == etag
    with django_assert_num_queries(0):
        not_modified = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert client.get("/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.django_db
def test_without_the_page_cache_a_rendered_page_still_gets_an_etag_and_a_304(club, page_cache_off):
    client = host_client(club.primary_hostname)
    first = client.get("/")
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    assert first["ETag"]
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_anonymous_pages_are_public_for_proxies_with_vary(club, portal_client, page_cache_on):
    response = host_client(club.primary_hostname).get("/")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert {"cookie", "accept-encoding", "accept-language"} <= _vary(response)
    # The portal's own views negotiate the language: a proxy must keep one copy per language.
    listing = portal_client.get("/vereine/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing["Cache-Control"].startswith("public")
    assert "accept-language" in _vary(listing)


@pytest.mark.django_db
def test_without_purges_a_proxy_keeps_pages_but_asks_every_time(club, page_cache_on):
    with override_settings(HH_PROXY_CACHE_SECONDS=0):
        response = host_client(club.primary_hostname).get("/")
    assert response["Cache-Control"] == "public, no-cache"


@pytest.mark.django_db
@pytest.mark.parametrize("cache", ["page_cache_on", "page_cache_off"])
def test_a_page_with_a_form_is_private_never_stored_never_compressed(club, cache, request):
    request.getfixturevalue(cache)
    client = host_client(club.primary_hostname)
    url = _contact_url(club)
    for _ in range(2):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" in response.content  # plain, not gzip
        assert response["Cache-Control"] == "private, no-store"
        assert "ETag" not in response
        assert "Content-Encoding" not in response
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_signed_in_editor_gets_private_no_store_and_no_etag(club, club_editor_client, page_cache_on):
    anonymous = host_client(club.primary_hostname)
    anonymous.get("/")
    response = club_editor_client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response
    assert "Content-Encoding" not in response
    # The admin keeps Wagtail's never_cache (it already says private, no-store).
    admin = club_editor_client.get("/admin/")
    assert "no-store" in admin["Cache-Control"]
    assert "private" in admin["Cache-Control"]


@pytest.mark.django_db
def test_page_cache_hits_carry_content_length(club, page_cache_on):
    client = host_client(club.primary_hostname)
    client.get("/")
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert int(hit["Content-Length"]) == len(hit.content)


@pytest.mark.django_db
@pytest.mark.parametrize("cache", ["page_cache_on", "page_cache_off"])
def test_gzip_only_when_asked_for_and_the_same_page(club, cache, request):
    request.getfixturevalue(cache)
    client = host_client(club.primary_hostname)
    plain = client.get("/")
    assert "Content-Encoding" not in plain
    for _ in range(2):  # miss and hit
        packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert packed["Content-Encoding"] == "gzip"
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
        assert gzip.decompress(packed.content) == plain.content
        assert "accept-encoding" in _vary(packed)
        assert packed["ETag"] == "W/" + plain["ETag"]
        # The compressed copy's weak tag revalidates too.
        assert client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304


@pytest.mark.django_db
def test_a_publish_changes_the_etag(club, page_cache_on):
    client = host_client(club.primary_hostname)
    before = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=before).status_code == 304
    _publish_home(club, "Neu veröffentlicht")
    after = client.get("/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert "Neu veröffentlicht" in after.content.decode()
    assert after["ETag"] != before


@pytest.mark.django_db
def test_a_purge_tells_the_frontend_cache_after_the_commit(club, django_capture_on_commit_callbacks):
    PURGED.clear()
    backend = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend), django_capture_on_commit_callbacks(execute=True):
        _publish_home(club, "Für den Proxy")
        assert PURGED == []  # not before the commit
    # The club's host and the portal (its listings show the club's pages), once each.
    assert sorted(PURGED) == sorted(set(PURGED))
    assert any(f"//{club.primary_hostname}" in url for url in PURGED)
    assert any(url.startswith("http://localhost") and url.endswith("/") for url in PURGED)


@pytest.mark.django_db
def test_no_frontend_cache_no_purge(club, django_capture_on_commit_callbacks):
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _publish_home(club, "Ohne Proxy")
    assert PURGED == []
    assert not any(getattr(callback, "__module__", "") == "cms.frontend_cache" for callback in callbacks)
