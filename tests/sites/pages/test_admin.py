"""What visitors sent is listed read-only in the club's admin and nowhere on the portal's."""

import pytest
from django_tenants.utils import schema_context

from sites.pages.models import ContactMessage


def _has_menu(html: str) -> bool:
    # The sidebar menu is JSON inside the page; umlauts may be escaped there.
    return "Eingänge" in html or "Eing\\u00e4nge" in html


@pytest.mark.django_db
def test_club_admin_lists_submissions_read_only(club, club_editor_client):
    with schema_context(club.schema_name):
        message = ContactMessage.objects.create(name="Max", email="max@example.org", subject="Hallo", message="Hi")
    index = club_editor_client.get("/admin/snippets/pages/contactmessage/")
    assert index.status_code == 200 and "Hallo" in index.content.decode()
    assert club_editor_client.get(f"/admin/snippets/pages/contactmessage/inspect/{message.pk}/").status_code == 200
    assert club_editor_client.get(f"/admin/snippets/pages/contactmessage/edit/{message.pk}/").status_code in (302, 403)
    assert club_editor_client.get("/admin/snippets/pages/contactmessage/add/").status_code in (302, 403)
    assert _has_menu(club_editor_client.get("/admin/").content.decode())


@pytest.mark.django_db
def test_portal_admin_has_no_submission_views(portal):
    from django.contrib.auth import get_user_model
    from django.test import Client

    get_user_model().objects.create_superuser("betrieb-test", "b@example.org", "test-passwort-123")
    client = Client(HTTP_HOST="localhost")
    assert (
        client.post("/admin/login/", {"username": "betrieb-test", "password": "test-passwort-123"}).status_code == 302
    )
    assert client.get("/admin/snippets/pages/contactmessage/").status_code == 404
    assert not _has_menu(client.get("/admin/").content.decode())
