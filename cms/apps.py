from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Gemeinsame Bausteine")

    def ready(self):
        from . import migration_executor, page_cache, schema_caches, tenant_hosts
        from .tenancy import deletion

        deletion.install()
        migration_executor.install_recorder_lookup()
        from . import security

        security.install_history_guard()
        page_cache.connect_signals()
        tenant_hosts.connect_signals()
        schema_caches.install()
        from . import public_urls

        public_urls.install_admin_base_url()
        from . import monkey_patches

        monkey_patches.install()
