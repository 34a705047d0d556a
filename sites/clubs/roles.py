"""The two roles of a club's editors, as Django groups in the club's schema.

Club editors are not superusers of their schema (issue #15): a superuser could delete the
Wagtail site, its locales or the other editors and break the club's site.

* **Vereinsadmin** (the first editor, one or more per club): everything the club does on the
  platform — pages, images, documents, what visitors sent, appearance, the club profile,
  applications to authorities (`forms_assistant.apply`), the exchange (`community.act`), the
  office (`office.*`), redirects; invites and removes editors of the club and publishes the site.
* **Vereinsredaktion** (co-editors): pages, images, documents, what visitors sent, appearance.

Neither may open Sites, Locales, Users, Groups or workflow settings. Page permissions are given on
Wagtail's root page of the schema, so translated trees (their home pages stand next to the German
one) are covered too. `club_roles_ensure` is idempotent and runs after every migration of a club
schema (`ready()` of sites.pages connects it), so permissions that later migrations add reach the
groups of existing clubs.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

VEREINSADMIN = "Vereinsadmin"
VEREINSREDAKTION = "Vereinsredaktion"

# Wagtail's page and collection permissions (GroupPagePermission / GroupCollectionPermission).
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image", "delete_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document", "delete_document")),
)

# Model permissions as (app label, codename); codename "*": every permission of the app.
EDITOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("pages", "view_membershipapplication"),
    ("pages", "delete_membershipapplication"),
    ("pages", "view_contactmessage"),
    ("pages", "delete_contactmessage"),
    ("pages", "view_eventregistration"),
    ("pages", "delete_eventregistration"),
    ("cms", "change_siteappearance"),
    ("wagtail_localize", "submit_translation"),
)
ADMIN_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    ("clubs", "edit_profile"),
    ("clubs", "manage_editors"),
    ("clubs", "go_live"),
    ("forms_assistant", "apply"),
    ("community", "act"),
    ("office", "*"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
)

ROLE_CHOICES = ((VEREINSREDAKTION, VEREINSREDAKTION), (VEREINSADMIN, VEREINSADMIN))


def _permissions(wanted) -> list[Permission]:
    condition = Q(pk__in=[])
    for app_label, codename in wanted:
        if codename == "*":
            condition |= Q(content_type__app_label=app_label)
        else:
            condition |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(condition))


def _page_and_collection_permissions(group: Group) -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )


def club_roles_ensure() -> dict[str, Group]:
    """The groups Vereinsadmin and Vereinsredaktion with their permissions, in the current schema."""
    groups = {}
    for name, wanted in ((VEREINSADMIN, ADMIN_PERMISSIONS), (VEREINSREDAKTION, EDITOR_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(wanted))
        _page_and_collection_permissions(group)
        groups[name] = group
    _vereinsadmin_approves_moderation(groups[VEREINSADMIN])
    return groups


# Wagtail's default approval task of every schema, by its German name (cms 0002) or Wagtail's.
DEFAULT_APPROVAL_TASKS = ("Freigabe durch die Moderation", "Moderators approval")


def _vereinsadmin_approves_moderation(group: Group) -> None:
    """A page submitted for approval reaches the club's Vereinsadmin (mail and approval rights).

    The default task asks the group "Moderation", which no club role is in: submissions waited
    for nobody, and nobody was told."""
    from wagtail.models import GroupApprovalTask

    for task in GroupApprovalTask.objects.filter(name__in=DEFAULT_APPROVAL_TASKS):
        task.groups.add(group)


def user_role(user) -> str:
    """The user's club role by name ("" for none)."""
    names = {group.name for group in user.groups.all()}
    if VEREINSADMIN in names:
        return VEREINSADMIN
    if VEREINSREDAKTION in names:
        return VEREINSREDAKTION
    return ""
