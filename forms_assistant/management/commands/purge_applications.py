"""`manage.py purge_applications`: the data-protection run of the application assistant (daily).

Drafts untouched for 90 days are deleted, after a warning e-mail 7 days before; decided
applications are anonymised once their authority's retention period has passed; applications
awaiting a decision are never touched.
"""

from django.core.management.base import BaseCommand

from forms_assistant.services import decided_anonymise, drafts_expire


class Command(BaseCommand):
    help = (
        "Warnt vor und löscht Antragsentwürfe, die 90 Tage nicht bearbeitet wurden, und anonymisiert "
        "entschiedene Anträge nach der Aufbewahrungsfrist ihrer Behörde. Offene Anträge bleiben unberührt."
    )

    def handle(self, *args, **options):
        drafts = drafts_expire()
        anonymised = decided_anonymise()
        self.stdout.write(
            f"Entwürfe: {drafts['warned']} gewarnt, {drafts['deleted']} gelöscht. "
            f"Entschiedene Anträge anonymisiert: {anonymised}."
        )
