"""Issue 15, Checks: the portal home shows events, volunteering offers and exchange entries of the
demo region (loaded as `manage.py load_demo` does), each linked, with the region's numbers."""

from io import StringIO

from django.utils.html import escape

import pytest

from sites.portal.home import home_exchange_posts, home_numbers, home_opportunities, home_upcoming_events
from tests.conftest import host_client


@pytest.mark.django_db
def test_the_portal_home_shows_the_demo_region(portal):
    from cms.demo import demo_load

    demo_load(stdout=StringIO())
    events, offers, posts = home_upcoming_events(limit=3), home_opportunities(limit=3), home_exchange_posts(limit=3)
    assert events and offers and posts, "the demo region has events, offers and public exchange posts"
    numbers = home_numbers()
    assert numbers["clubs"] >= 6 and numbers["opportunities"] >= 1

    html = host_client("localhost").get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for listing in [*events, *offers]:
        assert escape(listing.title) in main, listing.title
        assert f'//{listing.host}{listing.path}"' in main, listing.url  # for the host and port in use
    for post in posts:
        assert escape(post.title) in main, post.title
    assert f"{numbers['clubs']} Vereine" in " ".join(main.replace("<strong>", "").replace("</strong>", "").split())
