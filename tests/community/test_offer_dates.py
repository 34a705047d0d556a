"""Dates of offers (issue #11, items 12 and 13): the lending calendar shows the last day, expiry
follows the offer's own dates, renewing always extends, the accept form starts from the days
asked for, lending outside the offered days is refused, a form sent twice makes one post."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from community.models import Lending, Post, Thread
from community.services import lending_create, post_create, post_expiry, post_renew, thread_accept, thread_start

from .conftest import day
from .test_posts import _form_data


@pytest.fixture
def trailer(club, alpha_editor, make_post):
    return make_post(club, alpha_editor, kind="vehicle", title="Anhänger 750 kg", starts_on=day(100), ends_on=day(130))


# --- item 12: the lending calendar ----------------------------------------------------------------


def test_lending_calendar_shows_the_last_day_not_the_day_after(
    trailer, club, other_club, beta_editor, alpha_client, beta_client
):
    first, last = day(105), day(109)
    thread = thread_start(post=trailer, club=other_club, user=beta_editor, body="Fünf Tage bitte")
    thread_accept(thread=thread, club=club, lend_from=first, lend_to=last)
    lending = Lending.objects.get()
    assert (lending.first_day, lending.last_day) == (first, last)
    shown = f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"
    day_after = f"{last + timedelta(days=1):%d.%m.%Y}"
    for client, url in (
        (alpha_client, f"/admin/netzwerk/beitraege/{trailer.pk}/"),  # the owner's calendar
        (alpha_client, f"/admin/netzwerk/gespraeche/{thread.pk}/"),  # the conversation
        (beta_client, f"/admin/netzwerk/beitraege/{trailer.pk}/"),  # "schon verliehen" for others
        (beta_client, f"/admin/netzwerk/gespraeche/{thread.pk}/"),
    ):
        html = client.get(url).content.decode()
        assert shown in html, url
        assert day_after not in html, url
    assert str(lending).endswith(shown)


# --- item 13: expiry from the offer's own dates ----------------------------------------------------


def test_expiry_follows_the_offer_s_dates():
    today = date(2026, 12, 2)
    # Available from 11.01.2027, open-ended: 30 days from the day it is available, not from today.
    assert post_expiry(starts_on=date(2027, 1, 11), ends_on=None, today=today) == date(2027, 2, 10)
    # A window: until its last day, also when that is more than 30 days away.
    assert post_expiry(starts_on=date(2027, 1, 11), ends_on=date(2027, 3, 20), today=today) == date(2027, 3, 20)
    assert post_expiry(starts_on=None, ends_on=date(2026, 12, 10), today=today) == date(2026, 12, 10)
    # No dates, or already available: 30 days from today.
    assert post_expiry(starts_on=None, ends_on=None, today=today) == date(2027, 1, 1)
    assert post_expiry(starts_on=date(2026, 11, 1), ends_on=None, today=today) == date(2027, 1, 1)


def test_post_created_from_the_form_expires_with_its_window(club, alpha_editor, alpha_client):
    data = _form_data(alpha_editor, post_type="offer", starts_on=day(40).isoformat(), ends_on=day(75).isoformat())
    response = alpha_client.post("/admin/netzwerk/beitraege/neu/", data)
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.expires_on == day(75)  # was: 30 days after posting, before the offer even began
    html = alpha_client.get(f"/admin/netzwerk/beitraege/{post.pk}/").content.decode()
    assert f"{day(75):%d.%m.%Y}" in html


def test_a_window_that_has_ended_is_refused_and_the_form_kept(club, alpha_editor, alpha_client):
    data = _form_data(alpha_editor, starts_on=day(-10).isoformat(), ends_on=day(-3).isoformat())
    response = alpha_client.post("/admin/netzwerk/beitraege/neu/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende liegt in der Vergangenheit" in html
    assert "Anhänger für Samstag" in html
    assert not Post.objects.exists()


def test_changing_the_dates_moves_the_expiry(club, alpha_editor, make_post):
    from community.services import post_update

    post = make_post(club, alpha_editor, starts_on=day(10), ends_on=day(60))
    assert post.expires_on == day(60)
    post_update(post=post, club=club, ends_on=day(20))
    assert post.expires_on == day(20)
    post_update(post=post, club=club, ends_on=None)
    assert post.expires_on == day(40)  # 30 days from its first day


def test_renewing_a_fresh_post_extends_it_and_says_until_when(club, alpha_editor, alpha_client, make_post):
    post = make_post(club, alpha_editor)
    assert post.expires_on == day(30)
    page = alpha_client.get(f"/admin/netzwerk/beitraege/{post.pk}/verlaengern/").content.decode()
    assert f"bis zum {day(60):%d.%m.%Y}" in page
    response = alpha_client.post(f"/admin/netzwerk/beitraege/{post.pk}/verlaengern/", follow=True)
    post.refresh_from_db()
    assert post.expires_on == day(60)  # was: today + 30, the same day again
    assert f"bis zum {day(60):%d.%m.%Y} sichtbar" in response.content.decode()
    post_renew(post=post, club=club)
    assert post.expires_on == day(90)


def test_renewing_a_lapsed_post_runs_from_today(club, alpha_editor, make_post):
    post = make_post(club, alpha_editor)
    Post.objects.filter(pk=post.pk).update(expires_on=day(-5), status="expired")
    post.refresh_from_db()
    post_renew(post=post, club=club)
    assert post.expires_on == day(30) and post.status == "open"


# --- item 13: the days asked for, the offered window -----------------------------------------------


def _value(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_accept_form_starts_from_the_days_asked_for(trailer, other_club, beta_client, alpha_client):
    response = beta_client.post(
        f"/admin/netzwerk/beitraege/{trailer.pk}/antworten/",
        {"body": "Für unser Zeltlager", "wanted_from": day(110).isoformat(), "wanted_to": day(112).isoformat()},
    )
    assert response.status_code == 302
    thread = Thread.objects.get(post=trailer)
    assert (thread.wanted_from, thread.wanted_to) == (day(110), day(112))
    html = alpha_client.get(f"/admin/netzwerk/gespraeche/{thread.pk}/").content.decode()
    # Was: the whole availability window (day 100 to day 130).
    assert _value(html, "lend_from") == day(110).isoformat()
    assert _value(html, "lend_to") == day(112).isoformat()


def test_days_asked_for_outside_the_offer_are_refused_with_the_window(trailer, beta_client):
    response = beta_client.post(
        f"/admin/netzwerk/beitraege/{trailer.pk}/antworten/",
        {"body": "Geht das?", "wanted_from": day(95).isoformat(), "wanted_to": day(102).isoformat()},
    )
    html = response.content.decode()
    assert f"nur vom {day(100):%d.%m.%Y} bis zum {day(130):%d.%m.%Y} zur Verfügung" in html
    assert "Geht das?" in html
    assert not Thread.objects.exists()


def test_lending_outside_the_offered_window_is_refused(trailer, club, other_club, beta_editor, alpha_client):
    thread = thread_start(post=trailer, club=other_club, user=beta_editor, body="Hallo")
    response = alpha_client.post(
        f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/",
        {"lend_from": day(128).isoformat(), "lend_to": day(133).isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f"nur vom {day(100):%d.%m.%Y} bis zum {day(130):%d.%m.%Y} zur Verfügung" in html
    assert _value(html, "lend_to") == day(133).isoformat()  # the typed days stay
    thread.refresh_from_db()
    assert thread.status == "pending" and not Lending.objects.exists()
    # Inside the window it works, up to its last day; a further lending after it does not.
    assert (
        alpha_client.post(
            f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/",
            {"lend_from": day(120).isoformat(), "lend_to": day(130).isoformat()},
        ).status_code
        == 302
    )
    assert Lending.objects.count() == 1
    thread.refresh_from_db()
    with pytest.raises(ValidationError, match="zur Verfügung"):
        lending_create(thread=thread, club=club, start=day(99), end=day(101))


def test_open_ended_offer_refuses_days_before_it_starts(club, other_club, alpha_editor, beta_editor, make_post):
    bus = make_post(club, alpha_editor, kind="vehicle", title="Bus", starts_on=day(20))
    thread = thread_start(post=bus, club=other_club, user=beta_editor, body="Hallo")
    with pytest.raises(ValidationError, match=f"ab dem {day(20):%d.%m.%Y}"):
        thread_accept(thread=thread, club=club, lend_from=day(18), lend_to=day(22))


# --- item 13: a form sent twice --------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_post(club, alpha_editor, alpha_client):
    page = alpha_client.get("/admin/netzwerk/beitraege/neu/").content.decode()
    token = _value(page, "submit_token")
    assert len(token) >= 16
    data = _form_data(alpha_editor, submit_token=token)
    first = alpha_client.post("/admin/netzwerk/beitraege/neu/", data)
    second = alpha_client.post("/admin/netzwerk/beitraege/neu/", data)
    assert Post.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    # A fresh form (new token) makes a second post.
    other = _value(alpha_client.get("/admin/netzwerk/beitraege/neu/").content.decode(), "submit_token")
    assert other != token
    alpha_client.post("/admin/netzwerk/beitraege/neu/", _form_data(alpha_editor, submit_token=other))
    assert Post.objects.count() == 2


def test_token_kept_when_the_form_comes_back_with_an_error(club, alpha_editor, alpha_client):
    token = "a" * 32
    html = alpha_client.post(
        "/admin/netzwerk/beitraege/neu/", _form_data(alpha_editor, title="", submit_token=token)
    ).content.decode()
    assert _value(html, "submit_token") == token
    bad = alpha_client.post("/admin/netzwerk/beitraege/neu/", _form_data(alpha_editor, submit_token="<x>"))
    assert "Bitte laden Sie die Seite neu" in bad.content.decode()
    assert not Post.objects.exists()


def test_parallel_submits_with_one_token_make_one_post(club, alpha_editor):
    """The database decides between two submits that both passed the first look-up."""
    fields = {
        "post_type": "offer",
        "kind": "equipment",
        "title": "Bierbänke",
        "description": "40 Stück",
        "postal_code": "12345",
        "town": "Musterstadt",
    }
    first = post_create(club=club, contact=alpha_editor, submit_token="t" * 20, **fields)
    # The second submit's look-up saw nothing yet (it ran before the first committed):
    Post.objects.filter(pk=first.pk).update(submit_token="t" * 20)
    from unittest import mock

    real_filter = Post.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            return Post.objects.none()
        return real_filter(*args, **kwargs)

    with mock.patch.object(Post.objects, "filter", side_effect=blind_first_lookup):
        second = post_create(club=club, contact=alpha_editor, submit_token="t" * 20, **fields)
    assert second.pk == first.pk
    assert Post.objects.count() == 1
    assert timezone.localdate() <= first.expires_on
