"""SEPA identifiers and texts: creditor identifier, mandate reference, IBAN/BIC, the SEPA character set.

Banks accept only the EPC basic Latin set in a pain.008 file (a-z A-Z 0-9 / - ? : ( ) . , ' + space);
names and remittance texts are transliterated into it the way German banks expect (ä → ae, ß → ss)
and cut to the field's length. Identifiers (mandate reference, end-to-end id, message id) use the same
set without space for new values and must not start or end with "/" nor contain "//".
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Container
from functools import lru_cache

from django.utils.translation import gettext as _

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError as StdnumError
from text_unidecode import unidecode

from .errors import InvalidIdentifier

NAME_MAX = 70
REMITTANCE_MAX = 140
END_TO_END_ID_MAX = 35
MANDATE_REFERENCE_MAX = 35
MESSAGE_ID_MAX = 35

SEPA_TEXT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
_NOT_SEPA_TEXT = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_SEPA_TEXT_ONLY = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]*\Z")
_MANDATE_REFERENCE = re.compile(r"^[A-Za-z0-9/\-?:().,'+ ]{1,35}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9/\-?:().,'+]{1,35}$")

# Characters that Unicode decomposition does not reduce to basic Latin, or that German banks expect
# to be written out. Ä/Ö/Ü are handled separately (Ae or AE depending on the neighbours).
_TRANSLITERATION = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
    "&": "+",
    "€": "EUR",
    "@": "(at)",
    "_": "-",
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "´": "'",
    "`": "'",
    '"': "'",
    "“": "'",
    "”": "'",
    "„": "'",
    "«": "'",
    "»": "'",
    ";": ",",
    "!": ".",
    "#": "Nr.",
    "\\": "/",
}
_UPPER_UMLAUTS = {"Ä": ("Ae", "AE"), "Ö": ("Oe", "OE"), "Ü": ("Ue", "UE")}


def transliterate(text: str | None) -> str:
    """German transliteration into the SEPA character set (no length limit): "Jürgen Öß" → "Juergen Oess"."""
    if not text:
        return ""
    if _SEPA_TEXT_ONLY.match(text):
        # Already in the set (most names, towns, remittance texts): only the spaces are tidied.
        return " ".join(text.split())
    return _transliterate(text)


_SIMPLE_TABLE = str.maketrans(_TRANSLITERATION)
_UPPER_UMLAUT = re.compile("[ÄÖÜ]")


@lru_cache(maxsize=32768)
def _transliterate(text: str) -> str:
    # Cached: a debit file repeats towns, street names and fee texts thousands of times, and checks
    # each name before it writes it (as many entries as a big club has names with umlauts). In three
    # passes, each the same per character as one loop: the upper-case umlauts (they look at their
    # neighbours in the original text), then the fixed table, then whatever is left outside ASCII.
    def umlaut(match: re.Match) -> str:
        # "MÜLLER" → "MUELLER", "Müller" → "Mueller": upper case when a neighbour is an upper-case letter.
        i = match.start()
        neighbours = text[i - 1 : i] + text[i + 1 : i + 2]
        shouting = any(c.isalpha() and c.isupper() for c in neighbours) and not any(
            c.isalpha() and c.islower() for c in neighbours
        )
        return _UPPER_UMLAUTS[match.group()][1 if shouting else 0]

    result = _UPPER_UMLAUT.sub(umlaut, text).translate(_SIMPLE_TABLE)
    if not result.isascii():
        result = "".join(char if char.isascii() else _decomposed(char) for char in result)
    cleaned = _NOT_SEPA_TEXT.sub(" ", result)
    return " ".join(cleaned.split())


@lru_cache(maxsize=1024)
def _decomposed(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Other scripts (Cyrillic, Greek, …): text_unidecode, which sepaxml brings along.
    return plain if plain.isascii() else unidecode(char)


def sanitize_text(text: str | None, *, max_length: int) -> str:
    """Transliterate and cut to ``max_length`` characters (no trailing space)."""
    return transliterate(text)[:max_length].rstrip()


def sanitize_name(text: str | None) -> str:
    return sanitize_text(text, max_length=NAME_MAX)


def sanitize_remittance(text: str | None) -> str:
    return sanitize_text(text, max_length=REMITTANCE_MAX)


def sanitize_identifier(text: str | None, *, max_length: int = END_TO_END_ID_MAX) -> str:
    """An identifier (end-to-end id, message id) from any text: SEPA set without space, no "//", no "/" at the ends."""
    value = transliterate(text).replace(" ", "-")
    value = re.sub(r"/{2,}", "/", value)[:max_length]
    return value.strip("/")


def is_valid_identifier(value: str | None) -> bool:
    """End-to-end id, message id, payment information id: 1–35 SEPA characters without space."""
    return bool(value and _IDENTIFIER.match(value) and not value.startswith("/") and not value.endswith("/")) and (
        "//" not in value
    )


def validate_end_to_end_id(value: str | None) -> str:
    if not is_valid_identifier(value):
        raise InvalidIdentifier(
            _(
                "Die Ende-zu-Ende-Referenz „%(value)s“ ist ungültig: 1 bis 35 Zeichen aus A–Z, a–z, 0–9 und "
                "/ - ? : ( ) . , ' +, ohne Leerzeichen, ohne „/“ am Anfang oder Ende und ohne „//“."
            )
            % {"value": value or ""},
            code="invalid_end_to_end_id",
        )
    return value


# --- creditor identifier (Gläubiger-Identifikationsnummer) ---


def normalize_creditor_id(value: str | None) -> str:
    return re.sub(r"[\s.-]", "", value or "").upper()


def is_valid_creditor_id(value: str | None) -> bool:
    try:
        validate_creditor_id(value)
    except InvalidIdentifier:
        return False
    return True


def validate_creditor_id(value: str | None) -> str:
    """The compact creditor identifier, or :class:`InvalidIdentifier`.

    ISO 7064 mod 97-10 over country code and national identifier without the 3-character business
    code (stdnum.eu.at_02); German identifiers have exactly 18 characters (DE, 2 check digits, business
    code, 11 digits).
    """
    compact = normalize_creditor_id(value)
    try:
        compact = at_02.validate(compact)
    except StdnumError:
        raise InvalidIdentifier(
            _(
                "Die Gläubiger-Identifikationsnummer „%(value)s“ ist ungültig: Prüfziffern stimmen nicht "
                "(Aufbau: Ländercode, 2 Prüfziffern, 3 Zeichen Geschäftsbereich, nationale Kennung, "
                "z. B. DE98ZZZ09999999999)."
            )
            % {"value": value or ""},
            code="invalid_creditor_id",
        ) from None
    if compact.startswith("DE") and (len(compact) != 18 or not compact[7:].isdigit()):
        raise InvalidIdentifier(
            _("Eine deutsche Gläubiger-Identifikationsnummer hat 18 Zeichen und endet auf 11 Ziffern."),
            code="invalid_creditor_id",
        )
    return compact


def creditor_id_without_business_code(value: str) -> str:
    """The identifier as the check digits see it: the business code (positions 5–7) left out."""
    compact = normalize_creditor_id(value)
    return compact[:4] + compact[7:]


# --- mandate reference ---


def is_valid_mandate_reference(value: str | None) -> bool:
    return bool(value and _MANDATE_REFERENCE.match(value)) and not (
        value.startswith("/") or value.endswith("/") or "//" in value
    )


def validate_mandate_reference(value: str | None) -> str:
    if not is_valid_mandate_reference(value):
        raise InvalidIdentifier(
            _(
                "Die Mandatsreferenz „%(value)s“ ist ungültig: höchstens 35 Zeichen aus A–Z, a–z, 0–9, Leerzeichen "
                "und / - ? : ( ) . , ' + (keine Umlaute), kein „/“ am Anfang oder Ende und kein „//“."
            )
            % {"value": value or ""},
            code="invalid_mandate_reference",
        )
    return value


def generate_mandate_reference(
    *, member_number: str | int, signed_on: datetime.date, taken: Container[str] = frozenset(), prefix: str = "M"
) -> str:
    """A new reference "M-<member no>-<yyyymmdd>-<n>" that is not in ``taken`` (compared case-insensitively).

    Pass the club's existing references (upper-cased) as ``taken``; the database's unique constraint
    stays the final guard against two runs at the same time.
    """
    number = sanitize_identifier(str(member_number), max_length=18) or "0"
    base = f"{sanitize_identifier(prefix, max_length=4) or 'M'}-{number}-{signed_on:%Y%m%d}"
    for n in range(1, 10_000):
        candidate = f"{base}-{n}"
        if candidate not in taken and candidate.upper() not in taken:
            return candidate
    raise InvalidIdentifier(_("Es konnte keine freie Mandatsreferenz gebildet werden."), code="no_free_reference")


# --- IBAN and BIC (schwifty) ---


def normalize_iban(value: str | None) -> str:
    """The compact, checked IBAN or :class:`InvalidIdentifier`."""
    try:
        return _checked_iban(value or "")
    except (SchwiftyException, ValueError):
        raise InvalidIdentifier(
            _("Die IBAN „%(value)s“ ist ungültig: Bitte Länderkennung, Prüfziffer und Länge prüfen.")
            % {"value": value or ""},
            code="invalid_iban",
        ) from None


@lru_cache(maxsize=32768)
def _checked_iban(value: str) -> str:
    # Cached (only valid ones; an exception is not kept): a debit file checks each IBAN more than once,
    # and schwifty's check (registry, checksum) is the dearest part of a line.
    return IBAN(re.sub(r"\s", "", value).upper()).compact


def normalize_bic(value: str | None) -> str:
    """The checked BIC (8 or 11 characters) or :class:`InvalidIdentifier`."""
    try:
        return _checked_bic(value or "")
    except (SchwiftyException, ValueError):
        raise InvalidIdentifier(
            _("Die BIC „%(value)s“ ist ungültig (8 oder 11 Zeichen, z. B. COBADEFFXXX).") % {"value": value or ""},
            code="invalid_bic",
        ) from None


@lru_cache(maxsize=4096)
def _checked_bic(value: str) -> str:
    # Cached like the IBANs (only valid ones): a debit file names the same few banks again and again.
    return str(BIC(re.sub(r"\s", "", value).upper()))


def bic_for_iban(iban: str) -> str | None:
    """The BIC schwifty's bank registry knows for this IBAN, if any."""
    try:
        bic = IBAN(iban).bic
    except (SchwiftyException, ValueError):
        return None
    return str(bic) if bic else None


def same_bank(iban_a: str, iban_b: str) -> bool:
    """Whether two IBANs belong to the same bank (country and national bank code)."""
    try:
        a, b = IBAN(iban_a), IBAN(iban_b)
    except (SchwiftyException, ValueError):
        return False
    return a.country_code == b.country_code and a.bank_code == b.bank_code
