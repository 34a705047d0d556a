"""Fee groups, departments and SEPA mandates in the club's admin; every save goes through a service
that writes the history. Nothing is deleted here: groups and departments are switched off instead."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from office.forms import MandateForm
from office.models import Department, FeeGroup, SepaMandate
from office.services.fees import office_object_save
from office.services.sepa import mandate_create, mandate_update

from .guards import BANK_ACCESS, guard_urlpatterns
from .help import FormHelpMixin, HelpMixin
from .members import ServiceFormMixin


class ObjectCreateView(FormHelpMixin, ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        instance = office_object_save(instance=self.form.instance, by=self.request.user)
        log(instance=instance, action="wagtail.create", user=self.request.user)
        return instance


class ObjectEditView(FormHelpMixin, ServiceFormMixin, generic.EditView):
    def save_instance(self):
        instance = office_object_save(instance=self.form.instance, by=self.request.user)
        log(instance=instance, action="wagtail.edit", user=self.request.user)
        return instance


class OfficeIndexView(HelpMixin, generic.IndexView):
    pass


class OfficeViewSet(ModelViewSet):
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    add_view_class = ObjectCreateView
    edit_view_class = ObjectEditView
    index_view_class = OfficeIndexView
    index_template_name = "office/index.html"
    create_template_name = "office/create.html"
    edit_template_name = "office/edit.html"
    required_permission = "office.view_member"

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), self.required_permission)


class FeeGroupViewSet(OfficeViewSet):
    model = FeeGroup
    name = "office_feegroup"
    url_prefix = "mitglieder/beitragsgruppen"
    icon = "tag"
    menu_label = _("Beitragsgruppen")
    list_display = [
        "name",
        "amount",
        "interval",
        "admission_fee",
        # Icons with "Ja"/"Nein" (templates/wagtailadmin/tables/boolean_cell.html), not "True"/"False".
        BooleanColumn("is_family_fee", label=_("Familienbeitrag"), sort_key="is_family_fee"),
        BooleanColumn("is_active", label=_("Aktiv"), sort_key="is_active"),
    ]
    form_fields = [
        "name",
        "amount",
        "interval",
        "due_month",
        "due_day",
        "admission_fee",
        "pro_rata",
        "is_family_fee",
        "is_active",
    ]


class DepartmentViewSet(OfficeViewSet):
    model = Department
    name = "office_department"
    url_prefix = "mitglieder/abteilungen"
    icon = "group"
    menu_label = _("Abteilungen")
    list_display = ["name", BooleanColumn("is_active", label=_("Aktiv"), sort_key="is_active")]
    form_fields = ["name", "description", "is_active"]


class MandateCreateView(FormHelpMixin, ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        mandate = mandate_create(
            member=self.form.cleaned_data["member"], data=self.form.mandate_data(), by=self.request.user
        )
        log(instance=mandate, action="wagtail.create", user=self.request.user)
        return mandate


class MandateEditView(FormHelpMixin, ServiceFormMixin, generic.EditView):
    def save_instance(self):
        mandate = mandate_update(mandate=self.object, data=self.form.mandate_data(), by=self.request.user)
        log(instance=mandate, action="wagtail.edit", user=self.request.user)
        return mandate


class MandateViewSet(OfficeViewSet):
    """Only for the board (bank-data permission): mandates, with IBAN and account holder."""

    model = SepaMandate
    name = "office_mandate"
    url_prefix = "mitglieder/mandate"
    icon = "form"
    menu_label = _("SEPA-Mandate")
    required_permission = BANK_ACCESS
    add_view_class = MandateCreateView
    edit_view_class = MandateEditView
    list_display = ["reference", "member", "account_holder", "iban", "signed_on", "sequence", "status"]
    list_filter = ["status", "sequence"]
    search_fields = ["reference", "account_holder", "member__last_name"]

    def get_form_class(self, for_update=False):
        return MandateForm
