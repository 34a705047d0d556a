"""Reads for the club admin's first steps (issue #15): the checklist on the dashboard and the
legal minimum a site needs before it goes live. They read the club's pages from the current
schema — the club's own in its admin; `services.club_go_live` switches to it — and its profile
from the public one."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from .constants import LegalForm
from .models import Club
from .selectors import club_fresh


@dataclass
class FirstStep:
    key: str
    label: str
    done: bool
    url: str
    hint: str = ""


def _profile_legal_missing(club: Club) -> list[str]:
    missing = []
    if not (club.name and club.street and club.postal_code and club.town):
        missing.append(_("Name und Anschrift des Vereins im Vereinsprofil"))
    if not club.email:
        missing.append(_("E-Mail-Adresse des Vereins im Vereinsprofil"))
    if not list(club.board_members.all()):
        missing.append(_("eine vertretungsberechtigte Person (Vorstand) im Vereinsprofil"))
    if club.legal_form == LegalForm.EV and not (club.register_court and club.register_number):
        missing.append(_("Registergericht und Registernummer im Vereinsprofil"))
    return missing


def club_legal_missing(*, club: Club) -> list[str]:
    """What the site still lacks by law before it may go public (Impressum, Datenschutz); [] if nothing.

    Impressum (§ 5 DDG): the club's name and address, a person who represents it (a board member,
    chair or deputy first) and, for a registered association, the register court and number.
    Datenschutz: the privacy page exists and is published. Reads the pages of the current schema.
    """
    from sites.pages.models import ImprintPage, PrivacyPage

    missing = _profile_legal_missing(club_fresh(club=club))
    if not ImprintPage.objects.live().exists():
        missing.append(_("eine veröffentlichte Seite „Impressum“"))
    if not PrivacyPage.objects.live().exists():
        missing.append(_("eine veröffentlichte Seite „Datenschutz“"))
    return missing


def _edited_by_a_person(page) -> bool:
    """Whether an editor saved the page (starter pages carry revisions without a user)."""
    return page is not None and page.revisions.filter(user__isnull=False).exists()


def club_first_steps(*, club: Club) -> list[FirstStep]:
    """The checklist of the club admin's dashboard, each step with the admin link that does it."""
    from sites.pages.models import ClubHomePage, ContentPage, EventIndexPage, EventPage, ImprintPage

    club = club_fresh(club=club)
    profile_url = reverse("clubs_profile")
    home = ClubHomePage.objects.filter(depth=2).order_by("path").first()
    about = ContentPage.objects.child_of(home).filter(slug="ueber-uns").first() if home else None
    events = EventIndexPage.objects.descendant_of(home).first() if home else None
    imprint = ImprintPage.objects.first()
    home_done = _edited_by_a_person(home)
    about_done = bool(about and about.live and _edited_by_a_person(about))
    event_done = EventPage.objects.live().exists()
    profile_done = bool(
        club.description and club.contact_name and list(club.categories.all()) and list(club.board_members.all())
    )
    colours_changed = (club.primary_colour, club.secondary_colour) != ("#1d4ed8", "#0f766e")
    legal_missing = club_legal_missing(club=club)

    def edit(page) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else reverse("wagtailadmin_explore_root")

    return [
        FirstStep(
            "profile",
            _("Vereinsprofil vervollständigen"),
            profile_done,
            profile_url,
            _("Kurzbeschreibung, Ansprechperson, Kategorien und Vorstand."),
        ),
        FirstStep(
            "logo",
            _("Logo und Farben festlegen"),
            bool(club.logo) or colours_changed,
            profile_url,
            _("Das Logo erscheint im Kopf der Seite und im Verzeichnis."),
        ),
        FirstStep(
            "home",
            _("Text der Startseite anpassen"),
            home_done,
            edit(home),
            _("Ein, zwei Sätze zur Begrüßung: Wer sind Sie, wen laden Sie ein?"),
        ),
        FirstStep(
            "about",
            _("„Über uns“ schreiben und veröffentlichen"),
            about_done,
            edit(about),
            _("Geschichte, Angebote, Trainings- oder Probenzeiten."),
        ),
        FirstStep(
            "event",
            _("Ersten Termin eintragen"),
            event_done,
            reverse("wagtailadmin_pages:add_subpage", args=[events.pk]) if events else edit(None),
            _("Termine erscheinen im Veranstaltungskalender der Region."),
        ),
        FirstStep(
            "legal",
            _("Impressum und Datenschutz prüfen"),
            not legal_missing,
            profile_url if _profile_legal_missing(club) or imprint is None else edit(imprint),
            "; ".join(legal_missing),
        ),
    ]


def club_editor_list() -> list:
    """The active editors of the club whose schema is current, with their groups."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "email")
    )


def club_dashboard_activity(*, club: Club, user, limit: int = 5) -> dict:
    """What reached the club lately, for the dashboard of a live club: submissions of its site
    (current schema), applications (forms_assistant) and exchange conversations (community), each
    only if the user may open them."""
    from forms_assistant.selectors import club_applications
    from sites.pages.models import ContactMessage, EventRegistration, MembershipApplication

    submissions = []
    for model, kind in (
        (MembershipApplication, _("Mitgliedsantrag")),
        (ContactMessage, _("Kontaktanfrage")),
        (EventRegistration, _("Anmeldung")),
    ):
        if not user.has_perm(f"pages.view_{model._meta.model_name}"):
            continue
        url_name = f"wagtailsnippets_pages_{model._meta.model_name}:inspect"
        for item in model.objects.order_by("-created_at")[:limit]:
            submissions.append(
                {"kind": kind, "title": str(item), "at": item.created_at, "url": reverse(url_name, args=[item.pk])}
            )
    if user.has_perm("office.view_member"):
        # Since issue #12 the join page writes the office's applications (with their SEPA mandate),
        # not MembershipApplication: the confirmed ones are what reached the club.
        from office.models import JoinApplication, JoinStatus

        confirmed = JoinApplication.objects.exclude(status=JoinStatus.UNCONFIRMED).order_by("-created_at")
        for item in confirmed[:limit]:
            submissions.append(
                {
                    "kind": _("Aufnahmeantrag"),
                    "title": str(item),
                    "at": item.created_at,
                    "url": reverse("office_join_detail", args=[item.pk]),
                }
            )
    submissions.sort(key=lambda row: row["at"], reverse=True)
    applications = list(club_applications(club=club)[:limit]) if user.has_perm("forms_assistant.apply") else []
    threads = []
    if user.has_perm("community.act"):
        from community.selectors import club_threads

        threads = list(club_threads(club=club)[:limit])
    return {"submissions": submissions[:limit], "applications": applications, "threads": threads}
