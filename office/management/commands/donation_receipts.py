"""Writes a club's donation receipts of one year as PDFs, so they can be checked without a browser.

    manage.py donation_receipts --club tsv-musterstadt --year 2026 --out /tmp/zuwendungen

Issues the receipts still missing for the year first (Sammelbestätigung per donor, single receipts for
donations in kind), then writes every receipt of the year (the stored duplicates); refusals are listed
with their reason. Exit code 1 if the club is unknown or the folder cannot be written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from office.services.donations import receipts_year_files
from sites.clubs.models import Club


class Command(BaseCommand):
    help = "Schreibt die Zuwendungsbestätigungen eines Vereins für ein Jahr als PDF-Dateien."

    def add_arguments(self, parser):
        parser.add_argument("--club", required=True, help="Kürzel (slug) des Vereins")
        parser.add_argument("--year", required=True, type=int, help="Jahr der Zuwendungen, z. B. 2026")
        parser.add_argument("--out", required=True, help="Zielordner")

    def handle(self, *args, club: str, year: int, out: str, **options):
        found = Club.objects.filter(slug=club).first()
        if found is None or not found.is_club:
            raise CommandError(f"Verein „{club}“ nicht gefunden.")
        if not 1900 <= year <= 9999:
            raise CommandError(f"„{year}“ ist kein gültiges Jahr.")
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Der Ordner „{out}“ kann nicht angelegt werden: {error.strerror}") from None
        result = receipts_year_files(club=found, year=year)
        for name, pdf in result.files:
            try:
                (folder / name).write_bytes(pdf)
            except OSError as error:
                raise CommandError(f"„{name}“ kann nicht geschrieben werden: {error.strerror}") from None
        for refusal in result.refused:
            donor = refusal.donor.name if refusal.donor else ""
            self.stderr.write(f"Nicht ausgestellt ({donor}): {refusal.message}")
        self.stdout.write(f"{out}: {len(result.files)} Zuwendungsbestätigungen {year} von {found.display_name}.")
