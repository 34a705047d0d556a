"""Shareable pages: description, Open Graph, Twitter card, canonical URL and favicon on every page
type of a club site and the portal (templates/components/meta.html, cms/templatetags/hh_meta.py);
the event's calendar file, the indexes' feed links, and the portal's language switch."""

import re
from html import unescape

from django.test import Client

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from tests.conftest import host_client

PORT = "8123"


def _meta(html: str) -> dict[str, str]:
    found = {}
    for attrs in re.findall(r"<(?:meta|link)\s([^>]*)>", html):
        pairs = dict(re.findall(r'([\w:-]+)="([^"]*)"', attrs))
        key = pairs.get("property") or pairs.get("name") or (pairs.get("rel") if "href" in pairs else None)
        if key and key not in found:
            found[key] = unescape(pairs.get("content") or pairs.get("href") or "")
    return found


def _check(html: str, *, origin: str, title: str = "") -> dict[str, str]:
    meta = _meta(html)
    for key in (
        "description",
        "og:title",
        "og:description",
        "og:image",
        "og:url",
        "og:type",
        "og:site_name",
        "twitter:card",
        "twitter:title",
        "twitter:description",
        "twitter:image",
        "canonical",
        "icon",
    ):
        assert meta.get(key), f"{key} missing"
    assert meta["og:image"].startswith(origin + "/"), meta["og:image"]
    assert meta["og:url"].startswith(origin + "/"), meta["og:url"]
    assert meta["canonical"] == meta["og:url"]
    assert meta["twitter:image"] == meta["og:image"]
    if title:
        assert title in meta["og:title"], meta["og:title"]
    page_title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()
    assert meta["og:title"] == page_title
    return meta


def _club_pages(club) -> dict[str, tuple[str, str]]:
    """{page type: (path, title)} of one live page of each type in the club's tree."""
    from wagtail.models import Page

    found = {}
    with schema_context(club.schema_name):
        for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
            found.setdefault(type(page).__name__, (page.get_url_parts()[2], page.title))
    return found


@pytest.mark.django_db
def test_every_page_type_of_a_club_site_is_shareable(club):
    from tests.sites.portal.conftest import make_event, make_news

    make_event(club, title="Sommerfest mit Bild")
    make_news(club, title="Neuer Vorstand")
    client = Client(HTTP_HOST=f"{club.primary_hostname}:{PORT}")
    origin = f"http://{club.primary_hostname}:{PORT}"
    pages = _club_pages(club)
    assert {"ClubHomePage", "EventPage", "NewsArticlePage", "EventIndexPage", "NewsIndexPage"} <= set(pages)
    for type_name, (path, title) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (type_name, path)
        meta = _check(response.content.decode(), origin=origin, title=title if type_name != "ClubHomePage" else "")
        assert meta["og:site_name"] == club.display_name, type_name
        assert meta["canonical"] == origin + path, type_name
    article = _meta(client.get(pages["NewsArticlePage"][0]).content.decode())
    assert article["og:type"] == "article"


@pytest.mark.django_db
def test_a_page_s_image_is_shared_as_a_large_card(club):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from tests.sites.portal.conftest import make_event

    with schema_context(club.schema_name):
        picture = get_image_model().objects.create(title="Sommerfest", file=get_test_image_file())
    event = make_event(club, title="Fest mit Bild", image=picture)
    with schema_context(club.schema_name):
        path = event.get_url_parts()[2]
    meta = _meta(host_client(club.primary_hostname).get(path).content.decode())
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith(f"http://{club.primary_hostname}/media/")
    # Without a picture of its own a page shows the club's logo or the portal's, as a small card.
    meta = _meta(host_client(club.primary_hostname).get(_club_pages(club)["ContactPage"][0]).content.decode())
    assert meta["twitter:card"] == "summary"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/vereine/",
        "/vereine/alpha/",
        "/engagement/",
        "/veranstaltungen/",
        "/netzwerk/",
        "/registrieren/",
        "/impressum/",
    ],
)
def test_every_portal_page_is_shareable_and_has_the_heart_favicon(path):
    client = Client(HTTP_HOST=f"localhost:{PORT}")
    response = client.get(path)
    assert response.status_code == 200, path
    meta = _check(response.content.decode(), origin=f"http://localhost:{PORT}")
    assert meta["icon"].endswith("img/heart.svg")
    assert meta["og:site_name"] == "Heldenhelfer"
    assert meta["canonical"] == f"http://localhost:{PORT}{path}"


