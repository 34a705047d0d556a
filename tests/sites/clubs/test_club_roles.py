"""Club editors are not superusers (issue #15): Vereinsadmin and Vereinsredaktion (sites/clubs/roles.py)."""

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
from django_tenants.utils import schema_context

from sites.clubs.roles import VEREINSADMIN, VEREINSREDAKTION
from sites.clubs.services import club_editor_invite, club_user_password_set
from tests.conftest import host_client

CO_EDITOR = "co@alpha.example"
PASSWORD = "co-passwort-12345"

FORBIDDEN = ("/admin/sites/", "/admin/locales/", "/admin/users/", "/admin/groups/", "/admin/workflows/list/")


def _co_editor_client(club, role=VEREINSREDAKTION):
    club_editor_invite(club=club, name="Cora Co", email=CO_EDITOR, role=role, by="test")
    club_user_password_set(club=club, username=CO_EDITOR, password=PASSWORD)
    client = host_client(club.primary_hostname)
    response = client.post("/admin/login/", {"username": CO_EDITOR, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_the_first_editor_is_vereinsadmin_not_superuser(club, club_editor):
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(pk=club_editor.pk)
        assert not user.is_superuser
        assert set(user.groups.values_list("name", flat=True)) == {VEREINSADMIN}
        for perm in ("forms_assistant.apply", "community.act", "clubs.edit_profile", "clubs.manage_editors",
                     "clubs.go_live", "office.view_bank_data", "wagtailadmin.access_admin"):  # fmt: skip
            assert user.has_perm(perm), perm
        assert not user.has_perm("wagtailcore.add_site")
        assert not user.has_perm("auth.change_user")


@pytest.mark.django_db
def test_neither_role_can_open_sites_locales_users_groups_or_workflows(club, club_editor_client):
    co_editor = _co_editor_client(club)
    for client in (club_editor_client, co_editor):
        for path in FORBIDDEN:
            response = client.get(path)
            assert response.status_code in (302, 403), (path, response.status_code)
            assert response.status_code == 403 or "/admin/login" not in response.get("Location", "")
    # But their work is open to them.
    assert co_editor.get("/admin/").status_code == 200
    assert co_editor.get("/admin/pages/").status_code in (200, 302)
    assert co_editor.get("/admin/images/").status_code == 200


@pytest.mark.django_db
def test_vereinsredaktion_cannot_invite_publish_or_edit_the_profile(club):
    co_editor = _co_editor_client(club)
    assert co_editor.get("/admin/redaktion/").status_code in (302, 403)
    assert co_editor.post("/admin/veroeffentlichen/").status_code in (302, 403)
    assert co_editor.get("/admin/vereinsprofil/").status_code in (302, 403)
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(username=CO_EDITOR)
        assert not user.is_superuser
        assert not user.has_perm("forms_assistant.apply")


@pytest.mark.django_db
def test_vereinsadmin_invites_a_co_editor_with_the_invitation_mail(club, club_editor_client):
    page = club_editor_client.get("/admin/redaktion/")
    assert page.status_code == 200 and "Redaktion einladen" in page.content.decode()
    response = club_editor_client.post(
        "/admin/redaktion/", {"name": "Cora Co", "email": "Co@Alpha.example", "role": VEREINSREDAKTION}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [CO_EDITOR]
    assert f"{club.primary_hostname}" in mail.outbox[0].body and "/einladung/" in mail.outbox[0].body
    assert "zur Redaktion der Vereinsseite von" in mail.outbox[0].body
    with schema_context(club.schema_name):
        user = get_user_model().objects.get(username=CO_EDITOR)
        assert list(user.groups.values_list("name", flat=True)) == [VEREINSREDAKTION]
        assert not user.is_superuser and not user.has_usable_password()
    # The same address again: refused, what was typed comes back.
    again = club_editor_client.post(
        "/admin/redaktion/", {"name": "Cora Zwei", "email": CO_EDITOR, "role": VEREINSREDAKTION}
    )
    assert again.status_code == 400
    html = again.content.decode()
    assert "gehört schon zur Redaktion" in html and 'value="Cora Zwei"' in html


@pytest.mark.django_db
def test_invitation_form_refuses_bad_input_in_german_and_keeps_it(club, club_editor_client):
    response = club_editor_client.post("/admin/redaktion/", {"name": "Cora\nCo", "email": "kaputt", "role": "Chef"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "gültige E-Mail-Adresse" in html and "angebotenen Rollen" in html and "Zeilenumbrüche" in html
    assert 'value="kaputt"' in html
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_vereinsadmin_removes_a_co_editor_but_not_themselves(club, club_editor, club_editor_client):
    _co_editor_client(club)
    with schema_context(club.schema_name):
        co_id = get_user_model().objects.get(username=CO_EDITOR).pk
    club_editor_client.post(f"/admin/redaktion/{co_id}/entfernen/")
    club_editor_client.post(f"/admin/redaktion/{club_editor.pk}/entfernen/")
    with schema_context(club.schema_name):
        assert not get_user_model().objects.get(pk=co_id).is_active
        assert get_user_model().objects.get(pk=club_editor.pk).is_active


@pytest.mark.django_db
def test_the_admin_breadcrumb_names_the_club_not_root(club, club_editor_client):
    from wagtail.models import Page

    with schema_context(club.schema_name):
        root = Page.get_first_root_node()
        assert root.title == club.display_name
    html = club_editor_client.get(f"/admin/pages/{root.pk}/").content.decode()
    assert ">Root<" not in html
    assert "Konfigurieren Sie jetzt eine Website" not in html


@pytest.mark.django_db
def test_publishing_the_home_page_lands_on_its_own_listing(club, club_editor):
    from django.test import RequestFactory

    from sites.clubs.wagtail_hooks import publishing_the_home_page_stays_in_the_club
    from sites.pages.models import ClubHomePage, ContentPage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.get(depth=2)
        about = ContentPage.objects.first()
    request = RequestFactory().post("/admin/pages/1/edit/", {"action-publish": "action-publish"})
    response = publishing_the_home_page_stays_in_the_club(request, home)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{home.pk}/"
    assert publishing_the_home_page_stays_in_the_club(request, about) is None
    draft = RequestFactory().post("/admin/pages/1/edit/", {})
    assert publishing_the_home_page_stays_in_the_club(draft, home) is None
