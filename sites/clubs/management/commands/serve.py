"""`make run`'s last step: print where everything is, then serve with Django's dev server."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sites.clubs.selectors import club_list, host_url


class Command(BaseCommand):
    help = "Zeigt Portal- und Vereinsadressen samt Demo-Zugängen und startet den Entwicklungsserver."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args, **options):
        if os.environ.get("RUN_MAIN") != "true":  # the autoreloader's child: already printed
            self._print_overview()
        call_command("runserver", f"0.0.0.0:{options['port']}", use_reloader=not options["noreload"])

    def _print_overview(self):
        from cms.demo import DEMO_LOGINS

        w = self.stdout.write
        w("")
        w(self.style.SUCCESS("Heldenhelfer läuft. Strg-C beendet Server und Datenbank."))
        w(f"  Portal:          {host_url(settings.HH_BASE_DOMAIN)}")
        w(f"  Portal-Admin:    {host_url(settings.HH_BASE_DOMAIN, '/admin/')}")
        for club in club_list():
            w(f"  {club.display_name:<28} {club.url}  (Admin: {club.url}admin/)")
        if DEMO_LOGINS:
            w("  Demo-Zugänge:")
            for where, user, password in DEMO_LOGINS:
                w(f"    {where:<28} {user} / {password}")
        w("")
