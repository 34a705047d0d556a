"""Matching: opposite type, same kind, time overlap, words and postal-code nearness."""

from django.core import mail
from django.utils import timezone

from community.models import Post
from community.selectors import post_matches, postal_proximity
from community.services import digest_send

from .conftest import day


def test_request_lists_fitting_offers(club, other_club, alpha_editor, beta_editor, make_post):
    request = make_post(
        other_club,
        beta_editor,
        post_type="request",
        kind="equipment",
        title="Bierbänke gesucht",
        starts_on=day(10),
        ends_on=day(11),
    )
    fitting = make_post(club, alpha_editor, title="Bierbänke und Tische", starts_on=day(5), ends_on=day(20))
    ongoing = make_post(club, alpha_editor, title="Pavillon 3x3 m")
    other_kind = make_post(club, alpha_editor, kind="room", title="Bierbänke im Saal")
    too_early = make_post(club, alpha_editor, title="Bierbänke", starts_on=day(1), ends_on=day(3))
    own = make_post(other_club, beta_editor, title="Bierbänke (eigene)")

    matches = post_matches(post=request)
    assert matches[0] == fitting  # words
    assert ongoing in matches
    for wrong in (other_kind, too_early, own):
        assert wrong not in matches
    # and the other way round
    assert request in post_matches(post=fitting)


def test_nearer_postal_code_ranks_first(club, other_club, alpha_editor, beta_editor, make_post):
    request = make_post(other_club, beta_editor, post_type="request", title="Beamer", postal_code="12399")
    far = make_post(club, alpha_editor, title="Leinwand", postal_code="80331", town="München")
    near = make_post(club, alpha_editor, title="Leinwand", postal_code="12345")
    assert post_matches(post=request)[:2] == [near, far]
    assert postal_proximity("12399", "12345") == 3


def test_daily_digest_once_per_club_and_day(club, other_club, alpha_editor, beta_editor, make_post):
    offer = make_post(club, alpha_editor, title="Bierbänke")
    request = make_post(other_club, beta_editor, post_type="request", title="Bierbänke gesucht")
    yesterday = timezone.now() - timezone.timedelta(days=1)
    Post.objects.filter(pk__in=[offer.pk, request.pk]).update(created_at=yesterday)
    mail.outbox.clear()
    assert digest_send(now=timezone.now()) == 2  # each club hears about the other's post
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["info@alpha.example", "info@beta.example"]
    assert "Bierbänke gesucht" in next(m for m in mail.outbox if m.to == ["info@alpha.example"]).body
    mail.outbox.clear()
    assert digest_send(now=timezone.now()) == 0  # idempotent
    assert mail.outbox == []
