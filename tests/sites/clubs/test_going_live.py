"""A new club goes live when its editors are ready (issue #15): invisible to visitors and the
portal until then, visible at once after; the first steps on the dashboard lead there."""

from django.core import mail
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest
from django_tenants.utils import schema_context

from sites.clubs.constants import BoardRole
from sites.clubs.models import BoardMember, Club
from sites.clubs.services import club_go_live, club_provision, club_user_password_set
from tests.conftest import host_client

PROFILE = {
    "name": "Gamma e. V.",
    "street": "Weg 2",
    "postal_code": "12345",
    "town": "Gammastadt",
    "email": "info@gamma.example",
}
EDITOR = "gina@gamma.example"
PASSWORD = "gamma-passwort-123"

# Editor instructions and invented content the starter tree once published.
INSTRUCTIONS = (
    "Erzählen Sie hier",
    "Beschreiben Sie Ihre Angebote",
    "Schreiben Sie dazu",
    "Diesen Beispieltext",
    "Hinweis für die Redaktion",
    "bitte ersetzen",
    "Mitgliederversammlung",
    "Sommerfest",
    "48 €",
    "Änderungen nehmen Sie dort vor",  # was printed on every club's Impressum
)


@pytest.fixture(autouse=True)
def page_cache_on():
    caches["pages"].clear()
    with override_settings(HH_PAGE_CACHE_SECONDS=60):
        yield
    caches["pages"].clear()


@pytest.fixture
def gamma(db):
    return club_provision(slug="gamma", profile=PROFILE, editor_name="Gina Gamma", editor_email=EDITOR)


def _legal_minimum(club: Club) -> None:
    Club.objects.filter(pk=club.pk).update(register_court="Amtsgericht Gammastadt", register_number="VR 1")
    BoardMember.objects.create(club=club, role=BoardRole.CHAIR, name="Gina Gamma")


def _editor_client(club: Club):
    club_user_password_set(club=club, username=EDITOR, password=PASSWORD)
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": EDITOR, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _portal_shows(portal_client, text: str) -> dict[str, bool]:
    return {
        path: text in portal_client.get(path).content.decode()
        for path in ("/vereine/", "/veranstaltungen/", "/engagement/", "/sitemap.xml", "/api/clubs")
    }


@pytest.mark.django_db
def test_a_new_club_starts_not_live_and_shows_visitors_a_coming_soon_page(gamma):
    assert gamma.is_live is False
    visitor = host_client(gamma.primary_hostname)
    for path in ("/", "/ueber-uns/", "/impressum/", "/kalender.ics", "/sitemap.xml"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "hier entsteht unsere Vereinsseite" in html, path
        assert "Gamma e. V." in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-cache" in response["Cache-Control"]
        assert "X-Page-Cache" not in response  # never kept: the real site shows the moment it goes live
    robots = visitor.get("/robots.txt")
    assert robots.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]
    # The sign-in and the invitation links still work, and members' personal links (the office may run first).
    assert visitor.get("/admin/login/").status_code == 200
    account = visitor.get("/mitgliedskonto/")
    assert account.status_code == 200
    assert "hier entsteht unsere Vereinsseite" not in account.content.decode()


