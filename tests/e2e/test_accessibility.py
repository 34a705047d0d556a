"""Accessibility (BITV 2.0 / WCAG 2.1 AA): axe-core on every page type, and a keyboard-only wizard.

axe-core comes from the `axe-playwright-python` package, which ships `axe.min.js` (nothing is
downloaded at test time). A page fails on any violation of impact "serious" or "critical"; the
minor and moderate ones are printed, not failed. Covered:

* every page type of a club site (one live page of each, found in the club's tree) in every theme
  of `cms.models.Theme`, plus the club's 404 page;
* the portal's pages (home, directory, a club's entry, registration, terms, search with and
  without results, calendar, exchange, accessibility statement, and every live portal page type);
* the application assistant's club views (inside the club admin: the `main` region, because the
  Wagtail chrome around it is Wagtail's, not ours), and a keyboard-only walk through its wizard.
"""

from __future__ import annotations

import json

import pytest

BLOCKING = {"serious", "critical"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_problems(page, context=None) -> list[str]:
    """Serious/critical axe violations of the page as readable lines (empty: passed)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": WCAG_TAGS}}
    results = Axe().run(page, context=context, options=options).response
    problems = []
    for violation in results["violations"]:
        nodes = "; ".join(
            " ".join(node["target"]) + " – " + " ".join((node.get("failureSummary") or "").split())[:200]
            for node in violation["nodes"][:3]
        )
        line = f"{page.url}: [{violation['impact']}] {violation['id']}: {violation['help']} ({nodes})"
        if violation.get("impact") in BLOCKING:
            problems.append(line)
        else:
            print("axe (not blocking):", line)
    return problems


def _pages_of_club(e2e_server, slug: str) -> dict[str, str]:
    """{page type: path} of one live page per specific page type of the club's tree."""
    schema = e2e_server.clubs[slug]["schema"]
    code = f"""
import json
from django_tenants.utils import schema_context
from wagtail.models import Page
found = {{}}
with schema_context({schema!r}):
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        found.setdefault(type(page).__name__, page.get_url_parts()[2])
print(json.dumps(found))
"""
    return json.loads(e2e_server.python(code).strip().splitlines()[-1])


def _set_theme(e2e_server, slug: str, theme: str) -> None:
    schema = e2e_server.clubs[slug]["schema"]
    e2e_server.python(f"""
from django_tenants.utils import schema_context
from wagtail.models import Site
from cms.models import SiteAppearance
with schema_context({schema!r}):
    appearance = SiteAppearance.for_site(Site.objects.get(is_default_site=True))
    appearance.theme = {theme!r}
    appearance.save()
""")


def _themes() -> list[str]:
    from cms.models import Theme

    return [value for value, _label in Theme.choices]


@pytest.mark.parametrize("theme", _themes())
def test_every_club_page_type_in_every_theme(e2e_server, page, theme):
    pages = _pages_of_club(e2e_server, "alpha")
    assert {"ClubHomePage", "EventPage", "ContactPage"} <= set(pages), pages
    _set_theme(e2e_server, "alpha", theme)
    problems = []
    try:
        for page_type, path in sorted(pages.items()):
            response = page.goto(e2e_server.club_url("alpha", path))
            assert response.status == 200, f"{page_type} at {path}: {response.status}"
            assert f"theme-{theme}" in (page.get_attribute("body", "class") or "")
            problems += axe_problems(page)
        page.goto(e2e_server.club_url("alpha", "/diese-seite-gibt-es-nicht/"))
        problems += axe_problems(page)
    finally:
        _set_theme(e2e_server, "alpha", "klar")
    assert not problems, "\n".join(problems)


PORTAL_PATHS = [
    "/",
    "/vereine/",
    "/vereine/alpha/",
    "/registrieren/",
    "/registrieren/nutzungsbedingungen/",
    "/engagement/",
    "/engagement/?q=Verein",
    "/engagement/?q=xyzzyquux",
    "/veranstaltungen/",
    "/netzwerk/",
    "/barrierefreiheit/",
]


def _portal_pages(e2e_server) -> list[str]:
    code = """
import json
from wagtail.models import Page
found = {}
for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
    found.setdefault(type(page).__name__, page.get_url_parts()[2])
print(json.dumps(sorted(set(found.values()))))
"""
    return json.loads(e2e_server.python(code).strip().splitlines()[-1])


def test_portal_pages(e2e_server, page):
    problems = []
    for path in dict.fromkeys(PORTAL_PATHS + _portal_pages(e2e_server)):
        response = page.goto(e2e_server.portal_url.rstrip("/") + path)
        assert response.status == 200, f"{path}: {response.status}"
        problems += axe_problems(page)
    assert not problems, "\n".join(problems)


# --- the application assistant: axe on its club views, and a keyboard-only walk -----------------

WIZARD_TEMPLATE = "Tastatur-Testantrag"
WIZARD_DEFINITION = {
    "steps": [
        {
            "key": "verein",
            "title": "Antragsteller",
            "fields": [
                {"key": "club_name", "kind": "text", "label": "Name des Vereins", "required": True},
                {"key": "contact", "kind": "text", "label": "Ansprechperson", "required": True},
            ],
        },
        {
            "key": "vorhaben",
            "title": "Vorhaben",
            "fields": [
                {"key": "visitors", "kind": "number", "label": "Erwartete Besucher", "required": True},
                {"key": "alcohol", "kind": "yesno", "label": "Ausschank von Alkohol?", "required": True},
                {"key": "notes", "kind": "textarea", "label": "Anmerkungen", "required": False},
            ],
        },
    ]
}


@pytest.fixture
def wizard_template(e2e_server) -> int:
    """A published form template for the walk (made once per e2e database); its id."""
    code = f"""
from forms_assistant.models import FormTemplatePage
from forms_assistant.services import authority_save, form_template_save
page = FormTemplatePage.objects.filter(title={WIZARD_TEMPLATE!r}).first()
if page is None:
    authority = authority_save(data={{
        "name": "Ordnungsamt Tastaturstadt", "street": "Markt 1", "postal_code": "12345",
        "town": "Musterstadt", "email": "ordnungsamt@tastatur.example",
        "staff_group_name": "Behörde: Ordnungsamt Tastaturstadt"}})
    page = form_template_save(title={WIZARD_TEMPLATE!r}, authority=authority,
        definition={WIZARD_DEFINITION!r}, publish=True, summary="Ein Antrag für den Tastaturtest.")
print(page.pk)
"""
    return int(e2e_server.python(code).strip().splitlines()[-1])


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; if (!e) return {};
        const form = e.form; const t = form && form.querySelector('input[name=template]');
        return {tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(), name: e.name || '',
                value: e.value || '', inputmode: e.getAttribute('inputmode') || '', text: (e.innerText || '').trim(), template: t ? t.value : '',
                checked: !!e.checked, required: e.closest('.fa-field') ?
                    !!e.closest('.fa-field').querySelector('.w-required-mark') : false}; }"""
    )


def _tab_to(page, wanted, limit: int = 250) -> dict:
    """Press Tab until `wanted(focused)` holds; the focused element's description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
    raise AssertionError(f"not reachable with the Tab key on {page.url}")


