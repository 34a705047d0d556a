"""The club home page with full content stays cheap: a fixed, small number of SQL queries.

django-tenants sends `SET search_path` before every cursor on purpose (TENANT_LIMIT_SET_CALLS
stays off, ARCHITECTURE.md); those statements carry no data and are counted apart here, so the
budget below is about the queries our code and Wagtail's routing make.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from sites.pages.demo import SPECS
from sites.pages.services import demo_club_fill

MAX_QUERIES = 12


def _data_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].startswith("SET search_path")]


@pytest.fixture
def full_home(club):
    """The starter tree plus a demo club's news, events and opportunities."""
    demo_club_fill(club=club, spec=SPECS["tsv-musterstadt"])
    return club


@pytest.mark.django_db
def test_club_home_with_full_content_needs_few_queries(full_home, club_client, django_assert_max_num_queries):
    club_client.get("/")  # warm the process caches (tenant host, renditions, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = club_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sommerfest mit Vereinsturnier" in html and "D-Jugend steigt in die Kreisliga auf" in html
    queries = _data_queries(captured.captured_queries)
    assert len(queries) <= MAX_QUERIES, "\n".join(sql[:160] for sql in queries)
    # Each data query pays one SET search_path on top, never more.
    with django_assert_max_num_queries(2 * MAX_QUERIES):
        club_client.get("/")


@pytest.mark.django_db
def test_club_home_with_only_the_starter_tree_needs_few_queries(club, club_client):
    """A new club's home (the starter tree with its pictures, as provisioning makes it)."""
    club_client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert club_client.get("/").status_code == 200
    queries = _data_queries(captured.captured_queries)
    assert len(queries) <= MAX_QUERIES, "\n".join(sql[:160] for sql in queries)


@pytest.mark.django_db
def test_layout_links_survive_the_single_query(full_home, club_client):
    html = club_client.get("/").content.decode()
    assert 'href="/termine/"' in html and 'href="/neuigkeiten/"' in html and 'href="/mitmachen/"' in html
    assert 'href="/impressum/"' in html and 'href="/datenschutz/"' in html
