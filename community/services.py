"""Writes of the exchange: posts, handshakes, messages, lending, crises, helpers, moderation.

Every function is keyword-only and atomic, acts for the club it is given (views pass
`request.tenant`), calls `full_clean()` and raises `ValidationError` with a German message when
a rule is broken. E-mails go out after the commit (`transaction.on_commit`), never to the other
club's people before a handshake is accepted: a notification goes to the receiving club's own
contact person and names only the sending club.
"""

import hashlib
import logging
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from django_tenants.utils import get_public_schema_name, schema_context

from cms.mail import header_text, mail_send_after_commit
from cms.page_cache import page_cache_purge, page_cache_purge_all
from sites.clubs.models import Club
from sites.clubs.selectors import host_url

from . import constants as c
from .constants import LENDABLE_KINDS, LIVE_STATUSES, PostStatus, PostType, ReportStatus, ThreadStatus
from .models import (
    Crisis,
    DigestSent,
    ExchangeSuspension,
    HelperSignup,
    Lending,
    Message,
    Post,
    PostPhoto,
    Report,
    Thread,
)
from .selectors import (
    ACTIVE_CRISES_KEY,
    clubs_in_area,
    crises_to_purge,
    crisis_page_generation_key,
    live_posts,
    post_matches,
)

logger = logging.getLogger(__name__)

POST_FIELDS = (
    "post_type",
    "kind",
    "category",
    "title",
    "description",
    "quantity",
    "quantity_unit",
    "starts_on",
    "ends_on",
    "postal_code",
    "town",
    "address",
    "conditions",
    "conditions_note",
    "is_public",
    "crisis",
    "helper_cap",
    "helper_slots",
    "contact_phone",
)


def setting(name: str):
    """A limit from constants, overridable as settings.HH_COMMUNITY_<NAME> (tests lower them)."""
    return getattr(settings, f"HH_COMMUNITY_{name}", getattr(c, name))


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def _admin_url(club: Club, name: str, **kwargs) -> str:
    """Absolute link into the club's own admin (its host)."""
    return host_url(club.primary_hostname or "", reverse(name, kwargs=kwargs or None))


def _ensure_may_act(club: Club) -> None:
    if ExchangeSuspension.objects.filter(club=club).exists():
        raise PermissionDenied(
            _("Der Netzwerk-Zugang Ihres Vereins ist gesperrt. Bitte wenden Sie sich an das Heldenhelfer-Team.")
        )


