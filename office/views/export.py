"""Spreadsheet export of the member list for German Excel: CSV with ";" and a UTF-8 BOM, dates as
14.06.2026, cells that a spreadsheet would run as a formula made harmless; bank data only with the
bank-data permission (decided by the list view)."""

import csv
import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from office.selectors import user_sees_bank_data

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("number", _("Mitgliedsnummer")),
    ("title", _("Titel")),
    ("first_name", _("Vorname")),
    ("last_name", _("Nachname")),
    ("birth_date", _("Geburtsdatum")),
    ("gender", _("Geschlecht")),
    ("street", _("Straße")),
    ("house_number", _("Hausnummer")),
    ("postal_code", _("Postleitzahl")),
    ("town", _("Ort")),
    ("country", _("Land")),
    ("email", _("E-Mail")),
    ("phone", _("Telefon")),
    ("mobile", _("Mobiltelefon")),
    ("joined_on", _("Eintritt")),
    ("left_on", _("Austritt")),
    ("status", _("Status")),
    ("fee_group", _("Beitragsgruppe")),
    ("departments", _("Abteilungen")),
    ("balance", _("Offener Betrag")),
]
BANK_COLUMNS = [("active_iban", _("IBAN"))]


def export_columns(user) -> list[tuple[str, str]]:
    return COLUMNS + (BANK_COLUMNS if user_sees_bank_data(user) else [])


def row_values(member) -> dict:
    return {
        "number": member.number,
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "birth_date": member.birth_date,
        "gender": member.get_gender_display(),
        "street": member.street,
        "house_number": member.house_number,
        "postal_code": member.postal_code,
        "town": member.town,
        "country": member.country,
        "email": member.email,
        "phone": member.phone,
        "mobile": member.mobile,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "status": member.get_status_display(),
        "fee_group": member.fee_group.name if member.fee_group_id else "",
        "departments": ", ".join(d.name for d in member.departments.all()),
        "balance": getattr(member, "balance", Decimal("0")),
        "active_iban": getattr(member, "active_iban", "") or "",
    }


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def stream_csv(members, columns):
    writer = csv.writer(_Echo(), delimiter=";")
    yield BOM + writer.writerow([str(label) for _name, label in columns])
    for member in members:
        values = row_values(member)
        yield writer.writerow([csv_cell(values[name]) for name, _label in columns])


def xlsx_cell(value, sheet=None):
    """A value for openpyxl; with `sheet` (write-only) a date is a cell shown as 14.06.2026 in Excel."""
    if sheet is not None and isinstance(value, datetime.date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value
