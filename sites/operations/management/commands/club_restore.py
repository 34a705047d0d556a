"""`manage.py club_restore FILE`: bring a club back from a `club_backup` archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sites.operations.services import BackupError, club_restore


class Command(BaseCommand):
    help = "Spielt einen gesicherten Verein in eine Datenbank zurück, die ihn nicht (mehr) hat."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        try:
            club = club_restore(archive_path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Zurückgespielt: {club.name} ({club.slug})"))
