"""The starter tree every club gets, and that every page type of it renders on the club host."""

import pytest
from django_tenants.utils import schema_context

from sites.pages.models import CLUB_PAGE_TYPES, ClubHomePage, ImprintPage


@pytest.mark.django_db
def test_starter_tree_is_complete_after_provisioning(club):
    with schema_context(club.schema_name):
        home = ClubHomePage.objects.get(depth=2)
        types = {type(page) for page in home.get_descendants(inclusive=True).live().specific()}
        titles = set(home.get_children().values_list("title", flat=True))
    assert set(CLUB_PAGE_TYPES) <= types
    assert {"Über uns", "Neuigkeiten", "Termine", "Mitmachen", "Team", "Mitglied werden", "Kontakt"} <= titles
    assert {"Impressum", "Datenschutz"} <= titles
    assert home.title == club.display_name


@pytest.mark.django_db
def test_every_page_type_renders_on_the_club_host(club, club_client):
    with schema_context(club.schema_name):
        pages = list(ClubHomePage.objects.get(depth=2).get_descendants(inclusive=True).live().specific())
        urls = {type(page): (page.url, page.title) for page in pages}
    assert len(urls) == len(CLUB_PAGE_TYPES)
    for model, (url, title) in urls.items():
        response = club_client.get(url)
        assert response.status_code == 200, (model, url)
        html = response.content.decode()
        assert title in html, model
        # Layout: landmarks, skip link, footer links, the portal link.
        assert '<main id="main"' in html and 'class="skip-link"' in html
        assert "Ein Angebot von Heldenhelfer" in html
        assert 'lang="de"' in html


@pytest.mark.django_db
def test_main_navigation_lists_the_home_children(club_client):
    html = club_client.get("/").content.decode()
    assert 'aria-label="Hauptnavigation"' in html
    for title in ("Über uns", "Termine", "Mitmachen", "Kontakt"):
        assert f">{title}</a>" in html


@pytest.mark.django_db
def test_imprint_shows_the_club_profile(club, club_client):
    from sites.clubs.constants import BoardRole
    from sites.clubs.models import BoardMember, Club

    Club.objects.filter(pk=club.pk).update(register_court="Amtsgericht Musterstadt", register_number="VR 4711")
    BoardMember.objects.create(club=club, role=BoardRole.CHAIR, name="Anna Alpha", email="anna@alpha.example")
    with schema_context(club.schema_name):
        url = ImprintPage.objects.get().url
    html = club_client.get(url).content.decode()
    for text in (club.name, "Hauptstraße 1", club.postal_code, "Amtsgericht Musterstadt", "VR 4711", "Anna Alpha",
                 "§ 5", "§ 18 Abs. 2", "Heldenhelfer", club.email):  # fmt: skip
        assert text in html, text


@pytest.mark.django_db
def test_team_page_shows_the_board(club, club_client):
    from sites.clubs.constants import BoardRole
    from sites.clubs.models import BoardMember
    from sites.pages.models import TeamPage

    BoardMember.objects.create(club=club, role=BoardRole.TREASURER, name="Karl Kasse")
    with schema_context(club.schema_name):
        url = TeamPage.objects.get().url
    html = club_client.get(url).content.decode()
    assert "Karl Kasse" in html and "Kasse" in html


@pytest.mark.django_db
def test_starter_tree_create_is_idempotent(club):
    from wagtail.models import Page

    from sites.pages.services import starter_tree_create

    with schema_context(club.schema_name):
        before = Page.objects.count()
        starter_tree_create(site_name="egal", hostname="egal.invalid")
        assert Page.objects.count() == before


@pytest.mark.django_db
def test_starter_tree_is_built_from_its_data_file(club):
    """sites/pages/content/starter_tree.yaml → the tree: types, places, drafts and the resolved conventions."""
    from django.utils import timezone

    from wagtail.models import Page

    from sites.pages.models import ClubHomePage, DownloadsPage, EventPage, GalleryPage
    from sites.pages.services import starter_tree_create

    with schema_context(club.schema_name):
        for home in ClubHomePage.objects.filter(depth=2):
            home.delete()
        home = starter_tree_create(site_name="Neuer Verein", hostname="neu.invalid")
        tree = {
            page.slug: (type(page).__name__, page.get_parent().slug, page.live)
            for page in Page.objects.descendant_of(home).specific()
        }
        assert tree == {
            "ueber-uns": ("ContentPage", "home", False),
            "neuigkeiten": ("NewsIndexPage", "home", True),
            "neue-vereinsseite": ("NewsArticlePage", "neuigkeiten", False),
            "termine": ("EventIndexPage", "home", True),
            "mitgliederversammlung": ("EventPage", "termine", False),
            "mitmachen": ("VolunteeringIndexPage", "home", True),
            "helfer-sommerfest": ("VolunteeringOpportunityPage", "mitmachen", False),
            "team": ("TeamPage", "home", True),
            "mitglied-werden": ("JoinPage", "home", True),
            "kontakt": ("ContactPage", "home", True),
            "galerie": ("GalleryPage", "ueber-uns", False),
            "downloads": ("DownloadsPage", "ueber-uns", False),
            "impressum": ("ImprintPage", "home", True),
            "datenschutz": ("PrivacyPage", "home", True),
        }
        home.refresh_from_db()
        assert home.intro == "<p>Willkommen auf der Website von Neuer Verein.</p>"
        assert home.volunteer_page.slug == "mitmachen" and home.hero_image.title == "Startbild Hügel"
        event = EventPage.objects.get(slug="mitgliederversammlung")
        assert event.starts_at > timezone.now() and event.ends_at > event.starts_at
        assert event.image.title == "Startbild Kalender" and event.registration_mode == "none"
        assert "Bericht der Kasse" in str(event.body)
        assert len(GalleryPage.objects.get().images) == 3
        assert len(DownloadsPage.objects.get().documents) == 2


def test_home_intro_leaves_out_what_the_profile_lacks_and_escapes():
    from sites.pages.services.starter import home_intro

    assert home_intro(name="TSV", town="", email="") == "<p>Willkommen auf der Website von TSV.</p>"
    assert home_intro(name="A & B", town="Musterstadt", email="info@ab.example") == (
        "<p>Willkommen auf der Website von A &amp; B in Musterstadt. Sie erreichen uns unter info@ab.example.</p>"
    )
    assert "<script>" not in home_intro(name="<script>", town="{email}", email="")
