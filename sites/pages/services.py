"""Writes on a club's page tree and on what visitors send through it.

* `starter_tree_create` builds the starter tree in the template schema (idempotent: it only adds
  what is missing; `club_template_refresh` rebuilds it from scratch when this code changed);
* `starter_tree_personalise` runs after every clone and must stay fast (a handful of queries);
* the `*_submit` services store a form submission (joining online is office/services/join.py) and e-mail it to the club after the commit (a
  failed mail is logged and never loses the submission);
* `demo_club_fill` fills a demo club's site (called by sites.pages.demo).

Unless a function says otherwise it runs in the current schema (the club's or the template's).
"""

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Revision, Site
from wagtail.search import index

from django_tenants.utils import schema_context

from cms.constants import TargetGroup, TimeCommitment
from cms.mail import header_text, mail_send_after_commit
from cms.mail import reply_to as reply_to_list
from cms.models import SiteAppearance

from .constants import RegistrationMode
from .illustrations import demo_image_path, illustration_png
from .models import (
    ClubHomePage,
    ContactMessage,
    ContactPage,
    ContentPage,
    DownloadsPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    GalleryPage,
    ImprintPage,
    JoinPage,
    NewsArticlePage,
    NewsIndexPage,
    PrivacyPage,
    TeamContact,
    TeamPage,
    VolunteeringIndexPage,
    VolunteeringOpportunityPage,
)

logger = logging.getLogger(__name__)

STARTER_COLLECTION = "Startbilder"
STARTER_PRIMARY = "#1d4ed8"
STARTER_SECONDARY = "#0f766e"
THURSDAY, SATURDAY = 3, 5


# --- submissions ----------------------------------------------------------------------------


def _notify_club(*, club, subject: str, template: str, context: dict, reply_to: str | None = None) -> None:
    """E-mail a submission to the club once it is stored; a failed mail keeps the record (cms/mail.py)."""
    if not club.email:
        return
    message = EmailMessage(
        subject=header_text(subject),
        body=render_to_string(template, {"club": club, **context}),
        to=[club.email],
        reply_to=reply_to_list(reply_to),
    )
    mail_send_after_commit(message, what=f"{template} for {club.schema_name}")


def contact_message_submit(*, page: ContactPage, club, data: dict) -> ContactMessage:
    """Store a contact message and e-mail it to the club's address."""
    with transaction.atomic():
        message = ContactMessage(
            page_title=page.title,
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
        )
        message.full_clean()
        message.save()
    _notify_club(
        club=club,
        subject=_("Kontaktanfrage: %(subject)s") % {"subject": message.subject},
        template="pages/email/contact_message.txt",
        context={"message": message, "page": page},
        reply_to=message.email,
    )
    return message


def event_registration_submit(*, event: EventPage, club, data: dict) -> EventRegistration:
    """Store a registration for an event and e-mail it to the club's address."""
    with transaction.atomic():
        registration = EventRegistration(
            event=event,
            page_title=event.title,
            name=data["name"],
            email=data["email"],
            persons=data.get("persons") or 1,
            message=data.get("message", ""),
        )
        registration.full_clean()
        registration.save()
    _notify_club(
        club=club,
        subject=_("Anmeldung zu „%(event)s“: %(name)s") % {"event": event.title, "name": registration.name},
        template="pages/email/event_registration.txt",
        context={"registration": registration, "event": event},
        reply_to=registration.email,
    )
    return registration


# --- images and documents -------------------------------------------------------------------


def _collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def illustration_image_ensure(
    *, title: str, description: str, motif: str, primary: str, secondary: str, collection: Collection, seed: int = 1
) -> Image:
    """A Pillow-made illustration as a Wagtail image; found again by title (idempotent)."""
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    png = illustration_png(motif=motif, primary=primary, secondary=secondary, size=(1600, 800), seed=seed)
    # Stable names (not hash(), which changes per process) keep repeated runs predictable.
    filename = f"{motif}-{hashlib.sha256(f'{title}|{seed}'.encode()).hexdigest()[:10]}.png"
    image = Image(title=title, description=description, collection=collection)
    image.file = ImageFile(io.BytesIO(png), name=filename)
    image._set_image_file_metadata()
    image.save()
    return image


