"""The admin menu "Finanzen" (issue #13): permissions (office.manage_finances), bookings with private
vouchers, closed years in the form, counter-bookings, year end with PDF/XLSX, statement import,
receipts with their refusal reasons on the page, and the tax data form."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import host_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAGES = [
    "/admin/finanzen/",
    "/admin/finanzen/buchung/neu/",
    "/admin/finanzen/konten/",
    "/admin/finanzen/jahresabschluss/",
    "/admin/finanzen/kontoauszug/",
    "/admin/finanzen/spender/",
    "/admin/finanzen/zuwendungen/",
    "/admin/finanzen/bestaetigungen/",
    "/admin/finanzen/steuerdaten/",
]


def _ids(club):
    from office.models import Account, LedgerCategory

    with schema_context(club.schema_name):
        return {
            "bank": Account.objects.get(number="1200").pk,
            "dues": LedgerCategory.objects.get(number="2010").pk,
            "expense": LedgerCategory.objects.get(number="2540").pk,
        }


def _booking_post(ids, **overrides):
    return {
        "booked_on": "14.06.2026",
        "amount": "-49,90",
        "account": ids["bank"],
        "category": ids["expense"],
        "sphere": "",
        "text": "Haftpflicht Zq8-Beleg",
        "counterparty": "Versicherung AG",
        "cost_centre": "",
        **overrides,
    }


@pytest.mark.django_db
def test_finance_pages_need_manage_finances(club, board_client, members_client, page_editor_client, portal_client):
    for url in PAGES:
        response = board_client.get(url)
        assert response.status_code == 200, url
        assert b"help-block" in response.content, url  # every page explains itself
        assert members_client.get(url).status_code == 403, url  # Mitgliederverwaltung: no finances
        assert page_editor_client.get(url).status_code == 403, url
        assert portal_client.get(url).status_code in (302, 404), url
    menu = board_client.get("/admin/").content.decode()
    assert "Finanzen" in menu
    assert "Finanzen" not in members_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_vereinsadmin_holds_manage_finances(club):
    from django.contrib.auth.models import Group

    with schema_context(club.schema_name):
        group = Group.objects.get(name="Vereinsadmin")
        assert group.permissions.filter(content_type__app_label="office", codename="manage_finances").exists()
        board = Group.objects.get(name="Vorstand/Kasse")
        assert board.permissions.filter(codename="manage_finances").exists()
        assert (
            not Group.objects.get(name="Mitgliederverwaltung").permissions.filter(codename="manage_finances").exists()
        )


@pytest.mark.django_db
def test_booking_with_voucher_is_private_and_cancel_makes_counter_booking(club, board_client, members_client):
    from office.models import Booking

    ids = _ids(club)
    voucher = SimpleUploadedFile("rechnung.pdf", PDF, content_type="application/pdf")
    response = board_client.post("/admin/finanzen/buchung/neu/", {**_booking_post(ids), "voucher": voucher})
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(club.schema_name):
        booking = Booking.objects.get(text="Haftpflicht Zq8-Beleg")
        assert booking.amount == Decimal("-49.90") and booking.voucher_name == "rechnung.pdf"
        path = Path(booking.voucher.path)
        name = booking.voucher.name
    assert path.is_file() and path.read_bytes() == PDF
    assert not path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert name.startswith(f"{club.schema_name}/vouchers/") and "rechnung" not in name
    for url in (f"/media/{name}", f"/media/{club.schema_name}/{name}"):
        assert host_client(club.primary_hostname).get(url).status_code == 404
        assert board_client.get(url).status_code == 404
    download = board_client.get(f"/admin/finanzen/buchung/{booking.pk}/beleg/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"].startswith("private, no-store")
    assert members_client.get(f"/admin/finanzen/buchung/{booking.pk}/beleg/").status_code == 403
    # cancel: a counter-booking, both kept
    assert board_client.post(f"/admin/finanzen/buchung/{booking.pk}/storno/").status_code == 302
    with schema_context(club.schema_name):
        counter = Booking.objects.get(cancels=booking)
        assert counter.amount == Decimal("49.90")
    listing = board_client.get("/admin/finanzen/?year=2026").content.decode()
    assert "Storno: Haftpflicht Zq8-Beleg" in listing


@pytest.mark.django_db
def test_voucher_upload_is_checked(club, board_client):
    ids = _ids(club)
    fake = SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = board_client.post("/admin/finanzen/buchung/neu/", {**_booking_post(ids), "voucher": fake})
    assert response.status_code == 400
    assert "Programm" in response.content.decode()
    assert 'value="Haftpflicht Zq8-Beleg"' in response.content.decode()  # nothing typed is lost


@pytest.mark.django_db
def test_closed_year_refused_in_the_form_with_values_kept(club, board_client):
    from office.services.finance import year_close

    ids = _ids(club)
    with schema_context(club.schema_name):
        year_close(year=2025, by=None)
    response = board_client.post("/admin/finanzen/buchung/neu/", _booking_post(ids, booked_on="30.12.2025"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "2025 ist abgeschlossen" in body and 'value="Haftpflicht Zq8-Beleg"' in body
    response = board_client.post("/admin/finanzen/buchung/neu/", _booking_post(ids, booked_on="31.02.2026"))
    assert response.status_code == 400 and "Bitte ein Datum wie" in response.content.decode()


@pytest.mark.django_db
def test_year_end_page_warns_and_exports(club, board_client):
    from office.services.finance import booking_create

    ids = _ids(club)
    with schema_context(club.schema_name):
        from office.models import Account, LedgerCategory

        commercial = LedgerCategory.objects.filter(kind="income", sphere="wirtschaftlich").first()
        booking_create(
            data={
                "booked_on": datetime.date(2026, 7, 1),
                "amount": Decimal("51000.00"),
                "account": Account.objects.get(pk=ids["bank"]),
                "text": "Sommerfest Zq8",
                "category": commercial,
            },
            by=None,
        )
    page = board_client.get("/admin/finanzen/jahresabschluss/?year=2026").content.decode()
    assert "Wirtschaftlicher Geschäftsbetrieb" in page and "Ideeller Bereich" in page
    assert "übersteigen die Besteuerungsgrenze" in page
    pdf = board_client.get("/admin/finanzen/kassenpruefung.pdf?year=2026")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kassenprüfung 2026" in text and "Sommerfest Zq8" in text
    xlsx = board_client.get("/admin/finanzen/kassenpruefung.xlsx?year=2026")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Bestände", "Buchungen", "Offene Posten"]
    assert any(row[7] == "Sommerfest Zq8" for row in workbook["Buchungen"].iter_rows(values_only=True))
    # closing needs the confirmation
    board_client.post("/admin/finanzen/jahresabschluss/abschliessen/", {"year": "2026"})
    with schema_context(club.schema_name):
        from office.models import FinancialYear

        assert not FinancialYear.objects.get(year=2026).closed
    board_client.post("/admin/finanzen/jahresabschluss/abschliessen/", {"year": "2026", "confirm": "yes"})
    with schema_context(club.schema_name):
        assert FinancialYear.objects.get(year=2026).closed


CSV = (
    b"Buchungstag;Valutadatum;Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;Verwendungszweck;Betrag\n"
    b"10.03.2026;10.03.2026;Erika Spenderin;DE02120300000000202051;Spende Jugendarbeit;50,00\n"
    b"11.03.2026;11.03.2026;Stadtwerke;DE89370400440532013000;Strom Vereinsheim;-45,10\n"
)


@pytest.mark.django_db
def test_statement_import_through_the_admin(club, board_client):
    from office.models import Booking, StatementEntry

    ids = _ids(club)
    upload = SimpleUploadedFile("umsaetze.csv", CSV, content_type="text/csv")
    response = board_client.post("/admin/finanzen/kontoauszug/", {"account": ids["bank"], "file": upload})
    assert response.status_code == 302
    detail = board_client.get(response["Location"]).content.decode()
    assert "Erika Spenderin" in detail and "Stadtwerke" in detail
    with schema_context(club.schema_name):
        donation_line, other = StatementEntry.objects.order_by("position")
    url = f"{response['Location']}zeile/"
    board_client.post(f"{url}{donation_line.pk}/", {"action": "book", "category": ""})
    board_client.post(f"{url}{other.pk}/", {"action": "ignore"})
    with schema_context(club.schema_name):
        assert Booking.objects.get(statement_entry=donation_line).amount == Decimal("50.00")
        assert StatementEntry.objects.get(pk=other.pk).status == "ignored"
    broken = SimpleUploadedFile("umsaetze.csv", b"nur;Unsinn\n1;2\n", content_type="text/csv")
    response = board_client.post("/admin/finanzen/kontoauszug/", {"account": ids["bank"], "file": broken})
    assert response.status_code == 400


@pytest.mark.django_db
def test_receipt_refusal_reason_shown_and_issue_download(club, board_client):
    from office.models import DonationReceipt
    from tests.office.test_finance_receipts import donor, give, tax_data

    with schema_context(club.schema_name):
        tax_data(purposes=["sport"])
        erika = donor()
        fee = give(erika, datetime.date(2026, 1, 15), "120.00", kind="fee")
        gift = give(erika, datetime.date(2026, 5, 1), "50.00")
    response = board_client.post(f"/admin/finanzen/zuwendungen/{fee.pk}/bestaetigung/", follow=True)
    body = response.content.decode()
    assert "§ 10b Abs. 1 Satz 8 EStG" in body and "Sport" in body
    response = board_client.post(f"/admin/finanzen/zuwendungen/{gift.pk}/bestaetigung/", follow=True)
    assert response.status_code == 200
    with schema_context(club.schema_name):
        receipt = DonationReceipt.objects.get()
    download = board_client.get(f"/admin/finanzen/bestaetigungen/{receipt.pk}/pdf/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(download.content)).pages) == 1
    response = board_client.post(f"/admin/finanzen/bestaetigungen/{receipt.pk}/senden/", follow=True)
    assert "per E-Mail versandt" in response.content.decode()


@pytest.mark.django_db
def test_tax_settings_form_keeps_values_on_error(club, board_client):
    response = board_client.post(
        "/admin/finanzen/steuerdaten/",
        {
            "tax_office": "Finanzamt Zq8",
            "tax_number": "12/345/67890",
            "purposes": ["sport"],
            "notice_kind": "freistellungsbescheid",
            "notice_date": "kein Datum",
            "machine_made": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Finanzamt Zq8" in body and "Bitte ein Datum wie" in body


@pytest.mark.django_db
def test_money_account_edited_iban_checked_number_kept_once_booked(club, board_client):
    """A money account can be renamed, given an IBAN (checked, stored without spaces) and retired; a
    wrong IBAN comes back with everything typed; once booked on, its number stays."""
    from office.models import Account

    ids = _ids(club)
    url = f"/admin/finanzen/konten/{ids['bank']}/"
    assert board_client.get("/admin/finanzen/konten/").content.decode().count(url) == 1
    typed = {
        "name": "Girokonto Volksbank Zq8",
        "kind": "bank",
        "number": "1200",
        "iban": "DE00 1234",
        "is_active": "on",
    }
    refused = board_client.post(url, typed)
    body = refused.content.decode()
    assert refused.status_code == 400 and "Diese IBAN ist ungültig" in body
    assert 'value="Girokonto Volksbank Zq8"' in body and 'value="DE00 1234"' in body
    saved = board_client.post(url, {**typed, "iban": "DE89 3704 0044 0532 0130 00"})
    assert saved.status_code == 302
    with schema_context(club.schema_name):
        account = Account.objects.get(pk=ids["bank"])
        assert (account.name, account.iban) == ("Girokonto Volksbank Zq8", "DE89370400440532013000")
    assert board_client.post("/admin/finanzen/buchung/neu/", _booking_post(ids)).status_code == 302
    renumbered = board_client.post(url, {**typed, "iban": "", "number": "1210"})
    assert "Die Nummer bleibt, wie sie ist" in renumbered.content.decode()
    unticked = {name: value for name, value in typed.items() if name != "is_active"}
    retired = board_client.post(url, {**unticked, "iban": ""})
    assert retired.status_code == 302
    with schema_context(club.schema_name):
        account = Account.objects.get(pk=ids["bank"])
        assert account.number == "1200" and not account.is_active
