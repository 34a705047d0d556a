"""The handshake and its messages: start a thread, write, accept, decline, time out."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.constants import LENDABLE_KINDS, PostType, ThreadStatus
from community.models import Message, Post, Thread
from community.selectors import live_posts
from sites.clubs.models import Club

from ._common import _admin_url, _ensure_may_act, _mail_after_commit, _user_name, setting
from .lending import _check_in_window, lending_create


def _rate_limit_messages(club: Club) -> None:
    since = timezone.now() - timedelta(hours=1)
    if Message.objects.filter(sender=club, created_at__gte=since).count() >= setting("MESSAGES_PER_HOUR"):
        raise ValidationError(
            _("Ihr Verein hat in der letzten Stunde schon %(n)s Nachrichten geschrieben. Bitte etwas später.")
            % {"n": setting("MESSAGES_PER_HOUR")}
        )


def _notify_other_side(*, thread: Thread, sender: Club, subject: str, template: str, extra: dict | None = None):
    """E-mail the receiving club's own contact person; the sender is named only by club name."""
    receiver = thread.other_club(sender)
    to = thread.post.contact_email if receiver.pk == thread.post.club_id else thread.responder_email
    context = {
        "thread": thread,
        "post": thread.post,
        "sender": sender,
        "receiver": receiver,
        "url": _admin_url(receiver, "community_admin:thread", pk=thread.pk),
        **(extra or {}),
    }
    _mail_after_commit(subject=subject, template=template, context=context, to=[to])


def _wanted_days(post: Post, wanted_from: date | None, wanted_to: date | None) -> tuple[date | None, date | None]:
    if not wanted_from and not wanted_to:
        return None, None
    if post.post_type != PostType.OFFER or post.kind not in LENDABLE_KINDS:
        return None, None  # nothing to lend: days are not asked for
    if not wanted_from or not wanted_to:
        raise ValidationError({"wanted_from": _("Bitte geben Sie den ersten und den letzten Tag an – oder keinen.")})
    if wanted_to < wanted_from:
        raise ValidationError({"wanted_to": _("Das Ende liegt vor dem Beginn.")})
    _check_in_window(post, wanted_from, wanted_to, field="wanted_from")
    return wanted_from, wanted_to


@transaction.atomic
def thread_start(
    *,
    post: Post,
    club: Club,
    user,
    body: str,
    wanted_from: date | None = None,
    wanted_to: date | None = None,
) -> Thread:
    """Answer another club's post: opens the thread (handshake pending) with the first message;
    for an offer with a lending calendar optionally the days the club asks for."""
    _ensure_may_act(club)
    if post.club_id == club.pk:
        raise ValidationError(_("Auf eigene Beiträge kann man nicht antworten."))
    if not live_posts().filter(pk=post.pk).exists():
        raise ValidationError(_("Dieser Beitrag ist nicht mehr offen."))
    if Thread.objects.filter(post=post, responder=club).exists():
        raise ValidationError(
            _("Ihr Verein hat auf diesen Beitrag schon geantwortet. Bitte schreiben Sie im Gespräch weiter.")
        )
    wanted_from, wanted_to = _wanted_days(post, wanted_from, wanted_to)
    _rate_limit_messages(club)
    thread = Thread(
        post=post,
        responder=club,
        wanted_from=wanted_from,
        wanted_to=wanted_to,
        responder_user_id=user.pk,
        responder_name=_user_name(user),
        responder_email=user.email,
    )
    thread.full_clean()
    try:
        with transaction.atomic():
            thread.save()
    except IntegrityError as exc:  # a second click in parallel
        raise ValidationError(_("Ihr Verein hat auf diesen Beitrag schon geantwortet.")) from exc
    message = Message(thread=thread, sender=club, author_user_id=user.pk, author_name=_user_name(user), body=body)
    message.full_clean()
    message.save()
    _notify_other_side(
        thread=thread,
        sender=club,
        subject=_("Neue Antwort auf „%(title)s“ von %(club)s") % {"title": post.title, "club": club.display_name},
        template="community/email/thread_started.txt",
        extra={"message": message},
    )
    return thread


@transaction.atomic
def message_send(*, thread: Thread, club: Club, user, body: str) -> Message:
    """A message from one side of the thread to the other."""
    _ensure_may_act(club)
    if club.pk not in (thread.post.club_id, thread.responder_id):
        raise PermissionDenied
    if thread.status in (ThreadStatus.DECLINED, ThreadStatus.TIMED_OUT):
        raise ValidationError(_("Dieses Gespräch ist beendet. Es können keine Nachrichten mehr geschrieben werden."))
    _rate_limit_messages(club)
    message = Message(thread=thread, sender=club, author_user_id=user.pk, author_name=_user_name(user), body=body)
    message.full_clean()
    message.save()
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _notify_other_side(
        thread=thread,
        sender=club,
        subject=_("Neue Nachricht von %(club)s zu „%(title)s“")
        % {"club": club.display_name, "title": thread.post.title},
        template="community/email/message.txt",
        extra={"message": message},
    )
    return message


@transaction.atomic
def thread_accept(*, thread: Thread, club: Club, lend_from: date | None = None, lend_to: date | None = None) -> Thread:
    """The poster accepts: both sides now see each other's contact details; an item may be lent."""
    _ensure_may_act(club)
    if club.pk != thread.post.club_id:
        raise PermissionDenied
    thread = Thread.objects.select_for_update().select_related("post", "responder").get(pk=thread.pk)
    if thread.status != ThreadStatus.PENDING:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    thread.status = ThreadStatus.ACCEPTED
    thread.decided_at = timezone.now()
    thread.save(update_fields=["status", "decided_at"])
    if lend_from or lend_to:
        lending_create(thread=thread, club=club, start=lend_from, end=lend_to)
    _notify_other_side(
        thread=thread,
        sender=club,
        subject=_("%(club)s hat Ihre Antwort auf „%(title)s“ angenommen")
        % {"club": club.display_name, "title": thread.post.title},
        template="community/email/accepted.txt",
    )
    return thread


@transaction.atomic
def thread_decline(*, thread: Thread, club: Club) -> Thread:
    if club.pk != thread.post.club_id:
        raise PermissionDenied
    thread = Thread.objects.select_for_update().select_related("post", "responder").get(pk=thread.pk)
    if thread.status != ThreadStatus.PENDING:
        raise ValidationError(_("Über diese Anfrage wurde bereits entschieden."))
    thread.status = ThreadStatus.DECLINED
    thread.decided_at = timezone.now()
    thread.save(update_fields=["status", "decided_at"])
    _notify_other_side(
        thread=thread,
        sender=club,
        subject=_("%(club)s hat Ihre Antwort auf „%(title)s“ abgelehnt")
        % {"club": club.display_name, "title": thread.post.title},
        template="community/email/declined.txt",
    )
    return thread


def threads_time_out(*, now: datetime) -> int:
    """Pending handshakes older than THREAD_TIMEOUT_DAYS time out."""
    limit = now - timedelta(days=setting("THREAD_TIMEOUT_DAYS"))
    return Thread.objects.filter(status=ThreadStatus.PENDING, created_at__lt=limit).update(
        status=ThreadStatus.TIMED_OUT, decided_at=now
    )
