"""The member register in the club's admin: list with filters and export, create, edit, detail."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cms.forms import form_errors_from
from office.forms import MemberFilterSet, MemberForm
from office.models import Member
from office.selectors import (
    member_account,
    member_history,
    member_mandates,
    members_with_balance,
    saved_filters,
    user_sees_bank_data,
)
from office.services.dunning import dunning_notices_for
from office.services.mailing import filter_querystring
from office.services.members import member_create, member_update

from . import export
from .guards import guard_urlpatterns
from .help import FormHelpMixin, HelpMixin
from .listing import StampedTable, StampedTitleCellMixin, stamped
from .mailing import MAIL_ACCESS


class ServiceFormMixin:
    """Saves through the office services; a ValidationError they raise comes back on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form_errors_from(form, error)
            return self.form_invalid(form)


class MemberIndexView(HelpMixin, generic.IndexView):
    page_title = _("Mitglieder")
    header_more_buttons_help = None
    table_class = StampedTable

    # What one page of the list reads: the columns shown (list_display) and the row's link; the
    # export reads every field (export.COLUMNS) and the departments.
    LIST_FIELDS = ("id", "number", "last_name", "first_name", "status", "town", "fee_group__name")

    def get_base_queryset(self):
        if self.is_export:
            return members_with_balance().prefetch_related("departments")
        return members_with_balance(bank=user_sees_bank_data(self.request.user)).only(*self.LIST_FIELDS)

    def _get_title_column_class(self, column_class):
        return type(column_class.__name__, (StampedTitleCellMixin, super()._get_title_column_class(column_class)), {})

    @cached_property
    def columns(self):
        columns = super().columns
        if user_sees_bank_data(self.request.user):
            columns = [*columns, Column("active_iban", label=_("IBAN"))]
        return stamped(columns)

    def stream_csv(self, queryset):
        return export.stream_csv(queryset, export.export_columns(self.request.user))

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        columns = export.export_columns(self.request.user)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Mitglieder")
        sheet.append([str(label) for _name, label in columns])
        for member in queryset:
            values = export.row_values(member)
            sheet.append([export.xlsx_cell(values[name], sheet) for name, _label in columns])
        workbook.save(output)

    def get_filename(self):
        return "mitglieder"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairs = [(name, value) for name, values in self.request.GET.lists() for value in values]
        context.update(
            saved_filters=saved_filters(),
            filter_querystring=filter_querystring(pairs),
            may_mail=self.request.user.has_perm(MAIL_ACCESS),
        )
        return context


class MemberCreateView(FormHelpMixin, ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        member = member_create(
            data=self.form.member_data(),
            departments=self.form.cleaned_data.get("departments") or [],
            by=self.request.user,
        )
        log(instance=member, action="wagtail.create", user=self.request.user)
        return member


class MemberEditView(FormHelpMixin, ServiceFormMixin, generic.EditView):
    def save_instance(self):
        member = member_update(
            member=self.object,
            data=self.form.member_data(),
            departments=self.form.cleaned_data.get("departments") or [],
            by=self.request.user,
        )
        log(instance=member, action="wagtail.edit", user=self.request.user)
        return member


class MemberDetailView(generic.InspectView):
    template_name = "office/member_detail.html"
    fields = [
        "number",
        "status",
        "birth_date",
        "gender",
        "email",
        "phone",
        "mobile",
        "joined_on",
        "left_on",
        "fee_group",
        "payer",
        "departments",
        "photo_consent",
        "photo_consent_on",
        "newsletter_consent",
        "newsletter_consent_on",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entries, balance = member_account(member=self.object)
        context.update(
            member=self.object,
            address=self.object,
            account_entries=entries,
            balance=balance,
            history=_history_rows(member_history(member=self.object, user=user)),
            mandates=member_mandates(member=self.object, user=user),
            sees_bank_data=user_sees_bank_data(user),
            dunning_notices=dunning_notices_for(self.object) if user.has_perm("office.manage_debits") else None,
            field_labels={f.name: f.verbose_name for f in Member._meta.get_fields() if hasattr(f, "verbose_name")},
        )
        return context


def _history_rows(records) -> list[tuple]:
    """(record, action label, [(field label, before, after), …]): the page names fields as the forms do."""
    labels: dict[str, dict] = {}
    rows = []
    for record in records:
        if record.object_type not in labels:
            try:
                model = apps.get_model("office", record.object_type)
            except LookupError:
                labels[record.object_type] = {}
            else:
                labels[record.object_type] = {
                    f.name: f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name")
                }
        names = labels[record.object_type]
        changes = [(names.get(name, name), *values) for name, values in record.changes.items()]
        rows.append((record, record.action_label, changes))
    return rows


class MemberViewSet(ModelViewSet):
    model = Member
    name = "office_member"
    url_prefix = "mitglieder"
    icon = "user"
    menu_label = _("Mitgliederliste")
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = MemberIndexView
    add_view_class = MemberCreateView
    edit_view_class = MemberEditView
    inspect_view_class = MemberDetailView
    list_display = [
        "number",
        "last_name",
        "first_name",
        "status",
        "fee_group",
        "town",
        Column("balance", label=_("Offen (€)"), sort_key="balance"),
    ]
    list_per_page = 50
    search_fields = ["first_name", "last_name", "email", "town", "number"]
    filterset_class = MemberFilterSet
    list_export = [name for name, _label in export.COLUMNS]
    ordering = ["last_name", "first_name"]
    index_template_name = "office/member_index.html"
    create_template_name = "office/create.html"
    edit_template_name = "office/edit.html"

    def get_form_class(self, for_update=False):
        return MemberForm

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns())
