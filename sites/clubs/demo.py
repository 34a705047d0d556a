"""Demo clubs of "Musterstadt und Landkreis Musterland": categories, six clubs, an operator, open registrations.

Everything goes through the clubs app's services. Idempotent: what exists is left as it is, so a
second run changes nothing. All names, register numbers and bank accounts are made up (the IBANs
are the well-known test numbers that pass the checksum).
"""

from cms.demo import DEMO_CLUBS, DEMO_PASSWORD

from .constants import BoardRole, LegalForm
from .models import Club, ClubRegistration
from .services import (
    category_ensure,
    club_profile_update,
    club_provision,
    club_user_password_set,
    operator_ensure,
    registration_submit,
)

OPERATOR_EMAIL = "betrieb@heldenhelfer.localhost"

CATEGORIES = [
    ("sport", "Sport", "sport"),
    ("kultur-musik", "Kultur & Musik", "music"),
    ("feuerwehr", "Feuerwehr & Katastrophenschutz", "fire"),
    ("kinder-jugend", "Kinder & Jugend", "child"),
    ("umwelt-natur", "Umwelt & Natur", "leaf"),
    ("soziales", "Soziales", "heart"),
]


def editor_email(slug: str) -> str:
    return f"redaktion@{slug}.example"


_COURT = "Amtsgericht Musterstadt"

