"""The regional portal (public schema): its page tree, the listings index and its search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "sites.portal"
    label = "portal"
    verbose_name = _("Regionalportal")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import selectors, signals  # noqa: F401  (signals connects the listings sync)

        request_started.connect(selectors.request_started, dispatch_uid="portal.index_version.started")
        request_finished.connect(selectors.request_finished, dispatch_uid="portal.index_version.finished")
