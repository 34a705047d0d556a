"""Crises and their helpers: declare, notify, update, end; helper sign-ups, cancellation, purge."""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.mail import header_text
from cms.tenancy.page_cache import page_cache_purge_all
from community.constants import PostType
from community.models import (
    Crisis,
    HelperSignup,
    Post,
)
from community.selectors import (
    clubs_in_area,
    crises_to_purge,
)
from sites.clubs.selectors import host_url

from ._common import _admin_url, _mail_after_commit, setting
from .cache import _pages_changed, crisis_cache_clear


def _crisis_switched(slug: str) -> None:
    """A crisis began, changed or ended: its banner is on every page of every host. The Crisis
    model's save signal purges them already (cms.tenancy.page_cache); this purge after the commit closes
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
    from community.selectors import _crisis_url

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
