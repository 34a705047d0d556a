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

from cms.forms import GermanDateField, SingleLineFieldsMixin
from sites.clubs.validators import validate_postal_code

MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
_SALT = "heldenhelfer.pages.form-started"
_REFERENCE_SALT = "heldenhelfer.pages.join-mandate-reference"


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


class JoinForm(SpamProtectedForm, ConsentMixin):
    """Joining online (`JoinPage`): fee group, person, structured address and, when the club has a
    creditor identifier, a SEPA mandate whose text and reference are shown before sending.

    The mandate reference is made when the form is first shown and travels signed in a hidden field,
    so the visitor sees the same one after an error. Stored by `office.services.join`.
    """

    fee_group = forms.ModelChoiceField(
        label=_("Beitragsgruppe"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Bitte wählen Sie eine Beitragsgruppe.")},
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    birth_date = GermanDateField(
        label=_("Geburtsdatum"),
        help_text=_("Format TT.MM.JJJJ, z. B. 24.12.1990"),
        error_messages={"invalid": _("Bitte das Geburtsdatum als TT.MM.JJJJ angeben, z. B. 24.12.1990.")},
    )
    street = forms.CharField(label=_("Straße"), max_length=100)
    house_number = forms.CharField(label=_("Hausnummer"), max_length=16, required=False)
    postal_code = forms.CharField(label=_("Postleitzahl"), max_length=16)
    town = forms.CharField(label=_("Ort"), max_length=100)
    country = forms.CharField(
        label=_("Land"), max_length=2, initial="DE", help_text=_("Ländercode, z. B. DE, AT oder NL")
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        help_text=_("Dorthin schicken wir einen Link, mit dem Sie Ihren Antrag bestätigen."),
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.")},
    )
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    message = forms.CharField(
        label=_("Nachricht an den Verein"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    account_holder = forms.CharField(label=_("Kontoinhaber/in"), max_length=70)
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        help_text=_("z. B. DE89 3704 0044 0532 0130 00"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    mandate_reference = forms.CharField(widget=forms.HiddenInput, required=False)
    mandate_consent = forms.BooleanField(
        label=_("Ich erteile dem Verein das oben stehende SEPA-Lastschriftmandat."),
        error_messages={"required": _("Bitte erteilen Sie das Lastschriftmandat, sonst können wir nicht abbuchen.")},
    )

    field_order = [
        "fee_group",
        "first_name",
        "last_name",
        "birth_date",
        "street",
        "house_number",
        "postal_code",
        "town",
        "country",
        "email",
        "phone",
        "message",
        "account_holder",
        "iban",
        "mandate_consent",
        "consent",
        "website",
    ]
    person_fields = ("first_name", "last_name", "birth_date", "email", "phone")
    address_fields = ("street", "house_number", "postal_code", "town", "country")
    mandate_fields = ("account_holder", "iban", "mandate_consent")

    def __init__(self, *args, club, **kwargs):
        from office.services.join import (
            fee_group_label,
            fee_groups_offered,
            mandate_reference_new,
            mandate_reference_taken,
        )

        super().__init__(*args, **kwargs)
        self.club = club
        groups = fee_groups_offered()
        if groups.exists():
            self.fields["fee_group"].queryset = groups
            self.fields["fee_group"].label_from_instance = fee_group_label
        else:  # the board sets the group on acceptance
            del self.fields["fee_group"]
        self.direct_debit = bool(club.creditor_id)
        if not self.direct_debit:
            for name in (*self.mandate_fields, "mandate_reference"):
                del self.fields[name]
            return
        reference = self._signed_reference(self.data.get(self.add_prefix("mandate_reference"))) if self.is_bound else ""
        if reference and mandate_reference_taken(reference):  # taken meanwhile: a new one is shown
            reference = ""
        # Not `mandate_reference`: in templates that name is the hidden field, not the readable reference.
        self.reference_shown = reference or mandate_reference_new()
        self.fields["mandate_reference"].initial = signing.dumps(self.reference_shown, salt=_REFERENCE_SALT)
        if self.is_bound:  # keep the reference the visitor has seen
            self.data = self.data.copy()
            self.data[self.add_prefix("mandate_reference")] = self.fields["mandate_reference"].initial

    def bound_fields(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    @property
    def person_bound_fields(self) -> list:
        return self.bound_fields(self.person_fields)

    @property
    def address_bound_fields(self) -> list:
        return self.bound_fields(self.address_fields)

    @property
    def mandate_bound_fields(self) -> list:
        return self.bound_fields(self.mandate_fields)

    @property
    def closing_bound_fields(self) -> list:
        return self.bound_fields(("message", "consent", "website"))

    @staticmethod
    def _signed_reference(value) -> str:
        try:
            return signing.loads(value or "", salt=_REFERENCE_SALT, max_age=MAX_FILL_SECONDS)
        except signing.BadSignature:
            return ""

    @property
    def mandate_text(self) -> str:
        from office.services.join import mandate_text

        return mandate_text(club=self.club, reference=self.reference_shown) if self.direct_debit else ""

    def clean_country(self) -> str:
        from office.validators import validate_country

        value = (self.cleaned_data.get("country") or "").strip().upper()
        validate_country(value)
        return value

    def clean_iban(self) -> str:
        from office.sepa.errors import InvalidIdentifier
        from office.sepa.identifiers import normalize_iban

        try:
            return normalize_iban(self.cleaned_data.get("iban"))
        except InvalidIdentifier:
            raise forms.ValidationError(
                _(
                    "Diese IBAN ist ungültig. Bitte Länderkennung, Prüfziffer und Länge prüfen (z. B. DE89 3704 0044 0532 0130 00)."
                ),
                code="invalid_iban",
            ) from None

    def clean_mandate_reference(self) -> str:
        return getattr(self, "reference_shown", "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") == "DE" and cleaned.get("postal_code"):
            try:
                validate_postal_code(cleaned["postal_code"])
            except forms.ValidationError as error:
                self.add_error("postal_code", error)
        return cleaned


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
