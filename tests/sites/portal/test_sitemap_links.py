"""sitemap.xml names the addresses that answer now (the port in use) and the portal's own views."""

from urllib.parse import urlsplit

from django.test import Client

import pytest

from .conftest import make_opportunity
from .test_sitemap import _validate

pytestmark = pytest.mark.django_db


def test_portal_sitemap_carries_the_port_and_lists_the_portal_views(club):
    from wagtail.models import Locale

    from sites.portal.models import PortalHomePage

    home = PortalHomePage.objects.get(locale__language_code="de")
    home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    client = Client(HTTP_HOST="localhost:8012")
    locations = _validate(client.get("/sitemap.xml").content)
    for location in locations:
        assert urlsplit(location).netloc == "localhost:8012", location
    paths = {urlsplit(location).path for location in locations}
    expected = {"/", "/en/", "/vereine/", "/engagement/", "/veranstaltungen/", "/netzwerk/", f"/vereine/{club.slug}/"}
    assert expected <= paths, expected - paths
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_club_sitemap_carries_the_port(club):
    page = make_opportunity(club, title="Helfen am Wochenende")
    client = Client(HTTP_HOST=f"{club.primary_hostname}:8012")
    locations = _validate(client.get("/sitemap.xml").content)
    assert any(location.endswith(f"/{page.slug}/") for location in locations)
    for location in locations:
        assert urlsplit(location).netloc == f"{club.primary_hostname}:8012", location
        assert client.get(urlsplit(location).path).status_code == 200, location
