"""The portal home and the phone layout in a real browser (issue 15): events, volunteering and the
exchange on the portal's front page; a compact header with a working menu button at 390 px; axe on
the new pages; the language chosen on the home kept on the portal's own views.

Screenshots of the portal home and a club home at 390 px and 1280 px are written to
`$TMPDIR/hh-e2e-screenshots/` for a person to look at.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_problems

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
EVENT = "E2E Sommerfest am Weiher"
OPPORTUNITY = "E2E Hilfe beim Kinderturnen"
POST = "E2E Festzelt zu verleihen"
SHOTS = Path(tempfile.gettempdir()) / "hh-e2e-screenshots"


@pytest.fixture(scope="module")
def region(e2e_server):
    """An event and a volunteering offer of alpha and a public exchange offer of beta (made once;
    the e2e database keeps them), both clubs live."""
    e2e_server.python(f"""
from datetime import timedelta
from django.utils import timezone
from django_tenants.utils import schema_context
from sites.clubs.models import Club
from sites.portal.services import listing_rebuild

if hasattr(Club, "is_live"):
    Club.objects.filter(slug__in=["alpha", "beta"], is_live=False).update(is_live=True)
alpha = Club.objects.get(slug="alpha")
beta = Club.objects.get(slug="beta")
with schema_context(alpha.schema_name):
    from sites.pages.models import (
        ClubHomePage, EventIndexPage, EventPage, VolunteeringIndexPage, VolunteeringOpportunityPage,
    )
    home = ClubHomePage.objects.first()
    def index(model, title, slug):
        found = model.objects.child_of(home).first()
        if found is None:
            found = home.add_child(instance=model(title=title, slug=slug))
            found.save_revision().publish()
        return found
    events = index(EventIndexPage, "Termine", "termine")
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=2)
    event = EventPage.objects.filter(title={EVENT!r}).first()
    if event is None:
        event = events.add_child(instance=EventPage(
            title={EVENT!r}, live=False, starts_at=start, ends_at=start + timedelta(hours=3), summary="Fest für alle."))
    else:
        event.starts_at, event.ends_at = start, start + timedelta(hours=3)
    event.save_revision().publish()
    if not VolunteeringOpportunityPage.objects.filter(title={OPPORTUNITY!r}).exists():
        opportunities = index(VolunteeringIndexPage, "Mitmachen", "mitmachen")
        page = opportunities.add_child(instance=VolunteeringOpportunityPage(
            title={OPPORTUNITY!r}, live=False, summary="Wir suchen Unterstützung.", time_commitment="weekly",
            target_groups=["children"], postal_code="12345", town="Musterstadt"))
        page.save_revision().publish()
from community.models import Post
from community.selectors import live_posts
if not live_posts().filter(title={POST!r}, is_public=True).exists():
    from django.contrib.auth import get_user_model
    from community.services import post_create
    with schema_context(beta.schema_name):
        editor = get_user_model().objects.filter(is_active=True).order_by("pk").first()
    post_create(club=beta, contact=editor, post_type="offer", kind="equipment", title={POST!r},
                description="Zwölf mal sechs Meter, mit Aufbauhilfe.", postal_code=beta.postal_code,
                town=beta.town, is_public=True)
