"""Forms of the clubs app: registration on the portal, the club profile, an operator's rejection."""

import contextlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from cms.forms import SingleLineFieldsMixin

from .constants import LegalForm
from .logos import logo_reencode
from .models import BoardMember, Category, Club, ClubRegistration
from .selectors import subdomain_is_free
from .services.profile import PROFILE_FIELDS
from .validators import (
    normalise_register_number,
    validate_club_register_number,
    validate_register_number,
    validate_subdomain,
)

# Spam protection without third parties: a person needs a few seconds to fill in the form, a bot
# does not; the start time is signed so it cannot be forged.
REGISTRATION_MIN_SECONDS = 4
REGISTRATION_MAX_SECONDS = 24 * 60 * 60
_STARTED_SALT = "heldenhelfer.clubs.registration.started"
HONEYPOT_FIELD = "website"


def registration_started_token(at: float | None = None) -> str:
    return signing.dumps(at if at is not None else time.time(), salt=_STARTED_SALT)


def _clean_register_fields(form: forms.Form, cleaned: dict) -> None:
    """Register court and number are required for an e. V.; numbers are normalised ("VR 1234")."""
    number = normalise_register_number(cleaned.get("register_number") or "")
    if "register_number" in cleaned:
        cleaned["register_number"] = number
    if cleaned.get("legal_form") == LegalForm.EV:
        if not (cleaned.get("register_court") or "").strip() and "register_court" not in form.errors:
            form.add_error(
                "register_court",
                ValidationError(
                    _("Für einen e. V. bitte das Registergericht angeben, z. B. „Amtsgericht Musterstadt“.")
                ),
            )
        if not number and "register_number" not in form.errors:
            form.add_error(
                "register_number",
                ValidationError(_("Für einen e. V. bitte die Registernummer angeben, z. B. „VR 1234“.")),
            )
        elif number:
            try:
                validate_club_register_number(number)
            except ValidationError as exc:
                form.add_error("register_number", exc)
    elif number:
        try:
            validate_register_number(number)
        except ValidationError as exc:
            form.add_error("register_number", exc)


