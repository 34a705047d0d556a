"""Writes the pain.008 of a club's next due debit run, so a file can be checked without a browser.

    manage.py sepa_export --club tsv-musterstadt --out /tmp/lastschrift.xml

Creates the run of the current month (next valid collection date) if there is none, exports it
(validated against the XSD) and writes the stored file; exit code 1 with the German reason on failure.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from office.sepa.errors import SepaError
from office.services.debits import DebitRunError, debit_file_due
from sites.clubs.models import Club


class Command(BaseCommand):
    help = "Schreibt die pain.008-Datei des nächsten fälligen Lastschriftlaufs eines Vereins."

    def add_arguments(self, parser):
        parser.add_argument("--club", required=True, help="Kürzel (slug) des Vereins")
        parser.add_argument("--out", required=True, help="Zieldatei, z. B. lastschrift.xml")

    def handle(self, *args, club: str, out: str, **options):
        found = Club.objects.filter(slug=club).first()
        if found is None or not found.is_club:
            raise CommandError(f"Verein „{club}“ nicht gefunden.")
        try:
            due = debit_file_due(club=found)
        except DebitRunError as error:
            raise CommandError("\n".join([error.message, *error.problems])) from None
        except SepaError as error:
            raise CommandError(error.message) from None
        try:
            Path(out).write_bytes(due.xml)
        except OSError as error:
            raise CommandError(f"Die Datei „{out}“ kann nicht geschrieben werden: {error.strerror}") from None
        self.stdout.write(
            f"{out}: {due.count} Lastschriften, {due.total:.2f} € zum {due.collection_date:%d.%m.%Y} ({due.version})."
        )
