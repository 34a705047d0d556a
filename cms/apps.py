from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Gemeinsame Bausteine")

    def ready(self):
        from django.core.signals import request_finished

        from . import monkey_patches
        from .tenancy import invalidation

        # Every run-time change of third-party code, in one module with the versions it was
        # written against (tests/cms/test_monkey_patches.py).
        monkey_patches.install()
        # What Wagtail's models purge; the domain apps register theirs (cms/tenancy/hooks.py).
        invalidation.connect_signals()
        request_finished.connect(invalidation.end_request, dispatch_uid="cms.tenancy.invalidation.end")
