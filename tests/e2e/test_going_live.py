"""A newly approved club goes live when ready (issue #15, "Checks"):

* an operator approves a registration in the portal admin; the new club's site shows visitors
  "Bald online" and the portal lists neither the club nor its events;
* its first editor follows the invitation, sees the "Erste Schritte" checklist, fills what the
  legal minimum still lacks, publishes the site, and visitors and the portal see it at once;
* the coming-soon page and the checklist pass axe at desktop and phone width;
* a visitor on a phone (390 px) sees the same as one at the desktop before and after going live.

Every run makes a club of its own (the e2e database keeps what earlier runs wrote).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique
from tests.e2e.test_accessibility import axe_problems

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PROVISIONING_MS = 180_000  # cloning the template schema inside one request

SUBMIT = """
import json
from django.conf import settings
from django.urls import reverse
from sites.clubs.services import registration_submit
registration = registration_submit(notify=False, data={{
    "name": {name!r}, "legal_form": "ev", "register_court": "Amtsgericht Musterstadt",
    "register_number": "VR 4711", "street": "Am Sportplatz 3", "postal_code": "12345",
    "town": "Musterstadt", "email": "info@{slug}.example", "subdomain": {slug!r},
    "editor_name": "Erika Neuland", "editor_email": "erika@{slug}.example", "accepted_terms": True,
}})
urlconf = settings.PUBLIC_SCHEMA_URLCONF
print(json.dumps({{"pk": registration.pk,
    "approve": reverse("clubs_clubregistration_modeladmin_approve", args=[registration.pk], urlconf=urlconf)}}))
"""

APPROVE = """
from sites.clubs.models import ClubRegistration
from sites.clubs.services import registration_approve
registration_approve(registration=ClubRegistration.objects.get(pk={pk}), by="e2e")
"""

CLUB = """
import json
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context
from sites.clubs.models import Club
club = Club.objects.get(slug={slug!r})
with schema_context(club.schema_name):
    editor = get_user_model().objects.filter(groups__name="Vereinsadmin").order_by("pk").first()
    if {password!r}:
        editor.set_password({password!r})
        editor.save()
print(json.dumps({{"schema": club.schema_name, "host": club.primary_hostname, "is_live": club.is_live,
                   "editor": editor.username}}))
"""

EVENT = """
from datetime import timedelta
from django.utils import timezone
from django_tenants.utils import schema_context
from sites.clubs.models import Club
club = Club.objects.get(slug={slug!r})
with schema_context(club.schema_name):
    from sites.pages.models import ClubHomePage, EventIndexPage, EventPage
    home = ClubHomePage.objects.first()
    events = EventIndexPage.objects.descendant_of(home).first()
    if events is None:
        events = home.add_child(instance=EventIndexPage(title="Termine", slug="termine"))
        events.save_revision().publish()
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=3)
    event = events.add_child(instance=EventPage(
        title={title!r}, live=False, starts_at=start, ends_at=start + timedelta(hours=2), summary="Alle sind eingeladen."))
    event.save_revision().publish()
