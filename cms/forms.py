"""What the public forms of both trees share: single-line fields hold one line.

A name, a subject or a street with a line break in it is never what a person meant, and it is
what header injection into e-mails needs. `SingleLineFieldsMixin` gives every one-line text field
of a form (not text areas, not hidden fields, not e-mail fields, which check themselves) a
validator that refuses control characters with a German message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.mail import CONTROL_CHARACTERS


def validate_single_line(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Bitte ohne Zeilenumbrüche oder Steuerzeichen eingeben: Dieses Feld hat nur eine Zeile."),
            code="control_characters",
        )


def is_single_line(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, forms.EmailField)
        and not isinstance(field.widget, (forms.Textarea, forms.HiddenInput))
    )


class SingleLineFieldsMixin:
    """Put first in the bases of a form: its one-line text fields refuse control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)
