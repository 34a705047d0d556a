"""The office admin: who sees what (groups), club hosts only, forms with German dates, exports."""

import csv
import io

from django.urls import reverse

import pytest
from django_tenants.utils import schema_context

from office.models import ChangeRecord, Member

from .conftest import VICTIM_IBAN, VICTIM_NAME


def _office_urls(data) -> list[str]:
    member, mandate = data["member"], data["mandate"]
    return [
        "/admin/mitglieder/",
        "/admin/mitglieder/?export=csv",
        "/admin/mitglieder/?export=xlsx",
        "/admin/mitglieder/new/",
        f"/admin/mitglieder/edit/{member.pk}/",
        f"/admin/mitglieder/inspect/{member.pk}/",
        f"/admin/mitglieder/history/{member.pk}/",
        f"/admin/mitglieder/usage/{member.pk}/",
        "/admin/mitglieder/beitragsgruppen/",
        f"/admin/mitglieder/beitragsgruppen/edit/{data['fee_group'].pk}/",
        "/admin/mitglieder/abteilungen/",
        "/admin/mitglieder/mandate/",
        f"/admin/mitglieder/mandate/edit/{mandate.pk}/",
        "/admin/mitglieder/statistik/",
        "/admin/mitglieder/geburtstage/",
    ]


def _body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8", "replace")


@pytest.mark.django_db
def test_board_sees_bank_data(board_client, office_data):
    member = office_data["member"]
    listing = board_client.get("/admin/mitglieder/")
    assert listing.status_code == 200 and VICTIM_NAME in _body(listing) and VICTIM_IBAN in _body(listing)
    detail = board_client.get(f"/admin/mitglieder/inspect/{member.pk}/")
    assert VICTIM_IBAN in _body(detail) and "120,00" in _body(detail)
    assert board_client.get("/admin/mitglieder/mandate/").status_code == 200
    assert VICTIM_IBAN in _body(board_client.get("/admin/mitglieder/?export=csv"))


@pytest.mark.django_db
def test_member_staff_see_members_without_bank_data(members_client, office_data):
    member = office_data["member"]
    for url in ("/admin/mitglieder/", f"/admin/mitglieder/inspect/{member.pk}/", "/admin/mitglieder/?export=csv"):
        response = members_client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert VICTIM_NAME in body and VICTIM_IBAN not in body and office_data["mandate"].reference not in body
    for url in ("/admin/mitglieder/mandate/", f"/admin/mitglieder/mandate/edit/{office_data['mandate'].pk}/"):
        assert members_client.get(url).status_code == 403, url
    # Nothing is deleted: no delete for anyone.
    assert members_client.get(f"/admin/mitglieder/delete/{member.pk}/").status_code in (302, 403)


@pytest.mark.django_db
def test_plain_editors_get_403_on_every_office_url(page_editor_client, office_data):
    for url in _office_urls(office_data):
        for method in ("get", "post"):
            response = getattr(page_editor_client, method)(url)
            assert response.status_code == 403, (method, url, response.status_code)
            assert VICTIM_NAME not in _body(response)
    home = _body(page_editor_client.get("/admin/"))
    assert "office-members" not in home and reverse("office_member:index") not in home


@pytest.mark.django_db
def test_office_urls_are_404_on_the_portal(portal_client, office_data):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username="op@example.org", email="op@example.org", password="pw-12345678")
    portal_client.post("/admin/login/", {"username": "op@example.org", "password": "pw-12345678"})
    assert portal_client.get("/admin/").status_code == 200
    for url in _office_urls(office_data):
        assert portal_client.get(url).status_code == 404, url
    assert "office-members" not in _body(portal_client.get("/admin/"))


@pytest.mark.django_db
def test_create_member_with_german_dates(club, board_client, office_data):
    data = {
        "first_name": "Hanne",
        "last_name": "Neumitglied",
        "birth_date": "14.06.1985",
        "joined_on": "01.04.2026",
        "country": "DE",
        "status": "active",
        "fee_group": office_data["fee_group"].pk,
        "departments": [office_data["department"].pk],
        "photo_consent": "on",
    }
    response = board_client.post("/admin/mitglieder/new/", data)
    assert response.status_code == 302, _body(response)[:2000]
    with schema_context(club.schema_name):
        member = Member.objects.get(last_name="Neumitglied")
        assert member.number and str(member.birth_date) == "1985-06-14" and member.photo_consent_on
        assert list(member.departments.all()) == [office_data["department"]]
        assert ChangeRecord.objects.filter(object_type="member", object_id=member.pk, action="create").exists()
    edit = _body(board_client.get(f"/admin/mitglieder/edit/{member.pk}/"))
    assert "14.06.1985" in edit


