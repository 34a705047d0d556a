"""English content translations of club pages with wagtail-localize."""

from wagtail.models import Locale, Page

import pytest
from django_tenants.utils import schema_context

from sites.pages.models import ClubHomePage, ContentPage


@pytest.mark.django_db
def test_translate_action_creates_an_english_tree(club, club_editor_client):
    with schema_context(club.schema_name):
        # Every club schema has English from the start (sites.pages migration 0003).
        assert set(Locale.objects.values_list("language_code", flat=True)) >= {"de", "en"}
        home = ClubHomePage.objects.get(depth=2)
        about = ContentPage.objects.get(slug="ueber-uns")
        en = Locale.objects.get(language_code="en")
    response = club_editor_client.post(
        f"/admin/localize/submit/page/{home.pk}/", {"locales": [en.pk], "include_subtree": "on"}
    )
    assert response.status_code == 302, response.content[:500]
    with schema_context(club.schema_name):
        english_about = about.get_translation(en)
        assert english_about.specific.body  # the StreamField came along, block by block
        english_about.save_revision().publish()
        english_home = home.get_translation(en)
        english_home.save_revision().publish()
        url = Page.objects.get(pk=english_about.pk).url
    assert url.startswith("/en/")
    html = club_editor_client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert 'hreflang="de"' in html  # the language switcher offers the German page
    german = club_editor_client.get(about.url).content.decode()
    assert 'hreflang="en"' in german
