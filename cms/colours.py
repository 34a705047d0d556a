"""Colour checks for themes and club colours (WCAG 2.1 contrast, success criterion 1.4.3)."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
MIN_TEXT_CONTRAST = 4.5  # WCAG AA for normal text


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Bitte eine Farbe im Format #RRGGBB angeben, z. B. #1d4ed8."), code="invalid_colour")


def validate_text_background(value: str) -> None:
    """A colour used behind white text (header, buttons) must reach AA contrast with white."""
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        raise ValidationError(
            _(
                "Diese Farbe ist zu hell: weiße Schrift darauf hat nur ein Kontrastverhältnis von "
                "%(ratio)s : 1, nötig sind mindestens 4,5 : 1 (WCAG AA). Bitte wählen Sie einen "
                "dunkleren Ton."
            ),
            code="low_contrast",
            # number_format writes "1,3" in German and "1.3" in English.
            params={"ratio": number_format(ratio, 1)},
        )