def image_file_ensure(*, title: str, description: str, path: Path, collection: Collection) -> Image:
    """A Wagtail image read from a file shipped in the repository; found again by title (idempotent)."""
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    if not path.exists():
        raise FileNotFoundError(f"{path} fehlt: `manage.py render_demo_images` zeichnet die Demo-Bilder.")
    # Stable names, one per title: the same file serves several titles (a demo club's pictures).
    filename = f"{path.stem}-{hashlib.sha256(title.encode()).hexdigest()[:10]}{path.suffix}"
    image = Image(title=title, description=description, collection=collection)
    image.file = ImageFile(io.BytesIO(path.read_bytes()), name=filename)
    image._set_image_file_metadata()
    image.save()
    return image


def text_document_ensure(*, title: str, filename: str, text: str, collection: Collection) -> Document:
    existing = Document.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    document = Document(title=title, collection=collection)
    document.file = ContentFile(text.encode("utf-8"), name=filename)
    document._set_document_file_metadata()
    document.save()
    return document


# --- the tree -------------------------------------------------------------------------------


def _stream(*blocks: tuple[str, object]) -> list[tuple[str, object]]:
    """A StreamField value from (block name, value) pairs; Wagtail normalises dicts to StructValues."""
    return list(blocks)


def _rich(html: str):
    from wagtail.rich_text import RichText

    return RichText(html)


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _child(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Add `page` under `parent` unless a child with its slug exists; publish it, or keep it as an
    unpublished draft (`publish=False`). Returns the page."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing:
        return existing
    if not publish:
        page.live = False
        parent.add_child(instance=page)
        page.save_revision()
        return page
    parent.add_child(instance=page)
    return _publish(page)


def _next_weekday_at(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _demo_event_start(item: dict) -> datetime:
    """When a demo event takes place, always in the future and on a plausible day.

    `days_ahead` counts from today, seasonal events (`month`, `day`) take their next date at least
    a week away. Daytime events move to the following Saturday, evening ones to a Thursday, and
    non-seasonal events skip the Christmas holidays.
    """
    today = timezone.localdate()
    seasonal = "month" in item
    if seasonal:
        day = date(today.year, item["month"], item.get("day", 1))
        if day < today + timedelta(days=7):
            day = day.replace(year=today.year + 1)
    else:
        day = today + timedelta(days=item["days_ahead"])
    weekday = SATURDAY if item["hour"] < 17 else THURSDAY
    day += timedelta(days=(weekday - day.weekday()) % 7)
    # Checked after the move to the weekday: 15 December may have become the 21st.
    if not seasonal and ((day.month, day.day) >= (12, 21) or (day.month, day.day) <= (1, 1)):
        day = date(day.year + (day.month == 12), 1, 2)
        day += timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(item["hour"])))


@dataclass
class StarterImages:
    hero: Image
    news: Image
    event: Image
    volunteer: Image
    gallery: list[Image] = field(default_factory=list)


def _starter_images() -> StarterImages:
    collection = _collection(STARTER_COLLECTION)

    def make(title, description, motif, seed):
        return illustration_image_ensure(
            title=title,
            description=description,
            motif=motif,
            primary=STARTER_PRIMARY,
            secondary=STARTER_SECONDARY,
            collection=collection,
            seed=seed,
        )

    return StarterImages(
        hero=make("Startbild Hügel", "Gezeichnete Hügellandschaft mit Sonne", "landscape", 1),
        news=make("Startbild Menschen", "Gezeichnete Menschen, die sich an den Händen halten", "people", 2),
        event=make("Startbild Kalender", "Gezeichnetes Kalenderblatt mit einem markierten Tag", "calendar", 3),
        volunteer=make("Startbild Muster", "Buntes Muster aus Kreisen", "pattern", 4),
        gallery=[
            make("Startbild Galerie 1", "Gezeichnete Landschaft", "landscape", 5),
            make("Startbild Galerie 2", "Buntes Kreismuster", "pattern", 6),
            make("Startbild Galerie 3", "Gezeichnete Menschen in einer Reihe", "people", 7),
        ],
    )


