"""Crisis mode: banner on every host, crisis posts first, clubs told, sign-up with cap, private cancellation."""

import re
from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

import pytest

from community.models import HelperSignup
from community.selectors import post_search
from community.services import crisis_end, helper_cancel, helper_signup, helpers_purge


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
        helper_slots="Samstag 8–12 Uhr\nSamstag 12–16 Uhr",
        is_public=True,
    )


def test_declaring_mails_clubs_in_the_area(portal):
    from community.services import crisis_declare

    mail.outbox.clear()
    crisis_declare(title="Sturm", description="Bäume umgestürzt", area_postal_codes="12345", by="betrieb")
    assert [m.to for m in mail.outbox] == [["info@alpha.example"]]  # beta (12399) is outside
    assert "Krisenmodus: Sturm" in mail.outbox[0].subject
    mail.outbox.clear()
    crisis_declare(title="Sturm 2", description="…", area_towns="Beispielheim, Musterstadt", by="betrieb")
    assert sorted(m.to[0] for m in mail.outbox) == ["info@alpha.example", "info@beta.example"]


def test_banner_on_portal_and_club_site_and_gone_after_end(crisis, portal_client, club_client):
    for client in (portal_client, club_client):
        html = client.get("/").content.decode()
        assert "Krisenmodus" in html and "Hochwasser an der Muster" in html
        assert "/netzwerk/krise/hochwasser-an-der-muster/" in html
    crisis_end(crisis=crisis, by="betrieb")
    assert "Hochwasser an der Muster" not in portal_client.get("/").content.decode()
    assert "Hochwasser an der Muster" not in club_client.get("/").content.decode()


def test_banner_is_one_cache_read_not_a_query(crisis, club_client, django_assert_max_num_queries):
    from community.context_processors import crisis as processor

    class Request:
        tenant = None

    processor(Request())  # warm
    with django_assert_max_num_queries(0):
        assert processor(Request())["active_crisis"]["title"] == crisis.title


def test_crisis_posts_come_first(club, alpha_editor, make_post, need):
    make_post(club, alpha_editor, title="Neuer als die Krise")
    assert list(post_search())[0] == need


def test_sign_up_cap_and_cancellation_link(need, crisis, portal_client, club, alpha_client):
    page = portal_client.get(f"/netzwerk/krise/{crisis.slug}/")
    assert page.status_code == 200
    assert "Sandsäcke füllen" in page.content.decode()
    url = f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/"
    mail.outbox.clear()
    response = portal_client.post(
        url, {"name": "Erika Muster", "email": "erika@example.org", "slot": "Samstag 8–12 Uhr", "privacy": "on"}
    )
    assert response.status_code == 200
    assert "Danke, Sie sind angemeldet" in response.content.decode()
    cancel_path = re.search(r'href="(/netzwerk/absage/[^"]+/)"', response.content.decode()).group(1)
    assert cancel_path.split("/")[-2] in mail.outbox[0].body

    # The page is served from cache, but a sign-up refreshes it.
    assert "1 von 2 Plätzen vergeben" in portal_client.get(f"/netzwerk/krise/{crisis.slug}/").content.decode()

    response = portal_client.post(url, {"name": "Max", "phone": "0171 2", "slot": "Samstag 12–16 Uhr", "privacy": "on"})
    assert "Danke" in response.content.decode()
    response = portal_client.post(
        url, {"name": "Zu spät", "phone": "0171 3", "slot": "Samstag 12–16 Uhr", "privacy": "on"}
    )
    assert "schon genug Helfende" in response.content.decode()
    assert HelperSignup.objects.filter(post=need).count() == 2

    # The requesting club sees its helpers.
    html = alpha_client.get(f"/admin/netzwerk/beitraege/{need.pk}/").content.decode()
    assert "Erika Muster" in html and "erika@example.org" in html and "(2 / 2)" in html

    # GET on the private link only asks; POST cancels and frees the place.
    assert "Möchten Sie Ihre Anmeldung" in portal_client.get(cancel_path).content.decode()
    assert HelperSignup.objects.filter(post=need, cancelled_at__isnull=True).count() == 2
    assert "ist abgesagt" in portal_client.post(cancel_path).content.decode()
    assert HelperSignup.objects.filter(post=need, cancelled_at__isnull=True).count() == 1
    assert portal_client.get(cancel_path).status_code == 404  # used up
    assert portal_client.get("/netzwerk/absage/falsch/").status_code == 404
    assert "1 von 2 Plätzen vergeben" in portal_client.get(f"/netzwerk/krise/{crisis.slug}/").content.decode()


def test_sign_up_needs_contact_and_valid_slot(need, crisis, portal_client):
    url = f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/"
    response = portal_client.post(url, {"name": "Ohne Kontakt", "slot": "Samstag 8–12 Uhr", "privacy": "on"})
    html = response.content.decode()
    assert "E-Mail-Adresse oder eine Telefonnummer" in html and "Ohne Kontakt" in html
    with pytest.raises(ValidationError):
        helper_signup(post=need, name="X", phone="1", slot="Sonntag")
    assert not HelperSignup.objects.exists()


def test_crisis_page_is_cached(need, crisis, portal_client, django_assert_max_num_queries):
    portal_client.get(f"/netzwerk/krise/{crisis.slug}/")
    with django_assert_max_num_queries(1):  # at most the session/tenant plumbing, no crisis queries
        response = portal_client.get(f"/netzwerk/krise/{crisis.slug}/")
    assert "Sandsäcke füllen" in response.content.decode()
    # Kept here, but browsers and proxies ask again each time: sign-up counts are never stale.
    assert response["Cache-Control"] == "public, no-cache"


def test_helpers_data_deleted_30_days_after_the_end(need, crisis):
    _signup, token = helper_signup(post=need, name="Erika", email="e@example.org", slot="Samstag 8–12 Uhr")
    crisis_end(crisis=crisis, by="betrieb")
    assert helpers_purge(now=timezone.now() + timedelta(days=29)) == 0
    assert helpers_purge(now=timezone.now() + timedelta(days=31)) == 1
    assert not HelperSignup.objects.exists()
    assert helper_cancel(token=token) is None
    assert helpers_purge(now=timezone.now() + timedelta(days=40)) == 0


def test_no_sign_up_after_the_crisis(need, crisis, portal_client):
    crisis_end(crisis=crisis, by="betrieb")
    assert portal_client.get(f"/netzwerk/krise/{crisis.slug}/helfen/{need.pk}/").status_code == 404
    assert connection.schema_name == "public"