CLUBS: dict[str, dict] = {
    "tsv-musterstadt": {
        "profile": {
            "name": "Turn- und Sportverein Musterstadt 1898 e. V.",
            "short_name": "TSV Musterstadt",
            "description": "Fußball, Turnen, Leichtathletik und Reha-Sport für alle Generationen – "
            "mit 14 Abteilungen der größte Verein der Stadt. Probetraining ist jederzeit möglich.",
            "register_number": "VR 1234",
            "street": "Sportplatzweg 12",
            "postal_code": "12345",
            "town": "Musterstadt",
            "email": "info@tsv-musterstadt.example",
            "phone": "01234 56780",
            "contact_name": "Sabine Krüger",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2024-03-18",
            "iban": "DE89370400440532013000",
            "bic": "COBADEFFXXX",
            "bank_name": "Sparkasse Musterland",
            "founded_year": 1898,
            "member_count": 1240,
            "primary_colour": "#1d4ed8",
            "secondary_colour": "#b91c1c",
        },
        "categories": ["sport", "kinder-jugend"],
        "board": [
            (BoardRole.CHAIR, "Sabine Krüger"),
            (BoardRole.DEPUTY, "Mehmet Aydın"),
            (BoardRole.TREASURER, "Klaus Hoffmann"),
            (BoardRole.SECRETARY, "Julia Brandt"),
        ],
    },
    "chor-harmonie": {
        "profile": {
            "name": "Gemischter Chor Harmonie Beispielheim e. V.",
            "short_name": "Chor Harmonie",
            "description": "Vierstimmiger Chor mit Liedern von Klassik bis Pop. Wir proben donnerstags "
            "im Bürgerhaus und freuen uns besonders über neue Männerstimmen.",
            "register_number": "VR 2071",
            "street": "Lindenstraße 4",
            "postal_code": "12399",
            "town": "Beispielheim",
            "email": "vorstand@chor-harmonie.example",
            "phone": "01234 77123",
            "contact_name": "Dr. Ingrid Weber",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2023-11-02",
            "iban": "DE02120300000000202051",
            "bic": "BYLADEM1001",
            "bank_name": "Volksbank Musterland",
            "founded_year": 1952,
            "member_count": 48,
            "primary_colour": "#7c2d12",
            "secondary_colour": "#4338ca",
        },
        "categories": ["kultur-musik"],
        "board": [
            (BoardRole.CHAIR, "Dr. Ingrid Weber"),
            (BoardRole.TREASURER, "Peter Lorenz"),
            (BoardRole.SECRETARY, "Anna Schulte"),
        ],
    },
    "feuerwehrverein-musterland": {
        "profile": {
            "name": "Förderverein der Freiwilligen Feuerwehr Musterland e. V.",
            "short_name": "Feuerwehrverein Musterland",
            "description": "Wir unterstützen die Freiwilligen Feuerwehren im Landkreis: mit Ausrüstung, "
            "der Jugendfeuerwehr, Brandschutzerziehung in Kitas und dem Sommerfest am Gerätehaus.",
            "register_number": "VR 3310",
            "street": "Am Gerätehaus 1",
            "postal_code": "12377",
            "town": "Neudorf am See",
            "email": "kontakt@feuerwehrverein-musterland.example",
            "phone": "01234 11200",
            "contact_name": "Thomas Wagner",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2024-06-10",
            "iban": "DE12500105170648489890",
            "bic": "INGDDEFFXXX",
            "bank_name": "Raiffeisenbank Neudorf",
            "founded_year": 1979,
            "member_count": 312,
            "primary_colour": "#b91c1c",
            "secondary_colour": "#1f2937",
        },
        "categories": ["feuerwehr", "kinder-jugend"],
        "board": [
            (BoardRole.CHAIR, "Thomas Wagner"),
            (BoardRole.DEPUTY, "Katrin Schmidt"),
            (BoardRole.TREASURER, "Uwe Becker"),
        ],
    },
    "jugendtreff-musterstadt": {
        "profile": {
            "name": "Jugendtreff Musterstadt e. V.",
            "short_name": "Jugendtreff Musterstadt",
            "description": "Offener Treff für junge Leute von 12 bis 21: Hausaufgabenhilfe, Werkstatt, "
            "Bandraum und Ferienfahrten. Ehrenamtliche Teamerinnen und Teamer gesucht!",
            "register_number": "VR 4102",
            "street": "Bahnhofstraße 23",
            "postal_code": "12345",
            "town": "Musterstadt",
            "email": "hallo@jugendtreff-musterstadt.example",
            "phone": "01234 90901",
            "contact_name": "Lena Fischer",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2025-01-20",
            "iban": "DE75512108001245126199",
            "bic": "SOGEDEFFXXX",
            "bank_name": "Sparkasse Musterland",
            "founded_year": 1994,
            "member_count": 86,
            "primary_colour": "#6d28d9",
            "secondary_colour": "#0f766e",
        },
        "categories": ["kinder-jugend", "soziales"],
        "board": [
            (BoardRole.CHAIR, "Lena Fischer"),
            (BoardRole.DEPUTY, "Jonas Meyer"),
            (BoardRole.TREASURER, "Fatma Yılmaz"),
        ],
    },
    "gruene-aue": {
        "profile": {
            "name": "Naturschutzgruppe Grüne Aue Altenmark e. V.",
            "short_name": "Grüne Aue",
            "description": "Wir pflegen Streuobstwiesen und Amphibienzäune an der Aue, bauen Nistkästen "
            "und laden monatlich zu Naturführungen ein. Mitmachen kann jede und jeder.",
            "register_number": "VR 5088",
            "street": "Mühlenweg 7",
            "postal_code": "12388",
            "town": "Altenmark",
            "email": "info@gruene-aue.example",
            "phone": "01234 45678",
            "contact_name": "Martin Vogel",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2024-09-05",
            "iban": "DE91100000000123456789",
            "bic": "MARKDEF1100",
            "bank_name": "GLS Gemeinschaftsbank",
            "founded_year": 1987,
            "member_count": 134,
            "primary_colour": "#166534",
            "secondary_colour": "#854d0e",
        },
        "categories": ["umwelt-natur"],
        "board": [
            (BoardRole.CHAIR, "Martin Vogel"),
            (BoardRole.TREASURER, "Heike Sommer"),
            (BoardRole.SECRETARY, "Ole Petersen"),
        ],
    },
    "tafel-musterstadt": {
        "profile": {
            "name": "Musterstädter Tafel e. V.",
            "short_name": "Tafel Musterstadt",
            "description": "Wir retten Lebensmittel und geben sie an Menschen mit wenig Geld weiter – "
            "dreimal pro Woche in Musterstadt und Beispielheim. Fahrerinnen und Fahrer gesucht.",
            "register_number": "VR 6215",
            "street": "Kirchgasse 5",
            "postal_code": "12345",
            "town": "Musterstadt",
            "email": "kontakt@tafel-musterstadt.example",
            "phone": "01234 33221",
            "contact_name": "Renate Hartmann",
            "tax_office": "Finanzamt Musterstadt",
            "exemption_notice_date": "2023-05-30",
            "iban": "DE27100777770209299700",
            "bic": "NORSDE51XXX",
            "bank_name": "Volksbank Musterland",
            "founded_year": 2005,
            "member_count": 95,
            "primary_colour": "#c2410c",
            "secondary_colour": "#1d4ed8",
        },
        "categories": ["soziales"],
        "board": [
            (BoardRole.CHAIR, "Renate Hartmann"),
            (BoardRole.DEPUTY, "Ahmad Karimi"),
            (BoardRole.TREASURER, "Gisela Neumann"),
            (BoardRole.SECRETARY, "Stefan Roth"),
        ],
    },
}