class RegistrationForm(SingleLineFieldsMixin, forms.ModelForm):
    """A club applies for its site: checked here, stored by `registration_submit`."""

    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Kategorien"),
        help_text=_("In welchen Bereichen ist Ihr Verein aktiv? Mehrere Antworten sind möglich."),
        error_messages={"required": _("Bitte mindestens eine Kategorie ankreuzen.")},
    )
    accepted_terms = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Bitte stimmen Sie den Nutzungsbedingungen zu, sonst können wir Ihre Seite nicht einrichten.")
        },
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ClubRegistration
        fields = [
            "name",
            "legal_form",
            "register_court",
            "register_number",
            "street",
            "postal_code",
            "town",
            "categories",
            "email",
            "subdomain",
            "editor_name",
            "editor_email",
            "accepted_terms",
        ]
        widgets = {
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "town": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "subdomain": forms.TextInput(
                attrs={"autocapitalize": "none", "spellcheck": "false", "data-subdomain-input": ""}
            ),
        }

    def __init__(self, *args, terms_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = registration_started_token()
        base = settings.HH_BASE_DOMAIN
        typed = (self.data.get("subdomain") or "").strip().lower() if self.is_bound else ""
        self.fields["subdomain"].help_text = format_html(
            '{} <strong><span data-subdomain-preview data-placeholder="{}">{}</span>.{}</strong>. {}',
            _("Ihre Vereinsseite wird erreichbar sein unter"),
            _("ihr-verein"),
            typed or _("ihr-verein"),
            base,
            _("Erlaubt sind Kleinbuchstaben a–z, Ziffern und Bindestriche, 3 bis 40 Zeichen."),
        )
        self.fields["accepted_terms"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a> {}',
            _("Ich habe die"),
            terms_url or "#",
            _("Nutzungsbedingungen"),
            _("gelesen und stimme ihnen zu."),
        )
        self.fields["register_court"].help_text = _("Pflicht für eingetragene Vereine, z. B. Amtsgericht Musterstadt.")
        self.fields["register_number"].help_text = _("Pflicht für eingetragene Vereine, z. B. VR 1234.")
        self.fields["email"].help_text = _("An diese Adresse schicken wir die Bestätigung und unsere Rückfragen.")
        self.fields["editor_email"].help_text = _(
            "Diese Person bekommt nach der Freischaltung einen Link, um ihr Passwort festzulegen."
        )

    def clean_subdomain(self) -> str:
        value = (self.cleaned_data.get("subdomain") or "").strip().lower()
        if value:
            validate_subdomain(value)  # "reserved" explains more than "taken" for www, portal, …
        if value and not subdomain_is_free(value):
            raise ValidationError(
                _("Die Adresse „%(value)s“ ist schon vergeben oder beantragt. Bitte wählen Sie eine andere."),
                code="subdomain_taken",
                params={"value": value},
            )
        return value

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_editor_email(self) -> str:
        return (self.cleaned_data.get("editor_email") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        _clean_register_fields(self, cleaned)
        try:
            started = float(signing.loads(self.cleaned_data.get("started") or "", salt=_STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            started = None
        elapsed = time.time() - started if started is not None else None
        if elapsed is None or elapsed > REGISTRATION_MAX_SECONDS:
            self._restart_timer()
            raise ValidationError(
                _(
                    "Das Formular war zu lange geöffnet. Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal ab."
                ),
                code="stale",
            )
        if elapsed < REGISTRATION_MIN_SECONDS:
            self._restart_timer()
            raise ValidationError(
                _("Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal ab."),
                code="too_fast",
            )
        return cleaned

    def _restart_timer(self) -> None:
        # The re-rendered form carries a fresh start time, so the person's next try counts.
        self.data = self.data.copy()
        self.data["started"] = registration_started_token(time.time() - REGISTRATION_MIN_SECONDS)

    def registration_data(self) -> dict:
        """The cleaned values for `registration_submit`, without form-only fields."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "categories"}


# A logo that passed its checks while the rest of the profile form did not is kept here (per schema,
# like every cache key), so the editor need not choose it again; the form carries only the token.
KEPT_LOGO_SECONDS = 60 * 60
KEPT_LOGO_FIELD = "logo_kept"


def _kept_logo_key(token: str) -> str:
    return f"clubs:kept-logo:{token}"


class KeptLogoInput(forms.ClearableFileInput):
    """The file input, plus the token and name of a logo kept from the previous submission."""

    kept: tuple[str, str] | None = None  # (token, file name), set by the form

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept:
            return html
        token, filename = self.kept
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><p class="help-block help-info" role="status">{}</p>',
            html,
            KEPT_LOGO_FIELD,
            token,
            _("Logo ‚%(name)s‘ ausgewählt – bleibt erhalten, Sie müssen es nicht noch einmal auswählen.")
            % {"name": filename},
        )


class ClubProfileForm(SingleLineFieldsMixin, forms.ModelForm):
    """All profile fields a club's editors maintain; saved by `club_profile_update`."""

    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.all(), widget=forms.CheckboxSelectMultiple, required=False, label=_("Kategorien")
    )
    # A plain file field: `logo_reencode` checks size first and explains type errors itself.
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=KeptLogoInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_(
            "PNG, JPG oder WebP, höchstens 2 MB. Wir entfernen dabei versteckte Bilddaten (z. B. Aufnahmeort)."
        ),
    )

    class Meta:
        model = Club
        # What the profile service saves, plus the two it handles itself (the page groups them).
        fields = [*PROFILE_FIELDS, "categories", "logo"]
        widgets = {
            "exemption_notice_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "secondary_colour": forms.TextInput(attrs={"type": "color"}),
        }
        help_texts = {
            "iban": _("Für Anträge und Spendenaufrufe, z. B. DE89 3704 0044 0532 0130 00."),
            "tax_office": _("Das Finanzamt, das Ihre Gemeinnützigkeit bestätigt hat."),
            "exemption_notice_date": _("Datum des letzten Freistellungsbescheids (Körperschaftsteuer)."),
        }

    def clean_iban(self) -> str:
        value = (self.cleaned_data.get("iban") or "").replace(" ", "").upper()
        if value:
            # An invalid IBAN stays as typed: the model validator reports it with its German message.
            with contextlib.suppress(SchwiftyException, ValueError):
                value = IBAN(value).compact
        return value

    def clean_bic(self) -> str:
        value = (self.cleaned_data.get("bic") or "").replace(" ", "").upper()
        if value:
            with contextlib.suppress(SchwiftyException, ValueError):
                value = str(BIC(value))
        return value

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        self.new_logo = None
        # Only a new upload is checked; False means "remove", an unchanged file is a FieldFile.
        if logo and hasattr(logo, "content_type"):
            self.new_logo = logo_reencode(logo)
        elif logo is not False:
            self.new_logo = self._kept_logo()
        if self.new_logo is None:
            return logo
        self._keep_logo(self.new_logo)
        return self.new_logo

    def _kept_logo(self) -> ContentFile | None:
        """The logo checked in the previous submission of this form, if its token is still valid."""
        token = str(self.data.get(KEPT_LOGO_FIELD) or "")
        if not (token.isascii() and 20 <= len(token) <= 64):
            return None
        kept = cache.get(_kept_logo_key(token))
        if not kept:
            return None
        cache.delete(_kept_logo_key(token))  # kept again under a fresh token if the form fails once more
        filename, content = kept
        return ContentFile(content, name=filename)

    def _keep_logo(self, logo: ContentFile) -> None:
        # Shown again with the form if anything else is wrong: kept under a fresh token.
        token = secrets.token_urlsafe(24)
        logo.seek(0)
        cache.set(_kept_logo_key(token), (logo.name, logo.read()), timeout=KEPT_LOGO_SECONDS)
        logo.seek(0)
        self.fields["logo"].widget.kept = (token, logo.name)

    def clean(self):
        cleaned = super().clean()
        _clean_register_fields(self, cleaned)
        return cleaned

    def profile_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        if data.get("logo") is not False and getattr(self, "new_logo", None) is None:
            data.pop("logo")  # unchanged
        return data


BoardMemberFormSet = forms.inlineformset_factory(
    Club,
    BoardMember,
    fields=["role", "name", "email", "phone"],
    extra=2,
    can_delete=True,
    max_num=30,
)


def board_members_data(formset) -> list[dict]:
    """The rows to keep, in the order shown, for `club_profile_update`."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("name"):
            continue
        rows.append({key: data.get(key) or "" for key in ("role", "name", "email", "phone")})
    return rows


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Der Verein bekommt diese Begründung per E-Mail. Bitte freundlich und verständlich formulieren."),
        error_messages={"required": _("Bitte eine Begründung angeben.")},
    )


class EditorInviteForm(SingleLineFieldsMixin, forms.Form):
    """A Vereinsadmin invites a co-editor of their own club (sites/clubs/admin_views.py)."""

    name = forms.CharField(
        label=_("Vor- und Nachname"),
        max_length=120,
        error_messages={"required": _("Bitte einen Namen angeben.")},
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        max_length=150,
        error_messages={
            "required": _("Bitte eine E-Mail-Adresse angeben."),
            "invalid": _("Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=(
            ("Vereinsredaktion", _("Vereinsredaktion: Seiten, Bilder, Dokumente, Eingänge")),
            ("Vereinsadmin", _("Vereinsadmin: zusätzlich Profil, Anträge, Netzwerk, Verwaltung, Redaktion")),
        ),
        initial="Vereinsredaktion",
        error_messages={"invalid_choice": _("Bitte eine der angebotenen Rollen wählen.")},
    )