@pytest.mark.django_db
def test_every_page_type_of_the_portal_is_shareable_and_shows_the_language_switch():
    from wagtail.models import Page

    found = {}
    with schema_context(get_public_schema_name()):
        for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
            found.setdefault(type(page).__name__, page.get_url_parts()[2])
    assert "PortalHomePage" in found, found
    client = Client(HTTP_HOST=f"localhost:{PORT}")
    for type_name, path in found.items():
        response = client.get(path)
        assert response.status_code == 200, (type_name, path)
        html = response.content.decode()
        meta = _check(html, origin=f"http://localhost:{PORT}")
        assert meta["canonical"] == f"http://localhost:{PORT}{path}", type_name
        assert 'class="language-switcher"' in html, type_name


@pytest.mark.django_db
def test_without_an_image_of_its_own_a_club_page_shares_the_club_s_logo(club):
    from django.core.files.base import ContentFile

    from wagtail.images.tests.utils import get_test_image_file

    club.logo.save("logo.png", ContentFile(get_test_image_file().file.getvalue()), save=True)
    path = _club_pages(club)["ContactPage"][0]
    meta = _meta(host_client(club.primary_hostname).get(path).content.decode())
    assert meta["og:image"] == f"http://{club.primary_hostname}{club.logo.url}"
    assert meta["og:image:alt"] == club.display_name
    assert meta["icon"] == club.logo.url  # the club's logo as favicon, not the portal's heart


@pytest.mark.django_db
def test_a_description_falls_back_to_the_page_s_summary(club):
    from tests.sites.portal.conftest import make_event

    event = make_event(club, title="Herbstlauf", summary="Zehn Kilometer rund um den See.")
    with schema_context(club.schema_name):
        path = event.get_url_parts()[2]
    meta = _meta(host_client(club.primary_hostname).get(path).content.decode())
    assert meta["description"] == "Zehn Kilometer rund um den See."
    assert meta["og:description"] == meta["description"]


@pytest.mark.django_db
def test_event_page_offers_its_calendar_file_and_the_indexes_their_feeds(club):
    from tests.sites.portal.conftest import make_event, make_news

    event = make_event(club, title="Konzert im Park")
    make_news(club)
    client = host_client(club.primary_hostname)
    pages = _club_pages(club)
    with schema_context(club.schema_name):
        path = event.get_url_parts()[2]
    html = client.get(path).content.decode()
    assert "Zum Kalender hinzufügen" in html
    ics = client.get(path + "kalender/")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"Konzert im Park" in ics.content

    events_index = client.get(pages["EventIndexPage"][0]).content.decode()
    assert 'href="/kalender.ics"' in events_index and "Termine abonnieren (iCal)" in events_index
    assert client.get("/kalender.ics").status_code == 200
    news_index = client.get(pages["NewsIndexPage"][0]).content.decode()
    assert 'href="/neuigkeiten.rss"' in news_index and "Neuigkeiten abonnieren (RSS)" in news_index
    assert client.get("/neuigkeiten.rss").status_code == 200


# --- the portal's language ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/vereine/",
        "/vereine/alpha/",
        "/engagement/",
        "/veranstaltungen/",
        "/netzwerk/",
        "/registrieren/",
        "/registrieren/nutzungsbedingungen/",
        "/impressum/",
        "/barrierefreiheit/",
    ],
)
def test_every_portal_page_shows_the_language_switch(portal_client, path):
    html = portal_client.get(path).content.decode()
    assert 'class="language-switcher"' in html, path
    assert "/sprache/en/?next=" in html, path


@pytest.mark.django_db
def test_the_switch_on_the_english_home_keeps_english_on_the_portal_s_own_views(portal_client):
    english = portal_client.get("/en/")
    if english.status_code != 200:
        pytest.skip("no English portal home in this database")
    # The German link on the English home, and the English one on the German home, set the cookie.
    assert "/sprache/de/?next=%2F" in english.content.decode()
    response = portal_client.get("/sprache/en/?next=/en/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert response.cookies["django_language"].value == "en"
    assert "no-store" in response["Cache-Control"]
    html = portal_client.get("/engagement/").content.decode()
    assert '<html lang="en">' in html
    portal_client.get("/sprache/de/?next=/engagement/")
    assert '<html lang="de">' in portal_client.get("/engagement/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_language_switch_never_leads_off_the_host(portal_client, target):
    response = portal_client.get("/sprache/en/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_unknown_language_sets_nothing(portal_client):
    response = portal_client.get("/sprache/xx/?next=/vereine/")
    assert response.status_code == 302
    assert "django_language" not in response.cookies
