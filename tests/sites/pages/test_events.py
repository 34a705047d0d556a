"""Event pages: schema.org JSON-LD, the .ics calendar file and the registration form."""

import json
import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest
from django_tenants.utils import schema_context
from icalendar import Calendar

from sites.pages.constants import EventStatus, RegistrationMode
from sites.pages.models import EventPage, EventRegistration


def _event(club, **changes):
    with schema_context(club.schema_name):
        event = EventPage.objects.get(slug="mitgliederversammlung")
        for key, value in changes.items():
            setattr(event, key, value)
        if changes:
            event.save_revision().publish()
        return event


@pytest.mark.django_db
def test_event_json_ld_has_the_required_properties(club, club_client):
    event = _event(club, status=EventStatus.CANCELLED)
    html = club_client.get(event.url).content.decode()
    # Other blocks (the club as an Organization) may come first; find the Event.
    blocks = [
        json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    data = next(block for block in blocks if block.get("@type") == "Event")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Mitgliederversammlung"
    assert data["startDate"].startswith(timezone.localtime(event.starts_at).date().isoformat())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["postalCode"] == "12345"
    assert data["location"]["address"]["addressLocality"] == "Musterstadt"
    assert data["organizer"]["name"] == club.name
    assert "Abgesagt" in html


@pytest.mark.django_db
def test_ics_download_parses_with_berlin_time_and_a_stable_uid(club, club_client):
    event = _event(club)
    url = event.url + "kalender/"
    first = club_client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(first.content)
    vevent = next(iter(calendar.walk("VEVENT")))
    assert str(vevent["SUMMARY"]) == "Mitgliederversammlung"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert any(tz["TZID"] == "Europe/Berlin" for tz in calendar.walk("VTIMEZONE"))
    second = Calendar.from_ical(club_client.get(url).content)
    assert str(next(iter(second.walk("VEVENT")))["UID"]) == str(vevent["UID"])
    assert club.primary_hostname in str(vevent["UID"])


@pytest.mark.django_db
def test_all_day_event_ics_uses_dates(club, club_client):
    event = _event(club, all_day=True, ends_at=None)
    vevent = next(iter(Calendar.from_ical(club_client.get(event.url + "kalender/").content).walk("VEVENT")))
    start = vevent.decoded("DTSTART")
    assert start == timezone.localtime(event.starts_at).date()
    assert vevent.decoded("DTEND") == start + timedelta(days=1)


@pytest.mark.django_db
def test_registration_form_stores_and_mails(club, club_client, old_token, django_capture_on_commit_callbacks):
    event = _event(club, registration_mode=RegistrationMode.FORM)
    html = club_client.get(event.url).content.decode()
    assert 'id="formular"' in html
    data = {"name": "Rita Rüstig", "email": "rita@example.org", "persons": "2", "consent": "on",
            "form_started": old_token, "website": ""}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes out after the commit
        response = club_client.post(event.url, data)
    assert response.status_code == 302
    with schema_context(club.schema_name):
        registration = EventRegistration.objects.get()
        assert registration.persons == 2 and registration.event_id == event.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [club.email]
    assert "Rita Rüstig" in mail.outbox[0].body
    assert "Vielen Dank" in club_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_event_end_before_start_is_refused(in_club):
    from django.core.exceptions import ValidationError

    event = EventPage.objects.get(slug="mitgliederversammlung")
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "vor dem Beginn" in str(error.value)
