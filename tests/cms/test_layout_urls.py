"""The club layout's links (menu, section and legal links) are the URLs Wagtail gives its pages.

cms/templatetags/heldenhelfer.py builds them from the home's URL and each page's path below the
home instead of one `reverse()` per page (issue 16, the club home without any cache); a slug that
`reverse()` would quote (an umlaut) still goes through Wagtail's `get_url`.
"""

from django.utils.html import escape

import pytest
from django_tenants.utils import schema_context

from sites.pages.models import ClubHomePage


@pytest.mark.django_db
def test_menu_links_are_wagtails_page_urls(club, club_client):
    with schema_context(club.schema_name):
        home = ClubHomePage.objects.get(depth=2)
        first = home.get_children().live().in_menu().first().specific
        first.slug = "über-uns-mit-umlaut"
        first.save_revision().publish()
        expected = {page.title: page.get_url() for page in home.get_children().live().in_menu().specific()}
    assert expected[first.title] == "/%C3%BCber-uns-mit-umlaut/"
    html = club_client.get("/").content.decode()
    for title, url in expected.items():
        assert f'<li><a href="{url}">{escape(title)}</a></li>' in html
