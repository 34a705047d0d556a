"""Admin pages of the bank statement import (menu "Finanzen", `office.manage_finances` only): upload, the
lines with their proposals, booking many proposals at once (a confirmation first, then all or nothing,
each refused line named with its reason) and assigning a line by hand (a member's payment, a donation,
a category). Thin: every write goes through office/services/bank_statements.py."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.forms import form_errors_from
from cms.query_forms import PageField, QueryChoiceField, QueryForm
from cms.uploads import upload_check
from office.books.spheres import Sphere
from office.models import Account, Donor, LedgerCategory, Member, StatementImport
from office.models.finance import EntryStatus
from office.services import bank_statements as services
from office.services.finance import FinanceError

from .finance import MAX_UPLOAD, _page


def _categories():
    return LedgerCategory.objects.filter(is_active=True, kind__in=["income", "expense", "transit"])


class StatementForm(forms.Form):
    account = forms.ModelChoiceField(
        Account.objects.filter(is_active=True, kind="bank"), label=gettext_lazy("Bankkonto")
    )
    file = forms.FileField(
        label=gettext_lazy("Kontoauszug (camt.053, MT940 oder CSV der Bank)"),
        error_messages={"required": gettext_lazy("Bitte eine Datei auswählen.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        upload_check(upload, extensions=("xml", "sta", "mt940", "txt", "csv"))
        return upload


def statement_upload(request):
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.statement_import(
                account=form.cleaned_data["account"], data=upload.read(), filename=upload.name, by=request.user
            )
        except FinanceError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("%(count)d Umsätze eingelesen.") % {"count": sum(result.counts.values())})
            return redirect("office_finance_statement", pk=result.statement.pk)
    imports = StatementImport.objects.select_related("account")[:50]
    return _page(request, "statement_upload", {"form": form, "imports": imports})


def _label(entry) -> str:
    return str(services.PROPOSAL_LABELS.get(entry.kind, entry.kind))


def _rows(entries, errors=None):
    errors = errors or {}
    return [(entry, _label(entry), errors.get(entry.pk, "")) for entry in entries]


LINES_PER_PAGE = 200


class StatementQueryForm(QueryForm):
    """?status= (all lines or those of one status) and ?p= of a statement's lines."""

    status = QueryChoiceField(choices=[("", gettext_lazy("alle")), *EntryStatus.choices], initial="")
    p = PageField(initial=1)


def statement_detail(request, pk):
    """The statement's lines, LINES_PER_PAGE a page (a year's statement has thousands), optionally of one status."""
    statement = get_object_or_404(StatementImport.objects.select_related("account"), pk=pk)
    query = StatementQueryForm(request.GET)
    status = query.values["status"]
    entries = statement.entries.select_related("booking").order_by("position", "pk")
    if status:
        entries = entries.filter(status=status)
    page = Paginator(entries, LINES_PER_PAGE).get_page(query.values["p"])
    counts = dict(statement.entries.order_by().values_list("status").annotate(n=Count("pk")))
    context = {
        "statement": statement,
        "rows": _rows(page.object_list),
        "page": page,
        "status": status,
        "statuses": [
            (value, label, counts.get(value, 0) if value else sum(counts.values()))
            for value, label in StatementQueryForm.base_fields["status"].choices
        ],
        "notes": query.notes,
        "open_count": counts.get(EntryStatus.OPEN, 0),
        "proposal_count": sum(e.status == EntryStatus.OPEN and e.kind != "unmatched" for e in page.object_list),
    }
    return _page(request, "statement_detail", context, status=200)


@require_POST
def statement_entry(request, pk, entry_pk):
    statement = get_object_or_404(StatementImport, pk=pk)
    entry = get_object_or_404(statement.entries, pk=entry_pk)
    try:
        if request.POST.get("action") == "ignore":
            services.statement_entry_ignore(entry=entry, by=request.user)
        else:
            category = _categories().filter(pk=request.POST.get("category") or None).first()
            services.statement_entry_accept(entry=entry, category=category, by=request.user)
            messages.success(request, _("Gebucht: %(entry)s") % {"entry": entry})
    except FinanceError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("office_finance_statement", pk=statement.pk)


def _chosen_ids(request) -> list[int]:
    ids = []
    for value in request.POST.getlist("entries"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))


