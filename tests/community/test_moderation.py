"""Operators in the portal admin: handle reports (hide, suspend), end a crisis; rate limit on messages."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest
from django_tenants.utils import schema_context

from community.models import ExchangeSuspension, Report
from community.selectors import live_posts
from community.services import message_send, report_create, thread_start
from tests.conftest import host_client


@pytest.fixture
def operator(portal):
    with schema_context("public"):
        get_user_model().objects.create_superuser("op", "op@example.org", "test-passwort-123")
    client = host_client("localhost")
    assert client.post("/admin/login/", {"username": "op", "password": "test-passwort-123"}).status_code == 302
    return client


def test_operator_hides_reported_post_and_suspends_club(
    club, other_club, alpha_editor, beta_editor, make_post, operator
):
    offer = make_post(club, alpha_editor, title="Verdächtig")
    report_create(club=other_club, user=beta_editor, post=offer, reason="Spam")
    with schema_context("public"):
        report = Report.objects.get()
    response = operator.post(
        f"/admin/community/report/decide/{report.pk}/",
        {"status": "resolved", "hide": "on", "suspend": "on", "note": "Spam bestätigt"},
    )
    assert response.status_code == 302
    with schema_context("public"):
        report.refresh_from_db()
        offer.refresh_from_db()
        assert report.status == "resolved" and report.resolved_by == "op"
        assert offer.is_hidden and offer not in live_posts()
        assert ExchangeSuspension.objects.filter(club=club).exists()


def test_operator_ends_crisis(crisis, operator):
    assert operator.get(f"/admin/community/crisis/end/{crisis.pk}/").status_code == 200
    assert operator.post(f"/admin/community/crisis/end/{crisis.pk}/").status_code == 302
    with schema_context("public"):
        crisis.refresh_from_db()
    assert crisis.ended_at is not None
    assert "Hochwasser" not in host_client("localhost").get("/").content.decode()


@override_settings(HH_COMMUNITY_MESSAGES_PER_HOUR=3)
def test_rate_limit_on_messages(club, other_club, alpha_editor, beta_editor, make_post):
    offer = make_post(club, alpha_editor)
    thread = thread_start(post=offer, club=other_club, user=beta_editor, body="1")
    message_send(thread=thread, club=other_club, user=beta_editor, body="2")
    message_send(thread=thread, club=other_club, user=beta_editor, body="3")
    with pytest.raises(ValidationError, match="in der letzten Stunde"):
        message_send(thread=thread, club=other_club, user=beta_editor, body="4")
    message_send(thread=thread, club=club, user=alpha_editor, body="Die andere Seite darf noch")


def _portal_staff(username: str, *perms: str):
    from django.contrib.auth.models import Group, Permission

    with schema_context("public"):
        user = get_user_model().objects.create_user(username, f"{username}@amt.example", "test-passwort-123")
        user.is_staff = True
        user.save()
        group = Group.objects.create(name=f"Gruppe {username}")
        codenames = [("wagtailadmin", "access_admin"), *(p.split(".") for p in perms)]
        for app_label, codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        user.groups.add(group)
    client = host_client("localhost")
    assert client.post("/admin/login/", {"username": username, "password": "test-passwort-123"}).status_code == 302
    return client


CRISIS_FORM = {
    "title": "Sturmtief",
    "description": "Umgestürzte Bäume",
    "area_postal_codes": "123",
    "area_towns": "",
    "starts_at": "2026-01-01 10:00",
    "planned_end": "",
}


def test_authority_staff_with_the_right_declares_a_crisis(portal, club):
    from django.core import mail

    from community.models import Crisis

    client = _portal_staff("krisenstab", "community.add_crisis", "community.change_crisis")
    assert client.get("/admin/community/crisis/").status_code == 200
    mail.outbox.clear()
    response = client.post("/admin/community/crisis/create/", CRISIS_FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("public"):
        crisis = Crisis.objects.get(title="Sturmtief")
    assert crisis.declared_by == "krisenstab"
    assert ["info@alpha.example"] in [m.to for m in mail.outbox]
    assert client.post(f"/admin/community/crisis/end/{crisis.pk}/").status_code == 302


def test_staff_without_the_right_cannot_declare_or_moderate(portal, club, alpha_editor, make_post):
    from community.models import Crisis

    offer = make_post(club, alpha_editor)
    client = _portal_staff("sachbearbeitung")
    assert client.post("/admin/community/crisis/create/", CRISIS_FORM).status_code in (302, 403)
    with schema_context("public"):
        assert not Crisis.objects.filter(title="Sturmtief").exists()
    for url in (
        "/admin/community/report/",
        f"/admin/community/post/hide/{offer.pk}/",
        "/admin/community/exchangesuspension/create/",
    ):
        assert client.get(url).status_code in (302, 403), url
    # Wagtail answers a PermissionDenied in its admin with a redirect and a message.
    assert client.post(f"/admin/community/post/hide/{offer.pk}/").status_code in (302, 403)
    offer.refresh_from_db()
    assert not offer.is_hidden
