"""Give every authority its catalogue section, page permissions and approval workflow (idempotent).

For authorities that existed before clerks authored their own templates; new ones get all of it
from `authority_save`. Templates at the catalogue's top level move into their authority's section.
"""

from django.core.management.base import BaseCommand

from forms_assistant.authoring import authorities_setup_authoring


class Command(BaseCommand):
    help = "Katalogbereiche, Seitenrechte und Freigabe-Workflows aller Behörden anlegen (idempotent)."

    def handle(self, *args, **options):
        for section in authorities_setup_authoring():
            self.stdout.write(f"{section.title}: {section.url_path}")
