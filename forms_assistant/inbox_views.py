"""The clerk's status buttons in the inbox (portal admin): named after the action, decisions confirmed.

A decision (approve, reject) cannot be taken back and mails the club at once, so it takes two
steps: the first POST changes nothing and shows the application's page again with the note as
typed and a confirmation box ("Ja, ich bin sicher"); only a POST with that box ticked decides.
The confirmation is the server's: it works without JavaScript and cannot be skipped by a stray
click or a double submit.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .constants import ApplicationStatus, Side
from .forms import TransitionForm
from .services import ApplicationError
from .views import _actor, _add_errors, _inspect_page_with, _staff_application

S = ApplicationStatus

# What the button does, not the state it leads to ("Antrag genehmigen", not "Genehmigt").
ACTION_LABELS = {
    S.IN_REVIEW: gettext_lazy("In Bearbeitung nehmen"),
    S.QUESTION: gettext_lazy("Rückfrage stellen"),
    S.APPROVED: gettext_lazy("Antrag genehmigen"),
    S.REJECTED: gettext_lazy("Antrag ablehnen"),
}
# Final decisions: asked again before they are taken.
NEEDS_CONFIRMATION = frozenset({S.APPROVED, S.REJECTED})
CONFIRM_TEXTS = {
    S.APPROVED: gettext_lazy(
        "Der Antrag wird genehmigt und der Verein sofort per E-Mail informiert. "
        "Die Entscheidung lässt sich nicht zurücknehmen."
    ),
    S.REJECTED: gettext_lazy(
        "Der Antrag wird abgelehnt und der Verein sofort per E-Mail informiert. "
        "Die Entscheidung lässt sich nicht zurücknehmen."
    ),
}


def action_label(status: str) -> str:
    return str(ACTION_LABELS.get(status) or ApplicationStatus(status).label)


def transition_buttons(application) -> list[tuple[str, str]]:
    """(status, button text) of what the clerk may do with the application now."""
    return [(status, action_label(status)) for status in services.allowed_transitions(application, Side.AUTHORITY)]


class DecisionForm(TransitionForm):
    """The status form of the inbox with the confirmation of a decision."""

    confirmed = forms.BooleanField(label=gettext_lazy("Ja, ich bin sicher."), required=False)


@require_POST
def inbox_transition(request, pk: int):
    application = _staff_application(request, pk)
    form = DecisionForm(request.POST, request.FILES)
    inspect_url = reverse("forms_assistant_application_modeladmin_inspect", args=[application.pk])
    if form.is_valid():
        to_status = form.cleaned_data["to_status"]
        if to_status in NEEDS_CONFIRMATION and not form.cleaned_data["confirmed"]:
            return _confirm_page(request, inspect_url, form, to_status)
        try:
            services.application_transition(
                application=application,
                to_status=to_status,
                actor=_actor(request, Side.AUTHORITY),
                note=form.cleaned_data["note"],
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Der Status ist geändert; der Verein wurde per E-Mail informiert."))
            return redirect(inspect_url)
    messages.error(request, _("Der Status wurde nicht geändert. Bitte prüfen Sie die markierten Angaben."))
    return _inspect_page_with(request, inspect_url, form)


def _confirm_page(request, inspect_url: str, form: DecisionForm, to_status: str):
    """The application's page with the note as typed and the box that confirms the decision."""
    if to_status in services.NOTE_REQUIRED and not form.cleaned_data["note"].strip():
        # Asked for first, so the clerk does not confirm and then hear that the note is missing.
        form.add_error("note", _("Bitte schreiben Sie dazu ein paar Worte (Frage, Antwort oder Begründung)."))
        messages.error(request, _("Der Status wurde nicht geändert. Bitte prüfen Sie die markierten Angaben."))
        return _inspect_page_with(request, inspect_url, form)
    response = _inspect_page_with(request, inspect_url, form)
    if getattr(response, "context_data", None) is not None:
        response.context_data["confirm"] = {
            "status": to_status,
            "label": action_label(to_status),
            "text": CONFIRM_TEXTS[to_status],
            "file_again": bool(form.cleaned_data.get("upload")),
        }
    return response
