"""Member import: encodings (UTF-8, UTF-8 with BOM, Windows-1252), delimiters, XLSX, automatic column
mapping of the known exports, German dates and decimals, the dry-run report, all-or-nothing, the
command, the admin's upload → mapping → dry run → confirm, and 1,000 members within 10 s."""

import datetime
import io
import time
from decimal import Decimal

from django.core.management import CommandError, call_command

import pytest
from django_tenants.utils import schema_context

from office.imports import detect_source, guess_mapping, read_table
from office.imports.rows import parse_date, parse_decimal
from office.models import ChangeRecord, Department, Member, MemberAccountEntry, SepaMandate
from office.services.imports import ImportRefused, members_import

HEADER = "Mitgliedsnummer;Vorname;Nachname;Geburtsdatum;Straße;PLZ;Ort;E-Mail;Eintritt;IBAN;Kontoinhaber;Mandatsreferenz;Mandatsdatum;Beitragsgruppe;Abteilung;Saldo"
ROWS = [
    "501;Jürgen;Müller;14.06.1975;Hauptstraße 12a;12345;Köln;j@example.org;01.04.2001;DE89 3704 0044 0532 0130 00;Jürgen Müller;ALT-0001;15.03.2014;Erwachsene;Fußball;12,50",
    "502;Anna-Lena;Weiß;3.2.1988;Bahnhofstr. 5;12345;Köln;;1.1.10;;;;;Erwachsene;Fußball, Tennis;",
]


def _csv(encoding: str, delimiter: str = ";") -> bytes:
    text = "\r\n".join([HEADER, *ROWS]).replace(";", delimiter) if delimiter != ";" else "\r\n".join([HEADER, *ROWS])
    if delimiter == ",":
        # commas inside cells (Abteilung, Saldo) must be quoted
        text = "\r\n".join(",".join(f'"{cell}"' for cell in line.split(";")) for line in [HEADER, *ROWS])
    return text.encode(encoding)


@pytest.fixture
def fee_group(club):
    from office.models import FeeGroup
    from office.services.fees import office_object_save

    with schema_context(club.schema_name):
        return office_object_save(instance=FeeGroup(name="Erwachsene", amount=Decimal("120")), by=None)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_csv("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + _csv("utf-8"), "UTF-8 mit BOM"),
        (_csv("cp1252"), "Windows-1252"),
        (_csv("cp1252", ","), "Windows-1252"),
    ],
)
def test_three_encodings_and_both_delimiters_read_the_same(data, encoding):
    table = read_table(data, "liste.csv")
    assert table.encoding == encoding
    assert table.headers[2] == "Nachname" and table.headers[4] == "Straße"
    assert table.rows[0][1] == "Jürgen" and table.rows[1][2] == "Weiß"
    assert table.rows[1][14] == "Fußball, Tennis"


def test_xlsx_made_here_is_read_with_real_dates():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Vorname", "Name", "Geburtsdatum", "Eintritt", "Externe Mitgliedsnummer", "Datum des Mandats"])
    sheet.append(["Jörg", "Öztürk", datetime.datetime(1980, 5, 17), datetime.date(2010, 1, 1), 77, None])
    output = io.BytesIO()
    workbook.save(output)
    table = read_table(output.getvalue(), "export.xlsx")
    assert table.kind == "xlsx" and table.rows[0] == ["Jörg", "Öztürk", "17.05.1980", "01.01.2010", "77", ""]
    assert detect_source(table.headers) == "JVerein"
    mapping = guess_mapping(table.headers)
    assert [mapping[i] for i in range(6)] == [
        "first_name",
        "last_name",
        "birth_date",
        "joined_on",
        "number",
        "mandate_signed_on",
    ]


def test_known_headings_of_the_programs_are_mapped():
    assert guess_mapping(["Vorname", "Nachname", "Beitrittsdatum", "Mitgliedsgruppe", "E-Mail privat"]) == {
        0: "first_name",
        1: "last_name",
        2: "joined_on",
        3: "fee_group",
        4: "email",
    }
    assert detect_source(["Vorname", "Nachname", "Beitrittsdatum", "Mitgliedsgruppe"]) == "easyVerein"
    assert guess_mapping(["Mitgliedernummer", "Adresse", "Beitragskategorie"]) == {
        0: "number",
        1: "street",
        2: "fee_group",
    }
    assert guess_mapping(["Lieblingsfarbe", "VORNAME"]) == {1: "first_name"}


