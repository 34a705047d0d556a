from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Netzwerk")

    def ready(self):
        from cms.tenancy import hooks

        from .models import Crisis

        # A crisis shows as a banner on every host (the portal and every club).
        hooks.purge_on_change(Crisis, lambda crisis: [hooks.EVERY_SCHEMA])
