"""What the public forms of both trees share: single-line fields hold one line; German dates.

A name, a subject or a street with a line break in it is never what a person meant, and it is
what header injection into e-mails needs. `SingleLineFieldsMixin` gives every one-line text field
of a form (not text areas, not hidden fields, not e-mail fields, which check themselves) a
validator that refuses control characters with a German message.

`GermanDateField` takes dates typed the German way and tells a day that does not exist (31.02.)
apart from a wrong format, so a visitor is not asked to use the format they already used.
"""

import re

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


_GERMAN_DATE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*")


class GermanDateField(forms.DateField):
    """A date typed as TT.MM.JJJJ (or ISO, as browsers send it)."""

    input_formats = ["%d.%m.%Y", "%Y-%m-%d"]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            match = _GERMAN_DATE.fullmatch(str(value or ""))
            if match is None:
                raise
            day, month, year = match.groups()
            raise ValidationError(
                _("Den %(date)s gibt es nicht. Bitte Tag und Monat prüfen.")
                % {"date": f"{int(day):02d}.{int(month):02d}.{year}"},
                code="invalid_date",
            ) from None


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form: at the field it names, else above the form.

    Services refuse with field errors ({"iban": …}) or with one message; both must reach the person
    with the form still filled in — never a 500 because the error had no fields."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
