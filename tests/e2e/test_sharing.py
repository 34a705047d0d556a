"""Shareable pages in a real browser (issue 15, Checks: "Open Graph tags on each page type"): every
page type of a club site and of the portal, and the portal's own views, carry a description, Open
Graph and Twitter-card tags with absolute addresses of the host and port they were opened on, a
canonical URL and a favicon that loads. The tags are read from the DOM the browser built, as a
link preview would read them. Markup details are in tests/cms/test_meta_tags.py."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.e2e.test_accessibility import _pages_of_club, _portal_pages

PORTAL_VIEWS = [
    "/",
    "/vereine/",
    "/vereine/alpha/",
    "/engagement/",
    "/veranstaltungen/",
    "/netzwerk/",
    "/registrieren/",
]
REQUIRED = [
    'meta[name="description"]',
    'meta[property="og:title"]',
    'meta[property="og:description"]',
    'meta[property="og:image"]',
    'meta[property="og:url"]',
    'meta[property="og:type"]',
    'meta[name="twitter:card"]',
    'meta[name="twitter:title"]',
    'meta[name="twitter:image"]',
]


def _problems(page, url: str, origin: str) -> list[str]:
    response = page.goto(url)
    if response.status != 200:
        return [f"{url}: {response.status}"]
    problems = []
    for selector in REQUIRED:
        value = page.locator(selector).first.get_attribute("content") if page.locator(selector).count() else None
        if not (value or "").strip():
            problems.append(f"{url}: {selector} missing or empty")
    for selector in ('meta[property="og:image"]', 'meta[property="og:url"]'):
        value = page.locator(selector).first.get_attribute("content") or ""
        if not value.startswith(origin + "/"):
            problems.append(f"{url}: {selector} = {value!r}, not on {origin}")
    canonical = page.locator('link[rel="canonical"]').first.get_attribute("href")
    if canonical != page.locator('meta[property="og:url"]').first.get_attribute("content"):
        problems.append(f"{url}: canonical {canonical!r} differs from og:url")
    if page.locator('meta[property="og:title"]').first.get_attribute("content") != page.title():
        problems.append(f"{url}: og:title is not the page's title")
    icon = page.locator('link[rel="icon"]').first.get_attribute("href") or ""
    if not icon:
        problems.append(f"{url}: no favicon")
    # Fetched by the page itself: the browser resolves *.localhost, Playwright's own client does not.
    elif page.evaluate("url => fetch(url).then(r => r.status)", urljoin(page.url, icon)) != 200:
        problems.append(f"{url}: favicon {icon} does not load")
    return problems


@pytest.mark.parametrize("where", ["club", "portal"])
def test_open_graph_tags_on_every_page_type(e2e_server, page, where):
    if where == "club":
        origin = e2e_server.club_url("alpha").rstrip("/")
        urls = [origin + path for path in sorted(set(_pages_of_club(e2e_server, "alpha").values()))]
    else:
        origin = e2e_server.portal_url.rstrip("/")
        urls = [origin + path for path in dict.fromkeys(PORTAL_VIEWS + _portal_pages(e2e_server))]
    problems = []
    for url in urls:
        problems += _problems(page, url, origin)
    assert not problems, "\n".join(problems)
