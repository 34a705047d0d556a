"""`manage.py club_delete SLUG [--cancel]`: mark a club for deletion (offline, export kept) or undo it."""

from django.core.management.base import BaseCommand, CommandError

from sites.clubs.models import Club
from sites.operations.services import BackupError, club_deletion_cancel, club_deletion_request


class Command(BaseCommand):
    help = "Merkt einen Verein zur Löschung vor (offline, Export) oder nimmt die Vormerkung zurück."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--cancel", action="store_true", help="Vormerkung zurücknehmen")
        parser.add_argument("--by", default="manage.py", help="Wer die Löschung beantragt hat")
        parser.add_argument("--grace-days", type=int, default=None)

    def handle(self, *args, slug, cancel=False, by="manage.py", grace_days=None, **options):
        club = Club.objects.filter(slug=slug).first()
        if club is None:
            raise CommandError(f"Unbekannter Verein: {slug}")
        try:
            if cancel:
                club_deletion_cancel(club=club)
                self.stdout.write(self.style.SUCCESS(f"Löschung zurückgenommen, {slug} ist wieder online."))
                return
            deletion = club_deletion_request(club=club, by=by, grace_days=grace_days)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{slug} ist offline; Export: {deletion.export_path}; endgültige Löschung ab {deletion.purge_after:%Y-%m-%d}."
            )
        )
