"""The club's office: member register, fee groups, SEPA mandates and member accounts (club schemas only)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    label = "office"
    verbose_name = _("Mitglieder")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .log_filters import install

        install()
