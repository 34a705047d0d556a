"""`manage.py club_purge_deleted`: remove clubs whose deletion grace period is over (run daily)."""

from django.core.management.base import BaseCommand

from sites.operations.services import club_deletions_purge


class Command(BaseCommand):
    help = "Löscht Vereine endgültig (Schema, Medien, öffentliche Zeilen), deren Frist abgelaufen ist."

    def handle(self, *args, **options):
        purged = club_deletions_purge()
        for slug in purged:
            self.stdout.write(f"Gelöscht: {slug}")
        self.stdout.write(self.style.SUCCESS(f"{len(purged)} Verein(e) endgültig gelöscht."))