@pytest.mark.django_db
def test_the_portal_lists_nothing_of_a_club_until_it_goes_live_then_at_once(gamma, portal_client):
    from sites.portal.selectors import clubs_public, visible_listings

    _legal_minimum(gamma)
    assert not visible_listings().filter(club=gamma).exists()
    assert gamma not in clubs_public()
    assert not any(_portal_shows(portal_client, "Gamma e. V.").values())
    assert "/vereine/gamma/" not in portal_client.get("/sitemap.xml").content.decode()
    assert portal_client.get("/vereine/gamma/").status_code == 404
    assert portal_client.get("/veranstaltungen/verein/gamma.ics").status_code == 404
    before = host_client(gamma.primary_hostname).get("/")  # a visitor came by before
    assert "hier entsteht" in before.content.decode()

    club_go_live(club=gamma, by="gina")

    gamma.refresh_from_db()
    assert gamma.is_live and gamma.went_live_by == "gina" and gamma.went_live_at
    assert visible_listings().filter(club=gamma).exists()
    shows = _portal_shows(portal_client, "Gamma e. V.")
    assert shows["/vereine/"] and shows["/api/clubs"], shows
    assert "/vereine/gamma/" in portal_client.get("/sitemap.xml").content.decode()
    assert portal_client.get("/vereine/gamma/").status_code == 200
    home = host_client(gamma.primary_hostname).get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "hier entsteht" not in html and "Willkommen auf der Website von Gamma e. V. in Gammastadt" in html
    assert "X-Robots-Tag" not in home
    robots = host_client(gamma.primary_hostname).get("/robots.txt").content.decode()
    assert "Disallow: /\n" not in robots


@pytest.mark.django_db
def test_going_live_is_refused_while_the_legal_minimum_is_missing(gamma):
    with pytest.raises(ValidationError) as caught:
        club_go_live(club=gamma, by="gina")
    text = " ".join(caught.value.messages)
    assert "Vorstand" in text and "Registergericht" in text
    gamma.refresh_from_db()
    assert gamma.is_live is False


@pytest.mark.django_db
def test_editors_see_the_real_site_with_a_preview_banner(gamma):
    editor = _editor_client(gamma)
    response = editor.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau – noch nicht veröffentlicht" in html
    assert "Willkommen auf der Website von Gamma e. V." in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_the_first_steps_drive_a_new_editor_to_a_live_site(gamma):
    editor = _editor_client(gamma)
    dashboard = editor.get("/admin/").content.decode()
    assert "Erste Schritte" in dashboard
    assert "von 6 erledigt" in dashboard
    assert "Vorschau der Website ansehen" in dashboard
    # Not yet: the button is there but disabled, with what is missing.
    assert "Registergericht und Registernummer im Vereinsprofil" in dashboard
    assert 'action="/admin/veroeffentlichen/"' not in dashboard
    refused = editor.post("/admin/veroeffentlichen/")
    assert refused.status_code == 302
    gamma.refresh_from_db()
    assert gamma.is_live is False

    _legal_minimum(gamma)
    dashboard = editor.get("/admin/").content.decode()
    assert 'action="/admin/veroeffentlichen/"' in dashboard and "Website veröffentlichen" in dashboard
    assert "csrfmiddlewaretoken" in dashboard
    assert editor.get("/admin/veroeffentlichen/").status_code == 302  # GET changes nothing
    gamma.refresh_from_db()
    assert gamma.is_live is False

    response = editor.post("/admin/veroeffentlichen/", follow=True)
    assert "Ihre Website ist veröffentlicht" in response.content.decode()
    gamma.refresh_from_db()
    assert gamma.is_live
    dashboard = editor.get("/admin/").content.decode()
    assert "Ihre Website ist online" in dashboard and "Erste Schritte" not in dashboard
    assert "Neue Eingänge" in dashboard
    assert "Gamma e. V." in host_client(gamma.primary_hostname).get("/").content.decode()


