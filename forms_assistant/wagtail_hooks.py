"""Admin registration of the application assistant.

Club host: menu "Anträge" (planned events, drafts, applications) for editors with
`forms_assistant.apply`. Portal host: "Posteingang" (the inbox of the staff's authorities),
"Behörden" for operators and the FIM import. Each item is shown only on its host and each view
answers 404 on the other one (the tables live in public and a club's search path sees them).
"""

from datetime import date, datetime, timedelta

from django.contrib.admin import SimpleListFilter
from django.core.paginator import InvalidPage
from django.http import Http404
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InspectView

from cms.admin_permissions import PortalModelAdmin
from cms.tenancy.guards import club_only, guard_urls, on_club, on_portal, portal_only

from . import fim_views, inbox_views, selectors, services, views
from .authoring import authorities_user_may_author
from .constants import ApplicationStatus
from .models import Application, Authority

# --- club host ----------------------------------------------------------------------------------

club_urls = [
    path("", views.index, name="index"),
    path("vorhaben/neu/", views.event_edit, name="event_add"),
    path("vorhaben/<int:pk>/", views.event_edit, name="event"),
    path("start/", views.application_start, name="start"),
    path("export.zip", views.export_zip, name="export"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/schritt/<str:step>/", views.application_step, name="step"),
    path("<int:pk>/pruefen/", views.application_review, name="review"),
    path("<int:pk>/loeschen/", views.application_delete_draft, name="delete"),
    path("<int:pk>/antrag.pdf", views.application_pdf, name="pdf"),
    path("<int:pk>/anlage/<int:attachment_id>/", views.application_attachment, name="attachment"),
]

inbox_urls = [
    path("<int:pk>/status/", inbox_views.inbox_transition, name="transition"),
    path("<int:pk>/antrag.pdf", views.inbox_pdf, name="pdf"),
    path("<int:pk>/anlage/<int:attachment_id>/", views.inbox_attachment, name="attachment"),
    path("fim-import/", fim_views.fim_import, name="fim_import"),
]


@hooks.register("register_admin_urls")
def register_urls():
    guarded = guard_urls(guard_urls(club_urls, views.forbidden_as_403), club_only)
    return [
        path("antraege/", include((guarded, "fa_club"), namespace="fa_club")),
        path("posteingang/", include((guard_urls(inbox_urls, portal_only), "fa_inbox"), namespace="fa_inbox")),
    ]


class ClubApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return on_club(request) and views.user_can_apply(request.user)


@hooks.register("insert_global_admin_css")
def forms_assistant_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/forms-assistant-admin.css"))


@hooks.register("register_admin_menu_item")
def register_club_menu_item():
    return ClubApplicationsMenuItem(
        _("Anträge"), reverse("fa_club:index"), name="antraege", icon_name="form", order=160
    )


class FimImportMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return on_portal(request) and (user.is_superuser or authorities_user_may_author(user).exists())


@hooks.register("register_admin_menu_item")
def register_fim_menu_item():
    return FimImportMenuItem(
        _("FIM-Import"), reverse("fa_inbox:fim_import"), name="fim-import", icon_name="upload", order=320
    )


# --- portal host: inbox and authorities ----------------------------------------------------------


class InboxPermissionHelper(PermissionHelper):
    """Staff of an authority list and inspect; every change goes through the status buttons."""

    def user_can_list(self, user):
        return bool(selectors.authority_ids_of(user))

    def user_can_inspect_obj(self, user, obj):
        return selectors.user_may_inspect(user, obj)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class TemplateFilter(SimpleListFilter):
    """The templates applied for (their titles as on the applications)."""

    title = _("Antrag")
    parameter_name = "template_title"

    def lookups(self, request, model_admin):
        return [(title, title) for title in selectors.inbox_template_titles(user=request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(template_title=self.value()) if self.value() else queryset


class ClubFilter(SimpleListFilter):
    """Clubs that applied to the staff member's authorities: the most active ones, by name.

    A region has hundreds of clubs; a list of hundreds of links helps nobody and costs time on
    every page. Any club is found with the search box, and `?club=<slug>` filters for any club.
    """

    title = _("Verein")
    parameter_name = "club"
    LIMIT = 30

    def lookups(self, request, model_admin):
        return selectors.inbox_top_clubs(user=request.user, limit=self.LIMIT)

    def queryset(self, request, queryset):
        return queryset.filter(club__slug=self.value()) if self.value() else queryset


class EventDateFilter(SimpleListFilter):
    """When the event takes place, seen from today (exact ranges: ?event_date__gte=…&event_date__lte=…)."""

    title = _("Veranstaltungsdatum")
    parameter_name = "event"
    RANGES = {"7": 7, "30": 30, "90": 90}

    def lookups(self, request, model_admin):
        return [
            ("7", _("in den nächsten 7 Tagen")),
            ("30", _("in den nächsten 30 Tagen")),
            ("90", _("in den nächsten 90 Tagen")),
            ("past", _("vergangen")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "past":
            return queryset.filter(event_date__lt=today)
        days = self.RANGES.get(self.value() or "")
        if days:
            return queryset.filter(event_date__gte=today, event_date__lte=today + timedelta(days=days))
        return queryset


class InboxInspectView(InspectView):
    def dispatch(self, request, *args, **kwargs):
        # Another authority's application (or a club's draft) does not exist for this user: 404,
        # not Wagtail's "no permission" redirect, which would confirm that the number is taken.
        if not selectors.user_may_inspect(request.user, self.instance):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        application = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            application=application,
            sections=services.application_sections(application),
            log=application.log.all(),
            attachments=application.attachments.all(),
            transitions=inbox_views.transition_buttons(application),
            form=inbox_views.DecisionForm(),
        )
        return context


class InboxSearchHandler(DjangoORMSearchHandler):
    def search_queryset(self, queryset, search_term, **kwargs):
        return selectors.inbox_search(queryset, search_term) if search_term else queryset


class InboxIndexView(IndexView):
    """modeladmin's list, counting once and loading only the listed columns.

    modeladmin builds the filtered queryset (and its filters, with their choices) a second time for
    the page and counts the inbox three times (everything, the result, again in the paginator);
    here the queryset of `dispatch()` is used and counted once, and everything is counted only when
    a filter or search narrows the list.
    """

    LIST_FIELDS = (
        *("reference", "template_title", "status", "event_date", "is_late", "submitted_at"),
        *("club", "club__name", "club__short_name", "club__slug", "authority", "authority__name"),
    )

    # modeladmin reads the headings from the view, not from the ModelAdmin, and title-cases the
    # labels of the rest ("Eingereicht Am"): every heading is named here, in German.
    export_headings = {
        "reference": _("Aktenzeichen"),
        "template_title": _("Antrag"),
        "club": _("Verein"),
        "authority": _("Behörde"),
        "event_date": _("Veranstaltungsdatum"),
        "status_label": _("Status"),
        "late_label": _("Verspätet"),
        "submitted_at": _("Eingereicht am"),
    }
    XLSX_FORMATS = {datetime: "DD.MM.YYYY HH:MM", date: "DD.MM.YYYY"}

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field) or super().get_heading(queryset, field))

    def preprocess_field_value(self, field, value, export_format):
        # Times as the clerks read them: Berlin time, to the minute; dates the German way. XLSX
        # gets real (naive, local) dates and times so that sorting and filtering work in Excel.
        if isinstance(value, datetime):
            local = timezone.localtime(value).replace(second=0, microsecond=0, tzinfo=None)
            return local if export_format == self.FORMAT_XLSX else local.strftime("%d.%m.%Y %H:%M")
        if isinstance(value, date):
            return value if export_format == self.FORMAT_XLSX else value.strftime("%d.%m.%Y")
        return super().preprocess_field_value(field, value, export_format)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        from openpyxl.cell import WriteOnlyCell

        for field, value in row_dict.items():
            cell = WriteOnlyCell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX))
            if cell.data_type == "f":  # never a formula from typed text
                cell.data_type = "s"
            for kind, number_format in self.XLSX_FORMATS.items():
                if isinstance(value, kind):
                    cell.number_format = number_format
                    break
            yield cell

    def get_base_queryset(self, request=None):
        # The answers and definition (JSON) of the rows are not shown here and are the bulk of a row.
        return super().get_base_queryset(request).only(*self.LIST_FIELDS)

    def get_context_data(self, **kwargs):
        queryset = self.queryset
        result_count = queryset.count()
        narrowed = bool(self.query) or bool(self.get_filters_params())
        all_count = self.get_base_queryset().count() if narrowed else result_count
        paginator = self.paginator_class(queryset, self.items_per_page)
        paginator.count = result_count  # a cached_property: set, it is not counted again
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "view": self,
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            **kwargs,
        }
        return super(IndexView, self).get_context_data(**context)


