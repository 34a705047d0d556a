"""Clerks author their authority's form templates (issue #11, item 19).

Every authority gets its own section of the portal's Antragskatalog (an `AuthorityCataloguePage`
under the `FormIndexPage`). Its staff group may add and edit pages in that subtree only and submit
them to the authority's workflow "Freigabe <Behörde>", whose one task is approved by the group
"<Behörde> – Leitung"; only that lead group may publish there. Nobody of one authority sees or
touches another authority's section: Wagtail's page permissions are per subtree.

`authority_setup_authoring` makes all of this and is idempotent; `authority_save` calls it, the
demo data go through `authority_save`, and `manage.py authoring_setup` sets up authorities that
existed before (it also moves their templates from the catalogue's top level into their section).
Everything here runs in the public schema: `services.py` switches to it before calling in (the
schema switch lives there only), the portal admin and the management commands run in it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from .models import Authority, AuthorityCataloguePage, FormTemplatePage

STAFF_PAGE_PERMISSIONS = ("add_page", "change_page")  # clerks write and submit, never publish
LEAD_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
LEAD_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]


def lead_group_name(authority: Authority) -> str:
    return f"{authority.name} – Leitung"[:150]


def workflow_name(authority: Authority) -> str:
    return f"Freigabe {authority.name}"[:255]


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _section_ensure(*, authority: Authority) -> AuthorityCataloguePage:
    from .services import form_index_ensure

    index = form_index_ensure()
    section = AuthorityCataloguePage.objects.filter(authority=authority, locale_id=index.locale_id).first()
    if section is not None:
        return section
    base = slugify(authority.name)[:70] or "behoerde"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    section = index.add_child(
        instance=AuthorityCataloguePage(title=authority.name, slug=slug, authority=authority, locale=index.locale)
    )
    section.save_revision().publish()
    return section


def _lead_group_ensure(*, authority: Authority, section: AuthorityCataloguePage) -> Group:
    # The group the workflow already names (the authority may have been renamed since).
    assignment = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if assignment is not None:
        for task in assignment.workflow.tasks.all():
            specific = task.specific
            if isinstance(specific, GroupApprovalTask) and specific.groups.exists():
                return specific.groups.order_by("pk").first()
    group, _created = Group.objects.get_or_create(name=lead_group_name(authority))
    for app_label, codename in LEAD_MODEL_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission:
            group.permissions.add(permission)
    return group


def _workflow_ensure(*, authority: Authority, section: AuthorityCataloguePage, lead: Group) -> Workflow:
    assignment = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if assignment is not None:
        return assignment.workflow
    workflow, _created = Workflow.objects.get_or_create(name=workflow_name(authority), defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=f"Freigabe durch {lead.name}"[:255])
        task.groups.set([lead])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=section, workflow=workflow)
    return workflow


@transaction.atomic
def authority_setup_authoring(*, authority: Authority) -> AuthorityCataloguePage:
    """The authority's catalogue section, its clerks' and lead's page permissions there and its
    approval workflow; templates of the authority at the catalogue's top level move into it."""
    from .services import staff_group_ensure

    section = _section_ensure(authority=authority)
    staff = staff_group_ensure(name=authority.staff_group_name)
    lead = _lead_group_ensure(authority=authority, section=section)
    for group, codenames in ((staff, STAFF_PAGE_PERMISSIONS), (lead, LEAD_PAGE_PERMISSIONS)):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=_page_permission(codename))
    _workflow_ensure(authority=authority, section=section, lead=lead)
    index = section.get_parent()
    for page in FormTemplatePage.objects.child_of(index).filter(authority=authority, locale_id=section.locale_id):
        page.move(section, pos="last-child")
    return section


def authority_section(*, authority: Authority) -> AuthorityCataloguePage:
    """The authority's section (made if missing)."""
    section = AuthorityCataloguePage.objects.filter(authority=authority).order_by("pk").first()
    return section or authority_setup_authoring(authority=authority)


def authorities_user_may_author(user) -> QuerySet[Authority]:
    """The authorities whose section the user may add templates to (all for superusers)."""
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_superuser:
        return Authority.objects.all()
    ids = [
        section.authority_id
        for section in AuthorityCataloguePage.objects.all()
        if section.permissions_for_user(user).can_add_subpage()
    ]
    return Authority.objects.filter(pk__in=ids)


def authorities_setup_authoring() -> list[AuthorityCataloguePage]:
    """`authority_setup_authoring` for every authority (those made before it existed included)."""
    return [authority_setup_authoring(authority=authority) for authority in Authority.objects.all()]


def authority_lead_add(*, authority: Authority, user) -> Group:
    """Make a portal user a lead of the authority (approves and publishes its templates)."""
    section = authority_section(authority=authority)
    group = _lead_group_ensure(authority=authority, section=section)
    user.groups.add(group)
    return group
