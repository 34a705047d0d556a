"""cms/prepared_queries.py: a queryset compiled once gives what the queryset itself gives, for
every call's values (other clubs, other dates, LIKE patterns with wildcards), in one statement."""

import datetime

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest
from django_tenants.utils import schema_context

from cms.prepared_queries import PreparedQuery


def _pages(path, since):
    return (
        Page.objects.filter(Q(path__startswith=path) | Q(last_published_at__gte=since), depth__gte=1)
        .select_related("locale", "content_type")
        .only("id", "title", "path", "locale__language_code", "content_type__model")
        .order_by("path")
    )


PAGES = PreparedQuery(_pages, path=str, since=datetime.datetime)


def _rows(pages):
    return [(p.pk, p.title, p.path, p.locale.language_code, p.content_type.model) for p in pages]


@pytest.mark.django_db
def test_same_rows_as_the_queryset_for_each_clubs_values(club, other_club):
    long_ago = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    future = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    for schema in (club.schema_name, other_club.schema_name):
        with schema_context(schema):
            for path, since in (("0001", future), ("00010001", future), ("", long_ago), ("0001%", future)):
                expected = _rows(_pages(path, since))
                with CaptureQueriesContext(connection) as captured:
                    got = PAGES(path=path, since=since)
                assert _rows(got) == expected
                assert all(p.locale.language_code for p in got)  # select_related filled, no query
                assert len([q for q in captured.captured_queries if "search_path" not in q["sql"]]) == 1
    # A LIKE wildcard in a value is matched literally, as the ORM escapes it.
    with schema_context(club.schema_name):
        assert PAGES(path="%", since=future) == []


def test_a_slot_missing_from_the_sql_is_refused():
    query = PreparedQuery(lambda title: Page.objects.filter(depth=1), title=str)
    with pytest.raises(ValueError, match="title"):
        query(title="x")


@pytest.mark.django_db
def test_rows_are_the_instances_values_in_the_named_columns(club):
    """`rows()` gives the same values as the instances, as tuples; `columns()` names them
    (`relation__attname` for a `select_related` model's)."""
    columns = PAGES.columns()
    assert {"id", "path", "title"} <= set(columns)
    assert {"locale__language_code", "content_type__model"} <= set(columns)
    future = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    with schema_context(club.schema_name):
        rows = PAGES.rows(path="", since=future)
        pages = PAGES(path="", since=future)
        assert rows and len(rows) == len(pages)
        at = {name: position for position, name in enumerate(columns)}
        assert [
            (
                row[at["id"]],
                row[at["title"]],
                row[at["path"]],
                row[at["locale__language_code"]],
                row[at["content_type__model"]],
            )
            for row in rows
        ] == _rows(pages)
