"""Typed fields and a lenient form for the parameters of a URL (searches, filters, paging, feeds).

Query strings come from links people share, bookmark and mistype, and from robots that send
anything. Every value is parsed by a form field, never by hand (`str.isdigit()` accepts "²",
which `int()` refuses; `date.fromisoformat("9999-12-31")` succeeds and the next `+ timedelta`
overflows; a NUL byte makes PostgreSQL refuse the query). Used on the portal host and in the
club admin (the exchange's search), hence here.

`QueryForm` is always bound and never fails: a value that does not parse falls back to the
field's default and leaves a German note for the page (`notes`); a feed just uses the defaults.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# C0 and C1 control characters (NUL, CR, LF, tab, ESC, …) and DEL: never part of a search word.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
MAX_PAGE = 100_000


def clean_text(value) -> str:
    """One line of text: control characters become spaces, runs of spaces one, ends trimmed."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value or "")).split())


class QueryTextField(forms.CharField):
    """Search words or a place: control characters (NUL, CR, LF …) removed; too long → cut, with a note."""

    def __init__(self, *, max_length: int = 200, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(max_length=None, **kwargs)
        self.cut_at = max_length

    def to_python(self, value):
        return clean_text(super().to_python(value))


class QueryChoiceField(forms.ChoiceField):
    """One value out of fixed choices; control characters are removed before the comparison."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": gettext_lazy("Den Wert „%(value)s“ kennt dieser Filter nicht.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value))

    def validate(self, value):
        try:
            super().validate(value)
        except ValidationError as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value[:40]}
            ) from exc


class QueryMultipleChoiceField(forms.MultipleChoiceField):
    """Several values out of fixed choices, read leniently: unknown values are dropped (with a note), the rest kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        return list(dict.fromkeys(v for v in (clean_text(v) for v in values) if v))

    def split(self, values: list[str]) -> tuple[list[str], list[str]]:
        """(known, unknown) values."""
        known = [v for v in values if self.valid_value(v)]
        return known, [v for v in values if not self.valid_value(v)]

    def validate(self, value):
        pass  # unknown values are dropped in QueryForm._clean_fields, with a note


class QueryIntegerField(forms.IntegerField):
    """A whole number within bounds (page, radius): "²", "1e309", "-1" or 5,000 digits are refused, not a 500."""

    default_error_messages = {
        "invalid": gettext_lazy("Bitte eine ganze Zahl angeben."),
        "min_value": gettext_lazy("Die Zahl muss mindestens %(limit_value)s sein."),
        "max_value": gettext_lazy("Die Zahl darf höchstens %(limit_value)s sein."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = CONTROL_CHARACTERS.sub("", str(value)).strip() if value is not None else value
        if isinstance(value, str) and len(value) > 20:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class PageField(QueryIntegerField):
    """A page number: 1 … MAX_PAGE (a page past the last is the selector's or paginator's business)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Seite"))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_PAGE)
        super().__init__(**kwargs)


class QueryDateField(forms.DateField):
    """A date as 2026-06-14 or 14.06.2026, between 1900 and 2200 (so that adding days never overflows)."""

    default_error_messages = {
        "invalid": gettext_lazy("Bitte ein Datum wie 14.06.2026 angeben."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(
                EARLIEST_DATE, message=gettext_lazy("Bitte ein Datum ab dem Jahr %(year)s angeben.") % {"year": 1900}
            ),
            MaxValueValidator(
                LATEST_DATE, message=gettext_lazy("Bitte ein Datum bis zum Jahr %(year)s angeben.") % {"year": 2200}
            ),
        ]

    def to_python(self, value):
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub("", value).strip()
            if len(value) > 40:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class QueryMonthField(forms.CharField):
    """A month as 2026-06 (or 06.2026), between 1900 and 2200; cleaned to the month's first day."""

    default_error_messages = {"invalid": gettext_lazy("Bitte einen Monat wie 2026-06 angeben.")}
    _PATTERNS = (
        re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})", re.ASCII),
        re.compile(r"(?P<month>\d{1,2})\.(?P<year>\d{4})", re.ASCII),
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = clean_text(super().to_python(value))
        if not text:
            return None
        for pattern in self._PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year, month = int(match["year"]), int(match["month"])
                if EARLIEST_DATE.year <= year <= LATEST_DATE.year and 1 <= month <= 12:
                    return date(year, month, 1)
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class QueryForm(forms.Form):
    """Parameters of a URL, read leniently: a value that does not parse is replaced by the field's default.

    `values` holds a usable value for every field (the cleaned one or the default: `initial` of
    the field, else "" / None / []); `notes` says in German which values were ignored and why.
    A text field longer than its limit is cut, with a note.
    """

    # How a refused value is reported: the field's label, the field's German message.
    ignored_note = gettext_lazy("„%(field)s“: %(message)s Diese Angabe wurde ignoriert.")

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    def _clean_fields(self):
        super()._clean_fields()
        self._lenient_notes = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(field, QueryMultipleChoiceField) and isinstance(value, list):
                self.cleaned_data[name], unknown = field.split(value)
                for bad in unknown[:3]:
                    self._lenient_notes.append(
                        _("Der Filter „%(field)s“ kennt den Wert „%(value)s“ nicht; er wurde ignoriert.")
                        % {"field": field.label or name, "value": bad[:40]}
                    )
            if isinstance(field, QueryTextField) and isinstance(value, str) and len(value) > field.cut_at:
                self.cleaned_data[name] = value[: field.cut_at].strip()
                self._lenient_notes.append(
                    _("„%(field)s“ war sehr lang; wir haben die ersten %(n)d Zeichen verwendet.")
                    % {"field": field.label or name, "n": field.cut_at}
                )

    @staticmethod
    def default_for(field: forms.Field):
        if field.initial is not None:
            return field.initial
        if isinstance(field, forms.MultipleChoiceField):
            return []
        if isinstance(field, forms.CharField | forms.ChoiceField):
            return ""
        return None

    @cached_property
    def values(self) -> dict:
        self.is_valid()
        values = {}
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name in self.errors or value is None or value in field.empty_values:
                value = self.default_for(field) if name in self.errors or field.initial is not None else value
            values[name] = value
        return values

    @cached_property
    def notes(self) -> list[str]:
        self.is_valid()
        notes = list(getattr(self, "_lenient_notes", []))
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = field.label if field is not None and field.label else name
            for message in errors:
                if name == forms.forms.NON_FIELD_ERRORS:
                    notes.append(message)
                else:
                    notes.append(str(self.ignored_note) % {"field": label, "message": message})
        return notes
