"""Issue #12 checks of the member register through the admin: the list's age and open-items filters
(also in the XLSX export), jubilees of 25, 40 and 50 years, and the census page's counts."""

import datetime
import io

import pytest
from django_tenants.utils import schema_context

from .conftest import VICTIM_NAME
from .test_admin import _body


def _add(first, *, birth=None, joined=datetime.date(2020, 1, 1), gender=""):
    from office.services.members import member_create

    return member_create(
        data={"first_name": first, "last_name": "Prüfung", "birth_date": birth, "joined_on": joined, "gender": gender},
        by=None,
    )


@pytest.mark.django_db
def test_age_and_open_items_filters_in_the_list_and_the_export(club, board_client, office_data):
    from openpyxl import load_workbook

    with schema_context(club.schema_name):
        _add("Jungspund", birth=datetime.date(2014, 3, 1))
        _add("Altmeister", birth=datetime.date(1950, 3, 1))
    middle = _body(board_client.get("/admin/mitglieder/", {"age_from": 30, "age_to": 40}))
    assert VICTIM_NAME in middle and "Jungspund" not in middle and "Altmeister" not in middle
    young = board_client.get("/admin/mitglieder/", {"age_to": 18, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(young.streaming_content))).active.iter_rows(values_only=True))
    assert any("Jungspund" in row for row in rows[1:]) and not any(VICTIM_NAME in row for row in rows[1:])
    owing = _body(board_client.get("/admin/mitglieder/", {"open_items": "on"}))
    assert VICTIM_NAME in owing and "Jungspund" not in owing and "Altmeister" not in owing


@pytest.mark.django_db
def test_jubilees_of_25_40_and_50_years_on_the_anniversaries_page(club, board_client):
    with schema_context(club.schema_name):
        for name, year in (("Silber", 2001), ("Rubin", 1986), ("Gold", 1976), ("Dreissig", 1996)):
            _add(name, joined=datetime.date(year, 5, 1))
    page = _body(board_client.get("/admin/mitglieder/geburtstage/", {"jahr": 2026}))
    assert "Silber" in page and "Rubin" in page and "Gold" in page and "Dreissig" not in page


@pytest.mark.django_db
def test_census_page_counts_age_groups_genders_and_departments(club, board_client, office_data):
    with schema_context(club.schema_name):
        _add("Kleinkind", birth=datetime.date(2022, 1, 1), joined=datetime.date(2022, 6, 1), gender="m")
        _add("Rentnerin", birth=datetime.date(1950, 1, 1), gender="w")
    page = _body(board_client.get("/admin/mitglieder/statistik/", {"stichtag": "01.01.2026"}))
    assert "3 Mitglieder am 01.01.2026" in page
    for text in ("bis 6", "ab 61", "weiblich", "männlich", "Fußball"):
        assert text in page, text
