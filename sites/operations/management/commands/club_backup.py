"""`manage.py club_backup SLUG --output FILE`: one club's schema, public rows and media as one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.clubs.models import Club
from sites.operations.services import BackupError, club_backup


class Command(BaseCommand):
    help = "Sichert einen Verein (Schema, öffentliche Zeilen, Medien) in ein Archiv."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", help="Zieldatei (.tar.gz); Vorgabe: <slug>-<Datum>.tar.gz")

    def handle(self, *args, slug, output=None, **options):
        club = Club.objects.filter(slug=slug).first()
        if club is None:
            raise CommandError(f"Unbekannter Verein: {slug}")
        target = Path(output or f"{slug}-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            club_backup(club=club, output=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Gesichert: {target} ({target.stat().st_size} Bytes)"))
