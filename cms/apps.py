from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Gemeinsame Bausteine")

    def ready(self):
        from . import monkey_patches, page_cache, schema_caches, tenant_hosts

        # Every run-time change of third-party code, in one module with the versions it was
        # written against (tests/cms/test_monkey_patches.py).
        monkey_patches.install()
        page_cache.connect_signals()
        tenant_hosts.connect_signals()
        schema_caches.connect_signals()
