"""Dates the German way in the admin: typed as 14.06.2026 15:00, shown as 14.06.2026.

Wagtail's date pickers (jQuery xdsoft) replace a value they cannot parse with *now* when the field
loses focus; an event typed the German way went live with the wrong date. Now the pickers use the
German format and keep what was typed; the server reads German (and ISO) dates and answers
anything else with an error, saving nothing.
"""

import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django import forms
from django.utils import formats, translation

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

import pytest
from django_tenants.utils import schema_context

from cms.monkey_patches import boolean_icon

BERLIN = ZoneInfo("Europe/Berlin")


class _FormFields(HTMLParser):
    """The named fields of the page editor's form, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _editor_form(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {k: v for k, v in parser.data.items() if k not in ("q", "csrfmiddlewaretoken")}
    data.setdefault("body-count", "0")  # the StreamField's inputs are made by JavaScript
    return data


def _event_index(club):
    from sites.pages.models import EventIndexPage

    with schema_context(club.schema_name):
        return EventIndexPage.objects.get()


def _add_url(club) -> str:
    return f"/admin/pages/add/pages/eventpage/{_event_index(club).pk}/"


def _events(club, **filters):
    from sites.pages.models import EventPage

    with schema_context(club.schema_name):
        return list(EventPage.objects.filter(**filters))


def _add_event(client, club, **changes):
    data = _editor_form(client, _add_url(club))
    data.update({"title": "Sommerfest", "slug": "sommerfest", "action-publish": "action-publish", **changes})
    return client.post(_add_url(club), data)


@pytest.mark.django_db
def test_event_typed_the_german_way_is_stored_with_that_date(club, club_editor_client):
    response = _add_event(club_editor_client, club, starts_at="14.06.2026 15:00", ends_at="14.06.2026 18:30")
    assert response.status_code == 302, re.findall(r'class="error-message">\s*(.*?)<', response.content.decode())
    (event,) = _events(club, slug="sommerfest")
    assert event.live
    assert event.starts_at == datetime(2026, 6, 14, 15, 0, tzinfo=BERLIN)
    assert event.ends_at == datetime(2026, 6, 14, 18, 30, tzinfo=BERLIN)

    # The editor shows it back the German way, and the picker parses that format.
    edit = club_editor_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'value="14.06.2026 15:00"' in edit
    assert "2026-06-14 15:00" not in edit


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["14.06.2026 25:00", "morgen Abend", "31.02.2026 15:00", "14/06/2026 15 Uhr"])
def test_unreadable_date_is_an_error_and_saves_nothing(club, club_editor_client, typed):
    response = _add_event(club_editor_client, club, starts_at=typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geben Sie ein gültiges Datum mit Uhrzeit ein." in html or "gültiges Datum" in html
    assert f'value="{typed}"' in html  # what was typed comes back
    assert _events(club, slug="sommerfest") == []


@pytest.mark.django_db
def test_iso_dates_are_still_read(club, club_editor_client):
    response = _add_event(club_editor_client, club, starts_at="2026-06-14 15:00")
    assert response.status_code == 302
    assert _events(club, slug="sommerfest")[0].starts_at == datetime(2026, 6, 14, 15, 0, tzinfo=BERLIN)


@pytest.mark.django_db
def test_an_editor_with_an_english_admin_can_type_german_dates(club, club_editor, club_editor_client):
    from wagtail.users.models import UserProfile

    with schema_context(club.schema_name):
        profile = UserProfile.get_for_user(club_editor)
        profile.preferred_language = "en"
        profile.save()
    response = _add_event(club_editor_client, club, starts_at="14.06.2026 15:00")
    assert response.status_code == 302
    assert _events(club, slug="sommerfest")[0].starts_at == datetime(2026, 6, 14, 15, 0, tzinfo=BERLIN)


def test_the_pickers_use_the_german_format_and_keep_what_was_typed():
    date_config = AdminDateInput().get_config()
    datetime_config = AdminDateTimeInput().get_config()
    time_config = AdminTimeInput().get_config()
    assert date_config["format"] == "d.m.Y"
    assert datetime_config["format"] == "d.m.Y H:i"
    assert time_config["format"] == "H:i"
    # Never "now" in place of what the editor typed (xdsoft's validateOnBlur).
    for config in (date_config, datetime_config, time_config):
        assert config["validateOnBlur"] is False
    # The same config reaches StreamField date blocks and listing filters (rendered widgets).
    rendered = AdminDateInput().render("d", date(2026, 12, 2))
    assert 'value="02.12.2026"' in rendered
    assert json.loads(re.search(r"initDateChooser\([^,]+, (\{.*?\})\)", rendered).group(1))["validateOnBlur"] is False


@pytest.mark.parametrize("language", ["de", "en"])
def test_forms_read_german_dates_in_every_language(language):
    with translation.override(language):
        assert forms.DateField().clean("14.06.2026") == date(2026, 6, 14)
        assert forms.DateField().clean("14.06.26") == date(2026, 6, 14)
        assert forms.DateField().clean("2026-06-14") == date(2026, 6, 14)
        assert forms.DateTimeField().clean("14.06.2026 15:00").replace(tzinfo=None) == datetime(2026, 6, 14, 15, 0)
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("14.13.2026")


def test_dates_are_shown_the_german_way():
    with translation.override("de"):
        assert formats.localize(date(2026, 12, 2)) == "02.12.2026"
        assert formats.date_format(datetime(2026, 6, 14, 15, 0), "DATETIME_FORMAT") == "14.06.2026 15:00"


@pytest.mark.django_db
def test_admin_listing_shows_german_dates(club, club_editor_client):
    from sites.pages.models import ContactMessage

    with schema_context(club.schema_name):
        ContactMessage.objects.create(name="Max", email="max@example.org", subject="Hallo", message="Hi")
        ContactMessage.objects.update(created_at=datetime(2026, 12, 2, 10, 30, tzinfo=BERLIN))
    html = club_editor_client.get("/admin/snippets/pages/contactmessage/").content.decode()
    assert "02.12.2026" in html
    assert not re.search(r">\s*2026-12-02", html)


def test_boolean_icons_speak_german():
    with translation.override("de"):
        assert "Ja" in boolean_icon(True) and "True" not in boolean_icon(True)
        assert "Nein" in boolean_icon(False)
        assert "Unbekannt" in boolean_icon(None)


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        ("de", "date", "5. Dezember 2026"),
        ("de", "day_time", "Samstag, 5. Dezember 2026, 14:30"),
        ("de", "short_day_time", "Sa, 5. Dezember 2026, 14:30"),
        ("en", "date", "5 December 2026"),
        ("en", "day", "Saturday, 5 December 2026"),
        ("en", "day_time", "Saturday, 5 December 2026, 14:30"),
    ],
)
def test_dates_in_words_follow_the_page_language(language, kind, expected):
    """`long_date` (cms/templatetags/hh_dates.py) writes each language its own way: no German
    ordinal dot in English ("Thu, 17. December 2026" before), local time of Europe/Berlin."""
    from django.template import Context, Template

    moment = datetime(2026, 12, 5, 13, 30, tzinfo=ZoneInfo("UTC"))
    template = Template("{% load hh_dates %}{{ moment|long_date:kind }}")
    with translation.override(language):
        assert template.render(Context({"moment": moment, "kind": kind})) == expected
