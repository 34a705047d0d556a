"""The demo region "Musterstadt und Landkreis Musterland": one loader per app, called in order.

Each app that has demo data provides `<app>/demo.py` with `load(*, stdout) -> None`, built on the
app's own services and idempotent (a second run changes nothing). The settings name them in order
(`HH_DEMO_LOADERS`, cms/settings/base.py: like INSTALLED_APPS, the project's wiring names the
apps; this module imports none of them).
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core import mail
from django.test.utils import override_settings

DEMO_PASSWORD = "Heldenhelfer-Demo-2026"

# (where, user name, password), printed by `manage.py serve` and listed in the README.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("Portal (Betrieb)", "betrieb@heldenhelfer.localhost", DEMO_PASSWORD),
]


def demo_load(*, stdout) -> None:
    # The demo data triggers e-mails (invitations, confirmations) to invented addresses; keep them
    # out of the console so the printed URLs and logins stay readable.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for module_name in settings.HH_DEMO_LOADERS:
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(stdout=stdout)
        held_back = len(getattr(mail, "outbox", []))
    if held_back:
        stdout.write(f"{held_back} E-Mails der Demo-Daten wurden nicht versendet.")


# The demo clubs (slug → kind); sites.clubs.demo creates them, the other apps fill them.
DEMO_CLUBS = {
    "tsv-musterstadt": "Sportverein",
    "chor-harmonie": "Chor",
    "feuerwehrverein-musterland": "Feuerwehr-Förderverein",
    "jugendtreff-musterstadt": "Jugendtreff",
    "gruene-aue": "Umweltgruppe",
    "tafel-musterstadt": "Tafel",
}

# One editor per demo club (created by sites.clubs.demo with DEMO_PASSWORD).
DEMO_LOGINS += [(f"Verein {slug}", f"redaktion@{slug}.example", DEMO_PASSWORD) for slug in DEMO_CLUBS]

# Staff of the demo authorities (forms_assistant.demo), on the portal's admin (inbox "Posteingang").
DEMO_LOGINS += [
    ("Behörde Ordnungsamt Musterstadt", "sachbearbeitung@ordnungsamt-musterstadt.example", DEMO_PASSWORD),
    ("Behörde Kreisverwaltung Musterland", "foerderung@kreis-musterland.example", DEMO_PASSWORD),
    # The leads approve the templates their clerks submit (workflow "Freigabe <Behörde>").
    ("Leitung Ordnungsamt Musterstadt", "leitung@ordnungsamt-musterstadt.example", DEMO_PASSWORD),
    ("Leitung Kreisverwaltung Musterland", "leitung@kreis-musterland.example", DEMO_PASSWORD),
]
