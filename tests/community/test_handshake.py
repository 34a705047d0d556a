"""Handshake: answer, accept/decline, contact details only after accept, e-mails without personal addresses."""

from django.core import mail

import pytest

from community.constants import ThreadStatus
from community.models import Thread


@pytest.fixture
def offer(club, alpha_editor, make_post):
    return make_post(club, alpha_editor, address="Sportplatzweg 7", contact_phone="0170 1111111")


def test_answer_accept_and_contacts_visible_only_after_accept(offer, beta_client, alpha_client):
    response = beta_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "40 Bierbänke" in html
    for secret in ("editor@alpha.example", "Sportplatzweg 7", "0170 1111111"):
        assert secret not in html

    mail.outbox.clear()
    response = beta_client.post(
        f"/admin/netzwerk/beitraege/{offer.pk}/antworten/", {"body": "Wir bräuchten 20 Bänke am Samstag."}
    )
    assert response.status_code == 302
    thread = Thread.objects.get(post=offer)
    assert thread.status == ThreadStatus.PENDING
    # The poster's own contact person is told; the mail names the other club, not its people.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@alpha.example"]
    assert "editor@beta.example" not in mail.outbox[0].body
    assert "Chor Beta" in mail.outbox[0].subject or "Beta" in mail.outbox[0].subject
    assert not mail.outbox[0].reply_to

    for client, hidden in ((beta_client, "editor@alpha.example"), (alpha_client, "editor@beta.example")):
        html = client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()
        assert "Wir bräuchten 20 Bänke" in html
        assert hidden not in html
        assert "Sportplatzweg 7" not in html

    mail.outbox.clear()
    response = alpha_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/", {})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.ACCEPTED
    assert mail.outbox[0].to == ["editor@beta.example"]
    assert "editor@alpha.example" not in mail.outbox[0].body

    beta_html = beta_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()
    assert "editor@alpha.example" in beta_html and "Sportplatzweg 7" in beta_html and "0170 1111111" in beta_html
    alpha_html = alpha_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()
    assert "editor@beta.example" in alpha_html


def test_messages_in_thread_and_notification(offer, beta_client, alpha_client):
    beta_client.post(f"/admin/netzwerk/beitraege/{offer.pk}/antworten/", {"body": "Hallo!"})
    thread = Thread.objects.get(post=offer)
    mail.outbox.clear()
    response = alpha_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/", {"body": "Gern, wann holt ihr ab?"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["editor@beta.example"]
    assert "Gern, wann holt ihr ab?" in mail.outbox[0].body
    assert "editor@alpha.example" not in mail.outbox[0].body
    html = beta_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()
    assert "Gern, wann holt ihr ab?" in html


def test_decline_ends_the_thread(offer, beta_client, alpha_client):
    beta_client.post(f"/admin/netzwerk/beitraege/{offer.pk}/antworten/", {"body": "Hallo!"})
    thread = Thread.objects.get(post=offer)
    alpha_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/ablehnen/")
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.DECLINED
    response = beta_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/", {"body": "Schade"})
    assert "Dieses Gespräch ist beendet" in response.content.decode()
    assert "editor@alpha.example" not in beta_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()


def test_only_the_poster_accepts_and_nobody_answers_their_own_post(offer, beta_client, alpha_client):
    beta_client.post(f"/admin/netzwerk/beitraege/{offer.pk}/antworten/", {"body": "Hallo!"})
    thread = Thread.objects.get(post=offer)
    assert beta_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/", {}).status_code == 404
    assert beta_client.post(f"/admin/netzwerk/gespraeche/{thread.pk}/ablehnen/").status_code == 404
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.PENDING
    assert alpha_client.get(f"/admin/netzwerk/beitraege/{offer.pk}/antworten/").status_code == 404


def test_pending_handshake_times_out(offer, other_club, beta_editor):
    from datetime import timedelta

    from django.utils import timezone

    from community.services import thread_start, threads_time_out

    thread = thread_start(post=offer, club=other_club, user=beta_editor, body="Hallo")
    assert threads_time_out(now=timezone.now()) == 0
    assert threads_time_out(now=timezone.now() + timedelta(days=15)) == 1
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.TIMED_OUT