listing_rebuild(slugs=["alpha", "beta"])
""")
    return e2e_server


def _context(browser, viewport, **options):
    return browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", viewport=viewport, **options)


def _shot(page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    print(f"\nscreenshot: {target}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_portal_home_shows_events_offers_and_the_exchange(region, browser, viewport):
    context = _context(browser, viewport)
    try:
        page = context.new_page()
        page.goto(region.portal_url)
        main = page.locator("main")
        expect(main.get_by_role("searchbox")).to_be_visible()
        expect(main.get_by_role("link", name=EVENT)).to_be_visible()
        expect(main.get_by_role("link", name=OPPORTUNITY)).to_be_visible()
        expect(main.get_by_role("link", name=POST)).to_be_visible()
        expect(main.locator(".number-list")).to_contain_text("Verein")
        expect(main.locator(".number-list")).to_contain_text("diese Woche")
        _shot(page, f"portal-home-{viewport['width']}-full", full_page=True)
        # The search box leads into the portal's search.
        main.get_by_role("searchbox").fill("Sommerfest")
        main.get_by_role("searchbox").press("Enter")
        page.wait_for_url("**/engagement/?q=Sommerfest*")
        expect(page.locator("main")).to_contain_text(EVENT)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["portal", "club"])
def test_phone_header_leaves_content_on_the_first_screen_and_the_menu_opens(region, browser, where):
    url = region.portal_url if where == "portal" else region.club_url("alpha")
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        page.goto(url)
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 140, header
        heading = page.locator("main h1").first.bounding_box()
        assert heading["y"] + heading["height"] < PHONE["height"] / 2, heading
        button = page.get_by_role("button", name="Menü")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "false")
        nav = page.get_by_role("navigation", name="Hauptnavigation")
        expect(nav).to_be_hidden()
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link").first).to_be_visible()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(button).to_be_focused()
        _shot(page, f"{where}-home-390")
        page.set_viewport_size(DESKTOP)
        expect(button).to_be_hidden()
        expect(nav).to_be_visible()
        _shot(page, f"{where}-home-1280")
    finally:
        context.close()


def test_without_javascript_the_menu_stays_open(region, browser):
    context = _context(browser, PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(region.portal_url)
        expect(page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link").first).to_be_visible()
        expect(page.locator(".menu-toggle")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_new_pages_have_no_serious_axe_violations(region, browser, viewport):
    context = _context(browser, viewport)
    problems = []
    try:
        page = context.new_page()
        for name, url in (
            ("portal-home", region.portal_url),
            ("engagement", region.portal_url + "engagement/?q=Fest"),
            ("events", region.portal_url + "veranstaltungen/"),
            ("club-home", region.club_url("alpha")),
            ("club-events", region.club_url("alpha", "/termine/")),
        ):
            page.goto(url)
            problems += axe_problems(page)
            if name in ("engagement", "events"):
                _shot(page, f"{name}-{viewport['width']}-full", full_page=True)
        if viewport is PHONE:
            page.goto(region.portal_url)
            page.get_by_role("button", name="Menü").click()
            problems += axe_problems(page)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_language_chosen_on_the_home_stays_on_the_portal_s_views(region, page):
    page.goto(region.portal_url)
    page.get_by_role("navigation", name="Sprache wählen").get_by_role("link", name="EN").click()
    page.goto(region.portal_url + "engagement/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(region.portal_url + "vereine/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # In English the switch has an English label: found by its place, not its name.
    page.locator(".language-switcher").get_by_role("link", name="DE").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_url(region.portal_url + "vereine/")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_directory_events_and_volunteering_show_their_towns(region, browser, viewport):
    """ "Nach Ort" on the three listing pages: a drawn map whose towns are keyboard-focusable links
    with their counts, the same towns as a list, a link that filters by the town; nothing asked
    of any other host; the page fits a phone's width; axe finds nothing serious."""
    context = _context(browser, viewport)
    problems = []
    foreign = []
    try:
        page = context.new_page()
        page.on("request", lambda r: None if "localhost" in r.url.split("/")[2] else foreign.append(r.url))
        for name, path, noun in (
            ("directory", "vereine/", "Verein"),
            ("events", "veranstaltungen/", "Termin"),
            ("engagement", "engagement/", "Eintr(ag|äge)"),
        ):
            page.goto(region.portal_url + path)
            section = page.get_by_role("region", name="Nach Ort")
            expect(section).to_be_visible()
            # The map: a labelled group of links, one per town, each named with its count.
            drawn = section.get_by_role("group", name="Karte der Orte")
            expect(drawn).to_be_visible()
            town = drawn.get_by_role("link", name=re.compile(rf"^Musterstadt: \d+ {noun}"))
            expect(town).to_have_count(1)
            town.focus()
            expect(town).to_be_focused()
            # The list beside it names the same towns.
            listed = section.get_by_role("list", name="Orte").get_by_role("link", name=re.compile(r"^Musterstadt"))
            expect(listed).to_be_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path}: {width} px wide"
            section.scroll_into_view_if_needed()
            _shot(page, f"towns-{name}-{viewport['width']}")
            problems += axe_problems(page)
            # Enter on the map's town filters the page by it.
            town.press("Enter")
            page.wait_for_url(re.compile(r"[?&]ort=Musterstadt"))
            expect(
                page.get_by_role("region", name="Nach Ort").get_by_role("link", name=re.compile("^Musterstadt")).last
            ).to_have_attribute("aria-current", "true")
            if name == "events":
                expect(page.locator("main")).to_contain_text(EVENT)
            if name == "engagement":
                expect(page.locator("main")).to_contain_text(OPPORTUNITY)
            problems += axe_problems(page)
    finally:
        context.close()
    assert not foreign, foreign
    assert not problems, "\n".join(problems)
