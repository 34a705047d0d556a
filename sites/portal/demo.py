"""Demo data of the portal: the listings index over the demo region's club sites.

Runs after sites.pages.demo (cms.demo.LOADERS): publishing there already fed the index through
the page signals; the rebuild makes sure, and is idempotent (unchanged rows are not written).
"""

from cms.demo import DEMO_CLUBS
from sites.clubs.models import Club

from .services import listing_rebuild


def load(*, stdout) -> None:
    totals = {"created": 0, "updated": 0, "deleted": 0}
    for slug in Club.objects.filter(slug__in=DEMO_CLUBS).values_list("slug", flat=True):
        result = listing_rebuild(slug=slug)
        for key in totals:
            totals[key] += result[key]
    stdout.write(
        f"Übersicht: {totals['created']} neue, {totals['updated']} geänderte, {totals['deleted']} entfernte Einträge."
    )
