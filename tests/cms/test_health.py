"""Health probes: /healthz (alive, no database) and /readyz (database and public migrations)."""

from django.db import DatabaseError, connection

import pytest

from cms import selectors


@pytest.fixture(autouse=True)
def _fresh_migration_check():
    selectors.forget_migration_check()
    yield
    selectors.forget_migration_check()


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["localhost", "alpha.localhost", "beta.localhost"])
def test_healthz_on_every_host_needs_no_database(client, host, django_assert_num_queries):
    client.get("/healthz", HTTP_HOST=host)  # the first request looks the host up once
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["localhost", "alpha.localhost"])
def test_readyz_is_ready_when_migrated(client, host):
    response = client.get("/readyz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": True, "pending_migrations": []}


@pytest.mark.django_db
def test_readyz_checks_the_public_schema_even_on_a_club_host(client, club):
    # Remove a migration record from the CLUB schema only: the public schema is what counts.
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{club.schema_name}".django_migrations WHERE app = %s', ["clubs"])
    assert client.get("/readyz", HTTP_HOST="alpha.localhost").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_missing_migrations(client):
    from django.db.migrations.loader import MigrationLoader

    app, name = next(n for n in MigrationLoader(None).graph.leaf_nodes() if n[0] == "clubs")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.django_migrations WHERE app = %s AND name = %s", [app, name])
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert f"{app}.{name}" in response.json()["pending_migrations"]


@pytest.mark.django_db
def test_readyz_caches_the_migration_check(client, monkeypatch):
    client.get("/readyz", HTTP_HOST="localhost")
    calls = []
    original = selectors.MigrationExecutor
    monkeypatch.setattr(selectors, "MigrationExecutor", lambda conn: calls.append(1) or original(conn))
    for _ in range(3):
        assert client.get("/readyz", HTTP_HOST="localhost").status_code == 200
    assert calls == []
    selectors.forget_migration_check()
    client.get("/readyz", HTTP_HOST="localhost")
    assert calls == [1]


@pytest.mark.django_db
def test_readyz_without_database(client, monkeypatch):
    client.get("/healthz", HTTP_HOST="localhost")  # host lookup cached

    def broken():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(selectors, "database_reachable", lambda: False)
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    assert response.json()["database"] is False
    monkeypatch.undo()

    monkeypatch.setattr(selectors.connection, "cursor", broken)
    assert selectors.database_reachable() is False
