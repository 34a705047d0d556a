"""Links point to the host and port where they work (issue #11 "Wrong host, wrong links").

* e-mails: Wagtail's password reset and moderation e-mails on a club host lead to that club's
  host, on the portal to the portal (users live per schema);
* the portal's listings (/engagement/, /veranstaltungen/, RSS, iCal) build club links for the
  port in use, not the port of the day the rows were written;
* legal pages are linked from every page in every language.
"""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory

import feedparser
import icalendar
import pytest
from django_tenants.utils import schema_context

from cms.public_urls import RequestOriginMiddleware
from tests.sites.portal.conftest import make_event, make_news, make_opportunity

pytestmark = pytest.mark.django_db

PASSWORD = "test-passwort-123"
_URL = re.compile(r"https?://[^\s<>\"']+")


def _links(text: str) -> list[str]:
    return _URL.findall(text)


def _client_for(url: str) -> Client:
    return Client(HTTP_HOST=urlsplit(url).netloc)


def _signed_in(url: str, username: str, password: str = PASSWORD) -> Client:
    client = _client_for(url)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client


# --- e-mails of Wagtail's admin -------------------------------------------------------------


def _reset_link(host: str, email: str) -> str:
    mail.outbox.clear()
    response = Client(HTTP_HOST=host).post("/admin/password_reset/", {"email": email})
    assert response.status_code == 302, response.content[:300]
    (message,) = [m for m in mail.outbox if email in m.to]
    (link,) = [u for u in _links(message.body) if "/password_reset/confirm/" in u]
    return link


def _assert_reset_link_works(link: str) -> None:
    response = _client_for(link).get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True, "the reset link was answered as invalid"


@pytest.mark.parametrize("port", ["", ":8012"])
def test_password_reset_on_a_club_host_links_to_that_host(club, club_editor, port):
    host = f"{club.primary_hostname}{port}"
    link = _reset_link(host, club_editor.email)
    assert urlsplit(link).netloc == host
    _assert_reset_link_works(link)


def test_password_reset_on_the_portal_links_to_the_portal(portal):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("betrieb@example.org", "betrieb@example.org", PASSWORD)
    user.is_staff = True
    user.save()
    link = _reset_link("localhost:8012", user.email)
    assert urlsplit(link).netloc == "localhost:8012"
    _assert_reset_link_works(link)


def _submit_for_moderation(club, page_slug: str):
    """A second editor of the club submits a page to the schema's moderation workflow."""
    from django.contrib.auth import get_user_model

    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage

    page = Page.objects.get(slug=page_slug).specific
    workflow = page.get_workflow()
    if workflow is None:
        workflow = Workflow.objects.create(name="Freigabe")
        task = GroupApprovalTask.objects.create(name="Vorstand")
        workflow.workflow_tasks.create(task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=page)
    author = get_user_model().objects.create_user("autor@alpha.example", "autor@alpha.example", PASSWORD)
    page.save_revision(user=author)
    workflow.start(page, author)
    return page


def test_moderation_mail_on_a_club_host_links_to_the_club_admin(club, club_editor):
    mail.outbox.clear()
    with schema_context(club.schema_name):
        # As inside the request that submitted the page, on the club's host and port 8012.
        holder = {}

        def view(request):
            holder["page"] = _submit_for_moderation(club, "impressum")

        RequestOriginMiddleware(view)(RequestFactory().get("/", HTTP_HOST=f"{club.primary_hostname}:8012"))
    connection.set_schema_to_public()
    messages = [m for m in mail.outbox if club_editor.email in m.to]
    assert messages, "the club's moderator got no e-mail"
    links = [u for m in messages for u in _links(m.body)]
    edit_links = [u for u in links if f"/admin/pages/{holder['page'].pk}/edit/" in u]
    assert edit_links
    for link in links:
        assert urlsplit(link).netloc == f"{club.primary_hostname}:8012", link
    client = _signed_in(edit_links[0], club_editor.username)
    for link in links:
        response = client.get(urlsplit(link).path)
        assert response.status_code == 200, link


