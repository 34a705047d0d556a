"""The chart of accounts (office/books/chart.json), a bank account and a cash box in every club schema and
the club template (new clubs are cloned from it); `office.manage_finances` for the group "Vorstand/Kasse".

The group "Vereinsadmin" holds every office permission already (sites/clubs/roles.py, refreshed after
each migration). Permissions of new models are made by Django after all migrations; made here already
so the group can hold them (as in 0002_office_groups).
"""

import json
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations

CHART = Path(__file__).resolve().parent.parent / "books" / "chart.json"
BOARD = "Vorstand/Kasse"
DEFAULT_ACCOUNTS = (("1200", "Girokonto", "bank"), ("1000", "Kasse", "cash"))


def seed(apps, schema_editor):
    category_model = apps.get_model("office", "LedgerCategory")
    for entry in json.loads(CHART.read_text(encoding="utf-8"))["accounts"]:
        category_model.objects.get_or_create(
            number=entry["number"],
            defaults={"name": entry["name"], "kind": entry["kind"], "sphere": entry["sphere"] or ""},
        )
    account_model = apps.get_model("office", "Account")
    for number, name, kind in DEFAULT_ACCOUNTS:
        account_model.objects.get_or_create(number=number, defaults={"name": name, "kind": kind})
    office = apps.get_app_config("office")
    office.models_module = True  # create_permissions skips app configs without models
    create_permissions(office, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    office.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=BOARD).first()
    permission = (
        apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label="office", codename="manage_finances")
        .first()
    )
    if group is not None and permission is not None:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0006_finance"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
