"""Admin pages of the club's chart of accounts (menu "Finanzen", `office.manage_finances` only): the money
accounts (bank accounts, cash boxes; "Geldkonten") and the categories ("Kontenplan", the compact SKR 42
subset seeded from office/books/chart.json, with the club's own categories added and names changed).
Thin: writes go through `office.services.finance.account_save` and `category_save`."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy

from cms.forms import form_errors_from
from office.models import Account, Booking, LedgerCategory
from office.services import finance as services

from .finance import _page


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["name", "kind", "number", "iban", "is_active"]
        help_texts = {
            "iban": gettext_lazy("Bei Bankkonten, z. B. DE89 3704 0044 0532 0130 00; bei einer Kasse leer lassen."),
            "is_active": gettext_lazy(
                "Ein aufgelöstes Konto bleibt mit seinen Buchungen erhalten, wird aber nicht mehr angeboten."
            ),
        }


@dataclass(frozen=True)
class _ChartPages:
    """The list page (with the form for a new row) and the edit page of one kind of chart row; `save` is
    the service, `booked_on` the Booking field that says whether a row has been booked on."""

    form_class: type
    model: type
    save: Callable
    name: str
    created: str
    saved: str
    booked_on: str

    def list(self, request):
        form = self.form_class(request.POST or None, initial={"is_active": True})
        if request.method == "POST" and form.is_valid() and self._saved(request, form):
            messages.success(request, self.created)
            return redirect(f"office_finance_{self.name}")
        return _page(request, self.name, {"form": form, "rows": self.model.objects.all()})

    def edit(self, request, pk):
        instance = get_object_or_404(self.model, pk=pk)
        form = self.form_class(request.POST or None, instance=instance)
        used = Booking.objects.filter(**{self.booked_on: instance}).exists()
        if request.method == "POST" and form.is_valid() and self._saved(request, form):
            messages.success(request, self.saved)
            return redirect(f"office_finance_{self.name}")
        return _page(request, f"{self.booked_on}_edit", {"form": form, "object": instance, "used": used})

    def _saved(self, request, form) -> bool:
        try:
            self.save(instance=form.instance, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
            return False
        return True


class CategoryForm(forms.ModelForm):
    class Meta:
        model = LedgerCategory
        fields = ["number", "name", "kind", "sphere", "is_active"]
        help_texts = {"number": gettext_lazy("z. B. 2095 (vierstellig, wie die anderen Kategorien)")}


_ACCOUNTS = _ChartPages(
    form_class=AccountForm,
    model=Account,
    save=services.account_save,
    name="accounts",
    created=gettext_lazy("Das Geldkonto ist angelegt."),
    saved=gettext_lazy("Das Geldkonto ist gespeichert."),
    booked_on="account",
)
_CATEGORIES = _ChartPages(
    form_class=CategoryForm,
    model=LedgerCategory,
    save=services.category_save,
    name="categories",
    created=gettext_lazy("Die Kategorie ist angelegt."),
    saved=gettext_lazy("Die Kategorie ist gespeichert."),
    booked_on="category",
)


def accounts(request):
    return _ACCOUNTS.list(request)


def account_edit(request, pk):
    return _ACCOUNTS.edit(request, pk)


def categories(request):
    return _CATEGORIES.list(request)


def category_edit(request, pk):
    return _CATEGORIES.edit(request, pk)
