"""Status e-mails of the assistant link to the application where its reader can open it: club
editors on their club's host, authority staff in the portal's inbox (issue #11, item 10)."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

import pytest

from cms.public_urls import RequestOriginMiddleware, absolute_url
from tests.conftest import host_client

from .conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

_URL = re.compile(r"https?://[^\s<>\"]+")


def _mail_to(address: str):
    return [m for m in mail.outbox if address in m.to]


def _links(message) -> list[str]:
    return _URL.findall(message.body)


def _signed_in(url: str, username: str, password: str):
    """A client signed in on the host (and port) the link names, like the reader would be."""
    client = host_client(urlsplit(url).netloc)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client


def _open(url: str, username: str, password: str):
    parts = urlsplit(url)
    return _signed_in(url, username, password).get(parts.path, follow=True)


def _on_port(port: int, func, host: str = "localhost"):
    """Run `func` as if inside a request that came to `host:port` (what the middleware remembers)."""
    result = {}

    def view(request):
        result["value"] = func()
        return None

    RequestOriginMiddleware(view)(RequestFactory().get("/", HTTP_HOST=f"{host}:{port}"))
    return result["value"]


def test_submission_mails_link_to_the_application(submitted, club, club_editor, staff):
    club_mail = _mail_to("editor@alpha.example")[-1]
    club_links = [u for u in _links(club_mail) if "/admin/antraege/" in u]
    # Outside a request: the configured public scheme and port.
    assert club_links == [absolute_url(club.primary_hostname, f"/admin/antraege/{submitted.pk}/")]
    assert _open(club_links[0], club_editor.username, "test-passwort-123").status_code == 200

    authority_mail = _mail_to("ordnungsamt@teststadt.example")[-1]
    inbox_links = [u for u in _links(authority_mail) if "/admin/" in u]
    assert len(inbox_links) == 1
    assert urlsplit(inbox_links[0]).hostname == "localhost"
    response = _open(inbox_links[0], staff.username, STAFF_PASSWORD)
    assert response.status_code == 200
    assert submitted.reference in response.content.decode()


@pytest.mark.parametrize("to_status", ["question", "approved", "rejected"])
def test_status_mails_link_to_the_application_on_the_port_in_use(
    submitted, to_status, staff_actor, club, club_editor, staff
):
    from forms_assistant.services import application_transition

    mail.outbox.clear()
    _on_port(
        8012,
        lambda: application_transition(
            application=submitted, to_status=to_status, actor=staff_actor, note="Bitte Lageplan nachreichen."
        ),
    )
    club_mail = _mail_to("editor@alpha.example")[-1]
    assert f"http://{club.primary_hostname}:8012/admin/antraege/{submitted.pk}/" in _links(club_mail)
    authority_mail = _mail_to("ordnungsamt@teststadt.example")[-1]
    (inbox_link,) = [u for u in _links(authority_mail) if "/admin/" in u]
    assert inbox_link.startswith("http://localhost:8012/admin/")
    club_url = f"http://{club.primary_hostname}:8012/admin/antraege/{submitted.pk}/"
    assert _open(club_url, club_editor.username, "test-passwort-123").status_code == 200
    assert _open(inbox_link, staff.username, STAFF_PASSWORD).status_code == 200


def test_draft_warning_links_to_the_draft(draft, club, club_editor):
    from forms_assistant.models import Application
    from forms_assistant.services import drafts_expire

    Application.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=84))
    mail.outbox.clear()
    drafts_expire()
    (message,) = _mail_to("editor@alpha.example")
    (link,) = [u for u in _links(message) if "/admin/antraege/" in u]
    assert urlsplit(link).hostname == club.primary_hostname
    assert _open(link, club_editor.username, "test-passwort-123").status_code == 200
