"""Club editors are no longer superusers of their schema (issue #15, sites/clubs/roles.py).

In every club schema (and the template): editors who were superusers become "Vereinsadmin",
other editors without a club role "Vereinsredaktion"; the groups' permissions are filled in after
the migration (`PagesConfig.ready`, post_migrate). Wagtail's root page, which the admin shows
as the first step of every breadcrumb, is named after the club instead of "Root".
"""

from django.db import migrations


def forwards(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    user_model = apps.get_model("auth", "User")
    page_model = apps.get_model("wagtailcore", "Page")
    site_model = apps.get_model("wagtailcore", "Site")
    admin_group, _created = group_model.objects.get_or_create(name="Vereinsadmin")
    editor_group, _created = group_model.objects.get_or_create(name="Vereinsredaktion")
    for user in user_model.objects.filter(is_superuser=True):
        user.is_superuser = False
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        user.groups.add(admin_group)
    for user in user_model.objects.exclude(groups__name__in=["Vereinsadmin", "Vereinsredaktion"]):
        user.groups.add(editor_group)
    site = site_model.objects.filter(is_default_site=True).first() or site_model.objects.first()
    name = site.site_name if site and site.site_name else ""
    if name:
        page_model.objects.filter(depth=1, title="Root").update(title=name, draft_title=name)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_english_locale"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