def _starter_documents() -> list[Document]:
    collection = _collection(STARTER_COLLECTION)
    return [
        text_document_ensure(
            title="Satzung (Vorlage – bitte ersetzen)",
            filename="satzung-vorlage.txt",
            text=(
                "Satzung unseres Vereins\n\nHier steht bald unsere Satzung.\n\n"
                "Hinweis für die Redaktion: Laden Sie unter „Dokumente“ die gültige Satzung als PDF hoch "
                "und tauschen Sie diese Vorlage auf der Seite „Downloads“ aus.\n"
            ),
            collection=collection,
        ),
        text_document_ensure(
            title="Beitrittserklärung (Vorlage – bitte ersetzen)",
            filename="beitrittserklaerung-vorlage.txt",
            text=(
                "Beitrittserklärung\n\nName: ____________________\nAnschrift: ____________________\n"
                "Geburtsdatum: __________\n\nIch möchte Mitglied im Verein werden.\n\n"
                "Datum, Unterschrift: ____________________\n"
            ),
            collection=collection,
        ),
    ]


def _ensure_home(site_name: str, images: StarterImages) -> ClubHomePage:
    home = ClubHomePage.objects.filter(depth=2).first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a "Welcome" page; the club tree replaces it.
    for child in root.get_children():
        child.delete()
    home = ClubHomePage(
        title=site_name,
        slug="home",
        hero_image=images.hero,
        intro=_home_intro(name=site_name, town="", email=""),
        volunteer_title="Mach mit!",
        volunteer_text="Ein Verein lebt vom Mitmachen. Sprechen Sie uns an, wenn Sie dabei sein möchten.",
    )
    root.add_child(instance=home)
    return _publish(home)


def _home_intro(*, name: str, town: str, email: str) -> str:
    """The starter home page's text: only what is true of every club (its name, town, address)."""
    from django.utils.html import escape

    place = f" in {escape(town)}" if town else ""
    contact = f" Sie erreichen uns unter {escape(email)}." if email else ""
    return f"<p>Willkommen auf der Website von {escape(name)}{place}.{contact}</p>"


def _ensure_site(home: ClubHomePage, *, site_name: str, hostname: str) -> Site:
    Site.objects.exclude(root_page=home).delete()
    site, _created = Site.objects.get_or_create(
        root_page=home,
        defaults={"hostname": hostname, "port": 80, "is_default_site": True, "site_name": site_name},
    )
    SiteAppearance.objects.get_or_create(site=site)
    return site


