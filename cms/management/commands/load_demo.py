"""Load the demo region through the apps' own services; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from cms.demo import demo_load


class Command(BaseCommand):
    help = "Lädt die Demo-Region „Musterstadt und Landkreis Musterland“ (mehrfach ausführbar)."

    def handle(self, *args, **options):
        demo_load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-Region ist geladen."))
