from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "sites.clubs"
    label = "clubs"
    verbose_name = _("Vereine")

    def ready(self):
        from cms.tenancy import hooks

        from .models import Club, Domain

        # A club's profile (name, colours, contact, legal data) shows on its own pages and in the
        # portal's listings; a domain decides which host serves which club.
        hooks.purge_on_change(Club, _club_and_portal, hosts=_club_hosts)
        hooks.purge_on_change(Domain, _club_and_portal, hosts=lambda domain: [domain.domain])


def _club_and_portal(instance) -> list[str]:
    from django_tenants.utils import get_public_schema_name

    club = instance
    if not hasattr(instance, "schema_name"):  # a domain: its club
        try:
            club = instance.tenant
        except Exception:  # noqa: BLE001 - the club is being deleted with it
            club = None
    return [schema for schema in (getattr(club, "schema_name", None), get_public_schema_name()) if schema]


def _club_hosts(club) -> list[str]:
    # A reactivated club's hosts were remembered as serving nothing (not under its schema).
    if club.pk is None:
        return []
    from .models import Domain

    return list(Domain.objects.filter(tenant_id=club.pk).values_list("domain", flat=True))
