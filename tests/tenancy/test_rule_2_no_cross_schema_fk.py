"""Rule 2: no foreign key from a public table to a club table; delete cascades stay in their schema.

A public row cannot point at a club's page, image or user: the ids are per schema, the table the
database resolves depends on the search path. Public models store the club FK, ids and a
snapshot instead. `cms/tenancy/deletion.py` keeps Django's delete collector in the current schema
(docs/decisions/0002-deletion-collector-per-schema.md); the tests below show what it prevents.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import ProgrammingError, connection, transaction
from django.db.models import deletion

from wagtail.models import Page

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from cms.tenancy import deletion as tenancy
from sites.portal.models import PortalHomePage

from .conftest import app_schemas

# Relations from a public-only model to a model that has tables in both schemas that are meant
# to point at the PUBLIC row (e.g. a portal staff user). Each needs a reason; keep it short.
ALLOWED_PUBLIC_ROW_RELATIONS: dict[str, str] = {}


def _relations():
    """(model, field) for every relation stored in the model's own table (inherited ones are not)."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if field.is_relation and field.related_model is not None:
                yield model, field


def _where(model) -> tuple[bool, bool]:
    return app_schemas(model._meta.app_label)


def test_no_relation_from_a_public_table_to_a_table_that_exists_per_club():
    problems = []
    for model, field in _relations():
        in_public, in_clubs = _where(model)
        target_public, target_clubs = _where(field.related_model)
        name = f"{model._meta.label}.{field.name}"
        if in_public and not in_clubs and target_clubs:
            # Multi-table inheritance of Page: the portal's page rows extend the public page table.
            if getattr(field, "remote_field", None) and field.remote_field.parent_link:
                continue
            if name in ALLOWED_PUBLIC_ROW_RELATIONS:
                continue
            problems.append(f"{name} -> {field.related_model._meta.label} (public table to a per-club table)")
        if in_public and in_clubs and not target_public:
            problems.append(f"{name} -> {field.related_model._meta.label} (its public copy would point at nothing)")
    assert not problems, "\n".join(problems)


def test_no_contenttype_foreign_key_in_public_only_tables():
    from django.contrib.contenttypes.models import ContentType

    problems = [
        f"{model._meta.label}.{field.name}"
        for model, field in _relations()
        if field.related_model is ContentType and _where(model) == (True, False)
    ]
    assert not problems, f"content type ids differ per schema: {problems}"


def test_the_schema_aware_collector_is_installed():
    assert deletion.get_candidate_relations_to_delete is tenancy._schema_aware_candidates


def _portal_home_id() -> int:
    with schema_context(get_public_schema_name()):
        return PortalHomePage.objects.get().pk


def _club_page_with_id(schema_name: str, page_id: int) -> Page:
    """A page in the club's tree that has the same id as a public (portal) page."""
    with schema_context(schema_name):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            root = Page.get_first_root_node()
            page = root.add_child(instance=Page(id=page_id, title="Gleiche Nummer", slug="gleiche-nummer"))
        return page


class _Undo(Exception):
    pass


@pytest.mark.django_db
def test_deleting_a_club_page_does_not_touch_the_public_page_with_the_same_id(club):
    page_id = _portal_home_id()
    page = _club_page_with_id(club.schema_name, page_id)
    with schema_context(club.schema_name):
        page.delete()
        assert not Page.objects.filter(pk=page_id).exists()
    with schema_context(get_public_schema_name()):
        assert PortalHomePage.objects.filter(pk=page_id).exists()
        assert Page.objects.filter(pk=page_id).exists()


@pytest.mark.django_db
def test_without_the_guard_a_club_delete_would_destroy_the_portal_page(club, monkeypatch):
    """The data loss cms/tenancy/deletion.py prevents, shown once and rolled back."""
    page_id = _portal_home_id()
    page = _club_page_with_id(club.schema_name, page_id)
    monkeypatch.setattr(deletion, "get_candidate_relations_to_delete", tenancy._original)
    with pytest.raises(_Undo), transaction.atomic():
        with schema_context(club.schema_name):
            page.delete()
        with schema_context(get_public_schema_name()):
            # The club's search path found portal_portalhomepage in public and cascaded into it.
            assert not PortalHomePage.objects.filter(pk=page_id).exists()
        raise _Undo


@pytest.mark.django_db
def test_deleting_a_club_user_leaves_the_public_user_with_the_same_id(club):
    user_model = get_user_model()
    with schema_context(get_public_schema_name()):
        public_user = user_model.objects.create_user(username="staff@amt.example", password="x" * 12)
    with schema_context(club.schema_name):
        club_user = user_model.objects.filter(pk=public_user.pk).first()
        if club_user is None:
            club_user = user_model.objects.create_user(
                username="helfer@alpha.example", password="x" * 12, id=public_user.pk
            )
        club_user.delete()
        assert not user_model.objects.filter(pk=public_user.pk).exists()
    with schema_context(get_public_schema_name()):
        assert user_model.objects.filter(pk=public_user.pk, username="staff@amt.example").exists()


@pytest.mark.django_db
def test_deleting_a_portal_page_works(portal):
    with schema_context(get_public_schema_name()):
        home = PortalHomePage.objects.get()
        child = home.add_child(instance=Page(title="Alte Aktion", slug="alte-aktion"))
        child.delete()
        assert not Page.objects.filter(pk=child.pk).exists()
        home.delete()  # the whole portal tree, page types of every public app included
        assert not PortalHomePage.objects.exists()


@pytest.mark.django_db
def test_without_the_guard_deleting_a_portal_page_fails(portal, monkeypatch):
    """django-tenants issues #962/#1180: the collector asks public for club-only page tables."""
    monkeypatch.setattr(deletion, "get_candidate_relations_to_delete", tenancy._original)
    connection.set_schema_to_public()
    home = PortalHomePage.objects.get()
    with pytest.raises(ProgrammingError), transaction.atomic():
        home.delete()
