"""The club home page with full content stays cheap: a fixed, small number of SQL statements.

Issue 16: the demo home with page and fragment caches off (as here) sends at most 8 statements,
`SET search_path` included. cms.postgresql_backend sends that SET only when the connection's
session may not have the club's path (ADR 0025), so a request pays at most one: the worst case,
a connection last used for another schema, is what the test measures.
"""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from sites.pages.demo import SPECS
from sites.pages.services import demo_club_fill

MAX_QUERIES = 7
MAX_STATEMENTS = 8  # issue 16, with every cache off


def _data_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if not q["sql"].startswith("SET search_path")]


@contextmanager
def _statements():
    """Every statement sent on the connection (CaptureQueriesContext sees the same; this one
    also works with DEBUG off, like bench/serve.py's counter)."""
    sent: list[str] = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield sent


def _last_used_for_the_portal() -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.fixture
def full_home(club):
    """The starter tree plus a demo club's news, events and opportunities."""
    demo_club_fill(club=club, spec=SPECS["tsv-musterstadt"])
    return club


@pytest.mark.django_db
def test_club_home_with_full_content_needs_few_statements(full_home, club_client):
    club_client.get("/")  # warm the process caches (tenant host, renditions, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = club_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sommerfest mit Vereinsturnier" in html and "D-Jugend steigt in die Kreisliga auf" in html
    queries = _data_queries(captured.captured_queries)
    assert len(queries) <= MAX_QUERIES, "\n".join(sql[:160] for sql in queries)
    _last_used_for_the_portal()
    with _statements() as sent:
        assert club_client.get("/").status_code == 200
    assert len(sent) <= MAX_STATEMENTS, "\n".join(sql[:160] for sql in sent)
    assert sum(sql.startswith("SET search_path") for sql in sent) == 1
    # The same club again on this connection: no SET at all.
    with _statements() as sent:
        club_client.get("/")
    assert not [sql for sql in sent if sql.startswith("SET search_path")]


@pytest.mark.django_db
def test_club_home_with_only_the_starter_tree_needs_few_queries(club, club_client):
    """A new club's home (the starter tree with its pictures, as provisioning makes it)."""
    from tests.tenancy._isolation_victims import ensure_image_files

    ensure_image_files()  # a reused test database's clubs were cloned in an earlier run's media folder
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
