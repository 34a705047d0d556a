"""The portal's part of the demo region: its home page in English, made once."""

from io import StringIO

from wagtail.models import Locale

import pytest

from sites.portal import demo
from sites.portal.models import PortalHomePage
from tests.conftest import host_client


@pytest.mark.django_db
def test_demo_translates_the_portal_home_page_once(portal):
    demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    english = Locale.objects.get(language_code="en")
    assert PortalHomePage.objects.filter(locale=english).count() == 1

    client = host_client("localhost")
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Heldenhelfer has the backs of volunteers" in html
    assert '<link rel="alternate" hreflang="de" href="http://localhost/">' in html
    german = client.get("/").content.decode()
    # The switch goes through the language view, which remembers the choice for the portal's views.
    assert '<a href="/sprache/en/?next=%2Fen%2F" lang="en" hreflang="en"' in german
