"""Page types of the club tree and the portal tree never mix (tenancy rule 4)."""

from wagtail.models import Page, get_page_models

from sites.pages.models import CLUB_PAGE_TYPES


def _club_types():
    return {m for m in get_page_models() if m._meta.app_label == "pages"}


def _portal_types():
    return {m for m in get_page_models() if m._meta.app_label not in {"pages", "wagtailcore"}}


def test_all_club_page_types_are_listed():
    assert _club_types() == set(CLUB_PAGE_TYPES)


def test_allowed_subpage_types_never_cross_trees():
    club, portal = _club_types(), _portal_types()
    for model in club:
        assert set(model.allowed_subpage_models()) <= club, model
        assert not set(model.allowed_parent_page_models()) & portal, model
    for model in portal:
        assert not set(model.allowed_subpage_models()) & club, model
        assert not set(model.allowed_parent_page_models()) & club, model


def test_only_the_home_page_sits_under_the_root():
    under_root = {m for m in _club_types() if Page in m.allowed_parent_page_models()}
    assert under_root == {m for m in CLUB_PAGE_TYPES if m.__name__ == "ClubHomePage"}


def test_every_page_type_explains_itself():
    for model in CLUB_PAGE_TYPES:
        assert model.__doc__ and model.__doc__.strip(), model
        assert model.search_fields, model
        assert model._meta.verbose_name, model
