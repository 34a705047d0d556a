"""Dates typed the German way: a day that does not exist is named, a wrong format says the format."""

from django import forms
from django.utils import translation

from cms.forms import GermanDateField


class _Form(forms.Form):
    day = GermanDateField()


class _PlainForm(forms.Form):
    day = forms.DateField()


def test_a_day_that_does_not_exist_is_named_not_the_format():
    with translation.override("de"):
        form = _Form({"day": "31.02.1990"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Den 31.02.1990 gibt es nicht. Bitte Tag und Monat prüfen."]
        assert _Form({"day": "1.3.1990"}).is_valid()
        assert _Form({"day": "1990-03-01"}).is_valid()


def test_every_date_field_says_the_german_format():
    with translation.override("de"):
        form = _PlainForm({"day": "gestern"})
        assert not form.is_valid()
        assert "TT.MM.JJJJ" in form.errors["day"][0]


def test_a_services_refusal_reaches_the_form_with_or_without_fields():
    """cms.forms.form_errors_from: field errors at their field, the rest above the form; a plain
    ValidationError (no fields) made `message_dict` raise and the page answer 500 before."""
    from django.core.exceptions import ValidationError

    from cms.forms import form_errors_from

    form = _Form({"day": "01.03.1990"})
    assert form.is_valid()
    form_errors_from(form, ValidationError({"day": "Zu früh.", "elsewhere": "Anderswo."}))
    assert form.errors["day"] == ["Zu früh."] and form.non_field_errors() == ["Anderswo."]
    plain = _Form({"day": "01.03.1990"})
    assert plain.is_valid()
    form_errors_from(plain, ValidationError("Das geht gerade nicht."))
    assert plain.non_field_errors() == ["Das geht gerade nicht."]
