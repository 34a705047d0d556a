"""Admin pages of the club's chart of accounts (menu "Finanzen", `office.manage_finances` only): the money
accounts (bank accounts, cash boxes; "Geldkonten") and the categories ("Kontenplan", the compact SKR 42
subset seeded from office/books/chart.json, with the club's own categories added and names changed).
Thin: writes go through `office.services.finance.account_save` and `category_save`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
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


def _list_page(request, *, form_class, model, save, template, created, url_name):
    """A list with its form for a new row (money accounts, categories); `save` is the service."""
    form = form_class(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid() and _saved(request, form, save):
        messages.success(request, created)
        return redirect(url_name)
    return _page(request, template, {"form": form, "rows": model.objects.all()})


def _edit_page(request, pk, *, form_class, model, save, template, saved, url_name, booked_on):
    """One row's form; `used` says whether it has been booked on (`booked_on`: the Booking field)."""
    instance = get_object_or_404(model, pk=pk)
    form = form_class(request.POST or None, instance=instance)
    used = Booking.objects.filter(**{booked_on: instance}).exists()
    if request.method == "POST" and form.is_valid() and _saved(request, form, save):
        messages.success(request, saved)
        return redirect(url_name)
    return _page(request, template, {"form": form, "object": instance, "used": used})


def _saved(request, form, save) -> bool:
    try:
        save(instance=form.instance, by=request.user)
    except ValidationError as error:
        form_errors_from(form, error)
        return False
    return True


def accounts(request):
    return _list_page(
        request,
        form_class=AccountForm,
        model=Account,
        save=services.account_save,
        template="accounts",
        created=_("Das Geldkonto ist angelegt."),
        url_name="office_finance_accounts",
    )


def account_edit(request, pk):
    return _edit_page(
        request,
        pk,
        form_class=AccountForm,
        model=Account,
        save=services.account_save,
        template="account_edit",
        saved=_("Das Geldkonto ist gespeichert."),
        url_name="office_finance_accounts",
        booked_on="account",
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = LedgerCategory
        fields = ["number", "name", "kind", "sphere", "is_active"]
        help_texts = {"number": gettext_lazy("z. B. 2095 (vierstellig, wie die anderen Kategorien)")}


def categories(request):
    return _list_page(
        request,
        form_class=CategoryForm,
        model=LedgerCategory,
        save=services.category_save,
        template="categories",
        created=_("Die Kategorie ist angelegt."),
        url_name="office_finance_categories",
    )


def category_edit(request, pk):
    return _edit_page(
        request,
        pk,
        form_class=CategoryForm,
        model=LedgerCategory,
        save=services.category_save,
        template="category_edit",
        saved=_("Die Kategorie ist gespeichert."),
        url_name="office_finance_categories",
        booked_on="category",
    )
