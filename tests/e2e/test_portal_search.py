"""A newcomer searches the regional overview and follows a result to the club's own site."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import unique

PUBLISH_OPPORTUNITY = """
from django_tenants.utils import schema_context
from sites.pages.models import ClubHomePage, VolunteeringIndexPage, VolunteeringOpportunityPage
with schema_context({schema!r}):
    home = ClubHomePage.objects.first()
    index = VolunteeringIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=VolunteeringIndexPage(title="Mitmachen", slug="mitmachen"))
        index.save_revision().publish()
    page = index.add_child(instance=VolunteeringOpportunityPage(
        title={title!r}, live=False, summary="Wir suchen Hilfe beim Kinderturnen am Samstag.",
        time_commitment="weekly", target_groups=["children"], postal_code="12345", town="Musterstadt",
    ))
    page.save_revision().publish()  # the page signal writes the portal's listing row
    print(page.url)
"""


def test_search_the_portal_and_follow_a_result_to_the_club(e2e_server, page):
    token = unique("kinderturnen").split("-")[1]
    title = f"Kinderturnen Helferteam {token}"
    e2e_server.python(PUBLISH_OPPORTUNITY.format(schema=e2e_server.clubs["alpha"]["schema"], title=title))

    page.goto(e2e_server.portal_url + "engagement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement finden")
    page.get_by_label("Wonach suchen Sie?").fill(f"Kinder {token}")
    with page.expect_navigation():
        page.get_by_role("button", name="Suchen", exact=True).click()
    assert "q=Kinder" in page.url

    result = page.locator(".listing-list").get_by_role("link", name=title)
    expect(result).to_be_visible()
    expect(page.locator("#results-heading")).to_have_text("1 Eintrag")
    with page.expect_navigation():
        result.click()

    club_host = e2e_server.clubs["alpha"]["host"]
    expect(page).to_have_url(re.compile(rf"^http://{re.escape(club_host)}:{e2e_server.port}/mitmachen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_unknown_filter_values_show_a_note(e2e_server, page):
    page.goto(e2e_server.portal_url + "engagement/?zielgruppe=aliens&q=" + "x" * 300)
    expect(page.locator(".notes").first).to_contain_text("aliens")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement finden")
