"""Clubs go live when their editors are ready (issue #15): `is_live`, when and by whom.

Provisioning makes new clubs not live; every club that exists already has been public all along
and stays so (the default, and the step below says it explicitly).
"""

from django.db import migrations, models
from django.db.models import F


def existing_clubs_live(apps, schema_editor):
    club_model = apps.get_model("clubs", "Club")
    club_model.objects.filter(is_live=False).update(is_live=True, went_live_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("clubs", "0005_host_changes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="club",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("edit_profile", "Kann das Vereinsprofil bearbeiten"),
                    ("manage_editors", "Kann die Redaktion des Vereins einladen und entfernen"),
                    ("go_live", "Kann die Vereinsseite veröffentlichen"),
                ],
                "verbose_name": "Verein",
                "verbose_name_plural": "Vereine",
            },
        ),
        migrations.AddField(
            model_name="club",
            name="is_live",
            field=models.BooleanField(
                default=True,
                help_text="Erst veröffentlichte Vereinsseiten sind für Besucher und im Portal zu sehen.",
                verbose_name="Veröffentlicht",
            ),
        ),
        migrations.AddField(
            model_name="club",
            name="went_live_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Veröffentlicht am"),
        ),
        migrations.AddField(
            model_name="club",
            name="went_live_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="Veröffentlicht von"),
        ),
        migrations.RunPython(existing_clubs_live, migrations.RunPython.noop),
    ]
