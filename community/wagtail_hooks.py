"""Admin registration of the exchange.

Club host: the menu "Netzwerk" (community/admin_urls.py), for the club's editors with the
permission `community.act` (hidden without it).
Portal host: the operators' menu "Netzwerk-Moderation" (crises, reports, posts, suspensions).
Each menu is shown only on its host and each view refuses with 404 on the other one: the tables
live in public, and a club's search path (`<club>, public`) would otherwise reach them.
"""

from django.contrib.admin.utils import quote
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms.admin_permissions import PortalModelAdmin as BasePortalModelAdmin
from cms.tenancy.guards import on_club

from . import moderation_views
from .admin_views import user_may_act
from .models import Crisis, ExchangeSuspension, Post, Report

# --- club host: "Netzwerk" ------------------------------------------------------------------------


def _club_may_act(request) -> bool:
    return on_club(request) and user_may_act(request.user)


class ClubMenuItem(MenuItem):
    def is_shown(self, request):
        return _club_may_act(request)


@hooks.register("register_admin_urls")
def register_club_urls():
    return [path("netzwerk/", include("community.admin_urls", namespace="community_admin"))]


@hooks.register("register_admin_menu_item")
def register_club_menu():
    items = [
        ClubMenuItem(
            _("Übersicht"), reverse("community_admin:overview"), name="netzwerk-overview", icon_name="home", order=10
        ),
        ClubMenuItem(
            _("Suchen"), reverse("community_admin:search"), name="netzwerk-search", icon_name="search", order=20
        ),
        ClubMenuItem(
            _("Neuer Beitrag"), reverse("community_admin:post_create"), name="netzwerk-new", icon_name="plus", order=30
        ),
        ClubMenuItem(
            _("Gespräche"), reverse("community_admin:threads"), name="netzwerk-threads", icon_name="mail", order=40
        ),
    ]
    return ClubSubmenu(_("Netzwerk"), Menu(items=items), name="netzwerk", icon_name="globe", order=160)


class ClubSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return _club_may_act(request)


# --- portal host: moderation ------------------------------------------------------------------------


class PortalModelAdmin(BasePortalModelAdmin):
    add_to_admin_menu = False


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect; changes happen only through the action buttons (services)."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ActionButtonHelper(ButtonHelper):
    """Adds the extra action buttons a modeladmin declares in `row_actions(obj)`."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        for action, label, perm in self.view.model_admin.row_actions(obj):
            if self.request.user.has_perm(perm):
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, quote(obj.pk)),
                        "label": label,
                        "classname": self.finalise_classname(["button-secondary"]),
                        "title": label,
                    }
                )
        return buttons


class CrisisAdmin(PortalModelAdmin):
    """Operators (and authority staff with the add/change permission) declare and end crises."""

    model = Crisis
    menu_label = _("Krisen")
    menu_icon = "warning"
    list_display = ("title", "starts_at", "planned_end", "ended_at", "declared_by")
    search_fields = ("title", "area_towns", "area_postal_codes")
    create_view_class = moderation_views.CrisisCreateView
    edit_view_class = moderation_views.CrisisEditView
    button_helper_class = ActionButtonHelper
    form_fields_exclude = ["slug", "ended_at", "declared_by", "clubs_notified_at", "helpers_purged_at"]
    extra_actions = (("end", moderation_views.crisis_end_view),)

    def row_actions(self, obj):
        if obj.ended_at is None:
            return [("end", _("Beenden"), "community.change_crisis")]
        return []


class ReportAdmin(PortalModelAdmin):
    model = Report
    menu_label = _("Meldungen")
    menu_icon = "warning"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = ActionButtonHelper
    list_display = ("created_at", "reporter", "target", "reason", "status")
    list_filter = ("status",)
    inspect_view_enabled = True
    extra_actions = (("decide", moderation_views.report_decide_view),)

    def row_actions(self, obj):
        return [("decide", _("Bearbeiten"), "community.change_report")]

    def target(self, obj):
        if obj.post_id:
            return _("Beitrag: %(title)s (%(club)s)") % {"title": obj.post.title, "club": obj.post.club}
        return _("Nachricht von %(club)s: %(text)s") % {"club": obj.message.sender, "text": obj.message.body[:80]}

    target.short_description = _("Gemeldet")


class PostAdmin(PortalModelAdmin):
    model = Post
    menu_label = _("Beiträge")
    menu_icon = "doc-full"
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = ActionButtonHelper
    list_display = ("title", "club", "post_type", "kind", "status", "is_hidden", "created_at")
    list_filter = ("is_hidden", "status", "post_type", "kind")
    search_fields = ("title", "description", "town")
    inspect_view_enabled = True
    extra_actions = (("hide", moderation_views.post_hide_view),)

    def row_actions(self, obj):
        return [("hide", _("Einblenden") if obj.is_hidden else _("Ausblenden"), "community.change_post")]


class SuspensionPermissionHelper(PermissionHelper):
    def user_can_edit_obj(self, user, obj):
        return False


class SuspensionAdmin(PortalModelAdmin):
    model = ExchangeSuspension
    menu_label = _("Sperren")
    menu_icon = "lock"
    list_display = ("club", "reason", "suspended_by", "created_at")
    permission_helper_class = SuspensionPermissionHelper
    create_view_class = moderation_views.SuspensionCreateView
    form_fields_exclude = ["suspended_by"]


class ModerationGroup(ModelAdminGroup):
    menu_label = _("Netzwerk")
    menu_icon = "globe"
    menu_order = 260
    items = (CrisisAdmin, ReportAdmin, PostAdmin, SuspensionAdmin)

    def register_indexing(self):
        pass


modeladmin_register(ModerationGroup)
