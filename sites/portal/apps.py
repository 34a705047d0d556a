"""The regional portal (public schema): its page tree, the listings index and its search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "sites.portal"
    label = "portal"
    verbose_name = _("Regionalportal")

    def ready(self):
        from . import signals  # noqa: F401  (connects the listings sync)
