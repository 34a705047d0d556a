"""The exchange in the browser: one club posts a request, another answers, the first accepts.

Contact details (the other club's contact person and e-mail) must stay hidden until the poster
accepts, and then both sides see them on the thread page.
"""

from playwright.sync_api import expect

from tests.e2e.conftest import unique

# The e2e database keeps what earlier runs wrote; the posting limit counts posts of the last day.
# Earlier runs' posts of this test are moved back two days so that repeated runs stay under it.
AGE_EARLIER_RUNS = """
from datetime import timedelta
from django.utils import timezone
from community.models import Post
Post.objects.filter(title__startswith="E2E-Gesuch ").update(created_at=timezone.now() - timedelta(days=2))
"""

EDITOR_EMAIL = """
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context
with schema_context({schema!r}):
    print(get_user_model().objects.get(username={username!r}).email)
"""


def _editor_email(e2e_server, slug: str) -> str:
    code = EDITOR_EMAIL.format(schema=e2e_server.clubs[slug]["schema"], username=e2e_server.editor(slug))
    return e2e_server.python(code).strip()


def test_request_answered_accepted_and_contacts_shown(e2e_server, new_page, login_club_editor):
    e2e_server.python(AGE_EARLIER_RUNS)
    alpha_email, beta_email = _editor_email(e2e_server, "alpha"), _editor_email(e2e_server, "beta")
    title = f"E2E-Gesuch {unique('baenke')}: 30 Bierbänke"

    # Beta (the choir) posts a request in its club admin.
    beta = new_page()
    login_club_editor(beta, "beta")
    beta.goto(e2e_server.club_url("beta", "/admin/"))
    beta.get_by_role("button", name="Netzwerk").click()  # the sidebar's submenu
    beta.get_by_role("link", name="Neuer Beitrag").click()
    beta.get_by_label("Gesuch").check()
    expect(beta.locator("input[name=post_type][value=request]")).to_be_checked()
    beta.select_option("select[name=kind]", "equipment")
    beta.fill("input[name=title]", title)
    beta.fill("textarea[name=description]", "Für unser Sommerkonzert im Stadtpark, etwa 150 Gäste.")
    beta.fill("input[name=quantity]", "30")
    beta.fill("input[name=quantity_unit]", "Bänke")
    with beta.expect_navigation():
        beta.get_by_role("button", name="Veröffentlichen").click()
    expect(beta.locator(".messages")).to_contain_text("veröffentlicht")
    expect(beta.get_by_role("heading", level=1)).to_contain_text(title)

    # Alpha (the sports club) finds it through the search and answers.
    alpha = new_page()
    login_club_editor(alpha, "alpha")
    alpha.goto(e2e_server.club_url("alpha", "/admin/netzwerk/suche/"))
    alpha.fill("#id_q", title)  # the sidebar has a search field named q too
    with alpha.expect_navigation():
        alpha.locator("#id_q").press("Enter")
    alpha.get_by_role("link", name=title).first.click()
    expect(alpha.get_by_role("heading", level=1)).to_contain_text(title)
    expect(alpha.locator("main")).not_to_contain_text(beta_email)
    alpha.get_by_role("link", name="Antworten").click()
    alpha.fill("textarea[name=body]", "Wir haben 40 Bänke und leihen Ihnen gern 30 davon.")
    with alpha.expect_navigation():
        alpha.get_by_role("button", name="Antwort senden").click()
    expect(alpha.locator(".messages")).to_contain_text("angekommen")
    thread_url = alpha.url
    assert "/admin/netzwerk/gespraeche/" in thread_url
    expect(alpha.locator("main")).to_contain_text("Kontaktdaten werden erst nach der Zusage sichtbar")
    expect(alpha.locator("main")).not_to_contain_text(beta_email)

    # Beta sees the answer in its threads, without alpha's contact details yet, and accepts.
    beta.goto(e2e_server.club_url("beta", "/admin/netzwerk/gespraeche/"))
    beta.get_by_role("link", name=title).first.click()
    expect(beta.locator("main")).to_contain_text("Wir haben 40 Bänke")
    expect(beta.locator("main")).not_to_contain_text(alpha_email)
    with beta.expect_navigation():
        beta.get_by_role("button", name="Zusagen").click()
    expect(beta.locator(".messages")).to_contain_text("Zugesagt")
    contacts = beta.locator("section", has=beta.get_by_role("heading", name="Kontaktdaten für diesen Austausch"))
    expect(contacts).to_contain_text(alpha_email)
    expect(contacts).to_contain_text(beta_email)

    # Alpha now sees beta's contact person too.
    alpha.goto(thread_url)
    expect(alpha.locator("main")).to_contain_text("Angenommen")
    expect(alpha.locator("main")).to_contain_text(beta_email)
