"""Demo data of the exchange: offers and requests between the demo clubs, a past crisis with helpers, threads.

Built on the app's services like real use; idempotent (what exists, identified by club and
title, is left alone). Only demo clubs that exist are used (see `cms.demo.DEMO_CLUBS`).
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from cms.content_files import content_load
from cms.demo import DEMO_CLUBS
from sites.clubs.models import Club

from . import selectors, services
from .constants import PostStatus
from .models import Crisis, HelperSignup, Post, Thread

PAST_CRISIS_TITLE = "Hochwasser an der Muster (Juni)"

# The demo posts (club slug, fields; dates are days from today): community/content/demo_posts.yaml.


def _club(slug: str) -> Club | None:
    return Club.objects.filter(slug=slug).first()


def _contact(club: Club):
    editors = selectors.club_editors(club=club)
    return editors[0] if editors else None


def _post(club: Club, fields: dict, **extra) -> Post:
    existing = Post.objects.filter(club=club, title=fields["title"]).first()
    if existing:
        return existing
    fields = dict(fields)
    today = timezone.localdate()
    starts, ends = fields.pop("starts_from", None), fields.pop("ends_from", None)
    if starts is not None:
        fields["starts_on"] = today + timedelta(days=starts)
        fields["ends_on"] = today + timedelta(days=ends)
    fields.setdefault("postal_code", club.postal_code)
    fields.setdefault("town", club.town)
    return services.post_create(club=club, contact=_contact(club), **fields, **extra)


def load(*, stdout) -> None:
    connection.set_schema_to_public()
    clubs = {slug: _club(slug) for slug in DEMO_CLUBS}
    clubs = {slug: club for slug, club in clubs.items() if club is not None and _contact(club) is not None}
    if len(clubs) < 2:
        stdout.write("Netzwerk: zu wenige Demo-Vereine vorhanden, nichts angelegt.")
        return
    posts = {}
    for item in content_load("community", "demo_posts")["posts"]:
        if item["club"] in clubs:
            posts[item["fields"]["title"]] = _post(clubs[item["club"]], item["fields"])

    # A handshake that was accepted, with a lending in the calendar and a few messages.
    offer, request = posts.get("40 Bierbänke mit 20 Tischen"), posts.get("Bierbänke für das Sommerkonzert")
    if offer and request and not Thread.objects.filter(post=offer, responder=request.club).exists():
        chor, tsv = request.club, offer.club
        thread = services.thread_start(
            post=offer,
            club=chor,
            user=_contact(chor),
            body="Hallo TSV, wir bräuchten 30 Bänke für unser Sommerkonzert. Passt das am Wochenende?",
            wanted_from=request.starts_on - timedelta(days=1),
            wanted_to=request.ends_on + timedelta(days=1),
        )
        services.message_send(
            thread=thread,
            club=tsv,
            user=_contact(tsv),
            body="Gern! Abholung Freitagabend ab 18 Uhr, Rückgabe Montag. Die Kaution bitte bar mitbringen.",
        )
        services.thread_accept(
            thread=thread,
            club=tsv,
            lend_from=request.starts_on - timedelta(days=1),
            lend_to=request.ends_on + timedelta(days=1),
        )
        services.message_send(
            thread=thread, club=chor, user=_contact(chor), body="Super, vielen Dank – wir kommen mit dem Anhänger."
        )
    # A pending answer.
    bus = posts.get("Vereinsbus mit 9 Sitzen")
    tafel = clubs.get("tafel-musterstadt")
    if bus and tafel and not Thread.objects.filter(post=bus, responder=tafel).exists():
        services.thread_start(
            post=bus,
            club=tafel,
            user=_contact(tafel),
            body="Könnten wir den Bus am Dienstag und Donnerstag vormittags leihen? Wir zahlen die Kilometer.",
        )

    _past_crisis(clubs)
    stdout.write(
        f"Netzwerk: {Post.objects.count()} Beiträge, {Thread.objects.count()} Gespräche, "
        f"{Crisis.objects.count()} Krise(n)."
    )


def _past_crisis(clubs: dict) -> None:
    """A flood that ended ten days ago, with a need and the helpers who signed up."""
    feuerwehr = clubs.get("feuerwehrverein-musterland") or next(iter(clubs.values()))
    if Crisis.objects.filter(title=PAST_CRISIS_TITLE).exists():
        return
    now = timezone.now()
    crisis = services.crisis_declare(
        title=PAST_CRISIS_TITLE,
        description="Nach tagelangem Regen trat die Muster über die Ufer. Vereine und Bürgerinnen und Bürger "
        "füllten gemeinsam über 8.000 Sandsäcke.",
        area_postal_codes="123",
        area_towns="Musterstadt",
        starts_at=now - timedelta(days=14),
        by="betrieb@heldenhelfer.localhost",
        notify=False,
    )
    need = _post(
        feuerwehr,
        {
            "post_type": "request",
            "kind": "helpers",
            "title": "Sandsäcke füllen am Bauhof",
            "description": "Schaufeln und Säcke sind da, Handschuhe bitte mitbringen.",
            "quantity": 40,
            "quantity_unit": "Personen",
            "is_public": True,
        },
        crisis=crisis,
        helper_cap=40,
        helper_slots="Samstag 8–12 Uhr\nSamstag 12–16 Uhr\nSonntag 8–12 Uhr",
    )
    if not HelperSignup.objects.filter(post=need).exists():
        for name, slot in [
            ("Erika Mustermann", "Samstag 8–12 Uhr"),
            ("Jonas Beispiel", "Samstag 12–16 Uhr"),
            ("Aylin Demir", "Samstag 8–12 Uhr"),
            ("Piotr Nowak", "Sonntag 8–12 Uhr"),
        ]:
            services.helper_signup(post=need, name=name, email=f"{name.split()[0].lower()}@example.org", slot=slot)
    services.post_set_status(post=need, club=feuerwehr, status=PostStatus.MET)
    services.crisis_end(crisis=crisis, by="betrieb@heldenhelfer.localhost", now=now - timedelta(days=10))
