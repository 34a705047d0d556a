"""Editing a booking (issue #13): every field of a booking in an open year, a new voucher checked like
every upload and kept private, the history of changes; in a closed year no edit (service and page),
only "Stornieren", the counter-booking linked both ways."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from django_tenants.utils import schema_context

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _booking(day=datetime.date(2026, 6, 14), text="Haftpflicht Zq5"):
    from office.models import Account, LedgerCategory
    from office.services.finance import booking_create

    return booking_create(
        data={
            "booked_on": day,
            "amount": Decimal("-49.90"),
            "account": Account.objects.get(number="1200"),
            "text": text,
            "category": LedgerCategory.objects.get(number="2540"),
        },
        by=None,
    )


def _post(booking, **changes):
    values = {
        "booked_on": booking.booked_on.strftime("%d.%m.%Y"),
        "amount": str(booking.amount).replace(".", ","),
        "account": booking.account_id,
        "category": booking.category_id,
        "sphere": booking.sphere,
        "text": booking.text,
        "counterparty": booking.counterparty,
        "cost_centre": booking.cost_centre,
    }
    return {**values, **changes}


@pytest.mark.django_db
def test_update_service_changes_every_field_and_records_history(club):
    from office.models import ChangeRecord, LedgerCategory
    from office.services.finance import booking_update

    with schema_context(club.schema_name):
        booking = _booking()
        other = LedgerCategory.objects.get(number="2550")
        voucher = SimpleUploadedFile("neu.pdf", PDF, content_type="application/pdf")
        changed = booking_update(
            booking=booking,
            data={
                "booked_on": datetime.date(2026, 6, 15),
                "amount": Decimal("-59.90"),
                "category": other,
                "sphere": "zweckbetrieb",
                "cost_centre": "Sommerfest",
                "counterparty": "Sportladen",
                "text": "Bälle",
            },
            voucher=voucher,
            by=None,
        )
        assert (changed.amount, changed.category, changed.sphere, changed.cost_centre) == (
            Decimal("-59.90"),
            other,
            "zweckbetrieb",
            "Sommerfest",
        )
        assert changed.voucher_name == "neu.pdf"
        path = Path(changed.voucher.path).resolve()
        assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()) and path.read_bytes() == PDF
        record = ChangeRecord.objects.filter(object_type="booking", object_id=booking.pk, action="update").get()
        assert record.changes["amount"] == ["-49,90", "-59,90"]
        assert record.changes["cost_centre"] == ["", "Sommerfest"]
        assert record.changes["booked_on"] == ["14.06.2026", "15.06.2026"]
        assert record.changes["voucher_name"] == ["", "neu.pdf"]


@pytest.mark.django_db
def test_update_refused_in_closed_year_and_for_cancelled_bookings(club):
    from office.models import Booking
    from office.services.finance import FinanceError, booking_cancel, booking_editable, booking_update, year_close

    with schema_context(club.schema_name):
        old = _booking(datetime.date(2025, 11, 3))
        current = _booking()
        year_close(year=2025, by=None)
        assert not booking_editable(old) and booking_editable(current)
        with pytest.raises(ValidationError) as error:
            booking_update(booking=old, data={"cost_centre": "x"}, by=None)
        assert "2025 ist abgeschlossen" in str(error.value)
        with pytest.raises(ValidationError):  # not moved into a closed year either
            booking_update(booking=current, data={"booked_on": datetime.date(2025, 12, 1)}, by=None)
        counter = booking_cancel(booking=current, on=datetime.date(2026, 7, 1), by=None)
        for locked in (current, counter):
            assert not booking_editable(locked)
            with pytest.raises(FinanceError):
                booking_update(booking=locked, data={"text": "anders"}, by=None)
        assert Booking.objects.get(pk=current.pk).text == "Haftpflicht Zq5"


@pytest.mark.django_db
def test_edit_page_saves_and_shows_history(club, board_client, members_client):
    from office.models import Booking

    with schema_context(club.schema_name):
        booking = _booking()
    url = f"/admin/finanzen/buchung/{booking.pk}/"
    page = board_client.get(url)
    assert page.status_code == 200 and 'value="Haftpflicht Zq5"' in page.content.decode()
    assert members_client.get(url).status_code == 403
    assert "Bearbeiten" in board_client.get("/admin/finanzen/?year=2026").content.decode()
    voucher = SimpleUploadedFile("beleg.pdf", PDF, content_type="application/pdf")
    response = board_client.post(
        url, _post(booking, cost_centre="Sommerfest Zq5", sphere="wirtschaftlich", amount="-12,50", voucher=voucher)
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        booking = Booking.objects.get(pk=booking.pk)
        assert (booking.cost_centre, booking.sphere, booking.amount) == (
            "Sommerfest Zq5",
            "wirtschaftlich",
            Decimal("-12.50"),
        )
        assert booking.voucher_name == "beleg.pdf"
    body = board_client.get(url).content.decode()
    assert "Kostenstelle: – → Sommerfest Zq5" in body and "Betrag (€): -49,90 → -12,50" in body
    download = board_client.get(f"/admin/finanzen/buchung/{booking.pk}/beleg/")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_edit_page_checks_the_voucher_and_keeps_what_was_typed(club, board_client):
    with schema_context(club.schema_name):
        booking = _booking()
    fake = SimpleUploadedFile("beleg.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = board_client.post(
        f"/admin/finanzen/buchung/{booking.pk}/", _post(booking, cost_centre="Jugend Zq5", voucher=fake)
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Programm" in body and 'value="Jugend Zq5"' in body
    response = board_client.post(f"/admin/finanzen/buchung/{booking.pk}/", _post(booking, booked_on="32.01.2026"))
    assert response.status_code == 400 and "Bitte ein Datum wie" in response.content.decode()


@pytest.mark.django_db
def test_closed_year_page_offers_only_cancel_and_links_the_counter_booking(club, board_client):
    from office.models import Booking
    from office.services.finance import year_close

    with schema_context(club.schema_name):
        booking = _booking(datetime.date(2025, 11, 3))
        year_close(year=2025, by=None)
    url = f"/admin/finanzen/buchung/{booking.pk}/"
    body = board_client.get(url).content.decode()
    assert "2025 ist abgeschlossen" in body and "Stornieren" in body
    assert 'name="cost_centre"' not in body  # no form
    assert "Ansehen" in board_client.get("/admin/finanzen/?year=2025").content.decode()
    response = board_client.post(url, _post(booking, cost_centre="nachträglich"))
    assert response.status_code == 400
    with schema_context(club.schema_name):
        assert Booking.objects.get(pk=booking.pk).cost_centre == ""
    response = board_client.post(f"/admin/finanzen/buchung/{booking.pk}/storno/", {"next": "edit"})
    assert response.status_code == 302 and response["Location"].endswith(url)
    with schema_context(club.schema_name):
        counter = Booking.objects.get(cancels=booking)
    body = board_client.get(url).content.decode()
    assert "Storniert durch:" in body and f"/admin/finanzen/buchung/{counter.pk}/" in body
    body = board_client.get(f"/admin/finanzen/buchung/{counter.pk}/").content.decode()
    assert "Diese Buchung storniert:" in body and url in body and 'name="cost_centre"' not in body


@pytest.mark.django_db
def test_chart_is_editable_per_club_but_booked_categories_keep_number_kind_and_sphere(club, other_club, board_client):
    from office.models import LedgerCategory

    page = board_client.get("/admin/finanzen/kontenplan/")
    assert page.status_code == 200 and "2540" in page.content.decode()
    response = board_client.post(
        "/admin/finanzen/kontenplan/",
        {"number": "2095", "name": "Spenden Jugendfahrt Zq5", "kind": "income", "sphere": "", "is_active": "on"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "brauchen eine Sphäre" in body and 'value="Spenden Jugendfahrt Zq5"' in body
    response = board_client.post(
        "/admin/finanzen/kontenplan/",
        {"number": "2095", "name": "Spenden Jugendfahrt Zq5", "kind": "income", "sphere": "ideell", "is_active": "on"},
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        assert LedgerCategory.objects.get(number="2095").name == "Spenden Jugendfahrt Zq5"
        booking = _booking()
        insurance = booking.category
    with schema_context(other_club.schema_name):
        assert not LedgerCategory.objects.filter(number="2095").exists()  # the club's own chart
    url = f"/admin/finanzen/kontenplan/{insurance.pk}/"
    response = board_client.post(
        url, {"number": "2540", "name": "Versicherungen", "kind": "expense", "sphere": "zweckbetrieb"}
    )
    assert response.status_code == 400 and "schon gebucht" in response.content.decode()
    response = board_client.post(
        url, {"number": "2540", "name": "Versicherungen Verein", "kind": "expense", "sphere": "ideell"}
    )
    assert response.status_code == 302
    with schema_context(club.schema_name):
        insurance.refresh_from_db()
        assert (insurance.name, insurance.sphere, insurance.is_active) == ("Versicherungen Verein", "ideell", False)


@pytest.mark.django_db
def test_amounts_with_thousands_separator_are_taken(club, board_client):
    """QA: '1.234,50' (as the pages print amounts) was refused with 'Bitte einen Betrag wie 49,90 eingeben'."""
    from office.models import Booking

    with schema_context(club.schema_name):
        booking = _booking()
    url = f"/admin/finanzen/buchung/{booking.pk}/"
    assert board_client.post(url, _post(booking, amount="-1.234,50")).status_code == 302
    with schema_context(club.schema_name):
        assert Booking.objects.get(pk=booking.pk).amount == Decimal("-1234.50")
    assert board_client.post(url, _post(booking, amount="2.000 €")).status_code == 302
    with schema_context(club.schema_name):
        assert Booking.objects.get(pk=booking.pk).amount == Decimal("2000.00")
    refused = board_client.post(url, _post(booking, amount="1.23,4"))
    assert refused.status_code == 400 and "Bitte einen Betrag wie 49,90 eingeben." in refused.content.decode()
    assert 'value="1.23,4"' in refused.content.decode()