def test_german_dates_and_decimals():
    assert parse_date("14.06.2026") == datetime.date(2026, 6, 14)
    assert parse_date("1.4.20") == datetime.date(2020, 4, 1)
    assert parse_date("2026-06-14") == datetime.date(2026, 6, 14)
    assert parse_date("3.2.75") == datetime.date(1975, 2, 3)
    with pytest.raises(ValueError):
        parse_date("31.02.2020")
    assert parse_decimal("1.234,50") == Decimal("1234.50")
    assert parse_decimal("12,5 €") == Decimal("12.50")
    assert parse_decimal("1.000") == Decimal("1000.00")


@pytest.mark.django_db
def test_import_creates_members_mandates_history_and_keeps_the_mandate(club, fee_group):
    table = read_table(_csv("cp1252"), "liste.csv")
    with schema_context(club.schema_name):
        report = members_import(table=table, mapping=guess_mapping(table.headers), dry_run=False, by=None)
        assert report.ok and report.created == 2
        muller = Member.objects.get(number=501)
        assert (muller.first_name, muller.street, muller.house_number) == ("Jürgen", "Hauptstraße", "12a")
        assert muller.birth_date == datetime.date(1975, 6, 14) and muller.fee_group == fee_group
        mandate = SepaMandate.objects.get(member=muller)
        assert mandate.reference == "ALT-0001" and mandate.signed_on == datetime.date(2014, 3, 15)
        assert mandate.iban == "DE89370400440532013000"
        weiss = Member.objects.get(number=502)
        assert weiss.joined_on == datetime.date(2010, 1, 1)
        assert sorted(weiss.departments.values_list("name", flat=True)) == ["Fußball", "Tennis"]
        assert MemberAccountEntry.objects.get(member=muller).amount == Decimal("12.50")
        assert ChangeRecord.objects.filter(action="import", object_type="member").count() == 2
        assert ChangeRecord.objects.filter(action="import", object_type="sepamandate", member_id=muller.pk).exists()


@pytest.mark.django_db
def test_dry_run_reports_every_problem_in_german_and_writes_nothing(club, fee_group):
    lines = [
        HEADER,
        # invalid IBAN, unknown fee group
        "1;Eva;Klein;01.01.1990;Weg 1;12345;Ort;;01.01.2020;DE00 1234;Eva Klein;REF-1;01.01.2020;Senioren;;",
        # unparseable date
        "2;Max;Groß;32.13.1990;Weg 2;12345;Ort;;gestern;;;;;Erwachsene;;",
        # duplicate number inside the file, duplicate person inside the file
        "1;Eva;Klein;01.01.1990;Weg 1;12345;Ort;;01.01.2020;;;;;;;",
    ]
    table = read_table("\n".join(lines).encode(), "x.csv")
    with schema_context(club.schema_name):
        before = Member.objects.count()
        report = members_import(table=table, mapping=guess_mapping(table.headers), dry_run=True, by=None)
        assert Member.objects.count() == before
    text = report.as_text()
    assert "Zeile 2: FEHLER: IBAN: Diese IBAN ist ungültig" in text
    assert "Beitragsgruppe „Senioren“ gibt es nicht" in text
    assert "Geburtsdatum „32.13.1990“ ist kein Datum" in text and "Eintritt „gestern“ ist kein Datum" in text
    assert "Doppelt: Die Mitgliedsnummer 1 steht schon in Zeile 2." in text
    assert "Doppelt: Klein, Eva mit diesem Geburtsdatum steht schon in Zeile 2." in text
    assert "Zeile 2: Mitglied Klein, Eva (Nr. 1) wird angelegt." in text


@pytest.mark.django_db
def test_real_import_is_all_or_nothing(club, office_data):
    existing = office_data["member"]
    lines = [
        "Vorname;Nachname;Geburtsdatum;Beitragsgruppe",
        "Neu;Person;01.01.1990;Erwachsene",
        f"{existing.first_name};{existing.last_name};{existing.birth_date:%d.%m.%Y};Erwachsene",
    ]
    table = read_table("\n".join(lines).encode(), "x.csv")
    with schema_context(club.schema_name):
        before = Member.objects.count()
        with pytest.raises(ImportRefused) as refused:
            members_import(table=table, mapping=guess_mapping(table.headers), dry_run=False, by=None)
        assert "ist schon Mitglied" in refused.value.report.as_text()
        assert Member.objects.count() == before and not Member.objects.filter(last_name="Person").exists()


