"""Cross-club access on every view: another club's post edits and threads are 404; each side only on its host."""

from django.contrib.auth import get_user_model

import pytest

from community.services import club_suspend, post_hide, report_create, thread_start
from sites.clubs.constants import ClubKind
from sites.clubs.models import Club
from tests.conftest import host_client


@pytest.fixture
def gamma(db):
    """A third club (a row only: it never serves a request here, it just takes part in a thread)."""
    from django.db import connection

    connection.set_schema_to_public()  # a client request before may have left a club's schema set
    return Club.objects.create(
        schema_name="club_gamma_test",
        slug="gamma",
        kind=ClubKind.CLUB,
        name="Gamma e. V.",
        street="Weg 1",
        postal_code="12300",
        town="Gammadorf",
        email="info@gamma.example",
    )


@pytest.fixture
def gamma_user():
    return get_user_model()(pk=4242, username="g", email="g@gamma.example", first_name="Gina")


@pytest.fixture
def alpha_setup(club, alpha_editor, make_post, gamma, gamma_user):
    offer = make_post(club, alpha_editor)
    thread = thread_start(post=offer, club=gamma, user=gamma_user, body="Private Sache zwischen Alpha und Gamma")
    return offer, thread


def test_other_club_gets_404_on_every_view(alpha_setup, beta_client):
    offer, thread = alpha_setup
    message = thread.messages.get()
    gets = [
        f"/admin/netzwerk/beitraege/{offer.pk}/bearbeiten/",
        f"/admin/netzwerk/beitraege/{offer.pk}/verlaengern/",
        f"/admin/netzwerk/gespraeche/{thread.pk}/",
        f"/admin/netzwerk/nachrichten/{message.pk}/melden/",
    ]
    posts = [
        (f"/admin/netzwerk/beitraege/{offer.pk}/bearbeiten/", {"title": "gekapert"}),
        (f"/admin/netzwerk/beitraege/{offer.pk}/status/", {"status": "withdrawn"}),
        (f"/admin/netzwerk/beitraege/{offer.pk}/verlaengern/", {}),
        (f"/admin/netzwerk/gespraeche/{thread.pk}/", {"body": "Ich lese mit"}),
        (f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/", {}),
        (f"/admin/netzwerk/gespraeche/{thread.pk}/ablehnen/", {}),
        (f"/admin/netzwerk/nachrichten/{message.pk}/melden/", {"reason": "x"}),
    ]
    for url in gets:
        assert beta_client.get(url).status_code == 404, url
    for url, data in posts:
        assert beta_client.post(url, data).status_code == 404, url
    assert "Private Sache" not in beta_client.get("/admin/netzwerk/gespraeche/").content.decode()
    assert "Private Sache" not in beta_client.get("/admin/netzwerk/").content.decode()
    offer.refresh_from_db()
    assert offer.title != "gekapert" and offer.status == "open"
    assert thread.messages.count() == 1


def test_hidden_or_withdrawn_posts_are_404_for_others_but_not_for_the_owner(alpha_setup, beta_client, alpha_client):
    offer, _thread = alpha_setup
    assert beta_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/").status_code == 200
    post_hide(post=offer, reason="Spam", by="betrieb")
    for url in (
        f"/admin/netzwerk/beitraege/{offer.pk}/",
        f"/admin/netzwerk/beitraege/{offer.pk}/antworten/",
        f"/admin/netzwerk/beitraege/{offer.pk}/melden/",
    ):
        assert beta_client.get(url).status_code == 404, url
    assert alpha_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/").status_code == 200


def test_helpers_are_listed_only_for_the_owner(alpha_setup, beta_client):
    offer, _thread = alpha_setup
    html = beta_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/").content.decode()
    assert "Gemeldete Helfende" not in html and "Antworten anderer Vereine" not in html


def test_club_admin_views_do_not_exist_on_the_portal(portal, alpha_setup):
    user_model = get_user_model()
    user_model.objects.create_superuser("betrieb", "betrieb@example.org", "test-passwort-123")
    client = host_client("localhost")
    assert client.post("/admin/login/", {"username": "betrieb", "password": "test-passwort-123"}).status_code == 302
    offer, thread = alpha_setup
    for url in (
        "/admin/netzwerk/",
        "/admin/netzwerk/suche/",
        f"/admin/netzwerk/beitraege/{offer.pk}/",
        f"/admin/netzwerk/gespraeche/{thread.pk}/",
        "/admin/netzwerk/beitraege/neu/",
    ):
        assert client.get(url).status_code == 404, url
    # the operators' moderation works there
    assert client.get("/admin/community/crisis/").status_code == 200
    assert client.get("/admin/community/report/").status_code == 200
    assert client.get("/admin/community/post/").status_code == 200
    response = client.post(
        "/admin/community/crisis/create/",
        {
            "title": "Sturm",
            "description": "Bäume",
            "area_postal_codes": "123",
            "area_towns": "",
            "starts_at": "2026-01-01 10:00",
            "planned_end": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from community.models import Crisis

    assert Crisis.objects.get(title="Sturm").declared_by == "betrieb"


def test_moderation_and_portal_pages_do_not_exist_on_a_club_host(alpha_client, alpha_setup):
    offer, _thread = alpha_setup
    for url in (
        "/admin/community/crisis/",
        "/admin/community/report/",
        "/admin/community/post/",
        "/admin/community/exchangesuspension/",
        f"/admin/community/post/hide/{offer.pk}/",
        "/netzwerk/",
        "/netzwerk/krise/x/",
    ):
        assert alpha_client.get(url).status_code == 404, url
    html = alpha_client.get("/admin/").content.decode()
    assert "/admin/netzwerk/" in html  # the club's own menu is there


def test_anonymous_is_sent_to_login(club_client, alpha_setup):
    response = club_client.get("/admin/netzwerk/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_report_and_suspension(alpha_setup, beta_client, other_club, club, alpha_client):
    offer, _thread = alpha_setup
    response = beta_client.post(f"/admin/netzwerk/beitraege/{offer.pk}/melden/", {"reason": "Unseriös"})
    assert response.status_code == 302
    from community.models import Report

    report = Report.objects.get()
    assert report.post == offer and report.reporter == other_club
    club_suspend(club=club, reason="Wiederholt Spam", by="betrieb")
    html = alpha_client.get("/admin/netzwerk/").content.decode()
    assert "gesperrt" in html and "Wiederholt Spam" in html
    response = alpha_client.post(f"/admin/netzwerk/beitraege/{offer.pk}/verlaengern/")
    assert response.status_code == 302  # refused with a message, nothing renewed
    assert beta_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/").status_code == 404  # suspended club's posts vanish


def test_message_report_only_in_own_threads(alpha_setup, alpha_editor, club):
    _offer, thread = alpha_setup
    message = thread.messages.get()
    report = report_create(club=club, user=alpha_editor, message=message, reason="Beleidigend")
    assert report.message == message
