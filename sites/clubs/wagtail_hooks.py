"""Admin registration of the clubs app.

Portal host: the operators' menu "Vereine" (registrations, clubs, categories).
Club host: the menu item "Vereinsprofil" for the club's editors.
Each menu item is shown only on its host, and each view refuses with 404 on the other one
(tenancy rules: ARCHITECTURE.md; the tables live in public and a club's search path sees them).
"""

from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.admin_permissions import PortalModelAdmin as BasePortalModelAdmin
from cms.tenancy.guards import ClubOnlyMixin, on_club

from . import admin_views
from .constants import ClubKind, RegistrationStatus
from .models import Category, Club, ClubRegistration
from .views import profile_edit, user_can_edit_profile

# --- portal: operators ---------------------------------------------------------------------------


class CategoryListFilter(RelatedFieldListFilter):
    """Django's related filter asks django.contrib.admin (not installed) for the ordering."""

    def field_admin_ordering(self, field, request, model_admin):
        return ()


class PortalModelAdmin(BasePortalModelAdmin):
    add_to_admin_menu = False  # shown inside the group


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect; changes happen only through the action buttons (services)."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RegistrationPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_delete_obj(self, user, obj):
        # Spam and old decisions may be removed; an approved club stays untouched.
        return self.user_has_specific_permission(user, self.get_perm_codename("delete"))


class RegistrationButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        decidable = obj.status in (RegistrationStatus.PENDING, RegistrationStatus.FAILED)
        if decidable and self.request.user.has_perm("clubs.change_clubregistration"):
            approve_label = _("Erneut einrichten") if obj.status == RegistrationStatus.FAILED else _("Freigeben")
            buttons[:0] = [
                {
                    "url": self.url_helper.get_action_url("approve", quote(obj.pk)),
                    "label": approve_label,
                    "classname": self.finalise_classname(["button-primary"]),
                    "title": _("Verein einrichten und erste Redaktion einladen"),
                },
                {
                    "url": self.url_helper.get_action_url("reject", quote(obj.pk)),
                    "label": _("Ablehnen"),
                    "classname": self.finalise_classname(["button-secondary", "no"]),
                    "title": _("Registrierung mit Begründung ablehnen"),
                },
            ]
        return buttons


class RegistrationAdmin(PortalModelAdmin):
    model = ClubRegistration
    menu_label = _("Registrierungen")
    menu_icon = "form"
    inspect_view_enabled = True
    inspect_template_name = "clubs/admin/registration_inspect.html"
    permission_helper_class = RegistrationPermissionHelper
    button_helper_class = RegistrationButtonHelper
    list_display = ("name", "subdomain", "town", "status_badge", "created_at")
    list_filter = ("status", "legal_form", ("categories", CategoryListFilter))
    search_fields = ("name", "subdomain", "email", "editor_email", "editor_name", "town")
    ordering = ("-created_at",)
    inspect_view_fields = (
        "status",
        "status_note",
        "name",
        "legal_form",
        "register_court",
        "register_number",
        "street",
        "postal_code",
        "town",
        "categories",
        "email",
        "subdomain",
        "editor_name",
        "editor_email",
        "accepted_terms",
        "created_at",
        "decided_at",
        "decided_by",
        "club",
    )
    extra_actions = (
        ("approve", admin_views.registration_approve_view),
        ("reject", admin_views.registration_reject_view),
    )

    def status_badge(self, obj):
        colour = {
            RegistrationStatus.PENDING: "warning",
            RegistrationStatus.APPROVED: "success",
            RegistrationStatus.REJECTED: "info",
            RegistrationStatus.FAILED: "critical",
        }.get(obj.status, "info")
        return format_html('<span class="w-status w-status--{}">{}</span>', colour, obj.get_status_display())

    status_badge.short_description = _("Status")


class ClubButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.request.user.has_perm("clubs.change_club"):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("active", quote(obj.pk)),
                    "label": _("Deaktivieren") if obj.is_active else _("Reaktivieren"),
                    "classname": self.finalise_classname(["button-secondary"] + (["no"] if obj.is_active else [])),
                    "title": _("Vereinsseite offline oder wieder online schalten"),
                }
            )
        if self.request.user.has_perm("clubs.change_club"):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("invite", quote(obj.pk)),
                    "label": _("Einladung erneut senden"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": _("Neuen Einladungslink an Redaktionen ohne Passwort schicken"),
                }
            )
        if obj.is_active:
            buttons.append(
                {
                    "url": obj.url,
                    "label": _("Website öffnen"),
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": obj.url,
                }
            )
        return buttons


class ClubAdmin(PortalModelAdmin):
    model = Club
    menu_label = _("Vereine")
    menu_icon = "group"
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = ClubButtonHelper
    list_display = ("name", "slug", "town", "is_active", "is_live", "created_at")
    list_filter = ("is_active", "is_live", ("categories", CategoryListFilter), "town")
    search_fields = ("name", "short_name", "slug", "town", "email", "contact_name")
    inspect_view_fields = (
        "name",
        "short_name",
        "slug",
        "is_active",
        "is_live",
        "went_live_at",
        "went_live_by",
        "legal_form",
        "register_court",
        "register_number",
        "street",
        "postal_code",
        "town",
        "categories",
        "email",
        "phone",
        "contact_name",
        "founded_year",
        "member_count",
        "description",
        "created_at",
        "updated_at",
    )
    extra_actions = (("active", admin_views.club_active_view), ("invite", admin_views.club_invite_view))

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=ClubKind.CLUB)


class CategoryAdmin(PortalModelAdmin):
    model = Category
    menu_label = _("Kategorien")
    menu_icon = "tag"
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class ClubsGroup(ModelAdminGroup):
    menu_label = _("Vereine")
    menu_icon = "group"
    menu_order = 250
    items = (RegistrationAdmin, ClubAdmin, CategoryAdmin)

    def register_indexing(self):
        pass


modeladmin_register(ClubsGroup)


# --- club host: the club's own profile --------------------------------------------------------------


class ClubProfileMenuItem(ClubOnlyMixin, MenuItem):
    def is_shown(self, request):
        return super().is_shown(request) and user_can_edit_profile(request.user)


@hooks.register("register_admin_urls")
def register_profile_url():
    return [path("vereinsprofil/", profile_edit, name="clubs_profile")]


@hooks.register("register_admin_menu_item")
def register_profile_menu_item():
    return ClubProfileMenuItem(
        _("Vereinsprofil"), reverse("clubs_profile"), name="clubs-profile", icon_name="group", order=150
    )


# --- club host: first steps, going live, the club's editors (issue #15) -------------------------------


@hooks.register("construct_homepage_panels")
def club_dashboard_panel(request, panels):
    """A club's dashboard opens on its first steps (then on what reached the club lately)."""
    from .dashboard import ClubDashboardPanel

    if on_club(request):
        panels.insert(0, ClubDashboardPanel(request.tenant))


@hooks.register("register_admin_urls")
def register_club_admin_urls():
    return [
        path("veroeffentlichen/", admin_views.go_live_view, name="clubs_go_live"),
        path("redaktion/", admin_views.editors_view, name="clubs_editors"),
        path("redaktion/<int:user_id>/entfernen/", admin_views.editor_remove_view, name="clubs_editor_remove"),
    ]


class ClubEditorsMenuItem(ClubOnlyMixin, MenuItem):
    def is_shown(self, request):
        return super().is_shown(request) and request.user.has_perm("clubs.manage_editors")


@hooks.register("register_admin_menu_item")
def register_editors_menu_item():
    return ClubEditorsMenuItem(
        _("Redaktion einladen"), reverse("clubs_editors"), name="clubs-editors", icon_name="user", order=160
    )


@hooks.register("after_edit_page")
def publishing_the_home_page_stays_in_the_club(request, page):
    """Wagtail sends an editor who published a page to its parent's listing; for a club's home page
    that is Wagtail's root, where the admin asks to "configure a site". The home page's own listing
    (its subpages, the club's site) is where the editor is."""
    if page.depth == 2 and "action-publish" in request.POST and not request.POST.get("next"):
        return redirect("wagtailadmin_explore", page.pk)
    return None
