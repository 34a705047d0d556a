"""Validators for club data entered by people: subdomains, IBAN, BIC, postal codes, creditor identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from .constants import RESERVED_SUBDOMAINS

SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$")
POSTAL_CODE = re.compile(r"^\d{5}$")
# Register numbers as courts print them: "VR 1234", "VR 1234 B" (Berlin), "HRB 567", "GnR 89".
REGISTER_NUMBER = re.compile(r"^(VR|HRB|HRA|GnR|PR)\s?(\d{1,6})(?:\s?([A-Z]{1,3}))?$", re.IGNORECASE)


def validate_subdomain(value: str) -> None:
    if not SUBDOMAIN.match(value or "") or "--" in value:
        raise ValidationError(
            _(
                "Bitte 3 bis 40 Zeichen verwenden: Kleinbuchstaben a–z, Ziffern und einzelne "
                "Bindestriche, nicht am Anfang oder Ende (z. B. tsv-musterstadt)."
            ),
            code="invalid_subdomain",
        )
    if value in RESERVED_SUBDOMAINS:
        raise ValidationError(
            _("Die Adresse „%(value)s“ ist reserviert. Bitte wählen Sie eine andere."),
            code="reserved_subdomain",
            params={"value": value},
        )


def validate_iban(value: str) -> None:
    try:
        IBAN(value)
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _("Diese IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge."),
            code="invalid_iban",
        ) from None


def validate_bic(value: str) -> None:
    try:
        BIC(value)
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _("Diese BIC ist ungültig (8 oder 11 Zeichen, z. B. COBADEFFXXX)."), code="invalid_bic"
        ) from None


def validate_creditor_id(value: str) -> None:
    """The SEPA creditor identifier (Gläubiger-ID), checked as the debit runs check it
    (office/sepa/identifiers.py: ISO 7064 mod 97-10, German ones 18 characters), as a form error."""
    from office.sepa.errors import InvalidIdentifier
    from office.sepa.identifiers import validate_creditor_id as creditor_id_check

    try:
        creditor_id_check(value)
    except InvalidIdentifier as error:
        raise ValidationError(error.message, code=error.code) from None


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE.match(value or ""):
        raise ValidationError(_("Bitte eine fünfstellige Postleitzahl angeben."), code="invalid_postal_code")


def normalise_register_number(value: str) -> str:
    """ "vr1234" → "VR 1234"; values that do not look like a register number come back unchanged."""
    match = REGISTER_NUMBER.match((value or "").strip())
    if not match:
        return (value or "").strip()
    kind, number, suffix = match.groups()
    kind = "GnR" if kind.lower() == "gnr" else kind.upper()
    return " ".join(part for part in (kind, number, (suffix or "").upper()) if part)


def validate_register_number(value: str) -> None:
    if not REGISTER_NUMBER.match((value or "").strip()):
        raise ValidationError(
            _("Bitte die Registernummer so angeben, wie sie im Register steht, z. B. „VR 1234“."),
            code="invalid_register_number",
        )


def validate_club_register_number(value: str) -> None:
    """An e. V. is entered in the Vereinsregister: its number starts with VR."""
    validate_register_number(value)
    if not normalise_register_number(value).startswith("VR "):
        raise ValidationError(
            _("Ein eingetragener Verein steht im Vereinsregister: Die Nummer beginnt mit „VR“, z. B. „VR 1234“."),
            code="not_a_club_register_number",
        )
