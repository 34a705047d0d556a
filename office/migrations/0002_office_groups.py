"""The groups "Vorstand/Kasse" (members, bank data, debit runs) and "Mitgliederverwaltung" (members
without bank data) in every club schema and the club template (new clubs are cloned from it).

Permissions of a new app are made by Django after all migrations (post_migrate); they are made here
already so that the groups can hold them. Plain page editors ("Redaktion") get none of them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "access_admin")
MEMBER_MODELS = ("member", "department")
BOARD = {
    "name": "Vorstand/Kasse",
    "permissions": [
        *(("office", f"{action}_{model}") for model in MEMBER_MODELS for action in ("add", "change", "view")),
        *(
            ("office", f"{action}_{model}")
            for model in ("feegroup", "sepamandate", "memberaccountentry")
            for action in ("add", "change", "view")
        ),
        ("office", "view_bank_data"),
        ("office", "manage_debits"),
        ACCESS_ADMIN,
    ],
}
MEMBERS = {
    "name": "Mitgliederverwaltung",
    "permissions": [
        *(("office", f"{action}_{model}") for model in MEMBER_MODELS for action in ("add", "change", "view")),
        ("office", "view_feegroup"),
        ACCESS_ADMIN,
    ],
}


def create_groups(apps, schema_editor):
    office = apps.get_app_config("office")
    office.models_module = True  # create_permissions skips app configs without models
    create_permissions(office, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    office.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for spec in (BOARD, MEMBERS):
        group, _created = group_model.objects.get_or_create(name=spec["name"])
        for app_label, codename in spec["permissions"]:
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[BOARD["name"], MEMBERS["name"]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
