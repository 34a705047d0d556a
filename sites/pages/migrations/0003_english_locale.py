"""Club sites can be translated into English out of the box (wagtail-localize's Translate action
offers every locale of the schema): every club schema, and the template new clubs are cloned
from, gets the content languages next to the default "de" that Wagtail's own migration made."""

from django.conf import settings
from django.db import migrations


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_contactmessage_contactpage_downloadspage_and_more"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
