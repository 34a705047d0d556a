"""The inbox export (CSV and XLSX): German headings, Berlin time without microseconds, Ja/Nein."""

import csv
import io
from datetime import UTC, datetime

import pytest

from forms_assistant.models import Application

LIST = "/admin/forms_assistant/application/"
HEADINGS = [
    "Aktenzeichen",
    "Antrag",
    "Verein",
    "Behörde",
    "Veranstaltungsdatum",
    "Status",
    "Verspätet",
    "Eingereicht am",
]


@pytest.fixture
def exported(submitted):
    # 14:00:00.123456 UTC in June is 16:00 in Berlin (summer time).
    Application.objects.filter(pk=submitted.pk).update(
        submitted_at=datetime(2026, 6, 14, 14, 0, 0, 123456, tzinfo=UTC), is_late=True
    )
    return submitted


def test_csv_export_has_german_headings_berlin_time_and_ja_nein(staff_client, exported):
    response = staff_client.get(LIST, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == HEADINGS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Eingereicht am"] == "14.06.2026 16:00"
    assert row["Verspätet"] == "Ja"
    assert row["Status"] == "Eingereicht"
    assert row["Veranstaltungsdatum"] == exported.event_date.strftime("%d.%m.%Y")


def test_xlsx_export_has_german_headings_and_berlin_time(staff_client, exported):
    from openpyxl import load_workbook

    response = staff_client.get(LIST, {"export": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADINGS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Eingereicht am"] == datetime(2026, 6, 14, 16, 0)  # Berlin, naive, no microseconds
    assert row["Verspätet"] == "Ja"