class InboxAdmin(PortalModelAdmin):
    model = Application
    menu_label = _("Posteingang")
    menu_icon = "mail"
    menu_order = 200
    add_to_admin_menu = True
    permission_helper_class = InboxPermissionHelper
    index_view_class = InboxIndexView
    index_template_name = "forms_assistant/admin/inbox_index.html"
    search_handler_class = InboxSearchHandler
    inspect_view_enabled = True
    inspect_view_class = InboxInspectView
    inspect_template_name = "forms_assistant/admin/inbox_inspect.html"
    list_display = ("reference", "template_title", "club", "event_date", "status_badge", "late_badge", "submitted_at")
    list_filter = ("status", TemplateFilter, ClubFilter, EventDateFilter, "is_late")
    search_fields = ("reference", "template_title", "club__name")
    list_export = (
        "reference",
        "template_title",
        "club",
        "authority",
        "event_date",
        "status_label",
        "late_label",
        "submitted_at",
    )
    export_filename = "antraege"
    list_per_page = 25
    ordering = ("-submitted_at", "-pk")

    def get_queryset(self, request):
        return selectors.inbox_applications(user=request.user)

    def status_badge(self, obj):
        # The label from the enum: get_status_display() rebuilds the dict of all choices per row.
        # Colour per status (static/css/forms-assistant-admin.css), always with the status in words.
        label = ApplicationStatus(obj.status).label if obj.status in ApplicationStatus.values else obj.status
        return format_html('<span class="fa-status fa-status--{}">{}</span>', obj.status, label)

    status_badge.short_description = _("Status")

    def status_label(self, obj):
        return str(obj.get_status_display())

    def late_label(self, obj):
        return str(_("Ja") if obj.is_late else _("Nein"))

    def late_badge(self, obj):
        return format_html('<span class="fa-status fa-status--late">{}</span>', _("verspätet")) if obj.is_late else ""

    late_badge.short_description = _("Frist")


class _AuthoritySaved:
    """After the operator's form saved an authority: its staff group, catalogue section, rights
    and workflow, as for every authority made through `services.authority_save`."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.authority_save(data={}, authority=self.instance)
        return response


class AuthorityCreateView(_AuthoritySaved, CreateView):
    pass


class AuthorityEditView(_AuthoritySaved, EditView):
    pass


class AuthorityAdmin(PortalModelAdmin):
    model = Authority
    create_view_class = AuthorityCreateView
    edit_view_class = AuthorityEditView
    menu_label = _("Behörden")
    menu_icon = "site"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ("name", "department", "town", "email", "retention_days")
    search_fields = ("name", "department", "town")


modeladmin_register(InboxAdmin)
modeladmin_register(AuthorityAdmin)
