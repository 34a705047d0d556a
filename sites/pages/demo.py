"""Demo content of the club sites in "Musterstadt und Landkreis Musterland".

Runs after sites.clubs.demo has created the demo clubs (cms.demo.DEMO_CLUBS); fills each club
that exists with its theme, colours, pictures, news, events and volunteering opportunities.
The pictures are files in the repository (sites/pages/demo_images/, our own drawings made with
sites/pages/illustrations.py and `manage.py render_demo_images`); the loader only reads them.
Dates are relative to today: most events lie a number of days ahead, seasonal ones (a summer
party, Advent singing) on their next date in the coming twelve months, so the demo never shows a
summer party in December. Running it twice changes nothing (pages are found by slug). The texts
are data in sites/pages/content/demo_sites.yaml.
"""

from cms.content_files import content_load
from cms.demo import DEMO_CLUBS
from sites.clubs.models import Club
from sites.pages.services import demo_club_fill

# slug → what the club's site shows; the texts are data: sites/pages/content/demo_sites.yaml
SPECS: dict[str, dict] = content_load("sites.pages", "demo_sites")


def demo_image_plan(spec: dict) -> list[tuple[int, str]]:
    """(seed, motif) of every picture the loader uses for `spec`: the hero, then one per news item,
    event and volunteering opportunity (seeds as in sites.pages.services.demo)."""
    plan = [(10, spec["motif"])]
    for offset, key in ((20, "news"), (40, "events"), (60, "opportunities")):
        plan += [(offset + number, item["motif"]) for number, item in enumerate(spec[key], start=1)]
    return plan


def load(*, stdout) -> None:
    clubs = {club.slug: club for club in Club.objects.filter(slug__in=list(DEMO_CLUBS))}
    for slug in DEMO_CLUBS:
        club = clubs.get(slug)
        spec = SPECS.get(slug)
        if club is None or spec is None:
            continue
        demo_club_fill(club=club, spec=spec)
        stdout.write(f"  Vereinsseite {club.display_name}: Inhalte sind da.")
