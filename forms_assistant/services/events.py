"""Planned events a club applies for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from forms_assistant.models import PlannedEvent


def planned_event_save(*, club, event: PlannedEvent | None = None, data: dict) -> PlannedEvent:
    event = event or PlannedEvent(club=club)
    if event.club_id != club.pk:
        raise PermissionDenied
    for name, value in data.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    return event
