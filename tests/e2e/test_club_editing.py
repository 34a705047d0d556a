"""A club editor edits the home page in the club admin; visitors see it; the session stays on its host."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import unique

HOME_PK = """
from django_tenants.utils import schema_context
from sites.pages.models import ClubHomePage
with schema_context({schema!r}):
    print(ClubHomePage.objects.get().pk)
"""


def test_editor_publishes_home_intro_and_visitor_sees_it(e2e_server, page, new_page, login_club_editor):
    home_pk = int(e2e_server.python(HOME_PK.format(schema=e2e_server.clubs["alpha"]["schema"])).strip())
    text = f"Neu bei uns: Boule am Mittwoch ({unique('boule')})"

    login_club_editor(page, "alpha")
    page.goto(e2e_server.club_url("alpha", f"/admin/pages/{home_pk}/edit/"))
    editor = page.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    # Draftail copies its state into the hidden field a moment later (stateSaveInterval).
    expect(page.locator("input[name=intro]")).to_have_value(re.compile(re.escape(text)))
    page.get_by_role("button", name="Mehr Aktionen").click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht")

    visitor = new_page()
    visitor.goto(e2e_server.club_url("alpha"))
    expect(visitor.locator("body")).to_contain_text(text)
    # The other club's site is untouched.
    visitor.goto(e2e_server.club_url("beta"))
    expect(visitor.locator("body")).not_to_contain_text(text)


def test_editor_session_is_host_only_and_useless_elsewhere(e2e_server, page, new_page, login_club_editor):
    login_club_editor(page, "alpha")
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    # Host-only: no Domain attribute, so the browser sends it to alpha.localhost alone.
    assert session["domain"] == e2e_server.clubs["alpha"]["host"]
    assert not session["domain"].startswith(".")

    # Even when planted on the other hosts by hand, the session id means nothing there: sessions
    # live in each schema's own table.
    intruder = new_page()
    for host in (e2e_server.clubs["beta"]["host"], e2e_server.base_domain):
        intruder.context.add_cookies(
            [{"name": "sessionid", "value": session["value"], "domain": host, "path": "/", "httpOnly": True}]
        )
        intruder.goto(e2e_server.url(host, "/admin/"))
        assert "/admin/login/" in intruder.url, f"{host} accepted alpha's session"
        expect(intruder.locator("input[name=password]")).to_be_visible()

    # Back on its own host the session still works.
    page.goto(e2e_server.club_url("alpha", "/admin/"))
    assert "/admin/login/" not in page.url
