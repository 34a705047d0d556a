"""Starting an application already begun continues its draft (issue #11, item 17): the buttons say
"Entwurf fortsetzen", a second draft needs "Neuen Antrag beginnen", a second click makes none."""

import pytest

from forms_assistant.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(club_editor_client, club_profile):
    return club_editor_client


def test_starting_again_for_the_same_event_continues_the_draft(editor_client, event, form_template):
    first = editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    assert first.status_code == 302
    draft = Application.objects.get()
    again = editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Application.objects.count() == 1  # was: a second, identical draft
    page = editor_client.get(again["Location"]).content.decode()
    assert "Hier geht es mit Ihrem Entwurf weiter" in page
    assert Application.objects.get().pk == draft.pk


def test_the_event_page_offers_to_continue_and_a_new_one_on_request(editor_client, event, form_template):
    page = editor_client.get(f"/admin/antraege/vorhaben/{event.pk}/").content.decode()
    assert f"„{form_template.title}“ ausfüllen" in page
    assert "Entwurf fortsetzen" not in page
    editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    draft = Application.objects.get()
    page = editor_client.get(f"/admin/antraege/vorhaben/{event.pk}/").content.decode()
    assert "Entwurf fortsetzen" in page
    assert f"/admin/antraege/{draft.pk}/schritt/" in page
    assert f"„{form_template.title}“ ausfüllen" not in page
    assert "Neuen Antrag beginnen" in page
    response = editor_client.post(
        "/admin/antraege/start/", {"template": form_template.pk, "event": event.pk, "new": "1"}
    )
    assert response.status_code == 302
    assert Application.objects.count() == 2  # asked for explicitly


def test_the_catalogue_offers_to_continue_a_draft(editor_client, form_template):
    page = editor_client.get("/admin/antraege/").content.decode()
    assert "Antrag starten" in page and "Entwurf fortsetzen" not in page
    editor_client.post("/admin/antraege/start/", {"template": form_template.pk})
    editor_client.post("/admin/antraege/start/", {"template": form_template.pk})  # a second click
    assert Application.objects.count() == 1
    draft = Application.objects.get()
    page = editor_client.get("/admin/antraege/").content.decode()
    assert "Entwurf fortsetzen" in page and "Neuen Antrag beginnen" in page
    assert f"/admin/antraege/{draft.pk}/schritt/" in page


def test_a_draft_for_another_event_is_not_continued(editor_client, event, form_template, club_profile):
    """Another event (or none) is another application: no draft of it is taken over."""
    editor_client.post("/admin/antraege/start/", {"template": form_template.pk, "event": event.pk})
    editor_client.post("/admin/antraege/start/", {"template": form_template.pk})
    assert Application.objects.count() == 2
    assert Application.objects.filter(event__isnull=True).count() == 1