@require_POST
def statement_bulk(request, pk):
    """Step 1 (no `confirm`): the chosen lines with their proposals and the sum, to confirm. Step 2
    (`confirm=yes`): all booked, or none, with the reason next to each refused line."""
    statement = get_object_or_404(StatementImport.objects.select_related("account"), pk=pk)
    ids = _chosen_ids(request)
    if not ids:
        messages.error(request, _("Bitte mindestens eine Zeile auswählen."))
        return redirect("office_finance_statement", pk=statement.pk)
    entries = list(statement.entries.filter(pk__in=ids).order_by("position"))
    errors: dict[int, str] = {}
    if request.POST.get("confirm") == "yes":
        try:
            bookings = services.statement_entries_accept(statement=statement, entry_ids=ids, by=request.user)
        except services.BulkRefusal as refusal:
            errors = refusal.errors
            messages.error(request, refusal.message)
        except FinanceError as error:
            messages.error(request, error.message)
            errors = {pk: error.message for pk in ids}
        else:
            messages.success(request, _("%(count)d Zeilen gebucht.") % {"count": len(bookings)})
            return redirect("office_finance_statement", pk=statement.pk)
    context = {
        "statement": statement,
        "rows": _rows(entries, errors),
        "total": sum((e.amount for e in entries), Decimal("0")),
        "missing": len(ids) - len(entries),
        "errors": errors,
    }
    return _page(request, "statement_bulk", context, status=400 if errors else 200)


class AssignForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Die Zeile gehört zu"),
        widget=forms.RadioSelect,
        choices=[
            (services.AssignKind.MEMBER, gettext_lazy("einem Mitglied (Beitragszahlung oder Rücklastschrift)")),
            (services.AssignKind.DONATION, gettext_lazy("einer Spende")),
            (services.AssignKind.CATEGORY, gettext_lazy("nur einer Kategorie (z. B. Rechnung, Zuschuss)")),
        ],
        error_messages={"required": gettext_lazy("Bitte wählen, wozu die Zeile gehört.")},
    )
    member_number = forms.IntegerField(
        label=gettext_lazy("Mitgliedsnummer"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Nur bei „Mitglied“, z. B. 1002 (steht in der Mitgliederliste)."),
        error_messages={"invalid": gettext_lazy("Bitte eine Mitgliedsnummer wie 1002 eingeben.")},
    )
    donor = forms.ModelChoiceField(
        Donor.objects.all(),
        label=gettext_lazy("Spender/in"),
        required=False,
        empty_label=gettext_lazy("neu anlegen (Name und IBAN aus dem Auszug)"),
        help_text=gettext_lazy("Nur bei „Spende“."),
    )
    category = forms.ModelChoiceField(
        LedgerCategory.objects.none(),
        label=gettext_lazy("Kategorie"),
        required=False,
        help_text=gettext_lazy("Leer: Mitgliedsbeiträge bzw. Geldspenden; bei „nur Kategorie“ nötig."),
    )
    sphere = forms.ChoiceField(
        label=gettext_lazy("Sphäre"),
        choices=[("", gettext_lazy("die der Kategorie")), *Sphere.choices],
        required=False,
    )
    cost_centre = forms.CharField(
        label=gettext_lazy("Kostenstelle"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Abteilung oder Veranstaltung, z. B. Sommerfest"),
    )
    text = forms.CharField(label=gettext_lazy("Buchungstext"), max_length=200, required=False)

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.fields["category"].queryset = _categories()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == services.AssignKind.MEMBER:
            number = data.get("member_number")
            if number is None and "member_number" not in self.errors:
                self.add_error("member_number", _("Bitte die Mitgliedsnummer angeben."))
            elif number is not None:
                data["member"] = Member.objects.filter(number=number).first()
                if data["member"] is None:
                    self.add_error(
                        "member_number", _("Es gibt kein Mitglied mit der Nummer %(number)d.") % {"number": number}
                    )
        if kind == services.AssignKind.DONATION and self.entry.amount <= 0:
            self.add_error("kind", _("Eine Spende ist ein Geldeingang; diese Zeile ist eine Ausgabe."))
        if kind == services.AssignKind.CATEGORY and not data.get("category") and "category" not in self.errors:
            self.add_error("category", _("Bitte eine Kategorie wählen."))
        return data


def statement_assign(request, pk, entry_pk):
    """Assign a line by hand; after any error the form comes back with everything chosen and typed."""
    statement = get_object_or_404(StatementImport.objects.select_related("account"), pk=pk)
    entry = get_object_or_404(statement.entries, pk=entry_pk)
    form = AssignForm(request.POST or None, entry=entry, initial={"text": (entry.purpose or entry.name)[:200]})
    if entry.status != EntryStatus.OPEN:
        messages.error(request, _("Diese Zeile ist schon erledigt."))
        return redirect("office_finance_statement", pk=statement.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = services.Assignment(
            kind=data["kind"],
            member=data.get("member"),
            donor=data.get("donor"),
            category=data.get("category"),
            sphere=data.get("sphere") or "",
            cost_centre=data.get("cost_centre") or "",
            text=data.get("text") or "",
        )
        try:
            services.statement_entry_accept(entry=entry, assign=assignment, by=request.user)
        except FinanceError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Gebucht: %(entry)s") % {"entry": entry})
            return redirect("office_finance_statement", pk=statement.pk)
    return _page(request, "statement_assign", {"statement": statement, "entry": entry, "form": form})
