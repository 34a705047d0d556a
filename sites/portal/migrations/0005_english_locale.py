"""The portal's pages can be translated into English (wagtail-localize): the public schema gets the
locale "en" next to the default "de" that Wagtail's own migration created."""

from django.db import migrations

from cms.migration_operations import add_content_locales


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_search_subscription"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_content_locales, migrations.RunPython.noop)]
