"""Column headings of member lists mapped to the register's fields.

The headings per source are what their exports write, as far as public material shows:

* JVerein: the column titles of its member list (openjverein/jverein, MitgliedControl: "Name",
  "Vorname", "Strasse", "Datum des Mandats", "Mandat ID", "Kontoinhaber", "Externe Mitgliedsnummer" …);
* easyVerein, ClubDesk: their manuals name the fields but not the exact export headings; the
  headings below are our documented guesses from those field names ("Beitrittsdatum",
  "Mitgliedsgruppe", "E-Mail privat", "Datum Mandatserteilung" …);
* plain lists: the German headings people type ("Mitgliedsnummer", "Vorname", "PLZ", "Eintritt" …).

Headings are compared after folding (lower case, umlauts and ß spelt out, everything but letters and
digits dropped), so "E-Mail", "e_mail" and "EMail" are one heading. A heading nobody knows is left
for the mapping screen.
"""

import re

from django.utils.translation import gettext_lazy as _

# Target fields of an import, in the order of the mapping screen.
FIELDS: dict[str, str] = {
    "number": _("Mitgliedsnummer"),
    "title": _("Titel"),
    "first_name": _("Vorname"),
    "last_name": _("Nachname"),
    "birth_date": _("Geburtsdatum"),
    "gender": _("Geschlecht"),
    "street": _("Straße"),
    "house_number": _("Hausnummer"),
    "postal_code": _("Postleitzahl"),
    "town": _("Ort"),
    "country": _("Land"),
    "email": _("E-Mail"),
    "phone": _("Telefon"),
    "mobile": _("Mobiltelefon"),
    "joined_on": _("Eintritt"),
    "left_on": _("Austritt"),
    "status": _("Status"),
    "fee_group": _("Beitragsgruppe"),
    "departments": _("Abteilungen"),
    "photo_consent": _("Einwilligung Fotos"),
    "newsletter_consent": _("Einwilligung Newsletter"),
    "notes": _("Notizen"),
    "opening_balance": _("Offener Betrag (Übernahme)"),
    "iban": _("IBAN"),
    "bic": _("BIC"),
    "account_holder": _("Kontoinhaber/in"),
    "mandate_reference": _("Mandatsreferenz"),
    "mandate_signed_on": _("Mandatsdatum"),
}
BANK_TARGETS = frozenset({"iban", "bic", "account_holder", "mandate_reference", "mandate_signed_on"})

