"""Site settings: themes switch a body class, colours become CSS variables, low contrast is refused."""

from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest
from django_tenants.utils import schema_context

from cms.models import SiteAppearance, Theme


@pytest.mark.django_db
def test_low_contrast_colour_is_refused_with_a_clear_message(in_club):
    appearance = SiteAppearance.for_site(Site.objects.get())
    appearance.primary_colour = "#ffe066"
    with pytest.raises(ValidationError) as error:
        appearance.full_clean()
    message = str(error.value.message_dict["primary_colour"])
    assert "zu hell" in message and "1,3 : 1" in message and "4,5 : 1" in message


@pytest.mark.django_db
def test_theme_and_colours_reach_the_page(club, club_client):
    with schema_context(club.schema_name):
        appearance = SiteAppearance.for_site(Site.objects.get())
        appearance.theme = Theme.NATUR
        appearance.primary_colour = "#14532d"
        appearance.full_clean()
        appearance.save()
    html = club_client.get("/").content.decode()
    assert 'class="theme-natur' in html
    css_url = html.split('href="/theme.css?v=')[1].split('"')[0]
    css = club_client.get(f"/theme.css?v={css_url}")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert "--primary:#14532d;" in css.content.decode()


@pytest.mark.django_db
def test_blank_colours_fall_back_to_the_club_profile(club, club_client):
    css = club_client.get("/theme.css").content.decode()
    assert f"--primary:{club.primary_colour};" in css
    assert f"--secondary:{club.secondary_colour};" in css


@pytest.mark.django_db
def test_no_third_party_resources_on_a_club_page(club_client):
    import re

    html = club_client.get("/").content.decode()
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert "localhost" in url, url
