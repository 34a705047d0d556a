"""Admin registration of the club office: the menu "Mitglieder" (club hosts only, and only for users
with a permission of the office; plain page editors see neither the menu nor the pages)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .views import debits, join, reports, settings
from .views.catalog import DepartmentViewSet, FeeGroupViewSet, MandateViewSet
from .views.guards import BANK_ACCESS, MEMBER_ACCESS, office_view, on_club_host
from .views.members import MemberViewSet

member_viewset = MemberViewSet()
fee_group_viewset = FeeGroupViewSet()
department_viewset = DepartmentViewSet()
mandate_viewset = MandateViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [member_viewset, fee_group_viewset, department_viewset, mandate_viewset]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("mitglieder/statistik/", office_view(reports.statistics), name="office_statistics"),
        path("mitglieder/geburtstage/", office_view(reports.anniversaries), name="office_anniversaries"),
        path("mitglieder/aufnahmeantraege/", office_view(join.join_index), name="office_join_index"),
        path("mitglieder/aufnahmeantraege/<int:pk>/", office_view(join.join_detail), name="office_join_detail"),
        *debit_urls(),
        path(
            "mitglieder/lastschrift-einstellungen/",
            office_view(settings.debit_settings, BANK_ACCESS),
            name="office_debit_settings",
        ),
    ]


def debit_urls():
    """Debit runs: only with `office.manage_debits` (the board), 404 off club hosts."""

    def guarded(view):
        return office_view(view, debits.DEBIT_ACCESS)

    return [
        path("mitglieder/lastschriften/", guarded(debits.index), name="office_debits"),
        path("mitglieder/lastschriften/neu/", guarded(debits.create), name="office_debit_create"),
        path("mitglieder/lastschriften/ruecklastschriften/", guarded(debits.returns), name="office_debit_returns"),
        path("mitglieder/lastschriften/<int:pk>/", guarded(debits.detail), name="office_debit_detail"),
        path("mitglieder/lastschriften/<int:pk>/vorabinformation/", guarded(debits.notify), name="office_debit_notify"),
        path("mitglieder/lastschriften/<int:pk>/export/", guarded(debits.export), name="office_debit_export"),
        path("mitglieder/lastschriften/<int:pk>/abschluss/", guarded(debits.close), name="office_debit_close"),
        path("mitglieder/lastschriften/<int:pk>/datei/", guarded(debits.download), name="office_debit_download"),
    ]


class OfficeMenuItem(MenuItem):
    def __init__(self, *args, permission: str = MEMBER_ACCESS, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return on_club_host(request) and request.user.has_perm(self.permission)


class OfficeSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return on_club_host(request) and request.user.has_perm(MEMBER_ACCESS)


@hooks.register("register_admin_menu_item")
def register_office_menu():
    items = [
        OfficeMenuItem(
            _("Mitgliederliste"), reverse("office_member:index"), name="office-members", icon_name="user", order=10
        ),
        OfficeMenuItem(
            _("Aufnahmeanträge"),
            reverse("office_join_index"),
            name="office-join-applications",
            icon_name="user",
            order=15,
        ),
        OfficeMenuItem(
            _("Beitragsgruppen"), reverse("office_feegroup:index"), name="office-feegroups", icon_name="tag", order=20
        ),
        OfficeMenuItem(
            _("Abteilungen"), reverse("office_department:index"), name="office-departments", icon_name="group", order=30
        ),
        OfficeMenuItem(
            _("SEPA-Mandate"),
            reverse("office_mandate:index"),
            name="office-mandates",
            icon_name="form",
            order=40,
            permission=BANK_ACCESS,
        ),
        OfficeMenuItem(
            _("Lastschriften"),
            reverse("office_debits"),
            name="office-debits",
            icon_name="form",
            order=45,
            permission=debits.DEBIT_ACCESS,
        ),
        OfficeMenuItem(
            _("Statistik"), reverse("office_statistics"), name="office-statistics", icon_name="table", order=50
        ),
        OfficeMenuItem(
            _("Geburtstage und Jubiläen"),
            reverse("office_anniversaries"),
            name="office-anniversaries",
            icon_name="date",
            order=60,
        ),
        OfficeMenuItem(
            _("Lastschrift-Einstellungen"),
            reverse("office_debit_settings"),
            name="office-debit-settings",
            icon_name="cog",
            order=70,
            permission=BANK_ACCESS,
        ),
    ]
    return OfficeSubmenu(_("Mitglieder"), Menu(items=items), name="office", icon_name="group", order=140)
