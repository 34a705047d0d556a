"""Admin pages of the club's chart of accounts (menu "Finanzen" → "Kontenplan", `office.manage_finances`
only): the compact SKR 42 subset seeded from office/books/chart.json, with the club's own categories
added and names changed. Thin: writes go through `office.services.finance.category_save`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.forms import form_errors_from
from office.models import Booking, LedgerCategory
from office.services import finance as services

from .finance import _page


class CategoryForm(forms.ModelForm):
    class Meta:
        model = LedgerCategory
        fields = ["number", "name", "kind", "sphere", "is_active"]
        help_texts = {"number": gettext_lazy("z. B. 2095 (vierstellig, wie die anderen Kategorien)")}


def _save(request, form) -> bool:
    try:
        services.category_save(instance=form.instance, by=request.user)
    except ValidationError as error:
        form_errors_from(form, error)
        return False
    return True


def categories(request):
    form = CategoryForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, _("Die Kategorie ist angelegt."))
        return redirect("office_finance_categories")
    return _page(request, "categories", {"form": form, "categories": LedgerCategory.objects.all()})


def category_edit(request, pk):
    category = get_object_or_404(LedgerCategory, pk=pk)
    form = CategoryForm(request.POST or None, instance=category)
    used = Booking.objects.filter(category=category).exists()
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, _("Die Kategorie ist gespeichert."))
        return redirect("office_finance_categories")
    return _page(request, "category_edit", {"form": form, "category": category, "used": used})
