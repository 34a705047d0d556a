"""The member list's filter widgets drawn from the per-process memo (office/widget_cache.py): the same
HTML as drawn by their templates, and never a stale one (new choices, another language, other values)."""

from django.utils import translation

import pytest
from django_tenants.utils import schema_context

DATA = [
    {},
    {"status": ["active", "passive"], "age_from": "18"},
    {"fee_group": "FEE", "departments": "DEP", "open_items": "on"},
    {"fee_group": "99999", "departments": "abc", "age_to": "x", "joined_from": "31.02.2020"},
    {"joined_from": "01.01.2020", "joined_to": "31.12.2020", "status": ["honorary"]},
]


def _filters_html(data, office_data) -> list[str]:
    from django.http import QueryDict

    from office.forms import MemberFilterSet
    from office.models import Member

    query = QueryDict(mutable=True)
    ids = {"FEE": str(office_data["fee_group"].pk), "DEP": str(office_data["department"].pk)}
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        query.setlist(name, [ids.get(item, item) for item in values])
    filterset = MemberFilterSet(data=query, queryset=Member.objects.all())
    filterset.is_valid()
    return [str(field) for field in filterset.form]  # each widget as the admin's template draws it


@pytest.mark.django_db
def test_filter_widgets_from_the_memo_are_the_templates_html(club, office_data, monkeypatch):
    from office import widget_cache
    from office.models import Department

    with schema_context(club.schema_name):
        for language in ("de", "en"):
            with translation.override(language):
                for data in DATA:
                    monkeypatch.setattr(widget_cache, "ENABLED", False)
                    plain = _filters_html(data, office_data)
                    monkeypatch.setattr(widget_cache, "ENABLED", True)
                    first, again = _filters_html(data, office_data), _filters_html(data, office_data)
                    assert first == plain and again == plain, (language, data)
        assert widget_cache._memo, "nothing was kept"
        # A new department shows up at once (the choices are part of the key).
        Department.objects.create(name="Schach & Go")
        with translation.override("de"):
            assert any("Schach &amp; Go" in html for html in _filters_html({}, office_data))


def test_memo_keeps_at_most_size_entries(monkeypatch):
    from django import forms

    from office import widget_cache

    class Form(forms.Form):
        number = forms.IntegerField()

    monkeypatch.setattr(widget_cache, "SIZE", 3)
    monkeypatch.setattr(widget_cache, "_memo", widget_cache.OrderedDict())
    for value in range(10):
        form = Form(data={"number": str(value)})
        widget_cache.keep_rendered(form)
        assert f'value="{value}"' in str(form["number"])
    assert len(widget_cache._memo) == 3
    assert type(form.fields["number"].widget).__name__ == "NumberInput"
