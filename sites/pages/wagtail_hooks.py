"""Admin registration of the club site: read-only lists of what visitors sent (club hosts only).

What visitors sent (membership applications, contact messages, event registrations) is private:
only editors with a permission on the model see it, through every door (listing, chooser,
wagtail-localize's snippet API). The models are not `TranslatableMixin`, so wagtail-localize never
offers to translate them (nothing a visitor sent is content); its snippet API, which serves every
snippet model to every admin user, is guarded for all snippet models below.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_permissions import localize_snippets_api_urls, require_listing_permission
from cms.tenancy.guards import ClubOnlyMixin, club_only

from .models import ContactMessage, EventRegistration, MembershipApplication


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Submissions are what people sent: they may be read and deleted (data protection), not edited."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "lock", "unlock", "publish"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ClubOnlyChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser of a submission model: 404 on the portal, where its table is missing, and
    refused to whom the listing refuses (Wagtail's choosers list every row to every editor)."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = club_only(require_listing_permission(pattern.callback, self.model))
        return patterns


class SubmissionViewSet(ClubOnlyMixin, SnippetViewSet):
    chooser_viewset_class = ClubOnlyChooserViewSet
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = []


class MembershipApplicationViewSet(SubmissionViewSet):
    model = MembershipApplication
    icon = "user"
    menu_label = _("Mitgliedsanträge")
    list_display = ["__str__", "email", "town", "membership_kind", "created_at"]
    list_filter = ["membership_kind"]
    search_fields = ["first_name", "last_name", "email"]


class ContactMessageViewSet(SubmissionViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = _("Kontaktanfragen")
    list_display = ["subject", "name", "email", "created_at"]
    search_fields = ["name", "subject", "message"]


class EventRegistrationViewSet(SubmissionViewSet):
    model = EventRegistration
    icon = "date"
    menu_label = _("Anmeldungen")
    list_display = ["name", "page_title", "persons", "email", "created_at"]
    search_fields = ["name", "email"]


class SubmissionsGroup(ClubOnlyMixin, SnippetViewSetGroup):
    menu_label = _("Eingänge")
    menu_icon = "tasks"
    menu_order = 250
    items = (MembershipApplicationViewSet, ContactMessageViewSet, EventRegistrationViewSet)


for _model in (MembershipApplication, ContactMessage, EventRegistration):
    register_permission_policy(_model, ReadOnlyPolicy(_model))
register_snippet(SubmissionsGroup)

# Before wagtail-localize's own patterns (order -1), so the guarded API shadows the open one.
hooks.register("register_admin_urls", localize_snippets_api_urls, order=-1)
