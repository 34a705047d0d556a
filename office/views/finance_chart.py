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


def _account_saved(request, form) -> bool:
    try:
        services.account_save(instance=form.instance, by=request.user)
    except ValidationError as error:
        form_errors_from(form, error)
        return False
    return True


def accounts(request):
    form = AccountForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid() and _account_saved(request, form):
        messages.success(request, _("Das Geldkonto ist angelegt."))
        return redirect("office_finance_accounts")
    return _page(request, "accounts", {"form": form, "accounts": Account.objects.all()})


def account_edit(request, pk):
    account = get_object_or_404(Account, pk=pk)
    form = AccountForm(request.POST or None, instance=account)
    used = Booking.objects.filter(account=account).exists()
    if request.method == "POST" and form.is_valid() and _account_saved(request, form):
        messages.success(request, _("Das Geldkonto ist gespeichert."))
        return redirect("office_finance_accounts")
    return _page(request, "account_edit", {"form": form, "account": account, "used": used})


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
