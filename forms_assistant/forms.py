"""Forms of the application assistant (the dynamic application steps are parsed by field kinds)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ApplicationStatus
from .models import PlannedEvent


class PlannedEventForm(forms.ModelForm):
    class Meta:
        model = PlannedEvent
        fields = [
            "title",
            "description",
            "date_start",
            "date_end",
            "time_start",
            "time_end",
            "place_kind",
            "street",
            "postal_code",
            "town",
            "place_description",
            "expected_visitors",
            "sells_food",
            "sells_drinks",
            "serves_alcohol",
            "live_music",
            "street_closure",
            "tents_stages",
            "fireworks",
        ]
        widgets = {
            "date_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "time_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "place_kind": forms.RadioSelect,
        }


class TransitionForm(forms.Form):
    """A status change with its note (question, answer, decision) and an optional file."""

    to_status = forms.ChoiceField(choices=ApplicationStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei Rückfragen, Antworten und Entscheidungen bitte ausfüllen; der Verein liest sie."),
    )
    upload = forms.FileField(label=_("Dokument (optional)"), required=False)


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Ihre Antwort an die Behörde"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    upload = forms.FileField(label=_("Fehlendes Dokument nachreichen (optional)"), required=False)
