"""Admin doors that must ask the same permission as the view they serve: one rule per kind of door.

* **APIs and choosers of a model** answer only users whom the model's listing would answer (any of
  add/change/delete/view in the model's permission policy, as Wagtail's generic listing asks).
  Wagtail's choosers and wagtail-localize's snippet API list every row to everyone who may enter
  the admin: right for pages, images and documents (content that editors link), wrong for what
  visitors sent a club.
* **Instance URLs of a modeladmin** (edit, delete, inspect, history) answer 404 for an object
  outside the user's `get_queryset(request)` or one the user may not act on, exactly as for a
  missing id. modeladmin looks the object up in the whole table and only then asks the permission
  helper: a foreign id answered "no permission" (302), a missing one 404, so ids could be probed.

Generic (no domain knowledge): the apps apply these where they register their admin views.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path

from wagtail.permissions import policy_registry
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetViewSet
from wagtail_modeladmin.options import ModelAdmin

from rest_framework.permissions import BasePermission

from .tenancy.deletion import model_in_current_schema
from .tenancy.guards import PortalOnlyMixin, guard_urls, portal_only

# What Wagtail's generic IndexView asks (`any_permission_required`).
LISTING_ACTIONS = ("add", "change", "delete", "view")


def user_may_list(user, model) -> bool:
    """Would the model's admin listing answer this user?"""
    return policy_registry.get_by_type(model).user_has_any_permission(user, LISTING_ACTIONS)


def require_listing_permission(view, model):
    """Wraps an admin view (a chooser's) so it refuses whom the model's listing refuses.

    PermissionDenied becomes what every Wagtail admin view answers: the "no permission" redirect,
    or 403 for the chooser's XMLHttpRequests.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_may_list(request.user, model):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- wagtail-localize's snippet API -----------------------------------------------------------------


class SnippetListingPermission(BasePermission):
    """The snippet API answers as the snippet's listing: 404 where its table is missing, else 403."""

    def has_permission(self, request, view):
        model = view.get_model()  # 404 for a model that is not a snippet
        if not model_in_current_schema(model):
            raise Http404
        return user_may_list(request.user, model)


class GuardedSnippetsAPI(LocalizeSnippetViewSet):
    # wagtail-localize's editor reads titles of chosen snippets here; it asks no permission of
    # its own (any admin user could list every row of every snippet model).
    permission_classes = [SnippetListingPermission]


def localize_snippets_api_urls() -> list:
    """wagtail-localize's snippet API at its own paths, guarded.

    Registered through `register_admin_urls` with a negative order, so these patterns come before
    wagtail-localize's and shadow them (tests/tenancy/test_url_isolation.py checks both).
    """
    return [
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            GuardedSnippetsAPI.as_view({"get": "list"}),
            name="guarded_snippets_api_listing",
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            GuardedSnippetsAPI.as_view({"get": "retrieve"}),
            name="guarded_snippets_api_detail",
        ),
    ]


# --- modeladmin: foreign ids answer like missing ones ---------------------------------------------------


class InstanceViewsAnswer404:
    """Mixin for a wagtail-modeladmin `ModelAdmin`: its instance URLs answer 404 for what the user
    may not see or do, the same answer as for an id that does not exist."""

    def _object_or_404(self, request, instance_pk, allowed) -> None:
        try:
            instance = self.get_queryset(request).filter(pk=unquote(instance_pk)).first()
        except (ValueError, ValidationError):
            instance = None
        if instance is None or not allowed(request.user, instance):
            raise Http404

    def edit_view(self, request, instance_pk):
        self._object_or_404(request, instance_pk, self.permission_helper.user_can_edit_obj)
        return super().edit_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._object_or_404(request, instance_pk, self.permission_helper.user_can_delete_obj)
        return super().delete_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._object_or_404(request, instance_pk, self.permission_helper.user_can_inspect_obj)
        return super().inspect_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        # modeladmin's history view asks no permission at all: whoever may edit or inspect.
        helper = self.permission_helper
        self._object_or_404(
            request,
            instance_pk,
            lambda user, obj: helper.user_can_edit_obj(user, obj) or helper.user_can_inspect_obj(user, obj),
        )
        return super().history_view(request, instance_pk)


class PortalModelAdmin(PortalOnlyMixin, InstanceViewsAnswer404, ModelAdmin):
    """A modeladmin of the portal host (menu hidden and every URL 404 elsewhere); a row the user may
    not act on answers 404 like a missing one. `extra_actions`: (action, view) pairs served under
    `<app>/<model>/<action>/<pk>/`, guarded the same way."""

    extra_actions: tuple[tuple[str, object], ...] = ()

    def get_admin_urls_for_registration(self):
        extra = [
            path(
                f"{self.opts.app_label}/{self.opts.model_name}/{action}/<int:instance_pk>/",
                view,
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in self.extra_actions
        ]
        return (*super().get_admin_urls_for_registration(), *guard_urls(extra, portal_only))

    def register_indexing(self):
        # Wagtail's reference index is a per-schema table; platform rows must not land in a club's.
        pass
