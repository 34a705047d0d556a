"""Reads an uploaded member list into a table of strings: XLSX (openpyxl) or CSV with comma or
semicolon, in UTF-8, UTF-8 with BOM or Windows-1252 (what German Excel writes).

The encoding is found by trying UTF-8 strictly first: Windows-1252 text with umlauts is almost never
valid UTF-8, while every byte string is "valid" Windows-1252, so the order matters.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """The file cannot be read as a member list; the message is German and meant for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # every row as long as the headers; cells stripped
    kind: str = "csv"  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    first_line: int = 2  # the line (CSV) or row (XLSX) number of rows[0], for the report
    line_numbers: list[int] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name as shown): UTF-8 with BOM, UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 mit BOM"
    try:
        return data.decode("utf-8", errors="strict"), "UTF-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; they never occur in a real list, "replace" keeps the rest.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(";,\t", key=first.count)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def _finish(headers: list[str], raw_rows, kind: str, **extra) -> Table:
    headers = [_cell(h) for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise TableError(_("Die erste Zeile muss die Spaltenüberschriften enthalten; sie ist leer."))
    rows, numbers = [], []
    for number, raw in raw_rows:
        cells = [_cell(value) for value in raw][: len(headers)]
        if not any(cells):
            continue  # blank lines (Excel often leaves some at the end)
        rows.append(cells + [""] * (len(headers) - len(cells)))
        numbers.append(number)
        if len(rows) > MAX_ROWS:
            raise TableError(
                _("Die Datei hat mehr als %(max)d Zeilen; bitte in Teilen importieren.") % {"max": MAX_ROWS}
            )
    if not rows:
        raise TableError(_("Die Datei enthält keine Mitglieder (nur Überschriften)."))
    return Table(headers=headers, rows=rows, kind=kind, line_numbers=numbers, **extra)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableError(_("Die Excel-Datei lässt sich nicht öffnen. Bitte als .xlsx oder .csv speichern.")) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        headers = list(next(rows))
    except StopIteration:
        raise TableError(_("Die Excel-Tabelle ist leer.")) from None
    table = _finish(headers, ((number, row) for number, row in enumerate(rows, start=2)), "xlsx")
    workbook.close()
    return table


def read_table(data: bytes, filename: str = "") -> Table:
    """The table of an uploaded file; TableError with a German reason if it is none."""
    if not data:
        raise TableError(_("Die Datei ist leer."))
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if filename.lower().endswith(".xls"):
        raise TableError(_("Alte Excel-Dateien (.xls) werden nicht gelesen. Bitte als .xlsx oder .csv speichern."))
    text, encoding = decode(data)
    if "\x00" in text:
        raise TableError(_("Das ist keine Text- oder Excel-Datei. Bitte eine .csv- oder .xlsx-Datei wählen."))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
        body = [(reader.line_num, row) for row in reader]
    except StopIteration:
        raise TableError(_("Die Datei ist leer.")) from None
    except csv.Error as error:
        raise TableError(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": error}) from None
    return _finish(headers, body, "csv", encoding=encoding, delimiter=delimiter)
