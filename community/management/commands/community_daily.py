"""`manage.py community_daily`: expiry, reminders, handshake time-outs, digest, helpers' data deletion.

Run once a day (cron or a scheduler); running it twice on one day sends nothing twice.
"""

from django.core.management.base import BaseCommand

from community.services.daily import community_daily


class Command(BaseCommand):
    help = "Tägliche Aufgaben des Netzwerks: Ablauf, Erinnerungen, Tagesübersicht, Löschung von Helferdaten."

    def handle(self, *args, **options):
        result = community_daily()
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
