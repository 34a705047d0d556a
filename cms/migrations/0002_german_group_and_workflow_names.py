"""German names for the groups, the workflow and the task that Wagtail's migrations create in every
schema ("Editors", "Moderators", "Moderators approval"): editors read them in the admin.

`cms` is in SHARED_APPS and TENANT_APPS, so this runs in the portal's schema, the club template
and every club schema. Nothing looks these up by name; a name someone has changed stays as it is.
"""

from django.db import migrations

GROUPS = {"Editors": "Redaktion", "Moderators": "Moderation"}
WORKFLOWS = {"Moderators approval": "Freigabe durch die Moderation"}
TASKS = {"Moderators approval": "Freigabe durch die Moderation"}


def _rename(model, names: dict[str, str]) -> None:
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_german(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), GROUPS)
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS)
    _rename(apps.get_model("wagtailcore", "Task"), TASKS)


def to_english(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), {new: old for old, new in GROUPS.items()})
    _rename(apps.get_model("wagtailcore", "Workflow"), {new: old for old, new in WORKFLOWS.items()})
    _rename(apps.get_model("wagtailcore", "Task"), {new: old for old, new in TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_german, to_english)]