"""


def _json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def _new_registration(e2e_server) -> tuple[str, str, dict]:
    slug = unique("neu")
    name = f"TSV Neuland {slug[-8:]} e. V."
    return slug, name, _json(e2e_server.python(SUBMIT.format(name=name, slug=slug)))


def _club(e2e_server, slug: str, password: str = "") -> dict:
    return _json(e2e_server.python(CLUB.format(slug=slug, password=password)))


def _listed(page, url: str, text: str) -> bool:
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    return text in page.locator("main").inner_text()


def test_new_club_is_hidden_until_its_editor_publishes_it(e2e_server, page, new_page, login_operator):
    slug, name, registration = _new_registration(e2e_server)
    e2e_server.clear_mails()

    # The operator approves the registration in the portal admin (this provisions the club).
    login_operator(page)
    page.goto(e2e_server.portal_url.rstrip("/") + registration["approve"])
    with page.expect_navigation(timeout=PROVISIONING_MS):
        page.get_by_role("button", name="Ja, Verein jetzt einrichten").click()
    expect(page.locator(".messages")).to_contain_text("ist eingerichtet")
    club = _club(e2e_server, slug)
    assert club["is_live"] is False
    site = e2e_server.url(club["host"])
    event_title = f"Schnuppertraining {unique('termin')}"
    e2e_server.python(EVENT.format(slug=slug, title=event_title))

    # Visitors get "Bald online"; the portal lists neither the club nor its event.
    visitor = new_page()
    response = visitor.goto(site)
    assert response.status == 200
    assert "noindex" in (response.headers.get("x-robots-tag") or "")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("hier entsteht unsere Vereinsseite")
    expect(visitor.locator("body")).not_to_contain_text(event_title)
    assert not _listed(visitor, e2e_server.portal_url + "vereine/", name)
    assert not _listed(visitor, e2e_server.portal_url + "veranstaltungen/", event_title)
    assert visitor.goto(e2e_server.portal_url + f"vereine/{slug}/").status == 404
    # The same on a phone.
    phone = new_page()
    phone.set_viewport_size(PHONE)
    assert phone.goto(site).status == 200
    expect(phone.get_by_role("heading", level=1)).to_contain_text("hier entsteht unsere Vereinsseite")
    assert not _listed(phone, e2e_server.portal_url + "vereine/", name)
    assert not _listed(phone, e2e_server.portal_url + "veranstaltungen/", event_title)

    # The first editor follows the invitation and sets a password.
    invitation = next(m for m in reversed(e2e_server.mails()) if f"erika@{slug}.example" in (m["To"] or ""))
    link = re.search(r"https?://\S+/einladung/\S+", e2e_server.mail_text(invitation)).group(0)
    editor = new_page()
    editor.goto(link)
    editor.locator("input[name=new_password1]").fill(e2e_server.password)
    editor.locator("input[name=new_password2]").fill(e2e_server.password)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Passwort speichern und loslegen").click()
    assert editor.url.startswith(site + "admin/"), editor.url

    # The dashboard shows the checklist; publishing waits for the legal minimum.
    steps = editor.locator("#club-first-steps-section")
    expect(steps).to_contain_text("Erste Schritte")
    expect(steps.locator("li[data-step=legal]")).to_contain_text("Vorstand")
    expect(steps.get_by_role("button", name="Website veröffentlichen")).to_be_disabled()

    # The legal step leads to the profile: a board member is what is missing.
    steps.locator("li[data-step=legal] a").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Vereinsprofil")
    editor.locator("select[name=board-0-role]").select_option(index=1)
    editor.locator("input[name=board-0-name]").fill("Erika Neuland")
    editor.locator("input[name=board-0-email]").fill(f"vorstand@{slug}.example")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Profil speichern").click()
    expect(editor.locator(".messages")).to_contain_text("gespeichert")

    editor.goto(site + "admin/")
    steps = editor.locator("#club-first-steps-section")
    expect(steps.locator("li[data-step=legal]")).not_to_contain_text("Vorstand")
    # Still hidden from visitors, while the editor already sees a preview of the real site.
    assert visitor.goto(site).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("hier entsteht unsere Vereinsseite")
    preview = new_page()
    preview.context.add_cookies(editor.context.cookies())
    preview.goto(site)
    expect(preview.locator("body")).not_to_contain_text("hier entsteht unsere Vereinsseite")
    expect(preview.locator("body")).to_contain_text(name)
    expect(preview.locator(".preview-banner")).to_contain_text("Vorschau – noch nicht veröffentlicht")

    editor.goto(site + "admin/")
    editor.once("dialog", lambda dialog: dialog.accept())  # a confirmation, should there be one
    with editor.expect_navigation():
        steps.get_by_role("button", name="Website veröffentlichen").click()
    expect(editor.locator(".messages")).to_contain_text("Ihre Website ist veröffentlicht")
    expect(editor.locator("#club-live-section")).to_contain_text(club["host"])
    assert _club(e2e_server, slug)["is_live"] is True

    # At once: visitors see the site, the portal lists the club and its event.
    response = visitor.goto(site)
    assert response.status == 200
    assert "noindex" not in (response.headers.get("x-robots-tag") or "")
    expect(visitor.locator("body")).not_to_contain_text("hier entsteht unsere Vereinsseite")
    expect(visitor.locator("body")).to_contain_text(name)
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    assert _listed(visitor, e2e_server.portal_url + "vereine/", name)
    assert _listed(visitor, e2e_server.portal_url + "veranstaltungen/", event_title)
    assert visitor.goto(e2e_server.portal_url + f"vereine/{slug}/").status == 200
    assert phone.goto(site).status == 200
    expect(phone.locator("main")).to_contain_text(name)
    expect(phone.locator("body")).not_to_contain_text("hier entsteht unsere Vereinsseite")
    assert _listed(phone, e2e_server.portal_url + "vereine/", name)
    assert _listed(phone, e2e_server.portal_url + "veranstaltungen/", event_title)


@pytest.fixture(scope="module")
def pending_club(e2e_server) -> dict:
    """A club approved through the service, not live, its Vereinsadmin with the known password."""
    slug, name, registration = _new_registration(e2e_server)
    e2e_server.python(APPROVE.format(pk=registration["pk"]))
    return {"slug": slug, "name": name, **_club(e2e_server, slug, password=e2e_server.password)}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_coming_soon_and_checklist_pass_axe(e2e_server, page, login, pending_club, viewport):
    page.set_viewport_size(viewport)
    site = e2e_server.url(pending_club["host"])
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_contain_text("hier entsteht unsere Vereinsseite")
    problems = axe_problems(page)

    login(page, site + "admin/login/", pending_club["editor"])
    page.goto(site + "admin/")
    expect(page.locator("#club-first-steps-section")).to_contain_text("Erste Schritte")
    # The panel is ours; the Wagtail chrome around it is Wagtail's (as in test_accessibility).
    problems += axe_problems(page, context="#club-first-steps-section")
    assert not problems, "\n".join(problems)