@pytest.mark.django_db
def test_command_dry_run_and_import(club, fee_group, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv("utf-8"))
    out = io.StringIO()
    call_command("import_members", "--club", "alpha", str(path), "--dry-run", stdout=out)
    assert "Probelauf ohne Fehler: 2 Mitglieder" in out.getvalue()
    with schema_context(club.schema_name):
        assert not Member.objects.filter(number=501).exists()
    call_command("import_members", "--club", "alpha", str(path), stdout=out)
    with schema_context(club.schema_name):
        assert Member.objects.filter(number__in=[501, 502]).count() == 2
    # again: every row is now a duplicate, nothing more is imported
    with pytest.raises(CommandError, match="nichts importiert"):
        call_command("import_members", "--club", "alpha", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="gibt es nicht"):
        call_command("import_members", "--club", "nirgendwo", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_thousand_members_within_ten_seconds(club, fee_group):
    lines = ["Vorname;Nachname;Geburtsdatum;Straße;PLZ;Ort;Eintritt;IBAN;Mandatsdatum;Beitragsgruppe;Abteilung"]
    for i in range(1000):
        lines.append(
            f"Vorname{i};Nachname{i};{1 + i % 28:02d}.0{1 + i % 9}.19{50 + i % 50};Weg {i};12345;Ort;01.01.2020;"
            f"DE89370400440532013000;01.02.2020;Erwachsene;{'Fußball' if i % 2 else 'Tennis'}"
        )
    data = "\n".join(lines).encode("cp1252")
    started = time.perf_counter()
    table = read_table(data, "gross.csv")
    with schema_context(club.schema_name):
        report = members_import(table=table, mapping=guess_mapping(table.headers), dry_run=False, by=None)
        elapsed = time.perf_counter() - started
        assert report.created == 1000, report.as_text()[:500]
        assert SepaMandate.objects.filter(member__last_name__startswith="Nachname").count() == 1000
        assert ChangeRecord.objects.filter(action="import").count() == 2000
        assert Department.objects.filter(name__in=["Fußball", "Tennis"]).count() == 2
    assert elapsed < 10, elapsed


@pytest.mark.django_db
def test_admin_upload_mapping_dry_run_confirm(club, fee_group, board_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", _csv("cp1252"), content_type="text/csv")
    mapping_page = board_client.post("/admin/mitglieder/import/", {"step": "upload", "file": upload})
    body = mapping_page.content.decode()
    assert mapping_page.status_code == 200 and "Windows-1252" in body
    assert '<option value="last_name" selected>' in body
    token = mapping_page.context["token"]
    columns = {f"column_{c['index']}": c["target"] for c in mapping_page.context["columns"]}
    check = board_client.post("/admin/mitglieder/import/", {"step": "check", "token": token, **columns})
    assert "Keine Fehler: 2 Mitglieder würden angelegt." in check.content.decode()
    with schema_context(club.schema_name):
        assert not Member.objects.filter(number=501).exists()
    done = board_client.post("/admin/mitglieder/import/", {"step": "import", "token": token, **columns})
    assert done.status_code == 302
    with schema_context(club.schema_name):
        assert Member.objects.filter(number__in=[501, 502]).count() == 2
    # A forged token is refused, nothing breaks.
    again = board_client.post("/admin/mitglieder/import/", {"step": "check", "token": "x", **columns})
    assert again.status_code == 302


@pytest.mark.django_db
def test_admin_refuses_bank_columns_without_bank_permission(club, fee_group, members_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", _csv("utf-8"), content_type="text/csv")
    page = members_client.post("/admin/mitglieder/import/", {"step": "upload", "file": upload})
    columns = {f"column_{c['index']}": c["target"] for c in page.context["columns"]}
    check = members_client.post(
        "/admin/mitglieder/import/", {"step": "check", "token": page.context["token"], **columns}
    )
    assert "Die Datei enthält Bankdaten" in check.content.decode()
    bad = members_client.post(
        "/admin/mitglieder/import/", {"step": "upload", "file": SimpleUploadedFile("a.xls", b"x")}
    )
    assert "Alte Excel-Dateien" in bad.content.decode()
