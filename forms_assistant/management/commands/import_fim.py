"""`manage.py import_fim FILE [--dry-run] [--authority NAME]`: import an XDatenfelder document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forms_assistant.fim import FimError
from forms_assistant.models import Authority
from forms_assistant.services import ApplicationError, fim_import


class Command(BaseCommand):
    help = "Importiert ein FIM-XDatenfelder-Stammdatenschema (Version 2 oder 3) als Entwurf einer Antragsvorlage."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Nur den Bericht zeigen, nichts anlegen.")
        parser.add_argument("--authority", default="", help="Name der zuständigen Behörde (sonst die erste).")

    def handle(self, *args, file, dry_run, authority, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        target = None
        if not dry_run:
            target = Authority.objects.filter(name=authority).first() if authority else Authority.objects.first()
            if target is None:
                raise CommandError(
                    "Keine Behörde gefunden. Bitte zuerst eine Behörde anlegen oder --authority angeben."
                )
        try:
            report, page = fim_import(data=path.read_bytes(), authority=target, dry_run=dry_run)
        except (FimError, ApplicationError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.as_text())
        if page is not None:
            self.stdout.write(self.style.SUCCESS(f"\nEntwurf angelegt: „{page.title}“ (Seite {page.pk})."))
        else:
            self.stdout.write("\n(Probelauf: nichts angelegt.)")
