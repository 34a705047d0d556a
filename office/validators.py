"""Validators of the club office: IBAN and BIC (schwifty), SEPA mandate references, countries, dates."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import pycountry
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

# The SEPA identifier character set (EPC guidelines, used by German banks for mandate references):
# letters, digits and + ? / - : ( ) . , ' — no space, no umlaut; not starting or ending with "/", no "//".
MANDATE_REFERENCE = re.compile(r"^[A-Za-z0-9+?/\-:().,']{1,35}$")


def compact(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_iban(value: str) -> None:
    try:
        IBAN(compact(value))
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _(
                "Diese IBAN ist ungültig. Bitte Länderkennung, Prüfziffer und Länge prüfen (z. B. DE89 3704 0044 0532 0130 00)."
            ),
            code="invalid_iban",
        ) from None


def validate_bic(value: str) -> None:
    try:
        BIC(compact(value))
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _("Diese BIC ist ungültig (8 oder 11 Zeichen, z. B. COBADEFFXXX)."), code="invalid_bic"
        ) from None


def validate_mandate_reference(value: str) -> None:
    if not MANDATE_REFERENCE.match(value or "") or value.startswith("/") or value.endswith("/") or "//" in value:
        raise ValidationError(
            _(
                "Die Mandatsreferenz darf höchstens 35 Zeichen haben: Buchstaben A–Z (ohne Umlaute), Ziffern "
                "und + ? / - : ( ) . , ' – keine Leerzeichen, kein „/“ am Anfang oder Ende."
            ),
            code="invalid_mandate_reference",
        )


def validate_country(value: str) -> None:
    if not value or len(value) != 2 or pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValidationError(
            _("Bitte den zweistelligen Ländercode nach ISO 3166 angeben, z. B. DE, AT oder NL."),
            code="invalid_country",
        )


def validate_not_in_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Dieses Datum liegt in der Zukunft."), code="future_date")


def validate_birth_date(value: datetime.date) -> None:
    validate_not_in_future(value)
    if value and value.year < 1900:
        raise ValidationError(_("Bitte ein Geburtsdatum ab 1900 angeben."), code="birth_date_too_early")
