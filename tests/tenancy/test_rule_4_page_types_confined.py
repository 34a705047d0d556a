"""Rule 4: page types are confined to their tree; a club editor can never create a portal page type.

Club page types come from club-only apps (`sites.pages`), portal page types from public-only apps
(`sites.portal`, `forms_assistant`, `community`). Neither may allow the other as parent or child.
"""

from wagtail.models import Page, get_page_models

import pytest
from django_tenants.utils import schema_context

from .conftest import app_schemas


def _tree(model) -> str:
    in_public, in_clubs = app_schemas(model._meta.app_label)
    if in_public and not in_clubs:
        return "portal"
    if in_clubs and not in_public:
        return "club"
    return "both"


PAGE_TYPES = [m for m in get_page_models() if m is not Page]


def test_every_page_type_belongs_to_exactly_one_tree():
    both = [m._meta.label for m in PAGE_TYPES if _tree(m) == "both"]
    assert not both, f"page types in an app of both schemas are not confined to a tree: {both}"


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m._meta.label)
def test_page_type_declares_its_place(model):
    assert "parent_page_types" in model.__dict__, f"{model._meta.label} must declare parent_page_types"
    assert "subpage_types" in model.__dict__, f"{model._meta.label} must declare subpage_types"


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m._meta.label)
def test_parents_and_children_stay_in_the_same_tree(model):
    tree = _tree(model)
    relatives = set(model.allowed_parent_page_models()) | set(model.allowed_subpage_models())
    strangers = [m._meta.label for m in relatives if m is not Page and _tree(m) != tree]
    assert not strangers, f"{model._meta.label} ({tree}) allows {strangers}"


@pytest.mark.django_db
def test_club_editor_cannot_add_a_portal_page_in_the_club_admin(club, club_editor_client):
    from sites.pages.models import ClubHomePage

    with schema_context(club.schema_name):
        home = ClubHomePage.objects.get()
    portal_types = [m for m in PAGE_TYPES if _tree(m) == "portal"]
    assert portal_types
    for model in portal_types:
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{home.pk}/"
        response = club_editor_client.get(url)
        # Wagtail answers a refused page type with a redirect to the dashboard and a message.
        assert response.status_code in (302, 403, 404), f"{url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"] == "/admin/", f"{url} -> {response['Location']}"
    response = club_editor_client.get(f"/admin/pages/{home.pk}/add_subpage/")
    body = response.content.decode()
    for model in portal_types:
        assert f"/{model._meta.app_label}/{model._meta.model_name}/" not in body