PLAIN = {
    "number": ["Mitgliedsnummer", "Mitgliedsnr", "Mitgliedsnr.", "Mitglieds-Nr.", "Mitglied-Nr", "Nr", "Nummer"],
    "title": ["Titel", "Akad. Titel"],
    "first_name": ["Vorname", "Vornamen"],
    "last_name": ["Nachname", "Familienname", "Name"],
    "birth_date": ["Geburtsdatum", "Geburtstag", "Geb.-Datum", "Geb. am", "geboren am"],
    "gender": ["Geschlecht", "Anrede"],
    "street": ["Straße", "Strasse", "Str.", "Straße und Hausnummer", "Adresse", "Anschrift"],
    "house_number": ["Hausnummer", "Hausnr", "Hausnr.", "Nr."],
    "postal_code": ["PLZ", "Postleitzahl"],
    "town": ["Ort", "Wohnort", "Stadt"],
    "country": ["Land", "Staat", "Ländercode"],
    "email": ["E-Mail", "Email", "Mail", "E-Mail-Adresse"],
    "phone": ["Telefon", "Tel.", "Telefon privat", "Festnetz"],
    "mobile": ["Mobil", "Handy", "Mobiltelefon", "Mobilnummer"],
    "joined_on": ["Eintritt", "Eintrittsdatum", "Eintritt am", "Mitglied seit"],
    "left_on": ["Austritt", "Austrittsdatum", "Austritt am"],
    "status": ["Status", "Mitgliedsstatus", "Mitgliedsart"],
    "fee_group": ["Beitragsgruppe", "Beitragsklasse", "Beitragsart", "Tarif"],
    "departments": ["Abteilung", "Abteilungen", "Sparte", "Sparten"],
    "photo_consent": ["Einwilligung Fotos", "Fotoerlaubnis", "Foto-Einwilligung"],
    "newsletter_consent": ["Einwilligung Newsletter", "Newsletter"],
    "notes": ["Notizen", "Bemerkung", "Bemerkungen", "Notiz"],
    "opening_balance": ["Offener Betrag", "Saldo", "Offene Posten", "Rückstand"],
    "iban": ["IBAN"],
    "bic": ["BIC", "SWIFT"],
    "account_holder": ["Kontoinhaber", "Kontoinhaberin", "Kontoinhaber/in", "Kontoinhaber Name"],
    "mandate_reference": ["Mandatsreferenz", "Mandatsref.", "Mandat-Referenz", "Mandat"],
    "mandate_signed_on": ["Mandatsdatum", "Mandat vom", "Mandatdatum", "Datum Mandat", "Unterschrift Mandat"],
}
JVEREIN = {
    "number": ["Externe Mitgliedsnummer", "ID"],
    "last_name": ["Name"],
    "street": ["Strasse"],
    "gender": ["Geschlecht"],
    "email": ["Email"],
    "phone": ["Telefon privat", "Telefon dienstlich"],
    "mobile": ["Handy"],
    "joined_on": ["Eintritt"],
    "left_on": ["Austritt"],
    "fee_group": ["Beitragsgruppe"],
    "account_holder": ["Kontoinhaber", "Kontoinhaber Name"],
    "mandate_reference": ["Mandat ID"],
    "mandate_signed_on": ["Datum des Mandats"],
    "notes": ["Vermerk 1", "Vermerk1"],
}
EASYVEREIN = {
    "number": ["Mitgliedsnummer", "Mitgliedsnr."],
    "first_name": ["Vorname"],
    "last_name": ["Nachname"],
    "birth_date": ["Geburtsdatum", "Geburtstag"],
    "email": ["E-Mail privat", "Primäre E-Mail", "E-Mail"],
    "phone": ["Telefon privat"],
    "mobile": ["Mobil privat", "Handy privat"],
    "joined_on": ["Beitrittsdatum", "Mitglied seit"],
    "left_on": ["Austrittsdatum", "Kündigung zum"],
    "fee_group": ["Mitgliedsgruppe", "Mitgliedsgruppen", "Beitragsgruppe"],
    "iban": ["IBAN"],
    "bic": ["BIC"],
    "account_holder": ["Kontoinhaber"],
    "mandate_reference": ["Mandatsreferenz", "SEPA-Mandatsreferenz"],
    "mandate_signed_on": ["Datum Mandatserteilung", "SEPA-Mandat erteilt am", "Mandat erteilt am"],
}
CLUBDESK = {
    "number": ["Mitgliedernummer", "Mitglieder-Nr."],
    "first_name": ["Vorname"],
    "last_name": ["Nachname"],
    "street": ["Adresse"],
    "postal_code": ["PLZ"],
    "town": ["Ort"],
    "birth_date": ["Geburtsdatum"],
    "email": ["E-Mail"],
    "phone": ["Telefon Privat"],
    "mobile": ["Mobile", "Telefon Mobil"],
    "joined_on": ["Eintritt", "Eintrittsdatum"],
    "left_on": ["Austritt", "Austrittsdatum"],
    "fee_group": ["Beitragskategorie", "Kategorie"],
    "departments": ["Gruppen"],
    "iban": ["IBAN"],
    "account_holder": ["Kontoinhaber"],
    "mandate_reference": ["Mandats-ID", "Mandatsreferenz"],
    "mandate_signed_on": ["Mandatsdatum"],
}
SOURCES = {"JVerein": JVEREIN, "easyVerein": EASYVEREIN, "ClubDesk": CLUBDESK, _("einfache Liste"): PLAIN}


def fold(heading: str) -> str:
    text = heading.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]", "", text)


def _known() -> dict[str, str]:
    known: dict[str, str] = {}
    # The plain list wins for headings that several sources use (later updates are skipped).
    for table in (PLAIN, JVEREIN, EASYVEREIN, CLUBDESK):
        for target, headings in table.items():
            for heading in headings:
                known.setdefault(fold(heading), target)
    return known


KNOWN = _known()


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """{column index: target field} for every heading that is known; each target at most once."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, heading in enumerate(headers):
        target = KNOWN.get(fold(heading))
        if target and target not in taken:
            mapping[index] = target
            taken.add(target)
    return mapping


def detect_source(headers: list[str]) -> str:
    """The program whose headings the file's headings resemble most (shown to the user only)."""
    folded = {fold(h) for h in headers}
    scores = {
        str(name): len(folded & {fold(h) for hs in table.values() for h in hs}) for name, table in SOURCES.items()
    }
    # A source-specific heading decides; headings every source shares do not.
    specific = {
        name: len(
            folded & ({fold(h) for hs in table.values() for h in hs} - {fold(h) for hs in PLAIN.values() for h in hs})
        )
        for name, table in SOURCES.items()
        if table is not PLAIN
    }
    best = max(specific, key=specific.get)
    return best if specific[best] else str(_("einfache Liste")) if scores else ""
