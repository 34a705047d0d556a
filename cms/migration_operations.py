"""Data steps shared by migrations of several apps (they receive the historical `apps`)."""

from django.conf import settings


def add_content_locales(apps, schema_editor):
    """Every content language of settings.WAGTAIL_CONTENT_LANGUAGES as a Wagtail locale of the
    schema being migrated, next to the default "de" that Wagtail's own migration made, so that
    wagtail-localize's Translate action offers it."""
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
