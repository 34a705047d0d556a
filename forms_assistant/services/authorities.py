"""Authorities and their staff accounts."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from django_tenants.utils import get_public_schema_name, schema_context

from forms_assistant.models import Authority

STAFF_PERMISSIONS = [("wagtailadmin", "access_admin"), ("forms_assistant", "view_application")]


def authority_save(*, data: dict, authority: Authority | None = None) -> Authority:
    """Create or update an authority and make sure its staff group exists in the public schema."""
    authority = authority or Authority()
    for name, value in data.items():
        setattr(authority, name, value)
    authority.full_clean()
    authority.save()
    staff_group_ensure(name=authority.staff_group_name)
    from forms_assistant.authoring import authority_setup_authoring  # authoring builds on this module

    with schema_context(get_public_schema_name()):
        authority_setup_authoring(authority=authority)
    return authority


def staff_group_ensure(*, name: str) -> Group:
    with schema_context(get_public_schema_name()):
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in STAFF_PERMISSIONS:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)
        return group


def staff_user_ensure(*, authority: Authority, email: str, name: str, password: str):
    """A portal (public-schema) user in the authority's staff group; idempotent."""
    from django.contrib.auth import get_user_model

    with schema_context(get_public_schema_name()):
        first, _sep, last = name.partition(" ")
        user, created = get_user_model().objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last, "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(staff_group_ensure(name=authority.staff_group_name))
        return user
