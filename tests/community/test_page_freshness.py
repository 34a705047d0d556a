"""Pages of the exchange with the full-page cache switched on: every change shows at once
(issue #11, item 11: the crisis board said "0 von 2 Plätzen vergeben" minutes after it was full)."""

from django.core.cache import caches
from django.test import override_settings

import pytest

from community.services import (
    club_suspend,
    club_unsuspend,
    crisis_end,
    helper_cancel,
    helper_signup,
    post_hide,
    post_renew,
    post_set_status,
    post_unhide,
    post_update,
    posts_expire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on():
    caches["pages"].clear()
    with override_settings(HH_PAGE_CACHE_SECONDS=60, HH_FRAGMENT_CACHE_SECONDS=60):
        yield
    caches["pages"].clear()


@pytest.fixture
def need(club, alpha_editor, make_post, crisis):
    return make_post(
        club,
        alpha_editor,
        post_type="request",
        kind="helpers",
        title="Sandsäcke füllen",
        description="Am Bauhof.",
        crisis=crisis,
        helper_cap=2,
        helper_slots="Samstag 8–12 Uhr",
        is_public=True,
    )


def _board(client, crisis) -> str:
    response = client.get(f"/netzwerk/krise/{crisis.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_sign_ups_show_on_the_board_at_once(need, crisis, portal_client):
    assert "0 von 2 Plätzen vergeben" in _board(portal_client, crisis)
    assert "0 von 2 Plätzen vergeben" in _board(portal_client, crisis)  # kept, served again
    url = f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/"
    form = {"name": "Erika", "email": "erika@example.org", "slot": "Samstag 8–12 Uhr", "privacy": "on"}
    assert portal_client.post(url, form).status_code == 200
    assert "1 von 2 Plätzen vergeben" in _board(portal_client, crisis)
    _signup, token = helper_signup(post=need, name="Max", phone="0123", slot="Samstag 8–12 Uhr")
    html = _board(portal_client, crisis)
    assert "Genug Helfende gemeldet" in html and "Plätzen vergeben" not in html
    helper_cancel(token=token)
    assert "1 von 2 Plätzen vergeben" in _board(portal_client, crisis)


def test_new_and_changed_needs_show_on_the_board_at_once(need, crisis, club, alpha_editor, make_post, portal_client):
    assert "Sandsäcke füllen" in _board(portal_client, crisis)
    make_post(
        club,
        alpha_editor,
        post_type="request",
        kind="helpers",
        title="Essen ausgeben",
        description="In der Turnhalle.",
        crisis=crisis,
    )
    assert "Essen ausgeben" in _board(portal_client, crisis)
    post_update(post=need, club=club, title="Sandsäcke schleppen")
    assert "Sandsäcke schleppen" in _board(portal_client, crisis)
    post_set_status(post=need, club=club, status="met")
    assert "Sandsäcke schleppen" not in _board(portal_client, crisis)
    crisis_end(crisis=crisis, by="betrieb")
    assert "Diese Krise ist beendet" in _board(portal_client, crisis)


def test_the_board_is_not_kept_by_the_full_page_cache(need, crisis, portal_client):
    _board(portal_client, crisis)
    response = portal_client.get(f"/netzwerk/krise/{crisis.slug}/")
    assert response.get("X-Page-Cache") is None  # its own cache, purged per change
    assert response["Cache-Control"] == "public, no-cache"  # browsers and proxies ask again too


def test_public_posts_pages_follow_every_change(club, other_club, alpha_editor, make_post, portal_client):
    post = make_post(club, alpha_editor, title="Festzelt 8 x 12 m", is_public=True)
    assert "Festzelt 8 x 12 m" in portal_client.get("/netzwerk/").content.decode()
    assert portal_client.get("/netzwerk/")["X-Page-Cache"] == "hit"
    detail = f"/netzwerk/beitrag/{post.pk}/"
    assert portal_client.get(detail).status_code == 200

    make_post(club, alpha_editor, title="Bühnenelemente", is_public=True)  # created
    assert "Bühnenelemente" in portal_client.get("/netzwerk/").content.decode()
    post_update(post=post, club=club, title="Festzelt 6 x 10 m")  # edited
    assert "Festzelt 6 x 10 m" in portal_client.get("/netzwerk/").content.decode()
    assert "Festzelt 6 x 10 m" in portal_client.get(detail).content.decode()
    post_update(post=post, club=club, is_public=False)  # no longer public
    assert "Festzelt" not in portal_client.get("/netzwerk/").content.decode()
    assert portal_client.get(detail).status_code == 404
    post_update(post=post, club=club, is_public=True)
    post_set_status(post=post, club=club, status="withdrawn")  # withdrawn
    assert "Festzelt" not in portal_client.get("/netzwerk/").content.decode()
    post_set_status(post=post, club=club, status="open")
    assert "Festzelt" in portal_client.get("/netzwerk/").content.decode()
    post_hide(post=post, reason="Spam", by="betrieb")  # hidden by the moderators
    assert "Festzelt" not in portal_client.get("/netzwerk/").content.decode()
    post_unhide(post=post, by="betrieb")
    assert "Festzelt" in portal_client.get("/netzwerk/").content.decode()
    club_suspend(club=club, reason="Test", by="betrieb")  # the club is suspended
    assert "Festzelt" not in portal_client.get("/netzwerk/").content.decode()
    club_unsuspend(club=club, by="betrieb")
    assert "Festzelt" in portal_client.get("/netzwerk/").content.decode()


def test_expiry_and_renewal_show_at_once(club, alpha_editor, make_post, portal_client):
    from datetime import timedelta

    from django.utils import timezone

    from community.models import Post

    post = make_post(club, alpha_editor, title="Festzelt 8 x 12 m", is_public=True)
    assert "Festzelt" in portal_client.get("/netzwerk/").content.decode()
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert posts_expire(today=timezone.localdate()) == 1  # expired (the daily job)
    assert "Festzelt" not in portal_client.get("/netzwerk/").content.decode()
    post.refresh_from_db()
    post_renew(post=post, club=club)  # renewed
    assert "Festzelt" in portal_client.get("/netzwerk/").content.decode()
