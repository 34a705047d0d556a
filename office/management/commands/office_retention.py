"""`manage.py office_retention`: the office's data-protection run (daily, beside purge_applications).

Anonymises, in every club, the leavers whose retention periods (§ 147 AO, set per club) have ended.
Running it twice on a day changes nothing the second time.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from office.services.privacy import office_retention_run


class Command(BaseCommand):
    help = (
        "Anonymisiert in jedem Verein ausgetretene Mitglieder, deren Aufbewahrungsfristen (§ 147 AO) abgelaufen "
        "sind. Beträge bleiben für die Bücher erhalten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Stichtag TT.MM.JJJJ (nur zum Testen; sonst heute)")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.datetime.strptime(options["today"], "%d.%m.%Y").date()
            except ValueError:
                raise CommandError("Bitte den Stichtag als TT.MM.JJJJ angeben, z. B. 31.12.2026.") from None
        done = office_retention_run(today=today)
        total = sum(done.values())
        self.stdout.write(f"Anonymisierte Mitglieder: {total} in {sum(1 for n in done.values() if n)} Vereinen.")
