"""Rules apply while typing (issue #11, item 19): the step carries every field and its rules; what
a club typed into a field it showed without saving is kept; the server stays the judge."""

import json
import re

from forms_assistant.services import application_save_step


def _step(draft) -> str:
    return f"/admin/antraege/{draft.pk}/schritt/veranstaltung/"


def test_the_step_carries_hidden_fields_and_its_rules(club_editor_client, draft):
    application_save_step(application=draft, step_key="veranstaltung", raw={"alcohol": "no"})
    body = club_editor_client.get(_step(draft)).content.decode()
    assert re.search(r'data-field="alcohol_kinds"[^>]*hidden', body)
    assert not re.search(r'data-field="alcohol"[^>]*hidden', body)
    config = json.loads(re.search(r'<script id="fa-rules" type="application/json">(.*?)</script>', body, re.S)[1])
    assert any(r["target"] == "alcohol_kinds" and r["action"] == "show" for r in config["rules"])
    assert config["kinds"]["alcohol"] == "yesno" and "alcohol_kinds" in config["step_fields"]
    assert "forms-assistant-rules.js" in body


def test_a_field_shown_while_typing_keeps_its_answer(club_editor_client, draft, event):
    application_save_step(application=draft, step_key="veranstaltung", raw={"alcohol": "no"})
    response = club_editor_client.post(
        _step(draft),
        {
            "action": "save",
            "f_event_title": "Sommerfest",
            "f_event_dates__start": event.date_start.isoformat(),
            "f_event_dates__end": event.date_end.isoformat(),
            "f_visitors": "500",
            "f_alcohol": "yes",
            "f_alcohol_kinds": ["wein"],
            "f_stands__rows": "1",
        },
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.answers["alcohol"] is True or draft.answers["alcohol"] == "yes"
    assert draft.answers["alcohol_kinds"] == ["wein"]
    assert not re.search(r'data-field="alcohol_kinds"[^>]*hidden', response.content.decode())
