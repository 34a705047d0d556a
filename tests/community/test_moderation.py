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