@pytest.mark.django_db
def test_invalid_input_comes_back_filled(board_client, office_data):
    response = board_client.post(
        "/admin/mitglieder/new/",
        {
            "first_name": "Bleibt",
            "last_name": "Erhalten",
            "birth_date": "31.02.1985",
            "country": "XY",
            "status": "active",
            "joined_on": "01.01.2026",
        },
    )
    body = _body(response)
    assert response.status_code == 200
    assert 'value="Bleibt"' in body and 'value="Erhalten"' in body and "ISO 3166" in body


@pytest.mark.django_db
def test_csv_export_for_german_excel(board_client, office_data):
    response = board_client.get("/admin/mitglieder/?export=csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], next(r for r in rows[1:] if VICTIM_NAME in r)
    values = dict(zip(header, row, strict=True))
    assert values["Geburtsdatum"] == "14.06.1990"
    assert values["Offener Betrag"] == "120,00"
    assert values["Abteilungen"] == "Fußball"
    assert values["IBAN"] == VICTIM_IBAN


@pytest.mark.django_db
def test_csv_export_follows_the_filter_and_defuses_formulas(club, board_client, office_data):
    from office.services.members import member_create

    with schema_context(club.schema_name):
        member_create(data={"first_name": "=HYPERLINK(1)", "last_name": "Formel"}, by=None)
    everything = b"".join(board_client.get("/admin/mitglieder/?export=csv").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everything
    filtered = b"".join(
        board_client.get(f"/admin/mitglieder/?export=csv&fee_group={office_data['fee_group'].pk}").streaming_content
    ).decode("utf-8-sig")
    assert VICTIM_NAME in filtered and "Formel" not in filtered


@pytest.mark.django_db
def test_xlsx_export(board_client, members_client, office_data):
    from openpyxl import load_workbook

    for client, sees_iban in ((board_client, True), (members_client, False)):
        response = client.get("/admin/mitglieder/?export=xlsx")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert ("IBAN" in rows[0]) is sees_iban
        assert any(VICTIM_NAME in row for row in rows[1:])
        assert (VICTIM_IBAN in str(rows)) is sees_iban


@pytest.mark.django_db
def test_reports(board_client, office_data):
    assert "Fußball" in _body(board_client.get("/admin/mitglieder/statistik/?stichtag=01.01.2026"))
    assert board_client.get("/admin/mitglieder/statistik/?stichtag=unsinn").status_code == 200
    assert board_client.get("/admin/mitglieder/geburtstage/?tage=abc&jahr=2026").status_code == 200


@pytest.mark.django_db
def test_lists_speak_german_not_true_and_false(board_client, office_data):
    """QA: "True"/"False" in the fee group and department lists, and an active filter
    "Nur mit offenen Posten: False" on the member list when nothing was filtered."""
    for url in ("/admin/mitglieder/beitragsgruppen/", "/admin/mitglieder/abteilungen/"):
        html = _body(board_client.get(url))
        assert ">True<" not in html and ">False<" not in html, url
        assert "Ja" in html, url
    html = _body(board_client.get("/admin/mitglieder/"))
    assert "Nur mit offenen Posten: False" not in html
    filtered = _body(board_client.get("/admin/mitglieder/", {"open_items": "on"}))
    assert "Nur mit offenen Posten" in filtered


@pytest.mark.django_db
def test_member_history_reads_german(board_client, office_data):
    """QA: the member page's 'Änderungen' showed field names (first_name, booked_on, account_holder),
    the action in English ('(create)') and amounts as '120.00 €'."""
    member = office_data["member"]
    body = _body(board_client.get(f"/admin/mitglieder/inspect/{member.pk}/"))
    history = body[body.index("<h2>Änderungen</h2>") :]
    for raw in ("first_name:", "booked_on:", "account_holder:", "(create)", "120.00 €"):
        assert raw not in history, raw
    assert "Vorname: – → Zora" in history and "Kontoinhaber/in: – → Zora Test" in history
    assert "angelegt" in history and "120,00 €" in history


@pytest.mark.django_db
def test_xlsx_export_shows_german_dates(board_client, office_data):
    """QA: birth and entry dates opened in Excel as 1990-06-14 (openpyxl's default format)."""
    from openpyxl import load_workbook

    response = board_client.get("/admin/mitglieder/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    birth = sheet.cell(row=2, column=header.index("Geburtsdatum") + 1)
    assert birth.value.date() == office_data["member"].birth_date and birth.number_format == "DD.MM.YYYY"
