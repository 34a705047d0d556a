"""`manage.py send_listing_alerts`: e-mail subscribers the listings that are new since last time."""

from django.core.management.base import BaseCommand

from sites.portal.services import subscriptions_notify


class Command(BaseCommand):
    help = "Schickt Abonnentinnen und Abonnenten neue passende Einträge (z. B. täglich per cron)."

    def handle(self, *args, **options):
        sent = subscriptions_notify()
        self.stdout.write(self.style.SUCCESS(f"{sent} Benachrichtigungen verschickt."))
