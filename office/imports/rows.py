"""One row of a member list turned into checked values: German dates (14.06.2026, 1.4.20, 2026-06-14),
German decimals (1.234,50), genders, statuses and yes/no in the words clubs use.

Problems are collected per row as German sentences; parsing never stops at the first one, so the
dry run can list everything at once. Cell values go into the report shown to the user only, never
into a log.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from office.constants import Gender, MemberStatus

from .mapping import FIELDS

DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
)
GENDERS = {
    "w": Gender.FEMALE,
    "weiblich": Gender.FEMALE,
    "f": Gender.FEMALE,
    "frau": Gender.FEMALE,
    "female": Gender.FEMALE,
    "m": Gender.MALE,
    "maennlich": Gender.MALE,
    "männlich": Gender.MALE,
    "herr": Gender.MALE,
    "male": Gender.MALE,
    "d": Gender.DIVERSE,
    "divers": Gender.DIVERSE,
    "x": Gender.DIVERSE,
}
STATUSES = {
    "aktiv": MemberStatus.ACTIVE,
    "active": MemberStatus.ACTIVE,
    "angemeldet": MemberStatus.ACTIVE,
    "mitglied": MemberStatus.ACTIVE,
    "passiv": MemberStatus.PASSIVE,
    "foerdernd": MemberStatus.PASSIVE,
    "fördernd": MemberStatus.PASSIVE,
    "foerdermitglied": MemberStatus.PASSIVE,
    "fördermitglied": MemberStatus.PASSIVE,
    "ehrenmitglied": MemberStatus.HONORARY,
    "ehren": MemberStatus.HONORARY,
    "jugend": MemberStatus.YOUTH,
    "ausgetreten": MemberStatus.LEFT,
    "abgemeldet": MemberStatus.LEFT,
    "antrag": MemberStatus.APPLICANT,
}
YES = {"ja", "j", "x", "1", "true", "wahr", "yes", "y"}
NO = {"nein", "n", "0", "false", "falsch", "no", ""}


def parse_date(text: str) -> datetime.date:
    """A date as typed in Germany; ValueError if it is none. Two-digit years: up to this year + 0 → 20xx."""
    text = text.strip()
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year = int(match["y"])
            if len(match["y"]) == 2:
                year += 2000 if year <= datetime.date.today().year % 100 else 1900
            return datetime.date(year, int(match["m"]), int(match["d"]))
    raise ValueError(text)


def parse_decimal(text: str) -> Decimal:
    """1.234,50 / 1234,5 / 1234.50 / "12,50 €" → Decimal; ValueError if it is none."""
    cleaned = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.234 is a thousand in German, not one point two
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(text) from None


def _split_street(value: str) -> tuple[str, str]:
    """ "Hauptstraße 12a" → ("Hauptstraße", "12a"); a street without a number stays whole."""
    match = re.match(r"^(.*?\D)\s*(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$", value.strip())
    if match:
        return match[1].strip(), match[2].replace(" ", "")
    return value.strip(), ""


@dataclass
class ParsedRow:
    line: int
    member: dict = field(default_factory=dict)  # fields of office.services.members.EDITABLE_FIELDS
    mandate: dict = field(default_factory=dict)  # fields of office.services.sepa.EDITABLE_FIELDS
    fee_group_name: str = ""
    department_names: list[str] = field(default_factory=list)
    opening_balance: Decimal | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what would happen besides the member itself

    @property
    def name(self) -> str:
        return f"{self.member.get('last_name', '')}, {self.member.get('first_name', '')}".strip(", ")


def _date(row: ParsedRow, target: str, text: str):
    try:
        return parse_date(text)
    except ValueError:
        row.problems.append(
            _("%(field)s „%(value)s“ ist kein Datum (erwartet z. B. 14.06.2026).")
            % {"field": FIELDS[target], "value": text}
        )
        return None


def _bool(row: ParsedRow, target: str, text: str) -> bool:
    folded = text.strip().lower()
    if folded in YES:
        return True
    if folded not in NO:
        row.problems.append(
            _("%(field)s „%(value)s“ ist weder Ja noch Nein.") % {"field": FIELDS[target], "value": text}
        )
    return False


def parse_row(line: int, cells: list[str], mapping: dict[int, str]) -> ParsedRow:
    row = ParsedRow(line=line)
    values = {target: cells[index].strip() for index, target in mapping.items() if index < len(cells)}
    member = row.member
    for target in ("title", "first_name", "last_name", "house_number", "postal_code", "town", "email"):
        if values.get(target):
            member[target] = values[target]
    for target in ("phone", "mobile", "notes"):
        if values.get(target):
            member[target] = values[target]
    if values.get("street"):
        street = values["street"]
        if "house_number" not in mapping.values():
            street, number = _split_street(street)
            if number:
                member["house_number"] = number
        member["street"] = street
    if values.get("country"):
        member["country"] = values["country"].upper()[:2]
    if values.get("number"):
        text = values["number"].strip()
        if text.isdigit() and int(text) > 0:
            member["number"] = int(text)
        else:
            row.problems.append(_("Mitgliedsnummer „%(value)s“ ist keine positive ganze Zahl.") % {"value": text})
    for target in ("birth_date", "joined_on", "left_on"):
        if values.get(target):
            day = _date(row, target, values[target])
            if day:
                member[target] = day
    if values.get("gender"):
        gender = GENDERS.get(values["gender"].strip().lower())
        if gender:
            member["gender"] = gender
        else:
            row.problems.append(_("Geschlecht „%(value)s“ ist unbekannt (w, m oder d).") % {"value": values["gender"]})
    if values.get("status"):
        status = STATUSES.get(values["status"].strip().lower())
        if status:
            member["status"] = status
        else:
            row.problems.append(
                _("Status „%(value)s“ ist unbekannt (aktiv, passiv, Ehrenmitglied, Jugend, ausgetreten).")
                % {"value": values["status"]}
            )
    if member.get("left_on") and "status" not in member and member["left_on"] <= datetime.date.today():
        member["status"] = MemberStatus.LEFT
    for target in ("photo_consent", "newsletter_consent"):
        if target in values:
            member[target] = _bool(row, target, values[target])
    row.fee_group_name = values.get("fee_group", "")
    row.department_names = [name.strip() for name in re.split(r"[,;|]", values.get("departments", "")) if name.strip()]
    if values.get("opening_balance"):
        try:
            row.opening_balance = parse_decimal(values["opening_balance"])
        except ValueError:
            row.problems.append(
                _("Offener Betrag „%(value)s“ ist kein Betrag (erwartet z. B. 12,50).")
                % {"value": values["opening_balance"]}
            )
    _mandate(row, values)
    for target in ("first_name", "last_name"):
        if not member.get(target):
            row.problems.append(_("%(field)s fehlt.") % {"field": FIELDS[target]})
    return row


def _mandate(row: ParsedRow, values: dict) -> None:
    if not values.get("iban"):
        for target in ("mandate_reference", "mandate_signed_on", "account_holder"):
            if values.get(target):
                row.problems.append(_("%(field)s ist angegeben, aber keine IBAN.") % {"field": FIELDS[target]})
                return
        return
    mandate = row.mandate
    mandate["iban"] = values["iban"]
    if values.get("bic"):
        mandate["bic"] = values["bic"]
    holder = values.get("account_holder") or " ".join(
        part for part in (row.member.get("first_name"), row.member.get("last_name")) if part
    )
    mandate["account_holder"] = holder[:70]
    if values.get("mandate_reference"):
        mandate["reference"] = values["mandate_reference"]
    if values.get("mandate_signed_on"):
        day = _date(row, "mandate_signed_on", values["mandate_signed_on"])
        if day:
            mandate["signed_on"] = day
    else:
        row.problems.append(_("Mandatsdatum fehlt: Ohne das Datum der Unterschrift gilt das Mandat nicht."))


def parse_rows(table, mapping: dict[int, str]) -> list[ParsedRow]:
    return [parse_row(line, cells, mapping) for line, cells in zip(table.line_numbers, table.rows, strict=True)]
