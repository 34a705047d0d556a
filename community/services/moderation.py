"""Moderation: reports, hiding posts and messages, suspending clubs from the exchange."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.constants import LIVE_STATUSES, ReportStatus
from community.models import ExchangeSuspension, Message, Post, Report
from sites.clubs.models import Club

from ._common import _user_name, setting
from .cache import _pages_changed
from .posts import _post_pages_changed


@transaction.atomic
def report_create(*, club: Club, user, reason: str, post: Post | None = None, message: Message | None = None) -> Report:
    """A club editor reports a post or a message of one of the club's own threads."""
    if (post is None) == (message is None):
        raise ValueError("report exactly one of post or message")
    if message is not None and club.pk not in (message.thread.post.club_id, message.thread.responder_id):
        raise PermissionDenied
    since = timezone.now() - timedelta(days=1)
    if Report.objects.filter(reporter=club, created_at__gte=since).count() >= setting("REPORTS_PER_DAY"):
        raise ValidationError(_("Ihr Verein hat heute schon sehr viele Meldungen geschickt. Bitte morgen wieder."))
    report = Report(
        reporter=club,
        reporter_user_id=user.pk,
        reporter_name=_user_name(user),
        post=post,
        message=message,
        reason=reason,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_resolve(*, report: Report, by: str, status: str, note: str = "", hide: bool = False) -> Report:
    """An operator closes a report, optionally hiding the reported post or message."""
    if hide:
        if report.post_id:
            post_hide(post=report.post, reason=note or report.reason, by=by)
        else:
            message_hide(message=report.message, by=by)
    report.status = status
    report.resolution_note = note
    report.resolved_by = by
    report.resolved_at = timezone.now() if status != ReportStatus.OPEN else None
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def post_hide(*, post: Post, reason: str, by: str) -> Post:
    post.is_hidden = True
    post.hidden_reason = reason[:300]
    post.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _post_pages_changed(post)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: str) -> Post:
    post.is_hidden = False
    post.hidden_reason = ""
    post.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    _post_pages_changed(post)
    return post


@transaction.atomic
def message_hide(*, message: Message, by: str) -> Message:
    message.is_hidden = True
    message.save(update_fields=["is_hidden"])
    return message


@transaction.atomic
def club_suspend(*, club: Club, reason: str, by: str) -> ExchangeSuspension:
    suspension, _created = ExchangeSuspension.objects.update_or_create(
        club=club, defaults={"reason": reason, "suspended_by": by}
    )
    suspension.full_clean()
    _club_posts_changed(club)
    return suspension


@transaction.atomic
def club_unsuspend(*, club: Club, by: str) -> None:
    ExchangeSuspension.objects.filter(club=club).delete()
    _club_posts_changed(club)


def _club_posts_changed(club: Club) -> None:
    """A suspended (or re-admitted) club's live posts vanish from (or return to) the pages."""
    posts = Post.objects.filter(club=club, status__in=LIVE_STATUSES, is_hidden=False)
    _pages_changed(
        portal=posts.filter(is_public=True).exists(),
        crisis_slugs=set(posts.filter(crisis__isnull=False).values_list("crisis__slug", flat=True)),
    )
