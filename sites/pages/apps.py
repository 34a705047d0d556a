from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "sites.pages"
    label = "pages"
    verbose_name = _("Seiten der Vereinsseite")

    def ready(self):
        from cms.tenancy import hooks

        post_migrate.connect(_club_roles_after_migrate, sender=self, dispatch_uid="pages.club_roles")
        hooks.register_theme_stylesheet(_theme_stylesheet_url)


def _theme_stylesheet_url(request, club) -> str:
    """URL of the club's colour stylesheet, versioned by its content so browsers may cache it."""
    from django.urls import reverse

    from cms.models import SiteAppearance

    from .views import theme_colours, theme_version

    # for_request memoises on the request, so the layout's `settings.cms.SiteAppearance` shares it.
    try:
        appearance = SiteAppearance.for_request(request) if request is not None else None
    except SiteAppearance.DoesNotExist:  # no Wagtail site for this host
        appearance = None
    version = theme_version(theme_colours(appearance=appearance, club=club))
    return f"{reverse('pages:theme_css')}?v={version}"


def _club_roles_after_migrate(sender, using="default", **kwargs):
    """After each migration of a club schema (and the template): the editors' groups get every
    permission their role names, including those of apps migrated just now (sites/clubs/roles.py)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.db import connections

    from django_tenants.utils import get_public_schema_name

    from sites.clubs.roles import ADMIN_PERMISSIONS, club_roles_ensure

    if getattr(connections[using], "schema_name", get_public_schema_name()) == get_public_schema_name():
        return
    # Permissions are made per app after its post_migrate; the role names apps that may come later.
    for label in {app_label for app_label, _codename in ADMIN_PERMISSIONS}:
        if label in apps.app_configs:
            create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    club_roles_ensure()
