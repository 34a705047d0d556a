"""Make sure the portal tenant and the club template schema exist (idempotent)."""

from django.core.management.base import BaseCommand

from forms_assistant.authoring import authorities_setup_authoring
from sites.clubs.services import club_template_ensure, portal_ensure
from sites.portal.home import portal_home_arrange


class Command(BaseCommand):
    help = "Legt Portal und Vorlagen-Schema für neue Vereine an, falls sie fehlen (idempotent)."

    def handle(self, *args, **options):
        portal_ensure()
        # The portal home's default blocks, only while its body is empty (never an operator's).
        portal_home_arrange(stdout=self.stdout if options["verbosity"] else None)
        club_template_ensure(verbosity=max(options["verbosity"] - 1, 0))
        # Authorities from before clerks authored their templates: section, rights, workflow.
        authorities_setup_authoring()
        self.stdout.write(self.style.SUCCESS("Portal und Vereinsvorlage sind bereit."))