@transaction.atomic
def starter_tree_create(*, site_name: str, hostname: str) -> ClubHomePage:
    """Build the starter tree in the current (template) schema; adds only what is missing."""
    images = _starter_images()
    documents = _starter_documents()
    home = _ensure_home(site_name, images)
    _ensure_site(home, site_name=site_name, hostname=hostname)

    # Starter pages hold nothing invented and no instructions (issue #15): what a club should write
    # here is said by the editing form's help texts; pages the club has to fill stay drafts.
    about = _child(
        home,
        ContentPage(
            title="Über uns",
            slug="ueber-uns",
            show_in_menus=True,
            intro="",
            body=_stream(("heading", "Unsere Geschichte"), ("heading", "Was wir machen")),
        ),
        publish=False,
    )
    news_index = _child(
        home,
        NewsIndexPage(
            title="Neuigkeiten",
            slug="neuigkeiten",
            show_in_menus=True,
            intro="<p>Was bei uns los ist – Berichte, Ankündigungen und Ergebnisse.</p>",
        ),
    )
    _child(
        news_index,
        NewsArticlePage(
            title="Unsere neue Vereinsseite ist online",
            slug="neue-vereinsseite",
            summary="Ab sofort finden Sie hier alle Neuigkeiten, Termine und Möglichkeiten zum Mitmachen.",
            image=images.news,
            body=_stream(
                (
                    "rich_text",
                    _rich(
                        "<p>Wir freuen uns: Unser Verein hat eine neue Website! Hier berichten wir künftig über "
                        "unsere Aktivitäten und laden zu unseren Terminen ein.</p>"
                    ),
                ),
            ),  # fmt: skip
        ),
        publish=False,
    )
    events_index = _child(
        home,
        EventIndexPage(
            title="Termine", slug="termine", show_in_menus=True, intro="<p>Hier finden Sie alle unsere Termine.</p>"
        ),
    )
    event = _child(
        events_index,
        EventPage(
            title="Mitgliederversammlung",
            slug="mitgliederversammlung",
            starts_at=_next_weekday_at(42, 19),
            ends_at=_next_weekday_at(42, 21),
            summary="Unsere jährliche Mitgliederversammlung mit Berichten des Vorstands und Wahlen.",
            image=images.event,
            place_name="Vereinsheim",
            street="Hauptstraße 1",
            postal_code="12345",
            town="Musterstadt",
            price="frei",
            registration_mode=RegistrationMode.NONE,
            body=_stream(
                (
                    "rich_text",
                    _rich(
                        "<p>Tagesordnung:</p><ol><li>Begrüßung</li><li>Bericht des Vorstands</li>"
                        "<li>Bericht der Kasse</li><li>Entlastung und Wahlen</li><li>Verschiedenes</li></ol>"
                    ),
                ),
            ),  # fmt: skip
        ),
        publish=False,  # an example to copy, never a published date the club did not set
    )
    _keep_in_future(event)
    volunteering = _child(
        home,
        VolunteeringIndexPage(
            title="Mitmachen",
            slug="mitmachen",
            show_in_menus=True,
            intro=(
                "<p>Ob regelmäßig oder nur einmal: Bei uns können Sie sich so engagieren, wie es in Ihr Leben "
                "passt. Hier sind unsere offenen Aufgaben.</p>"
            ),
        ),
    )
    _child(
        volunteering,
        VolunteeringOpportunityPage(
            title="Helferinnen und Helfer für unser Sommerfest",
            slug="helfer-sommerfest",
            summary="Für unser Sommerfest suchen wir Menschen, die beim Aufbau, am Kuchenstand oder beim Abbau helfen.",
            image=images.volunteer,
            body=_stream(
                (
                    "rich_text",
                    _rich(
                        "<p>Sie haben ein paar Stunden Zeit? Dann helfen Sie beim Aufbau, am Kuchenstand oder "
                        "beim Aufräumen. Vorkenntnisse brauchen Sie nicht – wir zeigen Ihnen alles.</p>"
                    ),
                ),
            ),  # fmt: skip
            when_text="an einem Samstag im Sommer, 3–4 Stunden",
            time_commitment=TimeCommitment.ONE_OFF,
            target_groups=[TargetGroup.FAMILIES, TargetGroup.YOUTH],
            skills="Gute Laune, sonst nichts",
            place="Vereinsgelände",
            postal_code="12345",
            town="Musterstadt",
            contact_name="Vorstand",
        ),
        publish=False,  # an example to copy, never a published call the club did not make
    )
    _child(
        home,
        TeamPage(
            title="Team",
            slug="team",
            show_in_menus=True,
            intro="<p>Diese Menschen sind für Sie da. Sprechen Sie uns gern an!</p>",
        ),
    )
    _child(
        home,
        JoinPage(
            title="Mitglied werden",
            slug="mitglied-werden",
            show_in_menus=True,
            intro=(
                "<p>Schön, dass Sie bei uns mitmachen möchten! Füllen Sie einfach das Formular aus. Wir melden "
                "uns bei Ihnen und schicken Ihnen alles Weitere.</p>"
            ),
        ),
    )
    _child(
        home,
        ContactPage(
            title="Kontakt",
            slug="kontakt",
            show_in_menus=True,
            intro="<p>Sie haben eine Frage? Schreiben Sie uns – wir antworten so bald wie möglich.</p>",
        ),
    )
    _child(
        about,
        GalleryPage(
            title="Galerie",
            slug="galerie",
            intro="<p>Eindrücke aus unserem Vereinsleben.</p>",
            images=[
                ("image", {"image": img, "alt_text": img.description, "caption": "", "credit": ""})
                for img in images.gallery
            ],
        ),
        publish=False,  # drawn pictures are no impressions of the club's life
    )
    _child(
        about,
        DownloadsPage(
            title="Downloads",
            slug="downloads",
            intro="<p>Satzung, Beitrittserklärung und weitere Formulare zum Herunterladen.</p>",
            documents=[("document", {"document": doc, "title": "", "description": ""}) for doc in documents],
        ),
        publish=False,  # the templates are placeholders until the club uploads its own
    )
    _child(home, ImprintPage(title="Impressum", slug="impressum"))
    _child(home, PrivacyPage(title="Datenschutz", slug="datenschutz"))
    if home.volunteer_page_id is None:
        home.volunteer_page = volunteering
        _publish(home)
    return home


