"""'Notify me about new matches': double opt-in, one-click unsubscribe, the sending command."""

import re
from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from sites.portal.models import SearchSubscription

from .conftest import make_opportunity

pytestmark = pytest.mark.django_db


def _link(message, kind):
    return re.search(rf"http://localhost[^\s]*/{kind}/[^\s]+/", message.body).group(0)


def _subscribe(client, email="neu@example.org", query="?q=Kinder"):
    return client.post(f"/engagement/benachrichtigung/{query}", {"email": email, "consent": "on"})


def test_double_opt_in_and_matches(portal_client, club):
    response = _subscribe(portal_client)
    assert response.status_code == 200 and "Fast geschafft" in response.content.decode()
    subscription = SearchSubscription.objects.get(email="neu@example.org")
    assert subscription.filters == {"q": "Kinder"}
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    confirm = _link(mail.outbox[0], "bestaetigen")

    # Not confirmed: nothing is sent.
    make_opportunity(club, title="Kinderchor sucht Begleitung")
    call_command("send_listing_alerts", stdout=StringIO())
    assert len(mail.outbox) == 1

    path = confirm.split("localhost", 1)[1].lstrip(":0123456789")
    assert portal_client.get(path).status_code == 200  # shows a button; a mail scanner confirms nothing
    assert SearchSubscription.objects.get(pk=subscription.pk).confirmed_at is None
    portal_client.post(path)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    SearchSubscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now() - timedelta(minutes=1))
    make_opportunity(club, title="Kinderturnen Helferin")
    make_opportunity(club, title="Kassenprüfung", target_groups=[], summary="Belege prüfen.")  # does not match "Kinder"
    call_command("send_listing_alerts", stdout=StringIO())
    assert len(mail.outbox) == 2
    alert = mail.outbox[1]
    assert "Kinderturnen Helferin" in alert.body and "Kassenprüfung" not in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Nothing new: no second mail.
    call_command("send_listing_alerts", stdout=StringIO())
    assert len(mail.outbox) == 2

    unsubscribe = _link(alert, "abmelden").split("localhost", 1)[1].lstrip(":0123456789")
    response = portal_client.get(unsubscribe)
    assert response.status_code == 200 and "abgemeldet" in response.content.decode()
    assert not SearchSubscription.objects.filter(pk=subscription.pk).exists()


def test_invalid_email_keeps_input_and_explains(portal_client):
    response = _subscribe(portal_client, email="kein-mail")
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="kein-mail"' in body
    assert "gültige E-Mail-Adresse" in body
    assert not SearchSubscription.objects.exists()


def test_unknown_token(portal_client):
    response = portal_client.post("/engagement/benachrichtigung/bestaetigen/falsch/")
    assert "kennen wir nicht" in response.content.decode()
