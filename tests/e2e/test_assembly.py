"""The general assembly in the browser (issue #14): the board checks a member in by member number,
opens a vote, the member votes on a 390 px phone through the personal link and reads "Ihre Stimme
wurde gezählt", the projector shows the item and the count in big type without the member's name,
and after closing the result with the rule."""

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
    from office.services.assembly import agenda_item_add, assembly_create, assembly_link_token
    member = member_create(data={"first_name": "Erika", "last_name": %(last)r}, by=None)
    assembly = assembly_create(data={"title": %(title)r, "held_on": datetime.date.today(), "place": "Vereinsheim"})
    item = agenda_item_add(assembly=assembly, data={"title": %(item)r, "kind": "ordinary"})
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    board = get_user_model().objects.create_user(username=%(board)r, email=%(board)r, password=%(password)r)
    board.groups.add(Group.objects.get(name="Vereinsadmin"))
    print(json.dumps({"assembly": assembly.pk, "number": member.number,
                      "token": assembly_link_token(member=member, assembly=assembly)}))
"""


def test_check_in_vote_on_a_phone_and_the_projector(e2e_server, page, browser, login):
    # A real title: one long German word must break on the phone, not widen the page (QA: 457 px).
    last, title, item = unique("Mustermann"), unique("Jahreshauptversammlung"), unique("Entlastung")
    board = f"{unique('vorstand')}@alpha.example"
    values = {"last": last, "title": title, "item": item, "board": board, "password": e2e_server.password}
    data = json.loads(e2e_server.python(SETUP % values).strip().splitlines()[-1])
    base = e2e_server.club_url("alpha", f"/admin/versammlungen/{data['assembly']}/")

    login(page, e2e_server.club_url("alpha", "/admin/login/"), board)  # a member of "Vereinsadmin"
    page.set_viewport_size(PHONE)  # the check-in is done on a phone at the door
    page.goto(base + "einlass/")
    search = page.get_by_label("Name oder Mitgliedsnummer")
    search.fill(str(data["number"]))
    search.press("Enter")
    expect(page.locator("body")).to_contain_text(last)
    page.locator("li", has_text=last).get_by_role("button", name="Einchecken").click()
    expect(page.locator("body")).to_contain_text("Eingecheckt")
    expect(page.locator(".quorum")).to_contain_text("Beschlussfähig")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "abstimmungen/")
    page.get_by_role("button", name="Abstimmung öffnen").click()
    expect(page.locator("body")).to_contain_text("Abstimmung läuft")

    phone = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", viewport=PHONE)
    try:
        member_page = phone.new_page()
        member_page.goto(e2e_server.club_url("alpha", f"/versammlung/{data['token']}/"))
        expect(member_page.locator("#current")).to_contain_text(item)
        yes = member_page.get_by_role("button", name="Ja", exact=True)
        box = yes.bounding_box()
        assert box and box["width"] >= 300 and box["height"] >= 44  # a thumb-sized button across the phone
        assert member_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        yes.click()
        expect(member_page.get_by_role("status").first).to_contain_text("Ihre Stimme wurde gezählt")
    finally:
        phone.close()

    page.goto(base + "beamer/")
    expect(page.locator("h1")).to_contain_text(item)
    expect(page.locator(".count")).to_have_text("1")
    assert last not in page.content()

    page.goto(base + "abstimmungen/")
    page.get_by_role("button", name="Abstimmung schließen").click()
    page.goto(base + "beamer/")
    expect(page.locator(".result")).to_contain_text("Angenommen")
    assert last not in page.content()