PENDING_REGISTRATIONS = [
    {
        "data": {
            "name": "Schachfreunde Beispielheim e. V.",
            "legal_form": LegalForm.EV,
            "register_court": _COURT,
            "register_number": "VR 7042",
            "street": "Marktplatz 3",
            "postal_code": "12399",
            "town": "Beispielheim",
            "email": "info@schach-beispielheim.example",
            "subdomain": "schach-beispielheim",
            "editor_name": "Werner Albrecht",
            "editor_email": "werner.albrecht@schach-beispielheim.example",
            "accepted_terms": True,
        },
        "categories": ["sport", "kultur-musik"],
    },
    {
        "data": {
            "name": "Repair-Café Neudorf",
            "legal_form": LegalForm.NEV,
            "register_court": "",
            "register_number": "",
            "street": "Seestraße 18",
            "postal_code": "12377",
            "town": "Neudorf am See",
            "email": "repaircafe-neudorf@example.org",
            "subdomain": "repaircafe-neudorf",
            "editor_name": "Birgit Lang",
            "editor_email": "birgit.lang@example.org",
            "accepted_terms": True,
        },
        "categories": ["umwelt-natur", "soziales"],
    },
]


def load(*, stdout) -> None:
    categories = {slug: category_ensure(name=name, slug=slug, icon=icon) for slug, name, icon in CATEGORIES}

    if operator_ensure(email=OPERATOR_EMAIL, password=DEMO_PASSWORD):
        stdout.write(f"  Betrieb: {OPERATOR_EMAIL} angelegt")

    for slug in DEMO_CLUBS:
        if Club.objects.filter(slug=slug).exists():
            continue
        spec = CLUBS[slug]
        profile = {**spec["profile"], "legal_form": LegalForm.EV, "register_court": _COURT}
        # The starter tree takes its title from the first profile, so the short name goes in at once.
        base = {k: profile[k] for k in ("name", "short_name", "legal_form", "register_court", "register_number")}
        base.update({k: profile[k] for k in ("street", "postal_code", "town", "email")})
        club = club_provision(
            slug=slug,
            profile=base,
            editor_name=f"Redaktion {profile['short_name']}",
            editor_email=editor_email(slug),
            categories=[categories[c] for c in spec["categories"]],
            send_invitation=False,
            live=True,  # the demo region shows its clubs at once
        )
        club_user_password_set(club=club, username=editor_email(slug), password=DEMO_PASSWORD)
        club = club_profile_update(
            club=club,
            data={
                **profile,
                "board_members": [
                    {"role": role, "name": name, "email": "", "phone": ""} for role, name in spec["board"]
                ],
            },
            by="demo",
        )
        stdout.write(f"  Verein {club.display_name}: {club.url}")

    for item in PENDING_REGISTRATIONS:
        if ClubRegistration.objects.filter(subdomain=item["data"]["subdomain"]).exists():
            continue
        registration_submit(data=item["data"], categories=[categories[c] for c in item["categories"]], notify=False)
        stdout.write(f"  Offene Registrierung: {item['data']['name']}")