@pytest.mark.django_db
def test_the_go_live_view_needs_a_post_with_csrf(gamma):
    from django.test import Client

    _legal_minimum(gamma)
    club_user_password_set(club=gamma, username=EDITOR, password=PASSWORD)
    client = Client(HTTP_HOST=gamma.primary_hostname, enforce_csrf_checks=True)
    login_page = client.get("/admin/login/")
    token = login_page.cookies["csrftoken"].value
    client.post("/admin/login/", {"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert client.post("/admin/veroeffentlichen/").status_code == 403
    gamma.refresh_from_db()
    assert gamma.is_live is False


@pytest.mark.django_db
def test_no_published_starter_page_holds_instructions_or_invented_events(gamma):
    from wagtail.models import Page

    from sites.pages.models import EventPage, VolunteeringOpportunityPage

    with schema_context(gamma.schema_name):
        assert not EventPage.objects.live().exists()
        assert not VolunteeringOpportunityPage.objects.live().exists()
        urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
        root_title = Page.objects.get(depth=1).title
    assert root_title == "Gamma e. V."  # the admin's breadcrumb starts with the club, not "Root"
    editor = _editor_client(gamma)
    for url in urls:
        html = editor.get(url).content.decode()
        for text in INSTRUCTIONS:
            assert text not in html, (url, text)


@pytest.mark.django_db
def test_create_club_command_starts_not_live_unless_asked(db):
    from django.core.management import call_command

    common = ["--editor-name", "Eva E", "--street", "Weg 1", "--postal-code", "12345", "--town", "Ort"]
    call_command("create_club", "epsilon", "--name", "Epsilon", "--email", "e@e.example",
                 "--editor-email", "eva@e.example", "--no-invitation", *common)  # fmt: skip
    call_command("create_club", "zeta", "--name", "Zeta", "--email", "z@z.example",
                 "--editor-email", "zoe@z.example", "--no-invitation", "--live", *common)  # fmt: skip
    assert Club.objects.get(slug="epsilon").is_live is False
    assert Club.objects.get(slug="zeta").is_live is True
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_after_going_live_the_dashboard_shows_what_reached_the_club(gamma):
    from datetime import date

    from office.models import JoinApplication, JoinStatus
    from sites.pages.models import ContactMessage, EventRegistration
    from tests.sites.portal.conftest import make_event

    _legal_minimum(gamma)
    club_go_live(club=gamma, by="gina")
    event = make_event(gamma, title="Gamma-Lauf")
    person = {"birth_date": date(1990, 5, 1), "street": "Weg 3", "postal_code": "12345", "town": "Gammastadt"}
    with schema_context(gamma.schema_name):
        ContactMessage.objects.create(name="Carla", email="c@example.org", subject="Frage zum Training", message="?")
        EventRegistration.objects.create(event=event, name="Egon", email="e@example.org", page_title="Gamma-Lauf")
        joined = JoinApplication.objects.create(
            first_name="Jana", last_name="Jung", email="j@example.org", status=JoinStatus.PENDING, **person
        )
        JoinApplication.objects.create(first_name="Ulla", last_name="Unbestätigt", email="u@example.org", **person)
    editor = _editor_client(gamma)
    html = editor.get("/admin/").content.decode()
    assert "Ihre Website ist online" in html
    assert "Kontaktanfrage: Frage zum Training (Carla)" in html
    assert "Anmeldung: Egon – Gamma-Lauf" in html
    # The join page writes the office's applications; only confirmed ones are news for the club.
    assert "Aufnahmeantrag: Jana Jung" in html and "Unbestätigt" not in html
    detail = f"/admin/mitglieder/aufnahmeantraege/{joined.pk}/"
    assert f'href="{detail}"' in html and editor.get(detail).status_code == 200
    assert "Anträge" in html and "Nachrichten im Netzwerk" in html


@pytest.mark.django_db
def test_an_event_and_news_of_a_club_not_live_reach_no_feed_until_it_goes_live(gamma, portal_client):
    from tests.sites.portal.conftest import make_event, make_news

    make_event(gamma, title="Gamma-Sommerkonzert", days=3)
    make_news(gamma, title="Gamma hat einen neuen Vorstand")
    feeds = ("/", "/veranstaltungen/kalender.ics", "/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom", "/api/listings")

    def shown() -> dict[str, bool]:
        return {
            path: "Gamma-Sommerkonzert" in (body := portal_client.get(path).content.decode())
            or "Gamma hat einen neuen Vorstand" in body
            for path in feeds
        }

    assert not any(shown().values()), shown()
    _legal_minimum(gamma)
    club_go_live(club=gamma, by="gina")
    assert all(shown().values()), shown()
