"""A club editor plans an event, follows the recommendation, fills a pre-filled application and
submits it; the PDF is stored and handed out, and both sides get it by e-mail."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import unique

TEMPLATE_TITLE = "E2E-Festantrag"

ENSURE_TEMPLATE = """
from forms_assistant.models import Authority
from forms_assistant.services import authority_save, form_template_save

authority = Authority.objects.filter(name="Ordnungsamt E2E").first() or authority_save(data={
    "name": "Ordnungsamt E2E", "street": "Markt 1", "postal_code": "12345", "town": "Musterstadt",
    "email": "amt@e2e.example", "staff_group_name": "Behörde: Ordnungsamt E2E"})
definition = {
    "lead_time_days": 14,
    "event_date_field": "zeitraum",
    "steps": [
        {"key": "verein", "title": "Antragsteller", "fields": [
            {"key": "verein_name", "kind": "text", "label": "Name des Vereins", "required": True, "prefill": "club.name"},
            {"key": "anschrift", "kind": "address", "label": "Anschrift", "required": True, "prefill": "club.address"},
        ]},
        {"key": "fest", "title": "Veranstaltung", "fields": [
            {"key": "titel", "kind": "text", "label": "Titel", "required": True, "prefill": "event.title"},
            {"key": "zeitraum", "kind": "daterange", "label": "Zeitraum", "required": True, "prefill": "event.dates"},
            {"key": "besucher", "kind": "number", "label": "Erwartete Besucher", "required": True,
             "prefill": "event.expected_visitors"},
            {"key": "alkohol", "kind": "yesno", "label": "Ausschank von Alkohol?", "required": True,
             "prefill": "event.serves_alcohol"},
            {"key": "getraenke", "kind": "multichoice", "label": "Welche Getränke?",
             "choices": [["bier", "Bier"], ["wein", "Wein"]]},
        ]},
    ],
    "rules": [
        {"target": "getraenke", "action": "show", "match": "all", "conditions": [{"field": "alkohol", "op": "yes", "value": ""}]},
        {"target": "getraenke", "action": "require", "match": "all", "conditions": [{"field": "alkohol", "op": "yes", "value": ""}]},
    ],
}
form_template_save(title=%(title)r, slug="e2e-festantrag", authority=authority, definition=definition, publish=True,
                   summary="Für Feste im öffentlichen Raum.", lead_time_days=14,
                   recommend_when=[{"attribute": "serves_alcohol", "minimum": None, "reason": ""}])
"""

READ_APPLICATION = """
from forms_assistant.models import Application
a = Application.objects.get(event__title=%(title)r)
print(a.status, a.reference, bool(a.pdf), a.pdf.size if a.pdf else 0, ",".join(sorted(a.prefilled)))
"""


def test_club_plans_event_and_submits_prefilled_application(e2e_server, page, login_club_editor):
    e2e_server.python(ENSURE_TEMPLATE % {"title": TEMPLATE_TITLE})
    e2e_server.clear_mails()
    title = f"Sommerfest {unique('fest')}"
    start = date.today() + timedelta(days=60)

    login_club_editor(page, "alpha")
    page.goto(e2e_server.club_url("alpha", "/admin/antraege/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anträge")
    page.get_by_role("link", name="Neues Vorhaben beschreiben").click()

    # the planned event, described once
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Datum (Beginn)").fill(start.isoformat())
    page.get_by_label(re.compile("Öffentlicher Raum")).check()
    page.get_by_label("Ort (Beschreibung)").fill("Marktplatz, nördliche Hälfte")
    page.get_by_label("Erwartete Besucherzahl").fill("450")
    page.get_by_label("Verkauf von Getränken").check()
    page.get_by_label("Ausschank von Alkohol").check()
    page.get_by_role("button", name="Vorhaben speichern und Empfehlung ansehen").click()

    # the recommendation, with its reason
    recommendations = page.locator("#empfehlungen")
    expect(recommendations).to_contain_text(TEMPLATE_TITLE)
    expect(recommendations).to_contain_text("weil Sie Alkohol ausschenken")
    page.get_by_role("button", name=f"„{TEMPLATE_TITLE}“ ausfüllen").click()

    # step 1: pre-filled from the club profile, marked as such
    expect(page.locator(".fa-progress")).to_contain_text("Schritt 1 von")
    expect(page.locator("#id_f_verein_name")).to_have_value("SV Alpha 1900 e. V.")
    expect(page.locator("#prefill_f_verein_name")).to_be_visible()
    page.get_by_role("button", name="Weiter").click()

    # step 2: pre-filled from the planned event; the rule shows the drinks question
    expect(page.locator("#id_f_titel")).to_have_value(title)
    expect(page.locator("#id_f_besucher")).to_have_value("450")
    expect(page.locator("input[name=f_alkohol][value=yes]")).to_be_checked()
    page.get_by_role("button", name="Weiter").click()
    expect(page.locator("#errors_f_getraenke")).to_contain_text("Bitte füllen Sie dieses Feld aus")
    page.get_by_label("Bier").check()
    page.get_by_role("button", name="Weiter").click()

    # review and submit
    expect(page.locator("body")).to_contain_text("Prüfen und einreichen")
    expect(page.locator("body")).to_contain_text("SV Alpha 1900 e. V.")
    page.get_by_role("button", name="Verbindlich einreichen").click()
    expect(page.locator(".messages")).to_contain_text("eingereicht")
    expect(page.locator("body")).to_contain_text("Eingereicht")

    status, reference, has_pdf, size, prefilled = (
        e2e_server.python(READ_APPLICATION % {"title": title}).strip().split(" ")
    )
    assert status == "submitted" and reference.startswith("HH-")
    assert has_pdf == "True" and int(size) > 1000
    assert {"verein_name", "titel", "besucher", "alkohol"} <= set(prefilled.split(","))
    expect(page.locator("body")).to_contain_text(reference)

    # the PDF is handed out to the club
    pdf_link = page.get_by_role("link", name="PDF herunterladen")
    # (fetched by the page itself: *.localhost resolves inside chromium, not in Playwright's own client)
    fetched = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            const head = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
            return [response.status, response.headers.get("content-type"), String.fromCharCode(...head)];
        }""",
        pdf_link.get_attribute("href"),
    )
    assert fetched == [200, "application/pdf", "%PDF"]

    # both sides got it by e-mail, with the PDF attached
    mails = [m for m in e2e_server.mails() if reference in (m["Subject"] or "")]
    assert {"amt@e2e.example"} <= {addr for m in mails for addr in m["To"].split(", ")}
    assert all(any(part.get_content_type() == "application/pdf" for part in m.iter_attachments()) for m in mails)
