"""`manage.py import_members --club SLUG FILE [--dry-run]`: a member list (CSV or XLSX from easyVerein,
ClubDesk, JVerein or a plain list) into a club's register; the columns are mapped automatically.

Prints the report in German; exits with code 1 (nothing imported) if any row has a problem.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from office.imports import FIELDS, TableError, detect_source, guess_mapping, read_table
from office.services.imports import ImportRefused, members_import_for_club


class Command(BaseCommand):
    help = (
        "Importiert Mitglieder aus einer CSV- oder XLSX-Datei (easyVerein, ClubDesk, JVerein, einfache Liste) "
        "in einen Verein. Mit --dry-run wird nur geprüft. Alles oder nichts: Bei einem Fehler wird nichts übernommen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--club", required=True, help="Subdomain (Kürzel) des Vereins")
        parser.add_argument("file", help="CSV- oder XLSX-Datei")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und berichten, nichts anlegen")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.")
        try:
            table = read_table(path.read_bytes(), path.name)
        except TableError as error:
            raise CommandError(str(error)) from None
        mapping = guess_mapping(table.headers)
        self.stdout.write(f"Erkannt: {detect_source(table.headers)}, {len(table.rows)} Zeilen.")
        for index, heading in enumerate(table.headers):
            target = mapping.get(index)
            self.stdout.write(f"  Spalte „{heading}“ → {FIELDS[target] if target else 'nicht übernommen'}")
        try:
            report = members_import_for_club(
                slug=options["club"], table=table, mapping=mapping, dry_run=options["dry_run"]
            )
        except ImportRefused as refused:
            self.stdout.write(refused.report.as_text())
            raise CommandError(f"{refused.report.problem_count} Fehler gefunden; es wurde nichts importiert.") from None
        except LookupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.as_text())
        if report.dry_run:
            if not report.ok:
                raise CommandError(f"Probelauf: {report.problem_count} Fehler gefunden.")
            self.stdout.write(
                self.style.SUCCESS(f"Probelauf ohne Fehler: {len(report.rows)} Mitglieder würden angelegt.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{report.created} Mitglieder importiert."))
