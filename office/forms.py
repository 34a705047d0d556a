"""Forms of the office admin: member, mandate, fee group, department, the list filters  Dates are typed and shown as 14.06.2026 (cms/formats)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

import django_filters
import django_filters.fields

from .constants import MemberStatus
from .models import Department, FeeGroup, Member, SepaMandate
from .services.members import EDITABLE_FIELDS as MEMBER_FIELDS
from .validators import compact
from .widget_cache import keep_rendered


class UncheckedIsUnset(forms.CheckboxInput):
    """A filter checkbox: unticked means "no filter" (None), not "False" (the admin showed an
    active filter "Nur mit offenen Posten: False" on every list)."""

    def value_from_datadict(self, data, files, name):
        return True if super().value_from_datadict(data, files, name) else None


class MemberForm(WagtailAdminModelForm):
    class Meta:
        model = Member
        fields = [*MEMBER_FIELDS, "departments"]
        widgets = {"departments": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty on a new member: the next free number is taken when saving.
        self.fields["number"].required = False
        self.fields["fee_group"].queryset = FeeGroup.objects.filter(is_active=True) | FeeGroup.objects.filter(
            pk=getattr(self.instance, "fee_group_id", None)
        )
        payers = Member.objects.exclude(status=MemberStatus.LEFT).filter(payer__isnull=True)
        if self.instance.pk:
            payers = payers.exclude(pk=self.instance.pk)
        self.fields["payer"].queryset = payers
        self.fields["departments"].queryset = Department.objects.filter(is_active=True) | Department.objects.filter(
            pk__in=self.instance.departments.values("pk") if self.instance.pk else []
        )

    def member_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS if name in self.cleaned_data}


class MandateForm(WagtailAdminModelForm):
    class Meta:
        model = SepaMandate
        fields = [
            "member",
            "reference",
            "signed_on",
            "account_holder",
            "iban",
            "bic",
            "sequence",
            "last_used_on",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _("Leer lassen: Die Referenz wird aus der Mitgliedsnummer gebildet.")
        if self.instance.pk:
            self.fields["member"].disabled = True

    def clean_iban(self) -> str:
        return compact(self.cleaned_data.get("iban"))

    def clean_bic(self) -> str:
        return compact(self.cleaned_data.get("bic"))

    def mandate_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "member"}


class ListedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """A filter's choices read with one plain query per form (kept in the queryset's result cache), not
    with a server-side cursor each time they are read (Django's queryset.iterator(): DECLARE, FETCH, CLOSE)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(django_filters.fields.ModelChoiceField):
    """A filter's model choice, checked against the choices the form shows (no query of its own). Named
    as the class it extends: the admin's field markup has a CSS class from the name (w-field--model_choice_field)."""

    iterator = ListedChoiceIterator

    def to_python(self, value):
        model = self.queryset.model
        if value in self.empty_values or self.to_field_name or isinstance(value, model):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        try:
            key = model._meta.pk.get_prep_value(value)  # what queryset.get(pk=value) compares with
        except (ValueError, TypeError):
            key = None
        for choice in self.queryset if key is not None else ():
            if choice.pk == key:
                return choice
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField


class MemberFilterSet(WagtailFilterSet):
    # No DISTINCT: a status is a column, and one department joins at most one row per member (the
    # link table is unique per member and department); DISTINCT made every count read all rows.
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=MemberStatus.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    departments = ListedModelChoiceFilter(
        label=_("Abteilung"), queryset=Department.objects.all(), field_name="departments", distinct=False
    )
    fee_group = ListedModelChoiceFilter(label=_("Beitragsgruppe"), queryset=FeeGroup.objects.all())
    age_from = django_filters.NumberFilter(label=_("Alter ab"), method="filter_age")
    age_to = django_filters.NumberFilter(label=_("Alter bis"), method="filter_age")
    joined_from = django_filters.DateFilter(
        label=_("Eingetreten ab"), field_name="joined_on", lookup_expr="gte", widget=AdminDateInput
    )
    joined_to = django_filters.DateFilter(
        label=_("Eingetreten bis"), field_name="joined_on", lookup_expr="lte", widget=AdminDateInput
    )
    open_items = django_filters.BooleanFilter(
        label=_("Nur mit offenen Posten"), method="filter_open_items", widget=UncheckedIsUnset
    )

    class Meta:
        model = Member
        fields = []

    @property
    def form(self):
        form = super().form
        keep_rendered(form)  # the same filters are drawn on every list request
        return form

    def filter_age(self, queryset, name, value):
        # Both bounds are applied together in filter_queryset (one birth-date range).
        return queryset

    def filter_open_items(self, queryset, name, value):
        return queryset.filter(balance__gt=0) if value else queryset

    def filter_queryset(self, queryset):
        from django.utils import timezone

        from .selectors import birth_date_range_for_age

        queryset = super().filter_queryset(queryset)
        age_from, age_to = self.form.cleaned_data.get("age_from"), self.form.cleaned_data.get("age_to")
        if age_from is not None or age_to is not None:
            queryset = queryset.filter(
                birth_date_range_for_age(
                    age_from=int(age_from) if age_from is not None else None,
                    age_to=int(age_to) if age_to is not None else None,
                    on=timezone.localdate(),
                )
            )
        return queryset
