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
