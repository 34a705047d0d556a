"""Make sure the portal tenant and the club template schema exist (idempotent)."""

from django.core.management.base import BaseCommand

from sites.clubs.services import club_template_ensure, portal_ensure


class Command(BaseCommand):
    help = "Legt Portal und Vorlagen-Schema für neue Vereine an, falls sie fehlen (idempotent)."

    def handle(self, *args, **options):
        portal_ensure()
        club_template_ensure(verbosity=max(options["verbosity"] - 1, 0))
        self.stdout.write(self.style.SUCCESS("Portal und Vereinsvorlage sind bereit."))