def _mail_after_commit(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    """Send after the commit; subjects carry titles people typed, so they are made one line first,
    and a failed mail is logged without personal data (cms/mail.py)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = EmailMessage(subject=header_text(subject), body=render_to_string(template, context), to=recipients)
    mail_send_after_commit(message, what=template)


# --- posts ------------------------------------------------------------------------------------


def search_vector_refresh(*, post_ids=None) -> None:
    """German full-text vector of title (A), description (B) and town (C)."""
    posts = Post.objects.all() if post_ids is None else Post.objects.filter(pk__in=post_ids)
    posts.update(
        search_vector=SearchVector("title", weight="A", config="german")
        + SearchVector("description", weight="B", config="german")
        + SearchVector("town", weight="C", config="german")
    )


def _check_crisis_fields(post: Post) -> None:
    if post.crisis_id and not post.crisis.is_active:
        raise ValidationError({"crisis": _("Diese Krise ist nicht (mehr) aktiv.")})
    if post.helper_cap and not (post.crisis_id and post.post_type == PostType.REQUEST):
        raise ValidationError(
            {"helper_cap": _("Eine Höchstzahl Helfender gibt es nur bei Gesuchen, die zu einer Krise gehören.")}
        )


def _snapshot_contact(post: Post, contact) -> None:
    post.contact_user_id = contact.pk
    post.contact_name = _user_name(contact)
    post.contact_email = contact.email


def _rate_limit_posts(club: Club) -> None:
    since = timezone.now() - timedelta(days=1)
    if Post.objects.filter(club=club, created_at__gte=since).count() >= setting("POSTS_PER_DAY"):
        raise ValidationError(
            _("Ihr Verein hat heute schon %(n)s Beiträge veröffentlicht. Bitte morgen wieder.")
            % {"n": setting("POSTS_PER_DAY")}
        )


def post_expiry(*, starts_on: date | None, ends_on: date | None, today: date) -> date:
    """The day a post leaves the exchange unless it is renewed, from its own dates.

    What a club expects: a post with an end date is about the days up to it, so it stays until
    its last day ("Bänke vom 11. bis 20.01.2027" posted in December: until 20.01.2027, even if
    that is more than 30 days away; before, it vanished 30 days after posting, even before it was
    available). An open-ended post runs DEFAULT_POST_DAYS days from the day it is available: from
    today, or from its first day if that is later ("ab 11.01.2027": until 10.02.2027). Renewing
    adds DEFAULT_POST_DAYS days (`post_renew`).
    """
    if ends_on is not None:
        return max(ends_on, today)
    first = max(today, starts_on) if starts_on else today
    return first + timedelta(days=setting("DEFAULT_POST_DAYS"))


def _check_dates(post: Post, today: date) -> None:
    if post.ends_on and post.ends_on < today:
        raise ValidationError({"ends_on": _("Das Ende liegt in der Vergangenheit. Bitte ein späteres Datum angeben.")})


def _pages_changed(*, portal: bool = False, crisis_slugs=()) -> None:
    """After the commit, forget the cached pages that show what changed (docs: "which change
    purges which cache"): the portal's pages of the exchange (`/netzwerk/`, a post's page) when a
    public post changed, and the page of each crisis whose needs changed."""
    slugs = {slug for slug in crisis_slugs if slug}

    def purge():
        if portal:
            page_cache_purge(schema=get_public_schema_name())
        for slug in slugs:
            crisis_cache_clear(slug=slug)

    if portal or slugs:
        transaction.on_commit(purge)


def _post_pages_changed(post: Post, *, before: dict | None = None) -> None:
    """A post changed: the portal if it is (or was) public, its crisis page (and a former one)."""
    before = before or {}
    _pages_changed(
        portal=post.is_public or bool(before.get("is_public")),
        crisis_slugs=(post.crisis.slug if post.crisis_id else "", before.get("crisis__slug")),
    )


def _post_before(post: Post) -> dict:
    return Post.objects.filter(pk=post.pk).values("is_public", "crisis__slug").first() or {}


@transaction.atomic
def post_create(*, club: Club, contact, photos=(), today: date | None = None, submit_token: str = "", **fields) -> Post:
    """Publish an offer or request of `club`; `contact` is an editor of the club (its schema's user).

    `submit_token` is the one-time token of the form: a second submit with the same token (a
    double click, a retry, a second tab) returns the post the first one made instead of a copy.
    Two submits at the same moment are kept apart by a unique constraint: the second waits for
    the first's commit, fails to insert and returns the first's post.
    """
    _ensure_may_act(club)
    if submit_token and (done := Post.objects.filter(club=club, submit_token=submit_token).first()):
        return done
    _rate_limit_posts(club)
    today = today or timezone.localdate()
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"unknown post fields: {sorted(unknown)}")
    post = Post(club=club, submit_token=submit_token, **fields)
    post.expires_on = post_expiry(starts_on=post.starts_on, ends_on=post.ends_on, today=today)
    _snapshot_contact(post, contact)
    # The token's uniqueness is the database's to judge (below), not a message to the user.
    post.full_clean(exclude=["submit_token"])
    _check_dates(post, today)
    _check_crisis_fields(post)
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:
        done = Post.objects.filter(club=club, submit_token=submit_token).first() if submit_token else None
        if done is None:
            raise
        return done
    search_vector_refresh(post_ids=[post.pk])
    for photo in photos:
        photo_add(post=post, photo=photo)
    _post_pages_changed(post)
    return post


@transaction.atomic
def post_update(*, post: Post, club: Club, contact=None, photos=(), remove_photo_ids=(), **fields) -> Post:
    """Change one of the club's own posts."""
    _ensure_may_act(club)
    if post.club_id != club.pk:
        raise PermissionDenied
    before = _post_before(post)
    dates_before = (post.starts_on, post.ends_on)
    for name, value in fields.items():
        if name not in POST_FIELDS:
            raise TypeError(f"unknown post field: {name}")
        setattr(post, name, value)
    if contact is not None:
        _snapshot_contact(post, contact)
    post.full_clean()
    if (post.starts_on, post.ends_on) != dates_before:
        # New dates, new end of visibility (`post_expiry`); never earlier than a renewal gave
        # unless the new window itself ends earlier.
        today = timezone.localdate()
        _check_dates(post, today)
        expiry = post_expiry(starts_on=post.starts_on, ends_on=post.ends_on, today=today)
        post.expires_on = expiry if post.ends_on else max(expiry, post.expires_on)
    _check_crisis_fields(post)
    post.save()
    search_vector_refresh(post_ids=[post.pk])
    for photo in post.photos.filter(pk__in=list(remove_photo_ids)):
        photo.image.delete(save=False)
        photo.delete()
    for photo in photos:
        photo_add(post=post, photo=photo)
    _post_pages_changed(post, before=before)
    return post


def photo_add(*, post: Post, photo) -> PostPhoto:
    """Store an already re-encoded photo (`community.photos.photo_reencode`)."""
    if post.photos.count() >= setting("MAX_PHOTOS"):
        raise ValidationError(_("Höchstens %(n)s Fotos pro Beitrag.") % {"n": setting("MAX_PHOTOS")})
    item = PostPhoto(post=post)
    item.image.save(photo.name, photo, save=False)
    item.save()
    return item


@transaction.atomic
def post_set_status(*, post: Post, club: Club, status: str) -> Post:
    """The poster marks a post as partly met, met, withdrawn, or open again."""
    if post.club_id != club.pk:
        raise PermissionDenied
    allowed = {PostStatus.OPEN, PostStatus.PARTLY_MET, PostStatus.MET, PostStatus.WITHDRAWN}
    if status not in allowed:
        raise ValidationError(_("Dieser Status kann nicht von Hand gesetzt werden."))
    if status == PostStatus.OPEN and post.expires_on < timezone.localdate():
        raise ValidationError(_("Der Beitrag ist abgelaufen. Bitte verlängern Sie ihn."))
    post.status = status
    post.full_clean()
    post.save(update_fields=["status", "updated_at"])
    _post_pages_changed(post)
    return post


def post_renewed_until(*, post: Post, today: date | None = None) -> date:
    """Where one click on "verlängern" moves the end: DEFAULT_POST_DAYS days past the later of
    today and the current end (renewing a fresh post extends it; a lapsed one runs from today)."""
    today = today or timezone.localdate()
    return max(today, post.expires_on) + timedelta(days=setting("DEFAULT_POST_DAYS"))


@transaction.atomic
def post_renew(*, post: Post, club: Club, today: date | None = None) -> Post:
    """One click: the post runs another DEFAULT_POST_DAYS days (`post_renewed_until`) and is
    open again if it had lapsed."""
    _ensure_may_act(club)
    if post.club_id != club.pk:
        raise PermissionDenied
    if post.status in (PostStatus.MET, PostStatus.WITHDRAWN):
        raise ValidationError(_("Erfüllte oder zurückgezogene Beiträge können nicht verlängert werden."))
    post.expires_on = post_renewed_until(post=post, today=today)
    if post.status == PostStatus.EXPIRED:
        post.status = PostStatus.OPEN
    post.full_clean()
    post.save(update_fields=["expires_on", "status", "updated_at"])
    _post_pages_changed(post)
    return post


def posts_expire(*, today: date) -> int:
    """Live posts past their end date become `expired` (the portal's pages forget them)."""
    lapsing = Post.objects.filter(status__in=LIVE_STATUSES, expires_on__lt=today)
    shown = lapsing.filter(is_public=True).exists()
    slugs = set(lapsing.filter(crisis__isnull=False).values_list("crisis__slug", flat=True))
    count = lapsing.update(status=PostStatus.EXPIRED, updated_at=timezone.now())
    _pages_changed(portal=shown, crisis_slugs=slugs)
    return count


def reminders_send(*, today: date) -> int:
    """Remind the contact person REMINDER_DAYS_BEFORE days ahead; once per end date (idempotent)."""
    due = today + timedelta(days=setting("REMINDER_DAYS_BEFORE"))
    posts = (
        Post.objects.filter(status__in=LIVE_STATUSES, expires_on__lte=due, expires_on__gte=today)
        .exclude(reminder_sent_for=F("expires_on"))
        .select_related("club")
    )
    sent = 0
    for post in posts:
        with transaction.atomic():
            locked = Post.objects.select_for_update().get(pk=post.pk)
            if locked.reminder_sent_for == locked.expires_on:
                continue
            locked.reminder_sent_for = locked.expires_on
            locked.save(update_fields=["reminder_sent_for"])
            _mail_after_commit(
                subject=_("Ihr Beitrag „%(title)s“ läuft am %(date)s ab")
                % {"title": post.title, "date": post.expires_on.strftime("%d.%m.%Y")},
                template="community/email/reminder.txt",
                context={
                    "post": post,
                    "renew_url": _admin_url(post.club, "community_admin:post_renew", pk=post.pk),
                },
                to=[post.contact_email],
            )
            sent += 1
    return sent


# --- handshake and messages -------------------------------------------------------------------


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


def _window_text(post: Post) -> str:
    start = post.starts_on.strftime("%d.%m.%Y") if post.starts_on else ""
    end = post.ends_on.strftime("%d.%m.%Y") if post.ends_on else ""
    if start and end:
        return _("vom %(start)s bis zum %(end)s") % {"start": start, "end": end}
    if start:
        return _("ab dem %(start)s") % {"start": start}
    return _("bis zum %(end)s") % {"end": end}


def _check_in_window(post: Post, start: date, end: date, *, field: str) -> None:
    """Days asked for or lent must lie in the days the offer is available (if it names any)."""
    if (post.starts_on and start < post.starts_on) or (post.ends_on and end > post.ends_on):
        raise ValidationError(
            {
                field: _("Das Angebot steht nur %(window)s zur Verfügung. Bitte wählen Sie Tage in diesem Zeitraum.")
                % {"window": _window_text(post)}
            }
        )


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


@transaction.atomic
def lending_create(*, thread: Thread, club: Club, start: date | None, end: date | None) -> Lending:
    """Record that the offered item is lent from `start` to `end` (both days included); refused
    outside the days the offer names and where it overlaps another lending."""
    post = thread.post
    if club.pk != post.club_id:
        raise PermissionDenied
    if thread.status != ThreadStatus.ACCEPTED:
        raise ValidationError(_("Ausleihen werden erst nach der Zusage eingetragen."))
    if post.post_type != PostType.OFFER or post.kind not in LENDABLE_KINDS:
        raise ValidationError(_("Nur angebotene Ausstattung, Räume und Fahrzeuge haben einen Ausleihkalender."))
    if not start or not end:
        raise ValidationError({"lend_from": _("Bitte geben Sie Beginn und Ende der Ausleihe an.")})
    if end < start:
        raise ValidationError({"lend_to": _("Das Ende der Ausleihe liegt vor dem Beginn.")})
    _check_in_window(post, start, end, field="lend_from")
    lending = Lending(post=post, thread=thread, borrower=thread.responder, period=DateRange(start, end, "[]"))
    lending.full_clean(exclude=["period"])
    try:
        with transaction.atomic():
            lending.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"lend_from": _("In diesem Zeitraum ist das Angebot schon verliehen. Bitte den Kalender prüfen.")}
        ) from exc
    return lending


@transaction.atomic
def lending_cancel(*, lending: Lending, club: Club) -> None:
    if club.pk != lending.post.club_id:
        raise PermissionDenied
    lending.cancelled_at = timezone.now()
    lending.save(update_fields=["cancelled_at"])


# --- daily digest -----------------------------------------------------------------------------


def digest_send(*, now: datetime) -> int:
    """One e-mail per club listing new posts (from before today) that fit the club's own live posts.

    Idempotent per day: a post is digested once (`digested_at`), and a club gets at most one
    digest per day (`DigestSent`). Posts of today wait for tomorrow's digest.
    """
    today = timezone.localdate(now)
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    fresh = list(live_posts(today=today).filter(digested_at__isnull=True, created_at__lt=start_of_today))
    per_club: dict[int, list[tuple[Post, Post]]] = {}
    for post in fresh:
        for match in post_matches(post=post, limit=20):
            per_club.setdefault(match.club_id, []).append((post, match))
    Post.objects.filter(pk__in=[p.pk for p in fresh]).update(digested_at=now)
    sent = 0
    for club in Club.objects.filter(pk__in=per_club):
        _digest, created = DigestSent.objects.get_or_create(
            club=club, day=today, defaults={"post_count": len(per_club[club.pk])}
        )
        if not created:
            continue
        pairs = per_club[club.pk]
        body = render_to_string(
            "community/email/digest.txt",
            {"club": club, "pairs": pairs, "url": _admin_url(club, "community_admin:search")},
        )
        send_mail(
            subject=header_text(
                _("Heldenhelfer-Netzwerk: %(n)s passende neue Beiträge für %(club)s")
                % {"n": len(pairs), "club": club.display_name}
            ),
            message=body,
            from_email=None,
            recipient_list=[club.email],
        )
        sent += 1
    return sent


# --- crises -----------------------------------------------------------------------------------


def crisis_cache_clear(*, slug: str | None = None) -> None:
    """Forget the cached active crises (banner) and a crisis page; keys live under the public schema.

    A crisis page is kept per host, language and the full-page cache's generations
    (`selectors.crisis_page_cache_key`), so it is forgotten by a new generation of its slug."""
    with schema_context(get_public_schema_name()):
        cache.delete(ACTIVE_CRISES_KEY)
        if slug:
            cache.set(crisis_page_generation_key(slug), secrets.token_hex(6), None)


def _crisis_switched(slug: str) -> None:
    """A crisis began, changed or ended: its banner is on every page of every host. The Crisis
    model's save signal purges them already (cms.page_cache); this purge after the commit closes
    the gap in which a request could store a page rendered before the commit again."""
    crisis_cache_clear(slug=slug)
    page_cache_purge_all()


def _unique_crisis_slug(title: str) -> str:
    base = slugify(title)[:60] or "krise"
    slug, n = base, 2
    while Crisis.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def crisis_declare(
    *,
    title: str,
    description: str,
    area_postal_codes: str = "",
    area_towns: str = "",
    starts_at: datetime | None = None,
    planned_end: datetime | None = None,
    by: str,
    notify: bool = True,
) -> Crisis:
    """Declare a crisis: banner everywhere, crisis page, e-mail to the clubs in the area.

    `notify=False` only for recorded past crises (demo data): nobody needs an e-mail about those.
    """
    crisis = Crisis(
        title=title,
        slug=_unique_crisis_slug(title),
        description=description,
        area_postal_codes=area_postal_codes,
        area_towns=area_towns,
        starts_at=starts_at or timezone.now(),
        planned_end=planned_end,
        declared_by=by,
    )
    crisis.full_clean()
    if not crisis.postal_code_list and not crisis.town_list:
        raise ValidationError({"area_postal_codes": _("Bitte mindestens eine Postleitzahl oder einen Ort angeben.")})
    if crisis.planned_end and crisis.planned_end <= crisis.starts_at:
        raise ValidationError({"planned_end": _("Das geplante Ende muss nach dem Beginn liegen.")})
    crisis.save()
    transaction.on_commit(lambda: _crisis_switched(crisis.slug))
    if notify:
        crisis_notify_clubs(crisis=crisis)
    return crisis


def crisis_notify_clubs(*, crisis: Crisis) -> int:
    """E-mail every club in the crisis area once (after the commit, over one connection)."""
    if crisis.clubs_notified_at:
        return 0
    clubs = list(clubs_in_area(crisis=crisis))
    Crisis.objects.filter(pk=crisis.pk).update(clubs_notified_at=timezone.now())
    from .selectors import _crisis_url

    url = _crisis_url(crisis.slug)

    def send():
        messages = [
            EmailMessage(
                subject=header_text(_("Krisenmodus: %(title)s") % {"title": crisis.title}),
                body=render_to_string(
                    "community/email/crisis.txt",
                    {
                        "crisis": crisis,
                        "club": club,
                        "url": url,
                        "new_post_url": _admin_url(club, "community_admin:post_create"),
                    },
                ),
                to=[club.email],
            )
            for club in clubs
        ]
        if messages:
            get_connection().send_messages(messages)

    transaction.on_commit(send)
    return len(clubs)


@transaction.atomic
def crisis_update(*, crisis: Crisis, by: str, **fields) -> Crisis:
    for name in ("title", "description", "area_postal_codes", "area_towns", "starts_at", "planned_end"):
        if name in fields:
            setattr(crisis, name, fields[name])
    crisis.full_clean()
    crisis.save()
    transaction.on_commit(lambda: _crisis_switched(crisis.slug))
    return crisis


@transaction.atomic
def crisis_end(*, crisis: Crisis, by: str, now: datetime | None = None) -> Crisis:
    crisis.ended_at = now or timezone.now()
    crisis.save(update_fields=["ended_at"])
    transaction.on_commit(lambda: _crisis_switched(crisis.slug))
    return crisis


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def helper_signup(*, post: Post, name: str, email: str = "", phone: str = "", slot: str) -> tuple[HelperSignup, str]:
    """A citizen signs up for a crisis need; returns the sign-up and the private cancellation token.

    The need's row is locked so that parallel sign-ups cannot pass the cap together.
    """
    post = Post.objects.select_for_update(of=("self",)).select_related("crisis", "club").get(pk=post.pk)
    if not (post.crisis_id and post.crisis.is_active and post.post_type == PostType.REQUEST and post.is_live):
        raise ValidationError(_("Für diesen Bedarf kann man sich nicht (mehr) anmelden."))
    if not email and not phone:
        raise ValidationError({"email": _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an.")})
    if post.slot_list and slot not in post.slot_list:
        raise ValidationError({"slot": _("Bitte wählen Sie eines der angebotenen Zeitfenster.")})
    taken = post.helper_signups.filter(cancelled_at__isnull=True).count()
    if post.helper_cap is not None and taken >= post.helper_cap:
        raise ValidationError(_("Für diesen Bedarf haben sich schon genug Helfende gemeldet. Vielen Dank!"))
    token = secrets.token_urlsafe(24)
    signup = HelperSignup(post=post, name=name, email=email, phone=phone, slot=slot, token_hash=_token_hash(token))
    signup.full_clean()
    signup.save()
    transaction.on_commit(lambda: crisis_cache_clear(slug=post.crisis.slug))
    if email:
        cancel_url = host_url(
            settings.HH_BASE_DOMAIN,
            reverse("community:helper_cancel", kwargs={"token": token}, urlconf=settings.PUBLIC_SCHEMA_URLCONF),
        )
        _mail_after_commit(
            subject=_("Danke für Ihre Hilfe: %(title)s") % {"title": post.title},
            template="community/email/helper_signup.txt",
            context={"signup": signup, "post": post, "crisis": post.crisis, "cancel_url": cancel_url},
            to=[email],
        )
    return signup, token


def helper_signup_by_token(*, token: str) -> HelperSignup | None:
    return (
        HelperSignup.objects.select_related("post", "post__crisis", "post__club")
        .filter(token_hash=_token_hash(token), cancelled_at__isnull=True)
        .first()
    )


@transaction.atomic
def helper_cancel(*, token: str) -> HelperSignup | None:
    """Cancel through the private link; None if the link is unknown or already used."""
    signup = helper_signup_by_token(token=token)
    if signup is None:
        return None
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["cancelled_at"])
    if signup.post.crisis_id:
        slug = signup.post.crisis.slug
        transaction.on_commit(lambda: crisis_cache_clear(slug=slug))
    return signup


def helpers_purge(*, now: datetime) -> int:
    """Delete helpers' data HELPER_DATA_KEEP_DAYS days after their crisis ended."""
    deleted = 0
    for crisis in crises_to_purge(now=now, keep_days=setting("HELPER_DATA_KEEP_DAYS")):
        with transaction.atomic():
            count, _detail = HelperSignup.objects.filter(post__crisis=crisis).delete()
            crisis.helpers_purged_at = now
            crisis.save(update_fields=["helpers_purged_at"])
            deleted += count
            _pages_changed(crisis_slugs=[crisis.slug])
    return deleted


# --- moderation -------------------------------------------------------------------------------


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


# --- the daily job ----------------------------------------------------------------------------


def community_daily(*, now: datetime | None = None) -> dict[str, int]:
    """Everything `manage.py community_daily` does; each step is idempotent for the same day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with schema_context(get_public_schema_name()):
        result = {
            "expired": posts_expire(today=today),
            "reminders": reminders_send(today=today),
            "timed_out": threads_time_out(now=now),
            "digests": digest_send(now=now),
            "helpers_deleted": helpers_purge(now=now),
        }
    crisis_cache_clear()
    return result