def test_assistant_club_views_pass_axe(e2e_server, page, login_club_editor, wizard_template):
    login_club_editor(page, "alpha")
    problems = []
    for path in ("/admin/antraege/", "/admin/antraege/vorhaben/neu/"):
        response = page.goto(e2e_server.club_url("alpha", path))
        assert response.status == 200, path
        problems += axe_problems(page, context="main")
    assert not problems, "\n".join(problems)


def test_keyboard_only_walk_through_the_wizard(e2e_server, page, login_club_editor, wizard_template):
    login_club_editor(page, "alpha")
    page.goto(e2e_server.club_url("alpha", "/admin/antraege/"))
    # From here on only the keyboard: Tab to "Antrag starten" of our template, Enter.
    _tab_to(page, lambda f: f.get("tag") == "button" and f.get("template") == str(wizard_template))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    problems = []
    values = {"number": "120", "text": "Erika Musterfrau", "textarea": "Keine."}
    for _step in range(10):
        if "/pruefen/" in page.url:
            break
        assert "/schritt/" in page.url, page.url
        problems += axe_problems(page, context="main")
        handled = set()
        while True:
            focused = _tab_to(
                page,
                lambda f: (
                    (f.get("tag") in ("input", "textarea") and f.get("type") != "hidden")
                    or (f.get("tag") == "button" and f.get("value") == "next")
                ),
            )
            if focused["tag"] == "button":
                break
            key = focused["name"]
            if key in handled:
                continue
            handled.add(key)
            if focused["type"] == "radio":
                page.keyboard.press("Space")  # the first choice ("Ja") of the group
            elif not focused["value"] and focused["type"] not in ("checkbox", "file"):
                kind = "number" if focused["inputmode"] in ("numeric", "decimal") else focused["type"]
                page.keyboard.type(values.get("textarea" if focused["tag"] == "textarea" else kind, "Test"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        errors = page.locator(".fa-errors").all_inner_texts()
        assert not errors, f"{page.url}: {errors}"
    assert "/pruefen/" in page.url, page.url
    problems += axe_problems(page, context="main")
    # The review lists what was typed; submitting is one more Tab walk and Enter.
    body = page.locator("main").inner_text()
    assert "Erika Musterfrau" in body and "120" in body
    _tab_to(page, lambda f: f.get("tag") == "button" and "einreichen" in f.get("text", "").lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/pruefen/" not in page.url, page.url
    assert not problems, "\n".join(problems)
