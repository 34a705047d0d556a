"""The daily digest: one e-mail per club with new posts that fit its own."""

from datetime import datetime

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.mail import header_text
from community.models import (
    DigestSent,
    Post,
)
from community.selectors import live_posts, post_matches
from sites.clubs.models import Club

from ._common import _admin_url


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