def _keep_in_future(event: EventPage) -> None:
    """The template's example event (a draft) should never look stale to a brand-new club."""
    if event.starts_at >= timezone.now():
        return
    event.starts_at = _next_weekday_at(42, 19)
    event.ends_at = _next_weekday_at(42, 21)
    if event.live:
        _publish(event)
    else:
        event.save_revision()


def club_template_refresh() -> ClubHomePage:
    """Rebuild the template schema's starter tree from scratch (after the starter code changed)."""
    with schema_context(settings.TENANT_BASE_SCHEMA):
        with transaction.atomic():
            for home in ClubHomePage.objects.filter(depth=2):
                home.delete()
            collection = Collection.get_first_root_node().get_children().filter(name=STARTER_COLLECTION).first()
            if collection:
                Image.objects.filter(collection=collection).delete()
                Document.objects.filter(collection=collection).delete()
        return starter_tree_create(site_name=_("Unser Verein"), hostname="template.invalid")


def starter_tree_personalise(*, club, hostname: str, port: int) -> None:
    """After a clone: give the copied tree the club's name and host. Kept to a few queries.

    Colours stay blank in the site settings on purpose: blank means "the club profile's colours",
    so a club that changes its profile sees the change at once.
    """
    name = club.display_name
    intro = _home_intro(name=club.name, town=club.town, email=club.email)
    home = ClubHomePage.objects.filter(depth=2).only("pk", "latest_revision_id").first()
    Page.objects.filter(pk=home.pk).update(title=name, draft_title=name, seo_title="")
    ClubHomePage.objects.filter(pk=home.pk).update(intro=intro)
    # Wagtail's root page is the first step of every breadcrumb in the admin: the club, not "Root".
    Page.objects.filter(depth=1).update(title=name, draft_title=name)
    if home.latest_revision_id:
        revision = Revision.objects.get(pk=home.latest_revision_id)
        revision.content = {**revision.content, "title": name, "draft_title": name, "intro": intro}
        revision.save(update_fields=["content"])
    Site.objects.update(hostname=hostname, port=port, site_name=name)
    home.title, home.intro = name, intro
    index.insert_or_update_object(home)


# --- demo -----------------------------------------------------------------------------------


def demo_club_fill(*, club, spec: dict) -> None:
    """Fill a demo club's site from `spec` (see sites.pages.demo); idempotent, in the club's schema."""
    with schema_context(club.schema_name), transaction.atomic():
        _demo_fill(club=club, spec=spec)


