"""Lending periods agreed in an accepted thread, and the days an offer is available for them."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from django.utils.translation import gettext as _

from community.constants import LENDABLE_KINDS, PostType, ThreadStatus
from community.models import Lending, Post, Thread
from sites.clubs.models import Club


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
