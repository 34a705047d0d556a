"""Data protection of the office: Art. 15 answer (JSON + PDF in one click), anonymisation of leavers
after the retention periods (§ 147 AO, per club), the Art. 30 record as PDF, no member data in logs."""

import datetime
import io
import json
import logging
import zipfile
from decimal import Decimal

from django.core.management import call_command

import pytest
from django_tenants.utils import schema_context

from office.constants import EntryKind
from office.models import ChangeRecord, Member, MemberAnonymisation, SepaMandate
from office.services.privacy import (
    anonymisation_due_on,
    member_data_json,
    members_anonymise_due,
    retention_settings,
    retention_settings_update,
)

from .conftest import VICTIM_IBAN, VICTIM_NAME


def _leave(club, member, left_on):
    from office.services.members import member_leave

    with schema_context(club.schema_name):
        return member_leave(member=member, left_on=left_on, by=None)


@pytest.mark.django_db
def test_member_data_in_one_click_as_zip_with_json_and_pdf(board_client, office_data):
    member = office_data["member"]
    response = board_client.get(f"/admin/mitglieder/auskunft/{member.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names == [f"auskunft-{member.number}.json", f"auskunft-{member.number}.pdf"]
    data = json.loads(archive.read(names[0]))
    assert data["stammdaten"]["Nachname"] == VICTIM_NAME and data["stammdaten"]["Abteilungen"] == ["Fußball"]
    assert data["sepa_mandate"][0]["IBAN"] == VICTIM_IBAN
    assert data["beitragskonto"][0]["Betrag"] == "120,00"
    assert data["einwilligungen"]["Fotos"]["erteilt"] is False
    assert any("(angelegt)" in record["Was"] for record in data["aenderungen"])
    assert not any("(create)" in record["Was"] for record in data["aenderungen"])
    assert archive.read(names[1]).startswith(b"%PDF")
    pdf = board_client.get(f"/admin/mitglieder/auskunft/{member.pk}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    detail = board_client.get(f"/admin/mitglieder/inspect/{member.pk}/").content.decode()
    assert f"/admin/mitglieder/auskunft/{member.pk}/" in detail


@pytest.mark.django_db
def test_member_data_needs_the_bank_permission(members_client, office_data):
    assert members_client.get(f"/admin/mitglieder/auskunft/{office_data['member'].pk}/").status_code == 403
    assert members_client.get("/admin/mitglieder/datenschutz/").status_code == 403


def test_retention_counts_from_the_end_of_the_year():
    from office.models import RetentionSettings

    settings = RetentionSettings(books_years=10, vouchers_years=8, letters_years=6)
    member = Member(status="left", left_on=datetime.date(2020, 3, 1))
    assert anonymisation_due_on(member=member, settings=settings, last_booking=None) == datetime.date(2026, 12, 31)
    booked = anonymisation_due_on(member=member, settings=settings, last_booking=datetime.date(2020, 1, 15))
    assert booked == datetime.date(2028, 12, 31)
    assert anonymisation_due_on(member=Member(status="active"), settings=settings, last_booking=None) is None


@pytest.mark.django_db
def test_leavers_are_anonymised_after_retention_amounts_stay(club, office_data):
    member = office_data["member"]  # one due booked on 15.01.2026
    _leave(club, member, datetime.date(2026, 1, 31))
    with schema_context(club.schema_name):
        assert members_anonymise_due(today=datetime.date(2034, 12, 31)) == 0  # vouchers: until 31.12.2034
        assert members_anonymise_due(today=datetime.date(2035, 1, 1)) == 1
        assert members_anonymise_due(today=datetime.date(2035, 1, 2)) == 0  # idempotent
        stored = Member.objects.get(pk=member.pk)
        assert stored.last_name == f"Mitglied {stored.number}" and stored.first_name == "anonymisiert"
        assert stored.birth_date is None and stored.street == "" and not stored.departments.exists()
        assert stored.account_entries.get().amount == Decimal("120.00")
        mandate = SepaMandate.objects.get(member=stored)
        assert mandate.iban == "" and mandate.account_holder == "anonymisiert"
        text = json.dumps(list(ChangeRecord.objects.filter(member_id=stored.pk).values("changes", "object_repr")))
        assert VICTIM_NAME not in text and VICTIM_IBAN not in text
        assert MemberAnonymisation.objects.get(member=stored).due_since == datetime.date(2034, 12, 31)


@pytest.mark.django_db
def test_retention_is_set_per_club_and_the_command_runs_every_club(club, office_data):
    from office.services.fees import account_entry_add

    member = office_data["member"]
    with schema_context(club.schema_name):
        retention_settings_update(data={"vouchers_years": 2, "letters_years": 1}, by=None)
        assert retention_settings().books_years == 10
        account_entry_add(
            member=member,
            data={"booked_on": datetime.date(2026, 2, 1), "kind": EntryKind.PAYMENT, "amount": Decimal("120")},
            by=None,
        )
    _leave(club, member, datetime.date(2026, 2, 1))
    out = io.StringIO()
    call_command("office_retention", "--today", "01.01.2029", stdout=out)
    assert "Anonymisierte Mitglieder: 1 in 1 Vereinen." in out.getvalue()
    with schema_context(club.schema_name):
        assert Member.objects.get(pk=member.pk).first_name == "anonymisiert"


@pytest.mark.django_db
def test_processing_record_pdf(board_client, club, office_data):
    response = board_client.get("/admin/mitglieder/datenschutz/verzeichnis/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    page = board_client.get("/admin/mitglieder/datenschutz/")
    assert page.status_code == 200 and "Aufbewahrungsfristen" in page.content.decode()
    refused = board_client.post(
        "/admin/mitglieder/datenschutz/", {"books_years": "0", "vouchers_years": "8", "letters_years": "6"}
    )
    assert refused.status_code == 200 and 'value="0"' in refused.content.decode()  # typed value kept
    with schema_context(club.schema_name):
        assert retention_settings().books_years == 10


@pytest.mark.django_db
def test_no_member_data_in_any_log_line(caplog, club, office_data):
    from office.imports import guess_mapping, read_table
    from office.services.imports import members_import

    member = office_data["member"]
    secret_mail = "geheim.mitglied@example.org"
    lines = ["Vorname;Nachname;E-Mail;IBAN;Mandatsdatum", f"Zora;{VICTIM_NAME}-2;{secret_mail};DE00 0000;01.01.2020"]
    caplog.set_level(logging.DEBUG)
    with schema_context(club.schema_name):
        table = read_table("\n".join(lines).encode(), "x.csv")
        members_import(table=table, mapping=guess_mapping(table.headers), dry_run=True, by=None)
        member_data_json(member=member)
        _leave(club, member, datetime.date(2010, 1, 1))
        members_anonymise_due(today=datetime.date(2030, 1, 1))
    text = caplog.text
    for secret in (VICTIM_NAME, VICTIM_IBAN, secret_mail, "Hauptstraße"):
        assert secret not in text


def test_logging_filter_redacts_iban_and_email():
    from office.log_filters import MemberDataFilter

    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "Fehler bei %s (%s)", (VICTIM_IBAN, "a.b@example.org"), None
    )
    MemberDataFilter().filter(record)
    assert VICTIM_IBAN not in record.getMessage() and "a.b@example.org" not in record.getMessage()
    assert "[entfernt]" in record.getMessage()


def test_error_reports_of_office_views_hide_posted_values_and_locals():
    from django.test import RequestFactory

    from office.log_filters import OfficeExceptionReporterFilter

    request = RequestFactory().post("/admin/mitglieder/import/", {"name": VICTIM_NAME})
    params = OfficeExceptionReporterFilter().get_post_parameters(request)
    assert VICTIM_NAME not in str(dict(params))
