"""Forms of the application assistant (the dynamic application steps are parsed by field kinds)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import ApplicationStatus
from .models import PlannedEvent
from .services import attachment_check


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


class AttachmentUploadMixin:
    """An optional `upload` checked like every file of an application (content, not only the name)."""

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            attachment_check(upload)
        return upload


class TransitionForm(AttachmentUploadMixin, forms.Form):
    """A status change with its note (question, answer, decision) and an optional file."""

    to_status = forms.ChoiceField(
        choices=ApplicationStatus.choices,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Bitte wählen Sie einen gültigen Status."),
            "required": _("Bitte wählen Sie einen gültigen Status."),
        },
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei Rückfragen, Antworten und Entscheidungen bitte ausfüllen; der Verein liest sie."),
    )
    upload = forms.FileField(label=_("Dokument (optional)"), required=False)


class AnswerForm(AttachmentUploadMixin, forms.Form):
    note = forms.CharField(
        label=_("Ihre Antwort an die Behörde"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    upload = forms.FileField(label=_("Fehlendes Dokument nachreichen (optional)"), required=False)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Grund (optional)"), required=False, max_length=2000)


class ApplicationStartForm(forms.Form):
    """Start a draft from a template, optionally for one of the club's own planned events."""

    template = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Bitte eine Antragsvorlage wählen."),
            "invalid": _("Bitte eine Antragsvorlage aus dem Katalog wählen."),
            "min_value": _("Bitte eine Antragsvorlage aus dem Katalog wählen."),
        },
    )
    event = forms.ModelChoiceField(
        queryset=PlannedEvent.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Dieses Vorhaben gibt es in Ihrem Verein nicht. Bitte wählen Sie eines Ihrer Vorhaben.")
        },
    )

    # Set by the button "Neuen Antrag beginnen" next to an existing draft; without it a start
    # continues the club's draft of the same template (and event).
    new = forms.BooleanField(required=False)

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = PlannedEvent.objects.filter(club=club)


ROW_COUNT = forms.IntegerField(min_value=0, required=False)
MAX_ROWS = 500


def row_count(value) -> int:
    """How many rows a repeating group sent (its hidden counter); anything else counts as none."""
    try:
        count = ROW_COUNT.clean(value)
    except forms.ValidationError:
        return 0
    return min(count or 0, MAX_ROWS)
