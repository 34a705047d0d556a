"""Club sites can be translated into English out of the box (wagtail-localize's Translate action
offers every locale of the schema): every club schema, and the template new clubs are cloned
from, gets the content languages next to the default "de" that Wagtail's own migration made."""

from django.db import migrations

from cms.migration_operations import add_content_locales


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_contactmessage_contactpage_downloadspage_and_more"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_content_locales, migrations.RunPython.noop)]
