"""The status machine of an application (who may make which step), its actors and errors."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from forms_assistant.constants import ApplicationStatus, Side
from forms_assistant.engine import Evaluation
from forms_assistant.models import Application

S = ApplicationStatus

# The status machine: (from, to) → who may make the step. Extend here, nowhere else.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): Side.CLUB,
    (S.SUBMITTED, S.IN_REVIEW): Side.AUTHORITY,
    (S.SUBMITTED, S.QUESTION): Side.AUTHORITY,
    (S.SUBMITTED, S.APPROVED): Side.AUTHORITY,
    (S.SUBMITTED, S.REJECTED): Side.AUTHORITY,
    (S.IN_REVIEW, S.QUESTION): Side.AUTHORITY,
    (S.IN_REVIEW, S.APPROVED): Side.AUTHORITY,
    (S.IN_REVIEW, S.REJECTED): Side.AUTHORITY,
    (S.QUESTION, S.ANSWERED): Side.CLUB,
    (S.ANSWERED, S.IN_REVIEW): Side.AUTHORITY,
    (S.ANSWERED, S.QUESTION): Side.AUTHORITY,
    (S.ANSWERED, S.APPROVED): Side.AUTHORITY,
    (S.ANSWERED, S.REJECTED): Side.AUTHORITY,
    (S.SUBMITTED, S.WITHDRAWN): Side.CLUB,
    (S.IN_REVIEW, S.WITHDRAWN): Side.CLUB,
    (S.QUESTION, S.WITHDRAWN): Side.CLUB,
    (S.ANSWERED, S.WITHDRAWN): Side.CLUB,
}


NOTE_REQUIRED = {S.QUESTION, S.ANSWERED, S.APPROVED, S.REJECTED}


class ApplicationError(Exception):
    """A request the application's state does not allow; the message is shown as is."""


class ApplicationInvalid(ApplicationError):
    def __init__(self, evaluation: Evaluation):
        self.evaluation = evaluation
        super().__init__(_("Der Antrag ist noch nicht vollständig. Bitte prüfen Sie die markierten Angaben."))


@dataclass(frozen=True)
class Actor:
    """Who acts: a club editor (club schema) or a staff member (public), as a snapshot."""

    side: str
    id: int | None
    name: str
    email: str

    @classmethod
    def of(cls, user, side: str) -> Actor:
        name = (user.get_full_name() or user.get_username()) if user else ""
        return cls(side=side, id=getattr(user, "pk", None), name=name, email=getattr(user, "email", "") or "")


def allowed_transitions(application: Application, side: str) -> list[str]:
    return [to for (frm, to), who in TRANSITIONS.items() if frm == application.status and who == side]
