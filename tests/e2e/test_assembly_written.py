"""Member-facing pages of issue #14 on a phone (390 px): a written resolution (§ 32 Abs. 3 BGB) voted
through the personal link — thumb-sized buttons, no sideways scrolling, the vote shown back with name
and time — and the published minutes offered on the assembly's member page."""

import json

from playwright.sync_api import expect

from tests.e2e.conftest import unique

PHONE = {"width": 390, "height": 844}

SETUP = """
import datetime, json
from django_tenants.utils import schema_context
from sites.clubs.models import Club
alpha = Club.objects.get(slug="alpha")
with schema_context(alpha.schema_name):
    from office.services.members import member_create
    from office.services.assembly import assembly_create, assembly_link_token
    from office.services.assembly_minutes import minutes_confirm, minutes_draft, minutes_publish
    from office.services.resolutions import resolution_create, resolution_link_token, resolution_open
    member = member_create(data={"first_name": "Erika", "last_name": %(last)r, "email": "erika@example.org"}, by=None)
    resolution = resolution_create(data={"title": %(title)r, "text": "Wir kaufen einen Rasenmäher für den Platz.",
                                         "kind": "ordinary", "deadline": datetime.date.today() + datetime.timedelta(days=10)})
    resolution_open(resolution=resolution, club=alpha)
    assembly = assembly_create(data={"title": %(assembly)r, "held_on": datetime.date.today(), "place": "Vereinsheim"})
    minutes_draft(assembly=assembly, club=alpha)
    minutes_confirm(assembly=assembly, role="chair", name="Anna")
    minutes_confirm(assembly=assembly, role="keeper", name="Karl")
    minutes_publish(assembly=assembly, club=alpha)
    print(json.dumps({"resolution": resolution_link_token(member=member, resolution=resolution),
                      "assembly": assembly_link_token(member=member, assembly=assembly)}))
"""


def test_written_resolution_and_published_minutes_on_a_phone(e2e_server, browser):
    last, title, assembly = unique("Umlauf"), unique("Rasenmäher"), unique("Versammlung")
    data = json.loads(
        e2e_server.python(SETUP % {"last": last, "title": title, "assembly": assembly}).strip().splitlines()[-1]
    )
    phone = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", viewport=PHONE)
    try:
        page = phone.new_page()
        page.goto(e2e_server.club_url("alpha", f"/beschluss/{data['resolution']}/"))
        expect(page.locator("h1")).to_contain_text(title)
        expect(page.locator("body")).to_contain_text("Rasenmäher für den Platz")
        for name in ("Ja", "Nein", "Enthaltung"):
            box = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert box and box["width"] >= 300 and box["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_role("button", name="Nein", exact=True).click()
        status = page.get_by_role("status").first
        expect(status).to_contain_text("Ihre Stimme ist eingegangen")
        expect(status).to_contain_text(f"Erika {last} hat am")
        expect(status).to_contain_text("Nein")
        expect(page.get_by_role("button", name="Ja", exact=True)).to_have_count(0)  # once only

        page.goto(e2e_server.club_url("alpha", f"/versammlung/{data['assembly']}/"))
        link = page.get_by_role("link", name="Protokoll als PDF")
        expect(link).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Fetched by the page itself (Playwright's request context does not resolve *.localhost).
        status, head = page.evaluate(
            "async (url) => { const r = await fetch(url); const b = new Uint8Array(await r.arrayBuffer());"
            " return [r.status, String.fromCharCode(...b.slice(0, 4))]; }",
            link.get_attribute("href"),
        )
        assert status == 200 and head == "%PDF"
    finally:
        phone.close()