def test_moderation_mail_without_a_request_links_to_the_club_host(club, club_editor):
    mail.outbox.clear()
    with schema_context(club.schema_name):
        page = _submit_for_moderation(club, "datenschutz")
    connection.set_schema_to_public()
    links = [u for m in mail.outbox if club_editor.email in m.to for u in _links(m.body)]
    edit = [u for u in links if f"/admin/pages/{page.pk}/edit/" in u]
    assert edit and urlsplit(edit[0]).hostname == club.primary_hostname
    assert _signed_in(edit[0], club_editor.username).get(urlsplit(edit[0]).path).status_code == 200


# --- the portal's listings: links for the port in use ------------------------------------------


@pytest.fixture
def listed(club):
    return {
        "opportunity": make_opportunity(club),
        "event": make_event(club, days=3),
        "news": make_news(club),
    }


def _club_links(text: str, club) -> list[str]:
    return [u for u in _links(text) if urlsplit(u).hostname == club.primary_hostname]


@pytest.mark.parametrize(
    "path", ["/engagement/", "/veranstaltungen/", "/neuigkeiten/feed.rss", "/veranstaltungen/kalender.ics"]
)
def test_listing_links_carry_the_port_of_the_request(club, listed, path):
    response = Client(HTTP_HOST="localhost:8012").get(path)
    assert response.status_code == 200
    body = response.content.decode()
    if path.endswith(".ics"):
        body = "\n".join(str(e.get("url")) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    if path.endswith(".rss"):
        body = "\n".join(entry.link for entry in feedparser.parse(response.content).entries)
    links = _club_links(body, club)
    assert links, f"no club link on {path}"
    for link in links:
        assert urlsplit(link).netloc == f"{club.primary_hostname}:8012", link
    # …and they answer there.
    for link in set(links):
        assert _client_for(link).get(urlsplit(link).path).status_code == 200, link


def test_listing_rows_store_no_scheme_or_port(club, listed):
    from sites.portal.models import Listing

    for row in Listing.objects.filter(club=club):
        assert row.host == club.primary_hostname
        assert row.path.startswith("/")
        assert not row.image_url.startswith("http"), row.image_url


def test_migration_splits_stored_absolute_urls(club):
    import importlib

    from sites.portal.models import Listing

    migration = importlib.import_module("sites.portal.migrations.0007_listing_host_path")
    row = Listing.objects.create(
        club=club,
        page_id=424242,
        kind="news",
        title="Alt",
        host="",
        path="http://alpha.localhost:8000/neuigkeiten/alt/?x=1",
        image_url="http://alpha.localhost:8000/media/alpha/bild.jpg",
    )
    with connection.cursor() as cursor:
        cursor.execute(migration.FORWARD)
    row.refresh_from_db()
    assert (row.host, row.path, row.image_url) == ("alpha.localhost", "/neuigkeiten/alt/?x=1", "/media/alpha/bild.jpg")


# --- legal pages from every page in every language ----------------------------------------------


def _footer_legal_links(html: str) -> list[str]:
    nav = html.split('class="footer-legal"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_partly_translated_club_links_the_german_legal_pages_from_english_pages(club):
    from wagtail.models import Locale, Page

    with schema_context(club.schema_name):
        english, _created = Locale.objects.get_or_create(language_code="en")
        home = Page.objects.get(depth=2, locale__language_code="de")
        home.copy_for_translation(english).save_revision().publish()
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=club.primary_hostname)
    response = client.get("/en/")
    assert response.status_code == 200
    links = _footer_legal_links(response.content.decode())
    legal = [link for link in links if urlsplit(link).path in ("/impressum/", "/datenschutz/")]
    assert sorted(urlsplit(link).path for link in legal) == ["/datenschutz/", "/impressum/"]
    for link in legal:
        assert client.get(link).status_code == 200, link


def test_portal_english_pages_link_the_legal_pages(portal_client):
    from wagtail.models import Locale

    from sites.portal.models import PortalHomePage

    home = PortalHomePage.objects.get(locale__language_code="de")
    home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    response = portal_client.get("/en/")
    assert response.status_code == 200
    links = _footer_legal_links(response.content.decode())
    legal = [link for link in links if urlsplit(link).path in ("/impressum/", "/datenschutz/")]
    assert len(legal) == 2
    for link in legal:
        assert portal_client.get(urlsplit(link).path).status_code == 200, link
