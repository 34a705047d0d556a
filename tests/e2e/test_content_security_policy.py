"""The Content-Security-Policy blocks nothing our pages need: no violation on the sites or in the admin.

Chromium reports every blocked script, style, image or frame as a console error ("… violates the
following Content Security Policy directive …") and as a `securitypolicyviolation` event; both are
collected while the pages load and a few admin screens are used.
"""

from playwright.sync_api import expect

HOME_PK = """
from django_tenants.utils import schema_context
from sites.pages.models import ClubHomePage
with schema_context({schema!r}):
    print(ClubHomePage.objects.get().pk)
"""


def _watch(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def test_sites_load_without_violations(e2e_server, page):
    violations = _watch(page)
    for url in (
        e2e_server.club_url("alpha"),
        e2e_server.portal_url,
        e2e_server.portal_url + "vereine/",
        e2e_server.portal_url + "engagement/",
        e2e_server.portal_url + "veranstaltungen/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert not violations, violations


def test_admin_works_under_its_policy(e2e_server, page, login_club_editor):
    violations = _watch(page)
    home_pk = int(e2e_server.python(HOME_PK.format(schema=e2e_server.clubs["alpha"]["schema"])).strip())
    login_club_editor(page, "alpha")
    # The "add page" editor, not the home page's edit view: editing sessions there would show up as
    # "saved in another window" in tests/e2e/test_club_editing.py.
    editor_path = f"/admin/pages/add/pages/contentpage/{home_pk}/"
    for path in ("/admin/", editor_path, "/admin/images/multiple/add/", "/admin/documents/"):
        response = page.goto(e2e_server.club_url("alpha", path))
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The editor's scripts ran: typing a title fills the slug (a Stimulus controller).
    page.goto(e2e_server.club_url("alpha", editor_path))
    page.locator("#id_title").fill("Schreibt sich")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("schreibt-sich")
    assert not violations, violations
