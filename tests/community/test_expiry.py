"""End date: lapses after 30 days, reminder 3 days before (once), one-click renew, daily job idempotent."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.constants import PostStatus
from community.models import Post
from community.selectors import post_search
from community.services import community_daily, posts_expire, reminders_send


def test_reminder_three_days_before_once(club, alpha_editor, make_post):
    post = make_post(club, alpha_editor)
    today = timezone.localdate()
    mail.outbox.clear()
    assert reminders_send(today=today) == 0
    assert reminders_send(today=post.expires_on - timedelta(days=3)) == 1
    assert mail.outbox[0].to == ["editor@alpha.example"]
    assert f"/admin/netzwerk/beitraege/{post.pk}/verlaengern/" in mail.outbox[0].body
    assert reminders_send(today=post.expires_on - timedelta(days=3)) == 0
    assert reminders_send(today=post.expires_on - timedelta(days=2)) == 0


def test_post_lapses_and_one_click_renew(club, alpha_editor, alpha_client, make_post):
    post = make_post(club, alpha_editor)
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert post not in post_search()  # hidden at once, even before the daily job
    assert posts_expire(today=timezone.localdate()) == 1
    post.refresh_from_db()
    assert post.status == PostStatus.EXPIRED

    page = alpha_client.get(f"/admin/netzwerk/beitraege/{post.pk}/verlaengern/")
    assert "Jetzt um 30 Tage verlängern" in page.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.EXPIRED  # GET changes nothing
    alpha_client.post(f"/admin/netzwerk/beitraege/{post.pk}/verlaengern/")
    post.refresh_from_db()
    assert post.status == PostStatus.OPEN
    assert post.expires_on == timezone.localdate() + timedelta(days=30)
    assert post in post_search()
    # the renewed post gets a new reminder before its new end date
    mail.outbox.clear()
    assert reminders_send(today=post.expires_on - timedelta(days=3)) == 1


def test_daily_command_twice_sends_nothing_twice(club, alpha_editor, make_post):
    post = make_post(club, alpha_editor)
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate() + timedelta(days=3))
    mail.outbox.clear()
    call_command("community_daily", stdout=io.StringIO())
    first = len(mail.outbox)
    assert first == 1
    result = community_daily()
    assert result["reminders"] == 0 and len(mail.outbox) == first
