"""Demo data of the application assistant: two authorities with staff logins, four realistic form
templates with rules and pre-fill, planned events of the demo clubs and applications in several
states (draft, submitted, in review, question, approved, rejected, withdrawn).

Everything goes through the app's services (the same ones the screens use). Idempotent: an
authority, template, event or application that exists is left as it is.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from cms.demo import DEMO_PASSWORD
from sites.clubs.models import Club

from .authoring import authority_lead_add, authority_setup_authoring
from .constants import ApplicationStatus as S
from .constants import Side
from .models import Application, Authority, FormTemplatePage, PlannedEvent
from .services import (
    Actor,
    application_save_step,
    application_start,
    application_submit,
    application_transition,
    attachment_add,
    authority_save,
    form_template_save,
    planned_event_save,
    staff_user_ensure,
)

ORDNUNGSAMT = "Ordnungsamt Musterstadt"
KREIS = "Kreisverwaltung Musterland"

AUTHORITIES = {
    ORDNUNGSAMT: {
        "department": "Abteilung Sicherheit und Ordnung, Sachgebiet Veranstaltungen",
        "street": "Rathausplatz 1",
        "postal_code": "12345",
        "town": "Musterstadt",
        "email": "veranstaltungen@ordnungsamt-musterstadt.example",
        "phone": "01234 567-310",
        "opening_hours": "Mo–Fr 8–12 Uhr, Do 14–18 Uhr",
        "staff_group_name": "Behörde: Ordnungsamt Musterstadt",
        "retention_days": 730,
    },
    KREIS: {
        "department": "Fachbereich Ehrenamt, Sport und Kultur",
        "street": "Kreishausstraße 5",
        "postal_code": "12400",
        "town": "Kreisstadt",
        "email": "ehrenamt@kreis-musterland.example",
        "phone": "09876 54-2200",
        "opening_hours": "Mo–Do 8–16 Uhr, Fr 8–12 Uhr",
        "staff_group_name": "Behörde: Kreisverwaltung Musterland",
        "retention_days": 3650,
    },
}

# (authority, e-mail = user name, name); listed in cms.demo.DEMO_LOGINS.
STAFF = [
    (ORDNUNGSAMT, "sachbearbeitung@ordnungsamt-musterstadt.example", "Jonas Weber"),
    (KREIS, "foerderung@kreis-musterland.example", "Petra Lange"),
]
# The leads approve and publish the templates their clerks submit ("Freigabe <Behörde>").
LEADS = [
    (ORDNUNGSAMT, "leitung@ordnungsamt-musterstadt.example", "Sabine Koch"),
    (KREIS, "leitung@kreis-musterland.example", "Thomas Brandt"),
]


def _f(key, kind, label, *, required=False, prefill="", help="", **extra) -> dict:
    return {"key": key, "kind": kind, "label": label, "required": required, "prefill": prefill, "help": help, **extra}


def _info(key, label, text) -> dict:
    return {"key": key, "kind": "info", "label": label, "text": f"<p>{text}</p>"}


def _rule(target, action, field, op, value="", *more, match="all") -> dict:
    conditions = [{"field": field, "op": op, "value": value}]
    conditions += [{"field": f, "op": o, "value": v} for f, o, v in more]
    return {"target": target, "action": action, "match": match, "conditions": conditions}


APPLICANT = [
    _f("verein_name", "text", "Name des Vereins", required=True, prefill="club.name"),
    _f("verein_anschrift", "address", "Anschrift des Vereins", required=True, prefill="club.address"),
    _f("ansprechperson", "text", "Ansprechperson", required=True, prefill="club.contact_name"),
    _f("email", "email", "E-Mail", required=True, prefill="club.email"),
    _f("telefon", "phone", "Telefon (tagsüber erreichbar)", required=True, prefill="club.phone"),
]

SONDERNUTZUNG = {
    "steps": [
        {"key": "antragsteller", "title": "Antragsteller", "intro": "", "fields": APPLICANT},
        {
            "key": "nutzung",
            "title": "Art und Ort der Nutzung",
            "intro": "Welche öffentliche Fläche möchten Sie wann nutzen?",
            "fields": [
                _f("anlass", "text", "Anlass", required=True, prefill="event.title"),
                _f("zeitraum", "daterange", "Zeitraum der Nutzung", required=True, prefill="event.dates"),
                _f("beginn", "time", "Beginn (Uhrzeit)", prefill="event.time_start"),
                _f("ende", "time", "Ende (Uhrzeit)", prefill="event.time_end"),
                _f(
                    "lage",
                    "text",
                    "Genaue Lage (Straße, Platz, Abschnitt)",
                    required=True,
                    prefill="event.place_description",
                ),
                _f("flaeche", "number", "Genutzte Fläche in m²", required=True, help="Ungefähr genügt, z. B. 400."),
                _f("besucher", "number", "Erwartete Besucherzahl", required=True, prefill="event.expected_visitors"),
            ],
        },
        {
            "key": "aufbauten",
            "title": "Aufbauten und Verkehr",
            "intro": "",
            "fields": [
                _f(
                    "aufbauten",
                    "multichoice",
                    "Was bauen Sie auf?",
                    choices=[
                        ["stand", "Verkaufsstände"],
                        ["zelt", "Zelte"],
                        ["buehne", "Bühne"],
                        ["tische", "Tische und Bänke"],
                        ["absperrung", "Absperrgitter"],
                    ],
                ),
                _f(
                    "staende",
                    "repeat",
                    "Verkaufsstände",
                    help="Eine Zeile pro Stand.",
                    subfields=[
                        {"key": "angebot", "kind": "text", "label": "Angebot", "required": True},
                        {"key": "laenge", "kind": "number", "label": "Frontlänge (m)", "required": True},
                    ],
                ),
                _info(
                    "zelt_hinweis",
                    "Hinweis zu Zelten",
                    "Zelte über 75 m² brauchen ein Prüfbuch (fliegender Bau). Bitte legen Sie es bei der Abnahme vor.",
                ),
                _f(
                    "sperrung",
                    "yesno",
                    "Muss eine Straße gesperrt werden?",
                    required=True,
                    prefill="event.street_closure",
                ),
                _f(
                    "sperrung_details",
                    "textarea",
                    "Welche Straße, von wann bis wann?",
                    help="Die Verkehrsbehörde ordnet die Sperrung an; Umleitungen plant sie mit Ihnen.",
                ),
                _f("lageplan", "file", "Lageplan mit eingezeichneten Aufbauten", required=True),
            ],
        },
    ],
    "rules": [
        _rule("staende", "show", "aufbauten", "contains", "stand"),
        _rule("staende", "require", "aufbauten", "contains", "stand"),
        _rule("zelt_hinweis", "show", "aufbauten", "contains", "zelt"),
        _rule("sperrung_details", "show", "sperrung", "yes"),
        _rule("sperrung_details", "require", "sperrung", "yes"),
    ],
}

GESTATTUNG = {
    "steps": [
        {
            "key": "veranstalter",
            "title": "Veranstalter",
            "intro": "",
            "fields": [
                _f("verein_name", "text", "Name des Vereins", required=True, prefill="club.name"),
                _f("registergericht", "text", "Registergericht", prefill="club.register_court"),
                _f("registernummer", "text", "Vereinsregisternummer", prefill="club.register_number"),
                _f("verein_anschrift", "address", "Anschrift des Vereins", required=True, prefill="club.address"),
                _f(
                    "vorsitz",
                    "text",
                    "Vertretungsberechtigte Person (Vorsitz)",
                    required=True,
                    prefill="club.chair_name",
                ),
                _f("telefon", "phone", "Telefon", required=True, prefill="club.phone"),
            ],
        },
        {
            "key": "ausschank",
            "title": "Ausschank",
            "intro": "Eine Gestattung erlaubt den vorübergehenden Ausschank aus besonderem Anlass.",
            "fields": [
                _f("anlass", "text", "Besonderer Anlass", required=True, prefill="event.title"),
                _f("zeitraum", "daterange", "Tage des Ausschanks", required=True, prefill="event.dates"),
                _f("beginn", "time", "Ausschank ab", required=True, prefill="event.time_start"),
                _f("ende", "time", "Ausschank bis", required=True, prefill="event.time_end"),
                _f("ort", "text", "Ort des Ausschanks", required=True, prefill="event.place_description"),
                _f(
                    "alkohol",
                    "yesno",
                    "Werden alkoholische Getränke ausgeschenkt?",
                    required=True,
                    prefill="event.serves_alcohol",
                ),
                _f(
                    "getraenke",
                    "multichoice",
                    "Welche alkoholischen Getränke?",
                    choices=[["bier", "Bier"], ["wein", "Wein und Sekt"], ["spirituosen", "Spirituosen"]],
                ),
                _info(
                    "spirituosen_hinweis",
                    "Hinweis zu Spirituosen",
                    "Spirituosen dürfen nicht an Personen unter 18 Jahren abgegeben werden (§ 9 JuSchG). "
                    "Bitte planen Sie eine Alterskontrolle am Ausschank.",
                ),
                _f("jugendschutz", "text", "Wer achtet auf den Jugendschutz?"),
                _f("speisen", "yesno", "Werden auch Speisen abgegeben?", required=True, prefill="event.sells_food"),
                _f(
                    "belehrung",
                    "text",
                    "Person mit Belehrung nach § 43 Infektionsschutzgesetz",
                    help="Name der Person, die die Belehrung durch das Gesundheitsamt hat.",
                ),
                _f(
                    "verantwortliche",
                    "repeat",
                    "Verantwortliche am Ausschank",
                    required=True,
                    subfields=[
                        {"key": "name", "kind": "text", "label": "Name", "required": True},
                        {"key": "telefon", "kind": "phone", "label": "Handy", "required": False},
                    ],
                ),
            ],
        },
    ],
    "rules": [
        _rule("getraenke", "show", "alkohol", "yes"),
        _rule("getraenke", "require", "alkohol", "yes"),
        _rule("jugendschutz", "show", "alkohol", "yes"),
        _rule("jugendschutz", "require", "alkohol", "yes"),
        _rule("spirituosen_hinweis", "show", "getraenke", "contains", "spirituosen"),
        _rule("belehrung", "show", "speisen", "yes"),
        _rule("belehrung", "require", "speisen", "yes"),
    ],
}

ANZEIGE = {
    "steps": [
        {"key": "veranstalter", "title": "Veranstalter", "intro": "", "fields": APPLICANT},
        {
            "key": "veranstaltung",
            "title": "Veranstaltung",
            "intro": "",
            "fields": [
                _f("titel", "text", "Titel der Veranstaltung", required=True, prefill="event.title"),
                _f("beschreibung", "textarea", "Was findet statt?", required=True, prefill="event.description"),
                _f("zeitraum", "daterange", "Datum", required=True, prefill="event.dates"),
                _f("beginn", "time", "Beginn", required=True, prefill="event.time_start"),
                _f("ende", "time", "Ende", required=True, prefill="event.time_end"),
                _f("ort", "text", "Ort", required=True, prefill="event.place_description"),
                _f(
                    "besucher",
                    "number",
                    "Erwartete Besucherzahl (gleichzeitig)",
                    required=True,
                    prefill="event.expected_visitors",
                ),
                _f("musik", "yesno", "Live-Musik oder Beschallung?", required=True, prefill="event.live_music"),
                _f("musik_ende", "time", "Ende der Musik", help="Ab 22 Uhr gilt die Nachtruhe."),
                _f("feuerwerk", "yesno", "Feuerwerk?", required=True, prefill="event.fireworks"),
                _f("pyrotechniker", "text", "Durchführende Firma / Person mit Befähigungsschein"),
            ],
        },
        {
            "key": "sicherheit",
            "title": "Sicherheit",
            "intro": "Bei großen Veranstaltungen oder Feuerwerk brauchen wir ein Sicherheitskonzept.",
            "fields": [
                _f("konzept", "textarea", "Sicherheitskonzept (Kurzfassung)", required=True),
                _f("ordner", "number", "Anzahl Ordnerinnen und Ordner", required=True),
                _f("sanitaeter", "yesno", "Ist ein Sanitätsdienst beauftragt?", required=True),
            ],
        },
    ],
    "rules": [
        _rule("musik_ende", "show", "musik", "yes"),
        _rule("musik_ende", "require", "musik", "yes"),
        _rule("pyrotechniker", "show", "feuerwerk", "yes"),
        _rule("pyrotechniker", "require", "feuerwerk", "yes"),
        _rule("step:sicherheit", "show", "besucher", "gte", "1000", ("feuerwerk", "yes", ""), match="any"),
    ],
}

FOERDERUNG = {
    "steps": [
        {
            "key": "verein",
            "title": "Verein",
            "intro": "",
            "fields": [
                _f("verein_name", "text", "Name des Vereins", required=True, prefill="club.name"),
                _f("registergericht", "text", "Registergericht", required=True, prefill="club.register_court"),
                _f("registernummer", "text", "Vereinsregisternummer", required=True, prefill="club.register_number"),
                _f("verein_anschrift", "address", "Anschrift", required=True, prefill="club.address"),
                _f("vorsitz", "text", "Vorsitz", required=True, prefill="club.chair_name"),
                _f("kasse", "text", "Kassenwart/in", prefill="club.treasurer_name"),
                _f("finanzamt", "text", "Finanzamt", required=True, prefill="club.tax_office"),
                _f(
                    "freistellung",
                    "date",
                    "Datum des letzten Freistellungsbescheids",
                    required=True,
                    prefill="club.exemption_notice_date",
                    help="Gefördert werden nur gemeinnützige Vereine.",
                ),
            ],
        },
        {
            "key": "vorhaben",
            "title": "Vorhaben",
            "intro": "",
            "fields": [
                _f("titel", "text", "Vorhaben", required=True, prefill="event.title"),
                _f("zeitraum", "daterange", "Zeitraum", required=True, prefill="event.dates"),
                _f(
                    "bereich",
                    "choice",
                    "Förderbereich",
                    required=True,
                    choices=[
                        ["sport", "Sport"],
                        ["kultur", "Kultur"],
                        ["jugend", "Kinder und Jugend"],
                        ["soziales", "Soziales"],
                        ["umwelt", "Umwelt und Naturschutz"],
                    ],
                ),
                _f("zweck", "textarea", "Wofür brauchen Sie das Geld?", required=True),
            ],
        },
        {
            "key": "finanzen",
            "title": "Kosten und Finanzierung",
            "intro": "",
            "fields": [
                _f(
                    "kosten",
                    "repeat",
                    "Kostenaufstellung",
                    required=True,
                    subfields=[
                        {"key": "posten", "kind": "text", "label": "Posten", "required": True},
                        {"key": "betrag", "kind": "money", "label": "Betrag (€)", "required": True},
                    ],
                ),
                _f("eigenanteil", "money", "Eigenanteil des Vereins (€)", required=True),
                _f("betrag", "money", "Beantragter Zuschuss (€)", required=True),
                _f("finanzierungsplan", "file", "Finanzierungsplan", help="Ab 5.000 € Zuschuss erforderlich."),
                _f("iban", "iban", "IBAN für die Auszahlung", required=True, prefill="club.iban"),
                _f("bank", "text", "Bank", prefill="club.bank_name"),
            ],
        },
    ],
    "rules": [
        _rule("finanzierungsplan", "show", "betrag", "gt", "5000"),
        _rule("finanzierungsplan", "require", "betrag", "gt", "5000"),
    ],
}

TEMPLATES = [
    {
        "slug": "sondernutzungserlaubnis",
        "title": "Sondernutzungserlaubnis für öffentliche Flächen",
        "authority": ORDNUNGSAMT,
        "summary": "Für Stände, Zelte, Bühnen oder Tische auf Straßen, Plätzen und Gehwegen der Stadt.",
        "legal_basis": "§ 18 Straßen- und Wegegesetz des Landes; Sondernutzungssatzung der Stadt Musterstadt",
        "fee_note": "Verwaltungsgebühr 30–250 € je nach Fläche; gemeinnützige Vereine zahlen die Hälfte.",
        "lead_time_days": 28,
        "required_attachments": "Lageplan mit eingezeichneten Aufbauten",
        "definition": SONDERNUTZUNG,
        "recommend_when": [
            {"attribute": "public_space", "minimum": None, "reason": ""},
            {"attribute": "street_closure", "minimum": None, "reason": ""},
        ],
    },
    {
        "slug": "gestattung-12-gastg",
        "title": "Gestattung nach § 12 Gaststättengesetz",
        "authority": ORDNUNGSAMT,
        "summary": "Vorübergehender Ausschank von Getränken (mit oder ohne Alkohol) und Abgabe von Speisen aus besonderem Anlass.",
        "legal_basis": "§ 12 Gaststättengesetz (GastG)",
        "fee_note": "Gebühr 25–100 €.",
        "lead_time_days": 14,
        "required_attachments": "",
        "definition": GESTATTUNG,
        "recommend_when": [
            {"attribute": "serves_alcohol", "minimum": None, "reason": ""},
            {"attribute": "sells_drinks", "minimum": None, "reason": ""},
        ],
    },
    {
        "slug": "veranstaltungsanzeige",
        "title": "Veranstaltungsanzeige",
        "authority": ORDNUNGSAMT,
        "summary": "Anzeige einer öffentlichen Veranstaltung beim Ordnungsamt – ab 200 Gästen, mit Musik oder Feuerwerk.",
        "legal_basis": "Gefahrenabwehrverordnung der Stadt Musterstadt, § 4",
        "fee_note": "Gebührenfrei.",
        "lead_time_days": 28,
        "required_attachments": "",
        "definition": ANZEIGE,
        "recommend_when": [
            {"attribute": "expected_visitors", "minimum": 200, "reason": "weil mehr als 200 Gäste erwartet werden"},
            {"attribute": "live_music", "minimum": None, "reason": ""},
            {"attribute": "fireworks", "minimum": None, "reason": ""},
            {"attribute": "tents_stages", "minimum": None, "reason": ""},
        ],
    },
    {
        "slug": "vereinsfoerderung",
        "title": "Antrag auf Vereinsförderung",
        "authority": KREIS,
        "summary": "Zuschuss des Landkreises für Vorhaben gemeinnütziger Vereine (Sport, Kultur, Jugend, Soziales, Umwelt).",
        "legal_basis": "Richtlinie des Landkreises Musterland zur Förderung des Ehrenamts",
        "fee_note": "Keine Gebühren.",
        "lead_time_days": 42,
        "required_attachments": "Kostenaufstellung\nFinanzierungsplan (ab 5.000 €)",
        "definition": FOERDERUNG,
        "recommend_when": [
            {
                "attribute": "expected_visitors",
                "minimum": 100,
                "reason": "weil der Landkreis Vorhaben mit vielen Gästen bezuschussen kann",
            },
        ],
    },
]

# Planned events per club: (slug, days from today, data).
EVENTS = [
    (
        "tsv-musterstadt",
        45,
        {
            "title": "Sommerfest am Marktplatz",
            "description": "Vereinsfest mit Vorführungen der Abteilungen, Kinderprogramm und Live-Band am Abend.",
            "time_start": time(14, 0),
            "time_end": time(23, 0),
            "place_kind": "public_space",
            "place_description": "Marktplatz Musterstadt, nördliche Hälfte",
            "town": "Musterstadt",
            "postal_code": "12345",
            "expected_visitors": 800,
            "sells_food": True,
            "sells_drinks": True,
            "serves_alcohol": True,
            "live_music": True,
            "tents_stages": True,
        },
    ),
    (
        "chor-harmonie",
        60,
        {
            "title": "Adventskonzert in der Stadtkirche",
            "description": "Weihnachtliche Chormusik mit Gästen aus dem Kinderchor; anschließend Glühwein vor der Kirche.",
            "time_start": time(17, 0),
            "time_end": time(19, 30),
            "place_kind": "address",
            "street": "Kirchplatz 1",
            "postal_code": "12399",
            "town": "Beispielheim",
            "place_description": "Stadtkirche St. Marien",
            "expected_visitors": 250,
            "sells_drinks": True,
            "serves_alcohol": True,
        },
    ),
    (
        "feuerwehrverein-musterland",
        10,
        {
            "title": "Tag der offenen Tür am Gerätehaus",
            "description": "Fahrzeugschau, Vorführungen der Jugendfeuerwehr, Grill und Kuchen.",
            "time_start": time(10, 0),
            "time_end": time(18, 0),
            "place_kind": "address",
            "street": "Wehrstraße 3",
            "postal_code": "12401",
            "town": "Musterland-Nord",
            "place_description": "Feuerwehrgerätehaus Musterland-Nord",
            "expected_visitors": 400,
            "sells_food": True,
            "sells_drinks": True,
        },
    ),
]

# What the club types on top of the pre-fill, per template slug.
ANSWERS = {
    "sondernutzungserlaubnis": {
        "flaeche": "600",
        "aufbauten": ["stand", "zelt", "buehne", "tische"],
        "staende": [{"angebot": "Getränke", "laenge": "6"}, {"angebot": "Grill", "laenge": "4"}],
        "sperrung": "no",
    },
    "gestattung-12-gastg": {
        "getraenke": ["bier", "wein"],
        "jugendschutz": "Mehmet Aydın (Jugendleiter)",
        "belehrung": "Klaus Hoffmann",
        "verantwortliche": [{"name": "Klaus Hoffmann", "telefon": "0151 2345678"}],
        "beginn": "16:00",
        "ende": "23:00",
        "ort": "Kirchplatz vor der Stadtkirche",
    },
    "veranstaltungsanzeige": {
        "musik_ende": "22:00",
        "ordner": "6",
        "sanitaeter": "yes",
        "konzept": "Ordner an beiden Eingängen.",
    },
    "vereinsfoerderung": {
        "bereich": "kultur",
        "zweck": "Honorar für das Begleitorchester und Noten für das Adventskonzert.",
        "kosten": [{"posten": "Orchesterhonorar", "betrag": "1.800"}, {"posten": "Noten", "betrag": "350"}],
        "eigenanteil": "650",
        "betrag": "1.500",
    },
}

# (club, event title, template slug, what happens after submission: [(status, side, note)]; None = stays a draft)
APPLICATIONS = [
    ("tsv-musterstadt", "Sommerfest am Marktplatz", "sondernutzungserlaubnis", [(S.IN_REVIEW, Side.AUTHORITY, "")]),
    (
        "tsv-musterstadt",
        "Sommerfest am Marktplatz",
        "gestattung-12-gastg",
        [(S.QUESTION, Side.AUTHORITY, "Bitte nennen Sie eine zweite verantwortliche Person für die Abendstunden.")],
    ),
    ("tsv-musterstadt", "Sommerfest am Marktplatz", "veranstaltungsanzeige", None),
    (
        "chor-harmonie",
        "Adventskonzert in der Stadtkirche",
        "gestattung-12-gastg",
        [(S.APPROVED, Side.AUTHORITY, "Genehmigt. Ausschank bis 20 Uhr; Glühwein nur in Mehrwegbechern.")],
    ),
    ("chor-harmonie", "Adventskonzert in der Stadtkirche", "vereinsfoerderung", []),
    (
        "feuerwehrverein-musterland",
        "Tag der offenen Tür am Gerätehaus",
        "vereinsfoerderung",
        [
            (S.IN_REVIEW, Side.AUTHORITY, ""),
            (S.REJECTED, Side.AUTHORITY, "Die Frist von sechs Wochen vor dem Vorhaben ist nicht eingehalten."),
        ],
    ),
    (
        "feuerwehrverein-musterland",
        "Tag der offenen Tür am Gerätehaus",
        "gestattung-12-gastg",
        [(S.WITHDRAWN, Side.CLUB, "Der Grill wird vom Partnerverein betrieben, der selbst beantragt.")],
    ),
]

LAGEPLAN_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(*, stdout) -> None:
    authorities = {}
    for name, data in AUTHORITIES.items():
        authority = Authority.objects.filter(name=name).first()
        if authority is None:
            authority = authority_save(data={"name": name, **data})  # with its catalogue section and workflow
        else:
            authority_setup_authoring(authority=authority)  # demo data from before the sections
        authorities[name] = authority
    for authority_name, email, person in STAFF:
        staff_user_ensure(authority=authorities[authority_name], email=email, name=person, password=DEMO_PASSWORD)
    for authority_name, email, person in LEADS:
        lead = staff_user_ensure(
            authority=authorities[authority_name], email=email, name=person, password=DEMO_PASSWORD
        )
        authority_lead_add(authority=authorities[authority_name], user=lead)

    templates = {}
    for spec in TEMPLATES:
        page = FormTemplatePage.objects.filter(slug=spec["slug"]).first()
        if page is None:
            page = form_template_save(
                title=spec["title"],
                authority=authorities[spec["authority"]],
                definition=spec["definition"],
                publish=True,
                slug=spec["slug"],
                summary=spec["summary"],
                legal_basis=spec["legal_basis"],
                fee_note=spec["fee_note"],
                lead_time_days=spec["lead_time_days"],
                required_attachments=spec["required_attachments"],
                recommend_when=spec["recommend_when"],
            )
            stdout.write(f"  Antragsvorlage „{page.title}“ angelegt")
        templates[spec["slug"]] = page

    clubs = {c.slug: c for c in Club.objects.filter(slug__in={e[0] for e in EVENTS})}
    events = {}
    for slug, days, data in EVENTS:
        club = clubs.get(slug)
        if club is None:
            continue
        event = PlannedEvent.objects.filter(club=club, title=data["title"]).first()
        if event is None:
            start = date.today() + timedelta(days=days)
            event = planned_event_save(club=club, data={**data, "date_start": start, "date_end": None})
        events[(slug, data["title"])] = event

    staff = {
        name: Actor(Side.AUTHORITY, None, person, email)
        for (name, email, person) in STAFF  # the staff user's snapshot; ids are not needed here
    }
    created = 0
    for slug, event_title, template_slug, history in APPLICATIONS:
        club, event, template = clubs.get(slug), events.get((slug, event_title)), templates[template_slug]
        if club is None or event is None:
            continue
        if Application.objects.filter(club=club, event=event, template_page_id=template.pk).exists():
            continue
        actor = Actor(Side.CLUB, None, f"Redaktion {club.short_name or club.name}", f"redaktion@{slug}.example")
        application = application_start(club=club, template_id=template.pk, actor=actor, event=event)
        answers = dict(ANSWERS[template_slug])
        for step in application.definition["steps"]:
            keys = {f["key"] for f in step["fields"]}
            for spec in step["fields"]:
                if spec["kind"] == "file" and spec.get("required") and history is not None:
                    upload = SimpleUploadedFile(f"{spec['key']}.pdf", LAGEPLAN_PDF, content_type="application/pdf")
                    attachment = attachment_add(
                        application=application, upload=upload, actor=actor, field_key=spec["key"]
                    )
                    answers[spec["key"]] = {"id": attachment.pk, "name": attachment.original_name}
            application_save_step(
                application=application, step_key=step["key"], raw={k: v for k, v in answers.items() if k in keys}
            )
        created += 1
        if history is None:
            continue
        application.refresh_from_db()
        application = application_submit(application=application, actor=actor)
        authority_actor = staff[template.authority.name]
        for status, side, note in history:
            application_transition(
                application=application,
                to_status=status,
                actor=authority_actor if side == Side.AUTHORITY else actor,
                note=note,
            )
    if created:
        stdout.write(f"  Anträge: {created} Demo-Anträge angelegt")
    stdout.write(
        f"Antragsassistent: {len(authorities)} Behörden, {len(templates)} Vorlagen, {len(events)} Vorhaben, "
        f"{Application.objects.filter(club__slug__in=list(clubs)).count()} Anträge."
    )
