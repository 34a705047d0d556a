"""Demo clubs of "Musterstadt und Landkreis Musterland": categories, six clubs, an operator, open registrations.

Everything goes through the clubs app's services. Idempotent: what exists is left as it is, so a
second run changes nothing. All names, register numbers and bank accounts are made up (the IBANs
are the well-known test numbers that pass the checksum).
"""

from cms.content_files import content_load
from cms.demo import DEMO_CLUBS, DEMO_PASSWORD

from .constants import LegalForm
from .models import Club, ClubRegistration
from .services import (
    category_ensure,
    club_profile_update,
    club_provision,
    club_user_password_set,
    operator_ensure,
    registration_submit,
)

OPERATOR_EMAIL = "betrieb@heldenhelfer.localhost"

# Categories, clubs (profile, categories, board) and pending registrations are data:
# sites/clubs/content/demo_clubs.yaml.
_DATA = content_load("sites.clubs", "demo_clubs")
CATEGORIES: list[dict] = _DATA["categories"]
CLUBS: dict[str, dict] = _DATA["clubs"]
PENDING_REGISTRATIONS: list[dict] = _DATA["pending_registrations"]
_COURT: str = _DATA["register_court"]


def editor_email(slug: str) -> str:
    return f"redaktion@{slug}.example"


def load(*, stdout) -> None:
    categories = {item["slug"]: category_ensure(**item) for item in CATEGORIES}

    if operator_ensure(email=OPERATOR_EMAIL, password=DEMO_PASSWORD):
        stdout.write(f"  Betrieb: {OPERATOR_EMAIL} angelegt")

    for slug in DEMO_CLUBS:
        if Club.objects.filter(slug=slug).exists():
            continue
        spec = CLUBS[slug]
        profile = {**spec["profile"], "legal_form": LegalForm.EV, "register_court": _COURT}
        # The starter tree takes its title from the first profile, so the short name goes in at once.
        base = {k: profile[k] for k in ("name", "short_name", "legal_form", "register_court", "register_number")}
        base.update({k: profile[k] for k in ("street", "postal_code", "town", "email")})
        club = club_provision(
            slug=slug,
            profile=base,
            editor_name=f"Redaktion {profile['short_name']}",
            editor_email=editor_email(slug),
            categories=[categories[c] for c in spec["categories"]],
            send_invitation=False,
            live=True,  # the demo region shows its clubs at once
        )
        club_user_password_set(club=club, username=editor_email(slug), password=DEMO_PASSWORD)
        club = club_profile_update(
            club=club,
            data={
                **profile,
                "board_members": [
                    {"role": person["role"], "name": person["name"], "email": "", "phone": ""}
                    for person in spec["board"]
                ],
            },
            by="demo",
        )
        stdout.write(f"  Verein {club.display_name}: {club.url}")

    for item in PENDING_REGISTRATIONS:
        if ClubRegistration.objects.filter(subdomain=item["data"]["subdomain"]).exists():
            continue
        registration_submit(data=item["data"], categories=[categories[c] for c in item["categories"]], notify=False)
        stdout.write(f"  Offene Registrierung: {item['data']['name']}")
