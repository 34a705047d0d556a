"""Content types and locales cached per schema (cms/tenancy/schema_caches.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

import pytest
from django_tenants.utils import schema_context

from cms.tenancy import invalidation


def _stored_content_type_id(app_label: str, model: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = %s AND model = %s", [app_label, model])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_content_types_stay_cached_per_schema_across_switches(club, other_club, django_assert_num_queries):
    from wagtail.models import Page

    seen = {}
    for schema in ("public", club.schema_name, other_club.schema_name):
        with schema_context(schema):
            seen[schema] = ContentType.objects.get_for_model(Page).pk
            assert seen[schema] == _stored_content_type_id("wagtailcore", "page")
    for schema in ("public", club.schema_name, other_club.schema_name):
        with schema_context(schema), django_assert_num_queries(0):
            assert ContentType.objects.get_for_model(Page).pk == seen[schema]
            assert ContentType.objects.get_for_id(seen[schema]).model == "page"


@pytest.mark.django_db
def test_a_schema_never_gets_another_schema_s_content_type(club):
    with schema_context(club.schema_name):
        club_id = _stored_content_type_id("pages", "clubhomepage")
        assert ContentType.objects.get_for_id(club_id).model == "clubhomepage"
    with schema_context("public"):
        # The portal has its own table: the same id is looked up there, never taken from the club.
        found = ContentType.objects.filter(pk=club_id).first()
        if found is None:
            with pytest.raises(ContentType.DoesNotExist):
                ContentType.objects.get_for_id(club_id)
        else:
            assert ContentType.objects.get_for_id(club_id).model == found.model


@pytest.mark.django_db
def test_clear_cache_still_empties_everything():
    from wagtail.models import Page

    ContentType.objects.get_for_model(Page)
    ContentType.objects.clear_cache()
    assert connection.alias not in ContentType.objects._cache


@pytest.mark.django_db
def test_locale_is_remembered_per_schema_and_a_change_is_seen(club, django_assert_num_queries):
    from wagtail.models import Locale

    with schema_context(club.schema_name):
        german = Locale.objects.get_for_language("de")
        with django_assert_num_queries(0):
            assert Locale.objects.get_for_language("de").pk == german.pk
        english = Locale.objects.get_for_language("en")
        before = invalidation.stamp(club.schema_name)
        english.delete()
        assert invalidation.stamp(club.schema_name) != before
        with pytest.raises(Locale.DoesNotExist):
            Locale.objects.get_for_language("en")


@pytest.mark.django_db
def test_view_restrictions_cost_nothing_where_a_club_has_none_and_count_where_it_has(
    club, other_club, django_assert_num_queries
):
    from wagtail.models import PageViewRestriction

    from sites.pages.models import NewsIndexPage

    with schema_context(club.schema_name):
        news = NewsIndexPage.objects.live().first()
        assert not list(news.get_view_restrictions())
        with django_assert_num_queries(0):
            assert not list(news.get_view_restrictions())
        restriction = PageViewRestriction.objects.create(
            page=news, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
        )
        assert list(news.get_view_restrictions()) == [restriction]
    with schema_context(other_club.schema_name):
        other_news = NewsIndexPage.objects.live().first()
        assert not list(other_news.get_view_restrictions())
    with schema_context(club.schema_name):
        restriction.delete()
        assert not list(news.get_view_restrictions())