def _demo_fill(*, club, spec: dict) -> None:
    primary, secondary = spec["colours"]
    collection = _collection(f"Bilder {club.display_name}")

    def image(title, description, motif, seed):
        # The demo's pictures ship as files (issue 2); sites.pages.demo.demo_image_plan lists them.
        path = demo_image_path(folder=spec["images"], seed=seed, motif=motif)
        return image_file_ensure(title=title, description=description, path=path, collection=collection)

    home = ClubHomePage.objects.filter(depth=2).first()
    site = Site.objects.get(root_page=home)
    appearance, _created = SiteAppearance.objects.get_or_create(site=site)
    wanted = {"theme": spec["theme"], "primary_colour": primary, "secondary_colour": secondary,
              "tagline": spec.get("tagline", "")}  # fmt: skip
    if any(getattr(appearance, k) != v for k, v in wanted.items()):
        for key, value in wanted.items():
            setattr(appearance, key, value)
        appearance.full_clean()
        appearance.save()

    hero = image(f"{club.display_name}: Titelbild", spec["hero_alt"], spec["motif"], 10)
    if home.hero_image_id != hero.pk or home.intro != spec["intro"]:
        home.hero_image = hero
        home.intro = spec["intro"]
        _publish(home)

    about = spec.get("about")
    about_page = ContentPage.objects.child_of(home).filter(slug="ueber-uns").first()
    if about and about_page and about_page.intro != about["intro"]:
        about_page.intro = about["intro"]
        about_page.body = _stream(
            ("heading", "Unsere Geschichte"),
            ("rich_text", _rich(about["history"])),
            ("image", {"image": hero, "alt_text": spec["hero_alt"], "caption": club.display_name, "credit": ""}),
            ("heading", "Was wir machen"),
            ("rich_text", _rich(about["activities"])),
            ("quote", about["quote"]),
            ("call_to_action", {
                "title": "Lust mitzumachen?", "text": "Schauen Sie vorbei oder schreiben Sie uns – wir freuen uns.",
                "page": ContactPage.objects.child_of(home).first(), "url": "", "button_label": "Kontakt aufnehmen",
            }),
        )  # fmt: skip
        _publish(about_page)

    gallery = GalleryPage.objects.descendant_of(home).first()
    if (
        gallery
        and spec["news"]
        and all(getattr(block.value["image"], "collection_id", None) != collection.pk for block in gallery.images)
    ):
        # The starter's pictures give way to the club's own, each with a caption.
        pictures = [(hero, spec["hero_alt"], club.display_name)] + [
            (image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 20 + number), item["alt"],
             item["title"])
            for number, item in enumerate(spec["news"], start=1)
        ]  # fmt: skip
        gallery.images = [
            ("image", {"image": picture, "alt_text": alt, "caption": caption, "credit": club.display_name})
            for picture, alt, caption in pictures
        ]
        _publish(gallery)

    team_page = TeamPage.objects.child_of(home).first()
    if team_page and spec.get("team") and not team_page.contacts.exists():
        domain = club.email.split("@")[-1] if "@" in (club.email or "") else "example.org"
        for person in spec["team"]:
            team_page.contacts.add(
                TeamContact(name=person["name"], role=person["role"], email=f"{person['mailbox']}@{domain}")
            )
        _publish(team_page)

    join_page = JoinPage.objects.child_of(home).first()
    if join_page and not join_page.live:
        # No fee table of its own: the form lists the office's fee groups with their amounts (a
        # table here once said 48 € where the fee group charged 120 €).
        _publish(join_page)
    downloads = DownloadsPage.objects.descendant_of(home).first()
    if downloads and not downloads.live:
        _publish(downloads)  # the demo keeps the sample forms on show

    news_index = NewsIndexPage.objects.child_of(home).first()
    events_index = EventIndexPage.objects.child_of(home).first()
    volunteering = VolunteeringIndexPage.objects.child_of(home).first()
    # The starter examples make room for the club's own content.
    for parent, slug in ((news_index, "neue-vereinsseite"), (events_index, "mitgliederversammlung"),
                         (volunteering, "helfer-sommerfest")):  # fmt: skip
        if parent:
            for page in parent.get_children().filter(slug=slug):
                page.delete()

    for number, item in enumerate(spec["news"], start=1):
        _child(
            news_index,
            NewsArticlePage(
                title=item["title"],
                slug=item["slug"],
                date=timezone.localdate() - timedelta(days=item["days_ago"]),
                summary=item["summary"],
                image=image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 20 + number),
                body=_stream(("rich_text", _rich(item["body"]))),
            ),
        )
    for number, item in enumerate(spec["events"], start=1):
        starts = _demo_event_start(item)
        _child(
            events_index,
            EventPage(
                title=item["title"],
                slug=item["slug"],
                starts_at=starts,
                ends_at=starts + timedelta(hours=item.get("hours", 2)),
                all_day=item.get("all_day", False),
                summary=item["summary"],
                image=image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 40 + number),
                place_name=item["place"],
                street=item["street"],
                postal_code=club.postal_code,
                town=club.town,
                price=item.get("price", ""),
                price_amount=item.get("price_amount"),
                registration_mode=item.get("registration", RegistrationMode.NONE),
                body=_stream(("rich_text", _rich(item["body"]))),
            ),
        )
    for number, item in enumerate(spec["opportunities"], start=1):
        _child(
            volunteering,
            VolunteeringOpportunityPage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                image=image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 60 + number),
                body=_stream(("rich_text", _rich(item["body"]))),
                when_text=item["when"],
                start_date=timezone.localdate() if item.get("from_today") else None,
                time_commitment=item["time_commitment"],
                target_groups=item["target_groups"],
                skills=item["skills"],
                place=item["place"],
                postal_code=club.postal_code,
                town=club.town,
                contact_name=item["contact_name"],
                contact_email=club.email,
            ),
        )
