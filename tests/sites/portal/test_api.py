"""Open-data API: contract tested with schemathesis against the served OpenAPI document."""

import json

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import make_event, make_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(portal_client, club, other_club):
    make_opportunity(club, title="Jugendarbeit im Verein", target_groups=["youth"])
    make_event(other_club, title="Adventskonzert")
    document = json.loads(portal_client.get("/api/openapi.json").content)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    # Like Django's test client: the request must not close the test's connection (transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_contract(api_schema):
    """Every operation, with generated valid input, answers as its OpenAPI document says.

    (schemathesis' pytest fixture loader does not work with this pytest version, so each
    operation's hypothesis strategy is driven here directly.)
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            # The tenant middleware routes by host: the open-data API lives on the portal's host.
            case.call_and_validate(headers={"Host": "localhost"})

        check()


def test_openapi_document(portal_client):
    response = portal_client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/api/listings", "/api/clubs", "/api/listings/{listing_id}", "/api/clubs/{slug}"} <= set(document["paths"])


def test_listings_are_paginated_and_filterable(portal_client, club, other_club):
    for i in range(3):
        make_opportunity(club, title=f"Aufgabe {i}", target_groups=["seniors"])
    make_opportunity(other_club, title="Anderswo")
    data = portal_client.get("/api/listings", {"kind": "opportunity", "page_size": 2}).json()
    assert data["count"] == 4 and data["num_pages"] == 2 and len(data["results"]) == 2
    data = portal_client.get("/api/listings", {"target_group": "seniors", "club": "alpha"}).json()
    assert {r["title"] for r in data["results"]} == {"Aufgabe 0", "Aufgabe 1", "Aufgabe 2"}
    assert all(r["club"] == "alpha" for r in data["results"])


def test_api_hides_deactivated_and_unpublished(portal_client, club, other_club):
    make_opportunity(club, title="Entwurf", publish=False)
    make_opportunity(other_club, title="Beta hilft")
    other_club.is_active = False
    other_club.save()
    titles = {r["title"] for r in portal_client.get("/api/listings").json()["results"]}
    assert "Entwurf" not in titles and "Beta hilft" not in titles
    assert portal_client.get("/api/clubs/beta").status_code == 404
    slugs = {c["slug"] for c in portal_client.get("/api/clubs").json()["results"]}
    assert "beta" not in slugs and "alpha" in slugs


def test_api_not_on_club_hosts(club_client):
    assert club_client.get("/api/listings", follow=True).status_code == 404


def test_csv_export(portal_client, club):
    make_opportunity(club, title='=HYPERLINK("http://evil")', summary="Formel")
    make_opportunity(club, title="Vorlesen für Kinder")
    response = portal_client.get("/api/export/engagement.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("ID;Titel;Beschreibung;Organisation")
    assert any("Vorlesen für Kinder" in line for line in lines)
    assert "'=HYPERLINK" in text  # no spreadsheet formula
