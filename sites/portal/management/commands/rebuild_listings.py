"""`manage.py rebuild_listings [--club SLUG ...]`: rebuild the portal's listings index from club trees."""

import time

from django.core.management.base import BaseCommand, CommandError

from django_tenants.utils import get_public_schema_name

from cms.tenancy.page_cache import page_cache_purge
from sites.clubs.models import Club
from sites.portal.services import listing_rebuild


class Command(BaseCommand):
    help = (
        "Baut die Übersicht (Engagement, Veranstaltungen, Neuigkeiten, Vereine) aus den Vereinsseiten neu auf. "
        "Mehrfach ausführbar: unveränderte Einträge bleiben unberührt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--club",
            metavar="SLUG",
            action="append",
            help="Nur diesen Verein (Subdomain) neu aufbauen; mehrfach angeben für mehrere Vereine.",
        )

    def handle(self, *args, **options):
        slugs = options.get("club") or None
        if isinstance(slugs, str):  # call_command(..., club="slug")
            slugs = [slugs]
        if slugs:
            known = set(Club.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            for slug in slugs:
                if slug not in known:
                    raise CommandError(f"Es gibt keinen Verein mit der Subdomain „{slug}“.")
        started = time.monotonic()
        totals = listing_rebuild(slugs=slugs, stdout=self.stdout if options["verbosity"] > 1 else None)
        if totals["created"] or totals["updated"] or totals["deleted"]:
            # The portal's pages show the listings (home, search, calendar): not from the cache.
            page_cache_purge(schema=get_public_schema_name())
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['clubs']} Vereine in {time.monotonic() - started:.1f} s: "
                f"{totals['created']} neu, {totals['updated']} geändert, {totals['deleted']} entfernt."
            )
        )
