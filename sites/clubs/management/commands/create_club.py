"""Operators' command to create a club without a registration form."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sites.clubs.constants import LegalForm
from sites.clubs.models import Category
from sites.clubs.services import ProvisioningError, club_provision
from sites.clubs.validators import normalise_register_number, validate_subdomain


class Command(BaseCommand):
    help = "Richtet einen Verein ein (Schema, Domain, Startseiten) und lädt die erste Redakteurin ein."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Subdomain, z. B. tsv-musterstadt")
        parser.add_argument("--name", required=True, help="Offizieller Name, z. B. „TSV Musterstadt 1898 e. V.“")
        parser.add_argument("--short-name", default="", help="Kurzname für Überschriften")
        parser.add_argument("--email", required=True, help="E-Mail des Vereins")
        parser.add_argument("--editor-name", required=True, help="Vor- und Nachname der ersten Redakteurin")
        parser.add_argument("--editor-email", required=True, help="E-Mail der ersten Redakteurin")
        parser.add_argument("--street", required=True, help="Straße und Hausnummer")
        parser.add_argument("--postal-code", required=True, help="Fünfstellige Postleitzahl")
        parser.add_argument("--town", required=True, help="Ort")
        parser.add_argument("--legal-form", default=LegalForm.EV, choices=LegalForm.values)
        parser.add_argument("--register-court", default="", help="z. B. Amtsgericht Musterstadt")
        parser.add_argument("--register-number", default="", help="z. B. VR 1234")
        parser.add_argument("--category", action="append", default=[], help="Kürzel einer Kategorie (mehrfach möglich)")
        parser.add_argument("--no-invitation", action="store_true", help="Keine Einladungs-E-Mail senden")
        parser.add_argument(
            "--live",
            action="store_true",
            help="Sofort veröffentlichen (sonst sehen Besucher „Bald online“, bis die Redaktion veröffentlicht)",
        )

    def handle(self, *args, **o):
        slug = o["slug"].strip().lower()
        try:
            validate_subdomain(slug)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        categories = list(Category.objects.filter(slug__in=o["category"]))
        unknown = set(o["category"]) - {c.slug for c in categories}
        if unknown:
            raise CommandError(f"Unbekannte Kategorie: {', '.join(sorted(unknown))}")
        profile = {
            "name": o["name"],
            "short_name": o["short_name"],
            "email": o["email"],
            "street": o["street"],
            "postal_code": o["postal_code"],
            "town": o["town"],
            "legal_form": o["legal_form"],
            "register_court": o["register_court"],
            "register_number": normalise_register_number(o["register_number"]),
        }
        try:
            club = club_provision(
                slug=slug,
                profile=profile,
                editor_name=o["editor_name"],
                editor_email=o["editor_email"],
                categories=categories,
                send_invitation=not o["no_invitation"],
                live=o["live"],
            )
        except (ProvisioningError, ValidationError) as exc:
            raise CommandError(f"Der Verein wurde nicht angelegt: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Verein angelegt: {club.url} (Admin: {club.url}admin/)"))
        if not club.is_live:
            self.stdout.write(
                "Noch nicht veröffentlicht: die Redaktion veröffentlicht die Seite im Admin (Erste Schritte)."
            )
        if not o["no_invitation"]:
            self.stdout.write(f"Einladung verschickt an {o['editor_email']}.")
