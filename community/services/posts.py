"""Writes of posts: create, update, photos, status, renewal, expiry and the reminder before it."""

from datetime import date, timedelta

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.search_text import SearchWords
from community.constants import LIVE_STATUSES, PostStatus, PostType
from community.models import Post, PostPhoto
from sites.clubs.models import Club

from ._common import _admin_url, _ensure_may_act, _mail_after_commit, _user_name, setting
from .cache import _pages_changed

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


def search_vector_refresh(*, post_ids=None) -> None:
    """German full-text vector of title (A), description (B) and town (C)."""
    posts = Post.objects.all() if post_ids is None else Post.objects.filter(pk__in=post_ids)
    posts.update(
        search_vector=SearchVector(SearchWords("title"), weight="A", config="german")
        + SearchVector(SearchWords("description"), weight="B", config="german")
        + SearchVector(SearchWords("town"), weight="C", config="german")
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
