"""Admin registration of the club office: the menu "Mitglieder" (club hosts only, and only for users
with a permission of the office; plain page editors see neither the menu nor the pages)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cms.tenancy.guards import on_club

from .views import assembly as assembly_views
from .views import debits, join, reports, settings
from .views import dunning as dunning_views
from .views import finance as finance_views
from .views import finance_chart as chart_views
from .views import finance_statements as finance_statement_views
from .views import imports as import_views
from .views import mailing as mail_views
from .views import privacy as privacy_views
from .views import resolutions as resolution_views
from .views.catalog import DepartmentViewSet, FeeGroupViewSet, MandateViewSet
from .views.guards import BANK_ACCESS, MEMBER_ACCESS, office_view
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
        return on_club(request) and request.user.has_perm(self.permission)


class OfficeSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return on_club(request) and request.user.has_perm(MEMBER_ACCESS)


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
            _("Mahnungen"),
            reverse("office_dunning"),
            name="office-dunning",
            icon_name="warning",
            order=46,
            permission=debits.DEBIT_ACCESS,
        ),
        OfficeMenuItem(
            _("E-Mail an Mitglieder"),
            reverse("office_mail_sent"),
            name="office-mail",
            icon_name="mail",
            order=48,
            permission=mail_views.MAIL_ACCESS,
        ),
        OfficeMenuItem(
            _("Mitglieder importieren"),
            reverse("office_import"),
            name="office-import",
            icon_name="upload",
            order=49,
            permission=import_views.IMPORT_ACCESS,
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
        OfficeMenuItem(
            _("Datenschutz"),
            reverse("office_privacy"),
            name="office-privacy",
            icon_name="lock",
            order=80,
            permission=BANK_ACCESS,
        ),
    ]
    return OfficeSubmenu(_("Mitglieder"), Menu(items=items), name="office", icon_name="group", order=140)


@hooks.register("register_admin_urls")
def register_privacy_mail_import_urls():
    """Import, data protection (Art. 15 and 30 DSGVO, retention) and e-mail to members (issue #12)."""
    mail = mail_views.MAIL_ACCESS
    return [
        path(
            "mitglieder/import/",
            office_view(import_views.member_import, import_views.IMPORT_ACCESS),
            name="office_import",
        ),
        path(
            "mitglieder/auskunft/<int:pk>/",
            office_view(privacy_views.member_data, BANK_ACCESS),
            name="office_member_data",
        ),
        path("mitglieder/datenschutz/", office_view(privacy_views.privacy, BANK_ACCESS), name="office_privacy"),
        path(
            "mitglieder/datenschutz/verzeichnis/",
            office_view(privacy_views.processing_record, BANK_ACCESS),
            name="office_processing_record",
        ),
        path("mitglieder/rundmail/", office_view(mail_views.compose, mail), name="office_mail_compose"),
        path("mitglieder/rundmail/gesendet/", office_view(mail_views.sent_list, mail), name="office_mail_sent"),
        path(
            "mitglieder/rundmail/gesendet/<int:pk>/",
            office_view(mail_views.sent_detail, mail),
            name="office_mail_detail",
        ),
        path("mitglieder/filter/", office_view(mail_views.filter_save, mail), name="office_filter_save"),
        path(
            "mitglieder/filter/<int:pk>/loeschen/",
            office_view(mail_views.filter_delete, mail),
            name="office_filter_delete",
        ),
    ]


# --- menu "Finanzen" (issue #13): books, donations and receipts, `office.manage_finances` only -----------


def _finance(view):
    return office_view(view, finance_views.FINANCE_ACCESS)


@hooks.register("register_admin_urls")
def register_finance_urls():
    f, s = finance_views, finance_statement_views
    return [
        path("finanzen/", _finance(f.bookings), name="office_finance_bookings"),
        path("finanzen/buchung/neu/", _finance(f.booking_create), name="office_finance_booking_create"),
        path("finanzen/buchung/<int:pk>/", _finance(f.booking_edit), name="office_finance_booking_edit"),
        path("finanzen/buchung/<int:pk>/storno/", _finance(f.booking_cancel), name="office_finance_booking_cancel"),
        path("finanzen/buchung/<int:pk>/beleg/", _finance(f.booking_voucher), name="office_finance_voucher"),
        path("finanzen/konten/", _finance(chart_views.accounts), name="office_finance_accounts"),
        path("finanzen/konten/<int:pk>/", _finance(chart_views.account_edit), name="office_finance_account_edit"),
        path("finanzen/kontenplan/", _finance(chart_views.categories), name="office_finance_categories"),
        path("finanzen/kontenplan/<int:pk>/", _finance(chart_views.category_edit), name="office_finance_category_edit"),
        path("finanzen/jahresabschluss/", _finance(f.year_end), name="office_finance_year"),
        path("finanzen/jahresabschluss/abschliessen/", _finance(f.year_close), name="office_finance_year_close"),
        path("finanzen/kassenpruefung.pdf", _finance(f.cash_audit_pdf), name="office_finance_audit_pdf"),
        path("finanzen/kassenpruefung.xlsx", _finance(f.cash_audit_xlsx), name="office_finance_audit_xlsx"),
        path("finanzen/kontoauszug/", _finance(s.statement_upload), name="office_finance_statements"),
        path("finanzen/kontoauszug/<int:pk>/", _finance(s.statement_detail), name="office_finance_statement"),
        path("finanzen/kontoauszug/<int:pk>/buchen/", _finance(s.statement_bulk), name="office_finance_statement_bulk"),
        path(
            "finanzen/kontoauszug/<int:pk>/zeile/<int:entry_pk>/",
            _finance(s.statement_entry),
            name="office_finance_statement_entry",
        ),
        path(
            "finanzen/kontoauszug/<int:pk>/zeile/<int:entry_pk>/zuordnen/",
            _finance(s.statement_assign),
            name="office_finance_statement_assign",
        ),
        path("finanzen/spender/", _finance(f.donors), name="office_finance_donors"),
        path("finanzen/zuwendungen/", _finance(f.donations), name="office_finance_donations"),
        path(
            "finanzen/zuwendungen/<int:pk>/bestaetigung/",
            _finance(f.receipt_issue),
            name="office_finance_receipt_issue",
        ),
        path("finanzen/bestaetigungen/", _finance(f.receipts), name="office_finance_receipts"),
        path(
            "finanzen/bestaetigungen/<int:pk>/pdf/",
            _finance(f.receipt_download),
            name="office_finance_receipt_download",
        ),
        path("finanzen/bestaetigungen/<int:pk>/senden/", _finance(f.receipt_send), name="office_finance_receipt_send"),
        path("finanzen/steuerdaten/", _finance(f.tax_settings), name="office_finance_tax"),
    ]


class FinanceSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return on_club(request) and request.user.has_perm(finance_views.FINANCE_ACCESS)


@hooks.register("register_admin_menu_item")
def register_finance_menu():
    access = finance_views.FINANCE_ACCESS
    entries = [
        (_("Buchungen"), "office_finance_bookings", "list-ul"),
        (_("Geldkonten"), "office_finance_accounts", "folder-open-inverse"),
        (_("Kontenplan"), "office_finance_categories", "list-ol"),
        (_("Jahresabschluss"), "office_finance_year", "table"),
        (_("Kontoauszug einlesen"), "office_finance_statements", "upload"),
        (_("Spender"), "office_finance_donors", "user"),
        (_("Zuwendungen"), "office_finance_donations", "pick"),
        (_("Zuwendungsbestätigungen"), "office_finance_receipts", "doc-full"),
        (_("Steuerdaten"), "office_finance_tax", "cog"),
    ]
    items = [
        OfficeMenuItem(
            label, reverse(name), name=name.replace("_", "-"), icon_name=icon, order=10 * (i + 1), permission=access
        )
        for i, (label, name, icon) in enumerate(entries)
    ]
    return FinanceSubmenu(_("Finanzen"), Menu(items=items), name="office-finance", icon_name="table", order=141)


# --- menu "Versammlungen" (issue #14): general assemblies, `office.manage_assemblies` only -----------


def _assembly(view):
    return office_view(view, assembly_views.ASSEMBLY_ACCESS)


@hooks.register("register_admin_urls")
def register_assembly_urls():
    a = assembly_views
    return [
        path("versammlungen/", _assembly(a.index), name="office_assembly_index"),
        path("versammlungen/satzung/", _assembly(a.statute), name="office_assembly_statute"),
        path("versammlungen/<int:pk>/", _assembly(a.detail), name="office_assembly_detail"),
        path("versammlungen/<int:pk>/briefe.pdf", _assembly(a.letters_pdf), name="office_assembly_letters"),
        path("versammlungen/<int:pk>/einlass/", _assembly(a.check_in), name="office_assembly_checkin"),
        path("versammlungen/<int:pk>/abstimmungen/", _assembly(a.votes), name="office_assembly_votes"),
        path("versammlungen/<int:pk>/beamer/", _assembly(a.projector), name="office_assembly_projector"),
        path("versammlungen/<int:pk>/protokoll/", _assembly(a.minutes), name="office_assembly_minutes"),
        path("versammlungen/<int:pk>/protokoll.pdf", _assembly(a.minutes_pdf), name="office_assembly_minutes_pdf"),
        *resolution_urls(),
    ]


def resolution_urls():
    """Written resolutions outside a meeting (§ 32 Abs. 3 BGB), under the same permission."""
    r = resolution_views
    return [
        path("versammlungen/ohne-versammlung/", _assembly(r.index), name="office_resolution_index"),
        path("versammlungen/ohne-versammlung/<int:pk>/", _assembly(r.detail), name="office_resolution_detail"),
        path(
            "versammlungen/ohne-versammlung/<int:pk>/briefe.pdf",
            _assembly(r.letters_pdf),
            name="office_resolution_letters",
        ),
        path(
            "versammlungen/ohne-versammlung/<int:pk>/niederschrift.pdf",
            _assembly(r.record_pdf),
            name="office_resolution_record",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_assembly_menu():
    return OfficeMenuItem(
        _("Versammlungen"),
        reverse("office_assembly_index"),
        name="office-assemblies",
        icon_name="group",
        order=142,
        permission=assembly_views.ASSEMBLY_ACCESS,
    )


# --- dunning (issue #12): the board's reminders of overdue items, `office.manage_debits` only ------------

dunning_level_viewset = dunning_views.DunningLevelViewSet()


@hooks.register("register_admin_viewset")
def register_dunning_viewset():
    return dunning_level_viewset


@hooks.register("register_admin_urls")
def register_dunning_urls():
    def guarded(view):
        return office_view(view, debits.DEBIT_ACCESS)

    d = dunning_views
    return [
        path("mitglieder/mahnungen/", guarded(d.run), name="office_dunning"),
        path("mitglieder/mahnungen/versandt/", guarded(d.notices), name="office_dunning_notices"),
        path("mitglieder/mahnungen/briefe.pdf", guarded(d.letters_pdf), name="office_dunning_letters"),
        path("mitglieder/mahnungen/<int:pk>/brief.pdf", guarded(d.notice_pdf), name="office_dunning_pdf"),
    ]
