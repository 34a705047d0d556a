"""Forms visitors fill in on a club site, with spam protection that needs no third party.

Two cheap signals catch most bots without a captcha or an outside service: a honeypot field that
people never see (and screen readers announce as "leave empty"), and a signed timestamp that
refuses forms sent faster than a person can type. One-line fields refuse line breaks and other
control characters (cms/forms.py): they end up in e-mail headers.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from cms.forms import SingleLineFieldsMixin

from .models import MembershipApplication

MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
_SALT = "heldenhelfer.pages.form-started"


def form_started_token(at: float | None = None) -> str:
    """A signed "the form was shown at" time; tests pass `at` to simulate a person who took their time."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=_SALT, compress=True)


class SpamProtectedForm(SingleLineFieldsMixin, forms.Form):
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    honeypot_fields = ("website",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_started"].initial = form_started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Ihre Nachricht sieht nach automatisch versendetem Spam aus und wurde nicht angenommen."),
                code="honeypot",
            )
        try:
            started = signing.loads(cleaned.get("form_started") or "", salt=_SALT, max_age=MAX_FILL_SECONDS)["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                _("Das Formular ist abgelaufen. Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal ab."),
                code="expired",
            ) from None
        if time.time() - float(started) < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal ab."),
                code="too_fast",
            )
        return cleaned


class ConsentMixin(forms.Form):
    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass der Verein meine Angaben speichert, um meine Anfrage zu bearbeiten."),
        help_text=_("Mehr dazu steht in der Datenschutzerklärung."),
        error_messages={"required": _("Bitte stimmen Sie zu, sonst können wir Ihre Angaben nicht bearbeiten.")},
    )


class MembershipApplicationForm(SpamProtectedForm, ConsentMixin, forms.ModelForm):
    birth_date = forms.DateField(
        label=_("Geburtsdatum"),
        help_text=_("Format TT.MM.JJJJ, z. B. 24.12.1990"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Bitte das Geburtsdatum als TT.MM.JJJJ angeben, z. B. 24.12.1990.")},
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "street",
            "postal_code",
            "town",
            "email",
            "phone",
            "membership_kind",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    field_order = [*Meta.fields, "consent", "website"]


class ContactForm(SpamProtectedForm, ConsentMixin):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Damit wir Ihnen antworten können."),
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")},
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    message = forms.CharField(label=_("Ihre Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    field_order = ["name", "email", "subject", "message", "consent", "website"]


class EventRegistrationForm(SpamProtectedForm, ConsentMixin):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Dorthin schicken wir Neuigkeiten zur Veranstaltung."),
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")},
    )
    persons = forms.IntegerField(
        label=_("Wie viele Personen kommen?"),
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={
            "min_value": _("Bitte mindestens 1 Person angeben."),
            "max_value": _("Für mehr als 20 Personen melden Sie sich bitte direkt beim Verein."),
        },
    )
    message = forms.CharField(
        label=_("Nachricht (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ["name", "email", "persons", "message", "consent", "website"]
