"""Every run-time patch of third-party code is in cms/monkey_patches.py, installed, and written
against the upstream versions that are installed now."""

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from cms import monkey_patches

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("distribution", sorted(monkey_patches.UPSTREAM_VERSIONS))
def test_patched_upstream_is_the_version_the_patches_were_written_against(distribution):
    """Fails on an upgrade: check the patched names in the upstream change log, run the tests the
    module docstring names, then move the version in UPSTREAM_VERSIONS."""
    assert version(distribution) == monkey_patches.UPSTREAM_VERSIONS[distribution]


def test_every_patch_is_installed():
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.models import deletion

    from wagtail.admin import utils
    from wagtail.models import Page
    from wagtail.models.i18n import LocaleManager
    from wagtail_modeladmin.views import HistoryView

    from cms import public_urls
    from cms.tenancy import deletion as schema_deletion
    from cms.tenancy import migration_executor, schema_caches

    assert deletion.get_candidate_relations_to_delete is schema_deletion._schema_aware_candidates
    assert isinstance(ContentType.objects._cache, schema_caches.SchemaContentTypeCache)
    assert LocaleManager.get_for_language._per_schema
    assert Page.get_view_restrictions._per_schema
    assert MigrationRecorder.has_table is migration_executor._has_table
    assert utils.get_admin_base_url is public_urls.admin_base_url
    assert HistoryView._hh_guarded
    from modelcluster.models import ClusterableModel

    assert ClusterableModel.__init__._hh_fast_rows
    from wagtail.images.models import AbstractImage

    assert AbstractImage.get_rendition._hh_touch_only
    assert Page.get_url_parts._hh_per_request
    from django.utils.translation.trans_real import DjangoTranslation

    assert DjangoTranslation.gettext._hh_remembered


@pytest.mark.django_db
def test_clusterable_rows_still_take_child_relations_as_keywords():
    """The faster constructor of loaded rows (positional values) keeps modelcluster's keyword
    path: child relations given to the constructor still land in the cluster."""
    from sites.pages.models.team import TeamContact, TeamPage

    page = TeamPage(title="Team", contacts=[TeamContact(name="Alex", role="Platzwart")])
    assert [c.name for c in page.contacts.all()] == ["Alex"]
    fields = TeamPage._meta.concrete_fields
    row = TeamPage(*[page.title if f.attname == "title" else f.get_default() for f in fields])
    assert row.title == "Team" and list(row.contacts.all()) == []


def test_no_patch_outside_the_module():
    """No other module assigns to an attribute of Django, Wagtail or django-tenants code. (Giving one of
    our own instances a subclass, `widget.__class__ = …` in office/widget_cache.py, changes no upstream
    code.)"""
    upstream = re.compile(
        r"^\s*(deletion|ContentType\.objects|LocaleManager|Page|MigrationRecorder|HistoryView|LoginForm|"
        r"forms\.CharField|admin_list|widget|module|utils|userbar|wagtailadmin_tags)\.(?!__class__ )\w+ = ",
        re.M,
    )
    offenders = []
    for app in ("cms", "sites", "community", "forms_assistant", "office"):
        for file in (ROOT / app).rglob("*.py"):
            if file.name == "monkey_patches.py" or "migrations" in file.parts:
                continue
            if upstream.search(file.read_text(encoding="utf-8")):
                offenders.append(str(file.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_a_cached_rendition_is_used_without_writing_it_back(club, monkeypatch):
    """The second page view of a picture reads its rendition from the renditions cache and only
    renews the entry (no pickling set); the rendition is the same one."""
    from wagtail.images.models import Image, Rendition
    from wagtail.images.tests.utils import get_test_image_file

    from django_tenants.utils import schema_context

    with schema_context(club.schema_name):
        image = Image.objects.create(title="Test", file=get_test_image_file())
        first = image.get_rendition("fill-20x10")
        written, touched = [], []
        monkeypatch.setattr(Rendition.cache_backend, "set", lambda *args, **kwargs: written.append(args))
        monkeypatch.setattr(Rendition.cache_backend, "touch", lambda key, *args, **kwargs: touched.append(key))
        again = Image.objects.get(pk=image.pk)
        rendition = again.get_rendition("fill-20x10")
        assert rendition.pk == first.pk and rendition.url == first.url and rendition.image is again
        assert written == [] and len(touched) == 1
        # The same image object asked again (hero and og:image): no second cache read.
        read = []
        get = Rendition.cache_backend.get
        monkeypatch.setattr(Rendition.cache_backend, "get", lambda key, *a, **k: read.append(key) or get(key, *a, **k))
        assert again.get_rendition("fill-20x10") is rendition and read == []
        # Another object of the image (the next request) reads the cache again; a new focal
        # point is another rendition at once.
        image.set_focal_point(None)
        image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1, 1, 2, 2
        image.save()
        fresh = Image.objects.get(pk=image.pk)
        assert fresh.get_rendition("fill-20x10").focal_point_key != rendition.focal_point_key and read


@pytest.mark.django_db
def test_page_url_parts_are_reversed_once_per_request_and_page(club, monkeypatch):
    """`get_url_parts` of one page is reversed once per request; another request, language or
    URL path (a moved page) is worked out anew."""
    from django.test import RequestFactory
    from django.utils import translation

    from wagtail.models import Page, Site
    from wagtail.models import pages as wagtail_pages

    from django_tenants.utils import schema_context

    reversed_ = []
    reverse = wagtail_pages.reverse
    monkeypatch.setattr(wagtail_pages, "reverse", lambda *a, **k: reversed_.append(a) or reverse(*a, **k))
    with schema_context(club.schema_name), translation.override("de"):
        site = Site.objects.get(hostname=club.primary_hostname)
        home = Page.objects.get(pk=site.root_page_id)
        child = home.get_children().first()
        request = RequestFactory().get("/", HTTP_HOST=site.hostname)
        first = child.get_url_parts(request)
        assert Page.objects.get(pk=child.pk).get_url_parts(request) == first and len(reversed_) == 1
        child.url_path = child.url_path.rstrip("/") + "-neu/"
        assert child.get_url_parts(request)[2].endswith("-neu/") and len(reversed_) == 2
        assert child.get_url_parts(RequestFactory().get("/", HTTP_HOST=site.hostname)) and len(reversed_) == 3


def test_remembered_translations_answer_as_django_does():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Nächste Termine") == "Upcoming dates"
        assert translation.gettext("Nächste Termine") == "Upcoming dates"
        assert translation.gettext("Kein übersetzter Text 42") == "Kein übersetzter Text 42"
    with translation.override("de"):
        assert translation.gettext("Nächste Termine") == "Nächste Termine"
