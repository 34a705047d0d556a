"""Fills a demo club's site from its data (sites/pages/content/demo_sites.yaml, via sites.pages.demo)."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

from django_tenants.utils import schema_context

from cms.models import SiteAppearance
from sites.pages.constants import RegistrationMode
from sites.pages.illustrations import demo_image_path
from sites.pages.models import (
    ClubHomePage,
    ContactPage,
    ContentPage,
    DownloadsPage,
    EventIndexPage,
    EventPage,
    GalleryPage,
    JoinPage,
    NewsArticlePage,
    NewsIndexPage,
    TeamContact,
    TeamPage,
    VolunteeringIndexPage,
    VolunteeringOpportunityPage,
)

from .media import collection_ensure, image_file_ensure
from .tree import child_add, page_publish, rich, stream

THURSDAY, SATURDAY = 3, 5


def demo_event_start(item: dict) -> datetime:
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


def demo_club_fill(*, club, spec: dict) -> None:
    """Fill a demo club's site from `spec` (see sites.pages.demo); idempotent, in the club's schema."""
    with schema_context(club.schema_name), transaction.atomic():
        _demo_fill(club=club, spec=spec)


def _demo_fill(*, club, spec: dict) -> None:
    primary, secondary = spec["colours"]
    collection = collection_ensure(f"Bilder {club.display_name}")

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
        page_publish(home)

    about = spec.get("about")
    about_page = ContentPage.objects.child_of(home).filter(slug="ueber-uns").first()
    if about and about_page and about_page.intro != about["intro"]:
        about_page.intro = about["intro"]
        about_page.body = stream(
            ("heading", "Unsere Geschichte"),
            ("rich_text", rich(about["history"])),
            ("image", {"image": hero, "alt_text": spec["hero_alt"], "caption": club.display_name, "credit": ""}),
            ("heading", "Was wir machen"),
            ("rich_text", rich(about["activities"])),
            ("quote", about["quote"]),
            ("call_to_action", {
                "title": "Lust mitzumachen?", "text": "Schauen Sie vorbei oder schreiben Sie uns – wir freuen uns.",
                "page": ContactPage.objects.child_of(home).first(), "url": "", "button_label": "Kontakt aufnehmen",
            }),
        )  # fmt: skip
        page_publish(about_page)

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
        page_publish(gallery)

    team_page = TeamPage.objects.child_of(home).first()
    if team_page and spec.get("team") and not team_page.contacts.exists():
        domain = club.email.split("@")[-1] if "@" in (club.email or "") else "example.org"
        for person in spec["team"]:
            team_page.contacts.add(
                TeamContact(name=person["name"], role=person["role"], email=f"{person['mailbox']}@{domain}")
            )
        page_publish(team_page)

    join_page = JoinPage.objects.child_of(home).first()
    if join_page and not join_page.live:
        # No fee table of its own: the form lists the office's fee groups with their amounts (a
        # table here once said 48 € where the fee group charged 120 €).
        page_publish(join_page)
    downloads = DownloadsPage.objects.descendant_of(home).first()
    if downloads and not downloads.live:
        page_publish(downloads)  # the demo keeps the sample forms on show

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
        child_add(
            news_index,
            NewsArticlePage(
                title=item["title"],
                slug=item["slug"],
                date=timezone.localdate() - timedelta(days=item["days_ago"]),
                summary=item["summary"],
                image=image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 20 + number),
                body=stream(("rich_text", rich(item["body"]))),
            ),
        )
    for number, item in enumerate(spec["events"], start=1):
        starts = demo_event_start(item)
        child_add(
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
                body=stream(("rich_text", rich(item["body"]))),
            ),
        )
    for number, item in enumerate(spec["opportunities"], start=1):
        child_add(
            volunteering,
            VolunteeringOpportunityPage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                image=image(f"{club.display_name}: {item['title']}", item["alt"], item["motif"], 60 + number),
                body=stream(("rich_text", rich(item["body"]))),
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
