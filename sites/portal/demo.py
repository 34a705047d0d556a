"""Demo data of the portal: the listings index over the demo region's club sites, and the
portal's home page in English (/en/).

Runs after sites.pages.demo (cms.demo.LOADERS): publishing there already fed the index through
the page signals; the rebuild makes sure, and is idempotent (unchanged rows are not written).
"""

from django.db import connection, transaction

from wagtail.models import Locale

from django_tenants.utils import get_public_schema_name

from cms.demo import DEMO_CLUBS
from sites.clubs.models import Club

from .home import portal_home_arrange, portal_home_default_body
from .models import PortalHomePage
from .services import listing_rebuild

ENGLISH_HOME = {
    "title": "Heldenhelfer",
    "intro": (
        "<p>Heldenhelfer has the backs of volunteers: club websites, applications to the authorities "
        "and help between clubs – in one place.</p>"
    ),
}


def _english_home(*, stdout) -> None:
    """The portal's home page translated into English, as an operator would do it in the admin
    (a translation of the German page, edited and published); left alone once it exists.

    `load_demo` runs on the public schema's connection (the club loaders switch only inside their
    services), which is where the portal's pages live (tenancy rule 3)."""
    if connection.schema_name != get_public_schema_name():
        return
    with transaction.atomic():
        english = Locale.objects.filter(language_code="en").first()
        home = PortalHomePage.objects.filter(locale__language_code="de").first()
        if english is None or home is None or home.has_translation(english):
            return
        translation = home.copy_for_translation(english).specific
        translation.title = ENGLISH_HOME["title"]
        translation.intro = ENGLISH_HOME["intro"]
        # The copy carries the German headings of the home's blocks: the English ones instead.
        translation.body = portal_home_default_body(language="en")
        translation.save_revision().publish()
        stdout.write("Portal: Startseite auf Englisch unter /en/.")


def load(*, stdout) -> None:
    totals = {"created": 0, "updated": 0, "deleted": 0}
    for slug in Club.objects.filter(slug__in=DEMO_CLUBS).values_list("slug", flat=True):
        result = listing_rebuild(slug=slug)
        for key in totals:
            totals[key] += result[key]
    stdout.write(
        f"Übersicht: {totals['created']} neue, {totals['updated']} geänderte, {totals['deleted']} entfernte Einträge."
    )
    portal_home_arrange(stdout=stdout)
    _english_home(stdout=stdout)
