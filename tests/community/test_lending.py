"""Lending calendar: an accepted exchange records dates; the same item is never booked twice."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange

import pytest

from community.models import Lending, Thread
from community.services import lending_create, thread_accept, thread_start


@pytest.fixture
def trailer(club, alpha_editor, make_post):
    return make_post(club, alpha_editor, kind="vehicle", title="Anhänger 750 kg")


def test_double_booking_refused(trailer, club, other_club, beta_editor, alpha_client, beta_client):
    beta_client.post(f"/admin/netzwerk/beitraege/{trailer.pk}/antworten/", {"body": "Am 6. Juni?"})
    thread = Thread.objects.get(post=trailer)
    response = alpha_client.post(
        f"/admin/netzwerk/gespraeche/{thread.pk}/zusagen/", {"lend_from": "2030-06-05", "lend_to": "2030-06-07"}
    )
    assert response.status_code == 302
    assert Lending.objects.filter(post=trailer).count() == 1
    html = alpha_client.get(f"/admin/netzwerk/beitraege/{trailer.pk}/").content.decode()
    assert "Ausleihkalender" in html and "05.06.2030" in html
    thread.refresh_from_db()

    with pytest.raises(ValidationError, match="schon verliehen"):
        lending_create(thread=thread, club=club, start=date(2030, 6, 7), end=date(2030, 6, 9))
    # adjoining periods are fine
    lending_create(thread=thread, club=club, start=date(2030, 6, 8), end=date(2030, 6, 9))


def test_database_itself_refuses_overlap(trailer, club, other_club, beta_editor):
    thread = thread_start(post=trailer, club=other_club, user=beta_editor, body="Hallo")
    thread_accept(thread=thread, club=club, lend_from=date(2030, 1, 1), lend_to=date(2030, 1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Lending.objects.create(
            post=trailer, thread=thread, borrower=other_club, period=DateRange(date(2030, 1, 5), date(2030, 1, 6), "[]")
        )


def test_accept_with_overlapping_dates_keeps_thread_pending(trailer, club, other_club, beta_editor, alpha_editor):
    from community.services import post_create

    first = thread_start(post=trailer, club=other_club, user=beta_editor, body="Hallo")
    thread_accept(thread=first, club=club, lend_from=date(2030, 3, 1), lend_to=date(2030, 3, 3))
    # a third club is not available in the fixtures: a second thread on another post of alpha suffices
    other_offer = post_create(
        club=club,
        contact=alpha_editor,
        post_type="offer",
        kind="vehicle",
        title="Bus",
        description="9 Sitze",
        postal_code="12345",
        town="Musterstadt",
    )
    second = thread_start(post=other_offer, club=other_club, user=beta_editor, body="Hallo")
    thread_accept(thread=second, club=club, lend_from=date(2030, 3, 1), lend_to=date(2030, 3, 3))  # other item: fine
    assert Lending.objects.count() == 2
