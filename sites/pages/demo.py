"""Demo content of the club sites in "Musterstadt und Landkreis Musterland".

Runs after sites.clubs.demo has created the demo clubs (cms.demo.DEMO_CLUBS); fills each club
that exists with its theme, colours, pictures, news, events and volunteering opportunities.
The pictures are files in the repository (sites/pages/demo_images/, our own drawings made with
sites/pages/illustrations.py and `manage.py render_demo_images`); the loader only reads them.
Dates are relative to today: most events lie a number of days ahead, seasonal ones (a summer
party, Advent singing) on their next date in the coming twelve months, so the demo never shows a
summer party in December. Running it twice changes nothing (pages are found by slug).
"""

from cms.constants import TargetGroup, TimeCommitment
from cms.demo import DEMO_CLUBS
from sites.clubs.models import Club
from sites.pages.constants import RegistrationMode
from sites.pages.services import demo_club_fill

WEEK = 7

SPECS: dict[str, dict] = {
    "tsv-musterstadt": {
        "images": "tsv-musterstadt",  # its pictures: sites/pages/demo_images/tsv-musterstadt/
        "about": {
            "intro": "Seit 1898 bewegt der TSV Musterstadt Menschen jeden Alters – im Verein, nicht im Studio.",
            "history": (
                "<p>Gegründet wurde der TSV 1898 von zwölf Turnern in der Gaststätte „Zur Linde“. Heute sind wir mit über 600 Mitgliedern der größte Verein der Stadt. Seit 1972 trainieren wir auf dem Gelände an der Sportallee, 2024 kam der Kunstrasenplatz dazu.</p>"
            ),
            "activities": (
                "<ul><li><b>Fußball</b>: acht Jugendmannschaften, zwei Herrenteams und eine Damenmannschaft</li><li><b>Turnen</b>: Eltern-Kind-Turnen, Kinderturnen und Geräteturnen</li><li><b>Leichtathletik</b> und eine offene Laufgruppe</li><li><b>Gesundheitssport</b>: Rückenfit, Reha-Sport und Sitzgymnastik</li></ul>"
            ),
            "quote": {
                "text": "Beim TSV ist mein Sohn vom ersten Tag an mitgelaufen – heute trainiert er selbst die Kleinen.",
                "author": "Sabine Krüger",
                "role": "Mitglied seit 2009",
            },
        },
        "theme": "klar",
        "colours": ("#1d4ed8", "#b91c1c"),
        "tagline": "Sport für alle seit 1898",
        "team": [
            {"name": "Jana Kowalski", "role": "Jugendleitung Fußball", "mailbox": "jugend"},
            {"name": "Thomas Berger", "role": "Laufgruppe und Herbstlauf", "mailbox": "laufen"},
        ],
        "motif": "ball",
        "hero_alt": "Gezeichneter Fußball über einer Laufbahn",
        "intro": (
            "<p>Fußball, Turnen, Leichtathletik und Gesundheitssport: Beim TSV Musterstadt bewegen sich "
            "über 600 Mitglieder von 4 bis 94 Jahren. Probetraining ist jederzeit kostenlos!</p>"
        ),
        "news": [
            {
                "slug": "aufstieg-d-jugend",
                "title": "D-Jugend steigt in die Kreisliga auf",
                "days_ago": 5,
                "summary": "Mit einem 3:1 gegen den SV Beispielheim hat unsere D-Jugend den Aufstieg perfekt gemacht.",
                "motif": "ball",
                "alt": "Gezeichneter Fußball auf einem Spielfeld",
                "body": (
                    "<p>Was für eine Saison! Nach 14 Siegen in 16 Spielen ist unsere D-Jugend Meister und spielt "
                    "nächstes Jahr in der Kreisliga. Herzlichen Glückwunsch an die Mannschaft und das "
                    "Trainerteam um Jana Kowalski!</p>"
                ),
            },
            {
                "slug": "neuer-kunstrasen",
                "title": "Der neue Kunstrasenplatz ist fertig",
                "days_ago": 21,
                "summary": "Nach vier Monaten Bauzeit wird auf dem neuen Platz an der Sportallee trainiert.",
                "motif": "landscape",
                "alt": "Gezeichnete grüne Landschaft",
                "body": (
                    "<p>Dank der Förderung durch Land und Stadt sowie vieler Spenden konnten wir den Kunstrasenplatz "
                    "bauen. Danke an alle, die mit angepackt haben!</p>"
                ),
            },
            {
                "slug": "laufgruppe-sucht-mitlaeufer",
                "title": "Laufgruppe sucht Mitläuferinnen und Mitläufer",
                "days_ago": 40,
                "summary": "Jeden Donnerstag um 18 Uhr startet die Laufgruppe am Vereinsheim – Anfänger willkommen.",
                "motif": "people",
                "alt": "Gezeichnete Menschen in einer Reihe",
                "body": "<p>Gelaufen wird in zwei Tempogruppen, etwa eine Stunde. Einfach vorbeikommen!</p>",
            },
        ],
        "events": [
            {
                "slug": "sommerfest",
                "title": "Sommerfest mit Vereinsturnier",
                "month": 7,
                "day": 11,
                "hour": 11,
                "hours": 7,
                "summary": "Turnier für alle Altersklassen, Hüpfburg, Grill und Kuchenbuffet.",
                "motif": "ball",
                "alt": "Gezeichneter Fußball",
                "place": "Sportplatz an der Sportallee",
                "street": "Sportallee 12",
                "price": "Eintritt frei",
                "price_amount": 0,
                "body": "<p>Anmeldung für Mannschaften bis eine Woche vorher. Zuschauer sind herzlich willkommen.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "erste-hilfe-kurs",
                "title": "Erste-Hilfe-Kurs für Übungsleitungen",
                "days_ahead": 6 * WEEK,
                "hour": 9,
                "hours": 8,
                "summary": "Pflichtkurs für Trainerinnen und Trainer, offen für alle Mitglieder.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "place": "Vereinsheim",
                "street": "Sportallee 10",
                "price": "10 € (für Übungsleitungen kostenlos)",
                "price_amount": 10,
                "body": "<p>Der Kurs dauert einen Tag. Bitte bequeme Kleidung mitbringen.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "herbstlauf",
                "title": "Musterstädter Herbstlauf",
                "month": 10,
                "day": 3,
                "hour": 10,
                "hours": 4,
                "summary": "5 und 10 km rund um den Stadtpark, Bambinilauf um 10 Uhr.",
                "motif": "landscape",
                "alt": "Gezeichnete Hügellandschaft",
                "place": "Stadtpark, Eingang Parkstraße",
                "street": "Parkstraße 1",
                "price": "8 €, Kinder frei",
                "price_amount": 8,
                "body": "<p>Startunterlagen gibt es ab 9 Uhr am Zelt des TSV.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "co-trainerin-kinderturnen",
                "title": "Co-Trainerin oder Co-Trainer fürs Kinderturnen",
                "summary": "Unterstütze unser Kinderturnen am Montagnachmittag – Übungsleiterschein nicht nötig.",
                "motif": "people",
                "alt": "Gezeichnete Kinder",
                "body": "<p>Du hilfst beim Aufbau der Geräte und betreust eine kleine Gruppe. Wir bilden dich gern aus.</p>",
                "when": "montags 16–17:30 Uhr",
                "time_commitment": TimeCommitment.WEEKLY,
                "target_groups": [TargetGroup.CHILDREN, TargetGroup.YOUTH],
                "skills": "Freude an Bewegung und am Umgang mit Kindern",
                "place": "Turnhalle der Grundschule",
                "contact_name": "Jana Kowalski",
                "from_today": True,
            },
            {
                "slug": "helfer-herbstlauf",
                "title": "Streckenposten beim Herbstlauf",
                "summary": "Für den Herbstlauf brauchen wir 20 Streckenposten und Helfer an der Verpflegung.",
                "motif": "landscape",
                "alt": "Gezeichnete Landschaft",
                "body": "<p>Du stehst an einer Kreuzung, weist den Weg und feuerst an. Dauer: etwa 3 Stunden.</p>",
                "when": "am Tag des Herbstlaufs, 9–13 Uhr",
                "time_commitment": TimeCommitment.ONE_OFF,
                "target_groups": [TargetGroup.FAMILIES, TargetGroup.SENIORS],
                "skills": "Keine besonderen Kenntnisse nötig",
                "place": "Stadtpark",
                "contact_name": "Thomas Berger",
            },
        ],
    },
    "chor-harmonie": {
        "images": "chor-harmonie",  # its pictures: sites/pages/demo_images/chor-harmonie/
        "about": {
            "intro": "Über 70 Jahre Chorgesang in Beispielheim – und jede Woche neue Lieder.",
            "history": (
                "<p>1952 trafen sich acht Frauen und sechs Männer zum ersten Mal im Gemeindehaus, um gemeinsam zu singen. Heute sind wir 45 Sängerinnen und Sänger im Hauptchor und 20 Kinder und Jugendliche im Jugendchor.</p>"
            ),
            "activities": (
                "<ul><li>Probe des Hauptchors: mittwochs 19:30–21:30 Uhr im Gemeindehaus St. Marien</li><li>Jugendchor (10–16 Jahre): freitags 16–17 Uhr</li><li>Zwei große Konzerte im Jahr, dazu Auftritte bei Festen in der Region</li></ul>"
            ),
            "quote": {
                "text": "Mittwochabend ist meine Stunde nur für mich – ich gehe jedes Mal fröhlicher nach Hause.",
                "author": "Hans-Peter Wolf",
                "role": "Bass seit 1994",
            },
        },
        "theme": "warm",
        "colours": ("#7e22ce", "#9a3412"),
        "tagline": "Wir singen, weil es glücklich macht",
        "team": [
            {"name": "Maria Lehmann", "role": "Chorleitung", "mailbox": "chorleitung"},
            {"name": "Ingrid Vogel", "role": "Notenarchiv", "mailbox": "noten"},
        ],
        "motif": "notes",
        "hero_alt": "Gezeichnete Notenzeilen mit Noten",
        "intro": (
            "<p>Der Chor Harmonie singt seit 1952 – Klassik, Pop und Volkslieder. Wir proben jeden Mittwoch und "
            "freuen uns über neue Stimmen, besonders im Tenor und Bass. Noten lesen können ist kein Muss.</p>"
        ),
        "news": [
            {
                "slug": "adventskonzert-rueckblick",
                "title": "Ein voller Saal beim Jahreskonzert",
                "days_ago": 10,
                "summary": "Über 250 Gäste hörten unser Programm „Lieder aus aller Welt“ in der Stadtkirche.",
                "motif": "notes",
                "alt": "Gezeichnete Noten",
                "body": "<p>Danke an alle Gäste und an unsere Chorleiterin Maria Lehmann für die wunderbare Arbeit!</p>",
            },
            {
                "slug": "neue-chorleitung-jugendchor",
                "title": "Der Jugendchor bekommt eine neue Leitung",
                "days_ago": 35,
                "summary": "Ab sofort leitet Paul Schneider unseren Jugendchor für 10- bis 16-Jährige.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "body": "<p>Paul studiert Schulmusik und singt selbst seit seiner Kindheit bei uns.</p>",
            },
        ],
        "events": [
            {
                "slug": "offene-probe",
                "title": "Offene Probe zum Reinschnuppern",
                "days_ahead": 2 * WEEK,
                "hour": 19,
                "hours": 2,
                "summary": "Einfach mitsingen: Wir proben ein leichtes Stück, das alle schnell lernen.",
                "motif": "notes",
                "alt": "Gezeichnete Noten",
                "place": "Gemeindehaus St. Marien",
                "street": "Kirchplatz 3",
                "price": "kostenlos",
                "price_amount": 0,
                "body": "<p>Keine Vorkenntnisse nötig. Getränke stehen bereit.</p>",
            },
            {
                "slug": "sommerkonzert",
                "title": "Sommerkonzert im Schlosspark",
                "month": 7,
                "day": 4,
                "hour": 18,
                "hours": 2,
                "summary": "Open-Air-Konzert mit Liedern aus aller Welt, bei Regen in der Stadthalle.",
                "motif": "landscape",
                "alt": "Gezeichnete Parklandschaft",
                "place": "Schlosspark, Musikpavillon",
                "street": "Schlossallee 1",
                "price": "12 €, ermäßigt 8 €",
                "price_amount": 12,
                "body": "<p>Karten gibt es an der Abendkasse und bei allen Chormitgliedern.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "adventssingen",
                "title": "Adventssingen auf dem Marktplatz",
                "month": 12,
                "day": 12,
                "hour": 17,
                "hours": 1,
                "summary": "Wir singen bekannte Adventslieder – singen Sie mit!",
                "motif": "notes",
                "alt": "Gezeichnete Noten",
                "place": "Marktplatz",
                "street": "Markt 1",
                "price": "frei, Spenden für die Tafel erbeten",
                "body": "<p>Die Spenden gehen an die Tafel Musterstadt.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "notenwart",
                "title": "Notenwartin oder Notenwart",
                "summary": "Du behältst den Überblick über unser Notenarchiv und verteilst Noten vor den Proben.",
                "motif": "notes",
                "alt": "Gezeichnete Noten",
                "body": "<p>Etwa eine Stunde pro Woche, meist vor der Probe am Mittwoch.</p>",
                "when": "mittwochs ab 18:30 Uhr",
                "time_commitment": TimeCommitment.WEEKLY,
                "target_groups": [TargetGroup.SENIORS],
                "skills": "Ordnungssinn; Noten lesen ist hilfreich, aber kein Muss",
                "place": "Gemeindehaus St. Marien",
                "contact_name": "Ingrid Vogel",
            },
        ],
    },
    "feuerwehrverein-musterland": {
        "images": "feuerwehrverein-musterland",  # its pictures: sites/pages/demo_images/feuerwehrverein-musterland/
        "about": {
            "intro": "Der Förderverein steht hinter den Frauen und Männern der Freiwilligen Feuerwehr.",
            "history": (
                "<p>Der Förderverein wurde 1987 gegründet, damit die Freiwillige Feuerwehr Musterland mehr bekommt als die Grundausstattung. Seitdem haben wir mit Spenden und Beiträgen Geräte, Ausbildungen und die Jugendfeuerwehr unterstützt.</p>"
            ),
            "activities": (
                "<ul><li>Anschaffungen, die der Haushalt der Gemeinde nicht abdeckt</li><li>Ausflüge, Zeltlager und Wettbewerbe der Jugendfeuerwehr</li><li>Tag der offenen Tür und Brandschutz-Beratung für Bürgerinnen und Bürger</li></ul>"
            ),
            "quote": {
                "text": "Auch wer nicht zum Einsatz ausrückt, kann der Feuerwehr helfen – mit 24 Euro im Jahr.",
                "author": "Thomas Brandt",
                "role": "Vorsitzender",
            },
        },
        "theme": "klar",
        "colours": ("#b91c1c", "#1f2937"),
        "tagline": "Wir unterstützen unsere Freiwillige Feuerwehr",
        "team": [
            {"name": "Stefan Krüger", "role": "Jugendfeuerwehrwart", "mailbox": "jugend"},
            {"name": "Petra Lange", "role": "Mitgliederverwaltung", "mailbox": "mitglieder"},
        ],
        "motif": "flame",
        "hero_alt": "Gezeichnetes Feuerwehrauto vor Hügeln",
        "intro": (
            "<p>Der Förderverein der Freiwilligen Feuerwehr Musterland unterstützt die Einsatzabteilung, die "
            "Jugendfeuerwehr und die Kinderfeuerwehr – mit Ausrüstung, Ausflügen und Aufklärung.</p>"
        ),
        "news": [
            {
                "slug": "waermebildkamera",
                "title": "Neue Wärmebildkamera übergeben",
                "days_ago": 8,
                "summary": "Aus Spenden finanziert: Die Wärmebildkamera hilft, Menschen im Rauch schneller zu finden.",
                "motif": "flame",
                "alt": "Gezeichnetes Feuerwehrauto",
                "body": "<p>Ein herzlicher Dank geht an alle Spenderinnen und Spender des letzten Jahres.</p>",
            },
            {
                "slug": "jugendfeuerwehr-zeltlager",
                "title": "Jugendfeuerwehr holt Platz 2 beim Kreisjugendfeuerwehrtag",
                "days_ago": 30,
                "summary": "24 Jugendliche zeigten bei Übungen und Spielen, was sie gelernt haben – und landeten auf Platz 2.",
                "motif": "landscape",
                "alt": "Gezeichnete Landschaft",
                "body": "<p>Der Förderverein hat die Busfahrt und die Verpflegung bezahlt. Herzlichen Glückwunsch!</p>",
            },
        ],
        "events": [
            {
                "slug": "tag-der-offenen-tuer",
                "title": "Tag der offenen Tür im Gerätehaus",
                "days_ahead": 4 * WEEK,
                "hour": 10,
                "hours": 6,
                "summary": "Fahrzeugschau, Löschvorführung, Kinderfeuerwehr zum Mitmachen, Erbsensuppe.",
                "motif": "flame",
                "alt": "Gezeichnetes Feuerwehrauto",
                "place": "Feuerwehrgerätehaus",
                "street": "Am Brandweg 4",
                "price": "Eintritt frei",
                "price_amount": 0,
                "body": "<p>Um 14 Uhr zeigt die Jugendfeuerwehr eine Löschübung.</p>",
            },
            {
                "slug": "rauchmelder-beratung",
                "title": "Rauchmelder-Beratung für Seniorinnen und Senioren",
                "days_ahead": 8 * WEEK,
                "hour": 15,
                "hours": 2,
                "summary": "Wir erklären, wo Rauchmelder hingehören, und helfen beim Anbringen.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "place": "Seniorentreff",
                "street": "Lindenweg 2",
                "price": "kostenlos",
                "body": "<p>Bei Bedarf kommen wir auch zu Ihnen nach Hause.</p>",
            },
            {
                "slug": "jahreshauptversammlung",
                "title": "Jahreshauptversammlung",
                "days_ahead": 16 * WEEK,
                "hour": 19,
                "hours": 2,
                "summary": "Berichte, Kassenprüfung und Wahl des Vorstands.",
                "motif": "calendar",
                "alt": "Gezeichnetes Kalenderblatt",
                "place": "Feuerwehrgerätehaus",
                "street": "Am Brandweg 4",
                "body": "<p>Alle Mitglieder sind herzlich eingeladen.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "helfer-tag-der-offenen-tuer",
                "title": "Helfende Hände beim Tag der offenen Tür",
                "summary": "Kuchen backen, Getränke ausgeben, Parkplätze einweisen – jede Hilfe zählt.",
                "motif": "flame",
                "alt": "Gezeichnetes Feuerwehrauto",
                "body": "<p>Trag dich für eine Schicht von zwei Stunden ein.</p>",
                "when": "am Tag der offenen Tür, Schichten à 2 Stunden",
                "time_commitment": TimeCommitment.ONE_OFF,
                "target_groups": [TargetGroup.FAMILIES, TargetGroup.NEWCOMERS],
                "skills": "Gute Laune",
                "place": "Feuerwehrgerätehaus",
                "contact_name": "Stefan Krüger",
            },
        ],
    },
    "jugendtreff-musterstadt": {
        "images": "jugendtreff-musterstadt",  # its pictures: sites/pages/demo_images/jugendtreff-musterstadt/
        "about": {
            "intro": "Ein Ort für alle zwischen 12 und 21 – offen, kostenlos und ohne Anmeldung.",
            "history": (
                "<p>Den Jugendtreff gibt es seit 2001 im alten Bahnhofsgebäude. Getragen wird er von unserem Verein, unterstützt von der Stadt Musterstadt. Zwei Sozialpädagoginnen und viele Ehrenamtliche sind für euch da.</p>"
            ),
            "activities": (
                "<ul><li>Offener Treff: Dienstag bis Freitag ab 15 Uhr, freitags bis 21 Uhr</li><li>Hausaufgabenhilfe, Kochabende und ein Bandraum</li><li>Ausflüge in den Ferien</li></ul>"
            ),
            "quote": {"text": "Hier kann ich einfach sein, wie ich bin.", "author": "Lea", "role": "16 Jahre"},
        },
        "theme": "kontrast",
        "colours": ("#0e7490", "#c2410c"),
        "tagline": "Dein Ort nach der Schule",
        "team": [
            {"name": "Aylin Demir", "role": "Sozialpädagogin, Leitung des Treffs", "mailbox": "team"},
            {"name": "Jonas Richter", "role": "Bandraum und Technik", "mailbox": "band"},
        ],
        "motif": "people",
        "hero_alt": "Gezeichnete Jugendliche, die sich an den Händen halten",
        "intro": (
            "<p>Der Jugendtreff ist offen für alle zwischen 12 und 21: Billard, Musik, Hausaufgabenhilfe, "
            "Ausflüge – oder einfach abhängen. Dienstag bis Freitag ab 15 Uhr.</p>"
        ),
        "news": [
            {
                "slug": "graffiti-wand",
                "title": "Unsere neue Graffiti-Wand",
                "days_ago": 4,
                "summary": "In einem Workshop haben 15 Jugendliche die Außenwand des Treffs neu gestaltet.",
                "motif": "pattern",
                "alt": "Buntes Kreismuster",
                "body": "<p>Danke an den Künstler Malik, der den Workshop geleitet hat.</p>",
            },
            {
                "slug": "neue-oeffnungszeiten",
                "title": "Neue Öffnungszeiten ab nächstem Monat",
                "days_ago": 15,
                "summary": "Freitags ist der Treff jetzt bis 21 Uhr geöffnet.",
                "motif": "calendar",
                "alt": "Gezeichnetes Kalenderblatt",
                "body": "<p>Das habt ihr euch in der Umfrage gewünscht – jetzt klappt es.</p>",
            },
        ],
        "events": [
            {
                "slug": "kochabend",
                "title": "Kochabend: Gerichte aus aller Welt",
                "days_ahead": 1 * WEEK,
                "hour": 17,
                "hours": 3,
                "summary": "Wir kochen zusammen Rezepte, die ihr mitbringt.",
                "motif": "basket",
                "alt": "Gezeichneter Korb mit Obst",
                "place": "Jugendtreff",
                "street": "Schulstraße 8",
                "price": "kostenlos",
                "price_amount": 0,
                "body": "<p>Bring gern ein Rezept aus deiner Familie mit!</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "ausflug-kletterpark",
                "title": "Ausflug in den Kletterpark",
                "days_ahead": 5 * WEEK,
                "hour": 9,
                "hours": 9,
                "summary": "Tagesausflug für alle ab 12 Jahren, mit Einverständnis der Eltern.",
                "motif": "landscape",
                "alt": "Gezeichnete Hügellandschaft",
                "place": "Treffpunkt Jugendtreff",
                "street": "Schulstraße 8",
                "price": "5 € (Rest zahlt der Förderverein)",
                "price_amount": 5,
                "body": "<p>Die Einverständniserklärung gibt es im Treff.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "bandabend",
                "title": "Bandabend im Jugendtreff",
                "days_ahead": 10 * WEEK,
                "hour": 19,
                "hours": 3,
                "summary": "Drei Nachwuchsbands aus dem Landkreis spielen live.",
                "motif": "notes",
                "alt": "Gezeichnete Noten",
                "place": "Jugendtreff",
                "street": "Schulstraße 8",
                "price": "3 €",
                "price_amount": 3,
                "body": "<p>Einlass ab 18:30 Uhr, kein Alkohol.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "hausaufgabenhilfe",
                "title": "Hausaufgabenhilfe am Nachmittag",
                "summary": "Hilf Jugendlichen bei Mathe, Deutsch oder Englisch – eine Stunde pro Woche reicht.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "body": "<p>Du brauchst kein Lehramtsstudium, nur Geduld und Freude am Erklären.</p>",
                "when": "dienstags und donnerstags 15–17 Uhr",
                "time_commitment": TimeCommitment.WEEKLY,
                "target_groups": [TargetGroup.YOUTH, TargetGroup.NEWCOMERS],
                "skills": "Geduld, Schulwissen in mindestens einem Fach",
                "place": "Jugendtreff",
                "contact_name": "Aylin Demir",
                "from_today": True,
            },
        ],
    },
    "gruene-aue": {
        "images": "gruene-aue",  # its pictures: sites/pages/demo_images/gruene-aue/
        "about": {
            "intro": "Wir packen an, wo die Natur in Musterland Hilfe braucht.",
            "history": (
                "<p>Angefangen hat alles 1995 mit einer Müllsammelaktion an der Aue. Daraus ist eine Gruppe von rund 80 Mitgliedern geworden, die eine Streuobstwiese pflegt, Nistkästen baut und jedes Frühjahr Kröten über die Straße hilft.</p>"
            ),
            "activities": (
                "<ul><li>Pflege der Streuobstwiese am Mühlenberg (jeden ersten Samstag im Monat)</li><li>Amphibienschutz an der Kreisstraße</li><li>Naturführungen für Schulklassen und Kitas</li></ul>"
            ),
            "quote": {
                "text": "Jeder Baum, den wir pflanzen, steht noch, wenn unsere Enkel groß sind.",
                "author": "Martin Vogel",
                "role": "Vorsitzender",
            },
        },
        "theme": "natur",
        "colours": ("#15803d", "#1e40af"),
        "tagline": "Natur schützen in Musterland",
        "team": [
            {"name": "Lena Hoffmann", "role": "Amphibienschutz und Streuobstwiese", "mailbox": "natur"},
            {"name": "Karl Winter", "role": "Naturführungen für Schulen", "mailbox": "fuehrungen"},
        ],
        "motif": "leaves",
        "hero_alt": "Gezeichnete Blätter und ein Baum vor grünen Hügeln",
        "intro": (
            "<p>Die Umweltgruppe Grüne Aue pflegt Streuobstwiesen, baut Nistkästen und räumt auf, was andere "
            "liegen lassen. Mitmachen kann jede und jeder – ganz ohne Vorkenntnisse.</p>"
        ),
        "news": [
            {
                "slug": "100-nistkaesten",
                "title": "100 Nistkästen hängen",
                "days_ago": 6,
                "summary": "Gemeinsam mit zwei Schulklassen haben wir 100 Nistkästen gebaut und aufgehängt.",
                "motif": "leaves",
                "alt": "Gezeichnete Blätter",
                "body": "<p>Im Frühjahr zählen wir, wie viele davon bewohnt sind.</p>",
            },
            {
                "slug": "apfelernte",
                "title": "800 Liter Apfelsaft von unserer Streuobstwiese",
                "days_ago": 28,
                "summary": "Aus 1,2 Tonnen Äpfeln der letzten Ernte ist Saft geworden – abgefüllt von der Jugendgruppe.",
                "motif": "basket",
                "alt": "Gezeichneter Obstkorb",
                "body": "<p>Den Saft gibt es bei unseren Veranstaltungen und bei der Tafel.</p>",
            },
        ],
        "events": [
            {
                "slug": "muellsammelaktion",
                "title": "Müllsammelaktion an der Aue",
                "days_ahead": 2 * WEEK,
                "hour": 10,
                "hours": 3,
                "summary": "Wir sammeln Müll entlang des Flussufers. Handschuhe und Zangen stellen wir.",
                "motif": "leaves",
                "alt": "Gezeichnete Blätter",
                "place": "Parkplatz an der Auenbrücke",
                "street": "Auenweg 1",
                "price": "kostenlos",
                "price_amount": 0,
                "body": "<p>Zum Abschluss gibt es Apfelsaft von unserer Wiese.</p>",
            },
            {
                "slug": "obstbaumschnitt-kurs",
                "title": "Kurs: Obstbäume richtig schneiden",
                "days_ahead": 9 * WEEK,
                "hour": 13,
                "hours": 4,
                "summary": "Ein Baumwart zeigt, wie alte Obstbäume gesund bleiben.",
                "motif": "landscape",
                "alt": "Gezeichnete Landschaft",
                "place": "Streuobstwiese am Mühlenberg",
                "street": "Mühlenweg 20",
                "price": "15 €, Mitglieder frei",
                "price_amount": 15,
                "body": "<p>Bitte wetterfeste Kleidung mitbringen.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "amphibienschutz",
                "title": "Start des Amphibienschutzzauns",
                "month": 2,
                "day": 20,
                "hour": 9,
                "hours": 3,
                "all_day": False,
                "summary": "Wir bauen den Schutzzaun an der Kreisstraße auf.",
                "motif": "leaves",
                "alt": "Gezeichnete Blätter",
                "place": "Kreisstraße K 12, Höhe Waldweg",
                "street": "Waldweg",
                "body": "<p>Danach suchen wir Helfer für die morgendlichen Kontrollgänge.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "amphibien-kontrollgaenge",
                "title": "Kontrollgänge am Amphibienzaun",
                "summary": "Morgens Kröten aus den Eimern holen und sicher über die Straße bringen.",
                "motif": "leaves",
                "alt": "Gezeichnete Blätter",
                "body": "<p>Einmal pro Woche, etwa 45 Minuten, in der Wanderzeit im Frühjahr.</p>",
                "when": "im Frühjahr, morgens 7–8 Uhr",
                "time_commitment": TimeCommitment.FLEXIBLE,
                "target_groups": [TargetGroup.FAMILIES, TargetGroup.CHILDREN, TargetGroup.SENIORS],
                "skills": "Frühes Aufstehen, Gummistiefel",
                "place": "Kreisstraße K 12",
                "contact_name": "Lena Hoffmann",
            },
            {
                "slug": "streuobstwiese-pflege",
                "title": "Pflege der Streuobstwiese",
                "summary": "Mähen, Bäume pflegen, ernten: einmal im Monat am Samstagvormittag.",
                "motif": "landscape",
                "alt": "Gezeichnete Landschaft",
                "body": "<p>Werkzeug ist da, Kaffee auch.</p>",
                "when": "jeden ersten Samstag im Monat, 10–13 Uhr",
                "time_commitment": TimeCommitment.FLEXIBLE,
                "target_groups": [TargetGroup.DISABILITIES, TargetGroup.SENIORS],
                "skills": "Lust auf frische Luft",
                "place": "Streuobstwiese am Mühlenberg",
                "contact_name": "Lena Hoffmann",
            },
        ],
    },
    "tafel-musterstadt": {
        "images": "tafel-musterstadt",  # its pictures: sites/pages/demo_images/tafel-musterstadt/
        "about": {
            "intro": "Wir retten Lebensmittel und geben sie an Menschen weiter, die wenig Geld haben.",
            "history": (
                "<p>Die Musterstädter Tafel wurde 2005 von Mitgliedern dreier Kirchengemeinden gegründet. Heute holen über 80 Ehrenamtliche an fünf Tagen in der Woche Lebensmittel bei Supermärkten und Bäckereien ab und geben sie an rund 400 Haushalte aus.</p>"
            ),
            "activities": (
                "<ul><li>Abholtouren mit unserem Kühlfahrzeug, montags bis freitags</li><li>Ausgabe dienstags und donnerstags ab 13 Uhr in der Bahnhofstraße 22</li><li>Beratung zu weiteren Hilfen gemeinsam mit der Sozialberatung der Stadt</li></ul>"
            ),
            "quote": {
                "text": "Niemand sollte sich schämen müssen, Hilfe anzunehmen.",
                "author": "Renate Schulz",
                "role": "Leiterin der Ausgabestelle",
            },
        },
        "theme": "warm",
        "colours": ("#c2410c", "#166534"),
        "tagline": "Lebensmittel retten, Menschen helfen",
        "team": [
            {"name": "Renate Schulz", "role": "Leitung der Ausgabestelle", "mailbox": "ausgabe"},
            {"name": "Mehmet Yilmaz", "role": "Fahrdienst und Abholtouren", "mailbox": "fahrdienst"},
        ],
        "motif": "basket",
        "hero_alt": "Gezeichneter Korb mit Obst und Brot",
        "intro": (
            "<p>Die Tafel Musterstadt rettet Lebensmittel aus Supermärkten und Bäckereien und gibt sie an "
            "Menschen mit wenig Geld weiter – jede Woche an rund 400 Haushalte. Möglich machen das über 80 "
            "Ehrenamtliche.</p>"
        ),
        "news": [
            {
                "slug": "neues-kuehlfahrzeug",
                "title": "Ein neues Kühlfahrzeug für die Tafel",
                "days_ago": 3,
                "summary": "Dank einer Stiftung können wir jetzt auch Milchprodukte und Fleisch sicher abholen.",
                "motif": "basket",
                "alt": "Gezeichneter Obstkorb",
                "body": "<p>Das Fahrzeug ist ab sofort jeden Tag auf Tour.</p>",
            },
            {
                "slug": "ausgabe-aenderung",
                "title": "Ausgabe am Donnerstag jetzt ab 14 Uhr",
                "days_ago": 12,
                "summary": "Damit Berufstätige es leichter haben, beginnt die Donnerstagsausgabe später.",
                "motif": "calendar",
                "alt": "Gezeichnetes Kalenderblatt",
                "body": "<p>Alle anderen Zeiten bleiben gleich.</p>",
            },
            {
                "slug": "danke-erntedank",
                "title": "Danke an die Kirchengemeinden für ihre Spenden",
                "days_ago": 45,
                "summary": "Die Kirchengemeinden haben uns über 2 Tonnen haltbare Lebensmittel gebracht.",
                "motif": "basket",
                "alt": "Gezeichneter Obstkorb",
                "body": "<p>Ein großes Dankeschön an alle Gemeinden im Landkreis!</p>",
            },
        ],
        "events": [
            {
                "slug": "infoabend-ehrenamt",
                "title": "Infoabend für neue Ehrenamtliche",
                "days_ahead": 2 * WEEK,
                "hour": 18,
                "hours": 2,
                "summary": "Wie läuft ein Tag bei der Tafel? Wir zeigen Lager, Ausgabe und Touren.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "place": "Tafel-Ausgabestelle",
                "street": "Bahnhofstraße 22",
                "price": "kostenlos",
                "price_amount": 0,
                "body": "<p>Sie können danach direkt einen Schnuppertag vereinbaren.</p>",
                "registration": RegistrationMode.FORM,
            },
            {
                "slug": "spendenaktion-supermarkt",
                "title": "Spendenaktion im Frischemarkt",
                "days_ahead": 6 * WEEK,
                "hour": 9,
                "hours": 10,
                "summary": "Kaufen Sie ein haltbares Lebensmittel mehr – wir nehmen es am Ausgang entgegen.",
                "motif": "basket",
                "alt": "Gezeichneter Obstkorb",
                "place": "Frischemarkt Musterstadt",
                "street": "Industriestraße 5",
                "body": "<p>Besonders gebraucht: Nudeln, Reis, Konserven, Kaffee und Hygieneartikel.</p>",
            },
            {
                "slug": "weihnachtspaeckchen",
                "title": "Weihnachtspäckchen packen",
                "month": 12,
                "day": 5,
                "hour": 10,
                "hours": 5,
                "summary": "Wir packen 400 Päckchen für die Familien, die zu uns kommen.",
                "motif": "pattern",
                "alt": "Buntes Kreismuster",
                "place": "Tafel-Ausgabestelle",
                "street": "Bahnhofstraße 22",
                "body": "<p>Jede helfende Hand ist willkommen, auch für eine Stunde.</p>",
            },
        ],
        "opportunities": [
            {
                "slug": "fahrerin-fahrer",
                "title": "Fahrerin oder Fahrer für die Abholtouren",
                "summary": "Mit dem Kühlfahrzeug Lebensmittel bei Supermärkten abholen – vormittags, 3 Stunden.",
                "motif": "basket",
                "alt": "Gezeichneter Obstkorb",
                "body": "<p>Sie fahren zu zweit. Führerschein Klasse B genügt.</p>",
                "when": "Montag bis Freitag, 8–11 Uhr, ein Tag pro Woche",
                "time_commitment": TimeCommitment.WEEKLY,
                "target_groups": [TargetGroup.SENIORS],
                "skills": "Führerschein Klasse B, Zuverlässigkeit",
                "place": "Tafel-Ausgabestelle",
                "contact_name": "Renate Schulz",
                "from_today": True,
            },
            {
                "slug": "ausgabe-helfen",
                "title": "Mithelfen bei der Lebensmittelausgabe",
                "summary": "Lebensmittel sortieren und freundlich ausgeben – auch Sprachkenntnisse helfen sehr.",
                "motif": "people",
                "alt": "Gezeichnete Menschen",
                "body": "<p>Wer Arabisch, Ukrainisch oder Türkisch spricht, hilft uns besonders.</p>",
                "when": "dienstags und donnerstags ab 13 Uhr",
                "time_commitment": TimeCommitment.WEEKLY,
                "target_groups": [TargetGroup.NEWCOMERS, TargetGroup.DISABILITIES],
                "skills": "Freundlichkeit; Sprachkenntnisse sind ein Plus",
                "place": "Tafel-Ausgabestelle",
                "contact_name": "Renate Schulz",
            },
        ],
    },
}


def demo_image_plan(spec: dict) -> list[tuple[int, str]]:
    """(seed, motif) of every picture the loader uses for `spec`: the hero, then one per news item,
    event and volunteering opportunity (seeds as in sites.pages.services._demo_fill)."""
    plan = [(10, spec["motif"])]
    for offset, key in ((20, "news"), (40, "events"), (60, "opportunities")):
        plan += [(offset + number, item["motif"]) for number, item in enumerate(spec[key], start=1)]
    return plan


def load(*, stdout) -> None:
    clubs = {club.slug: club for club in Club.objects.filter(slug__in=list(DEMO_CLUBS))}
    for slug in DEMO_CLUBS:
        club = clubs.get(slug)
        spec = SPECS.get(slug)
        if club is None or spec is None:
            continue
        demo_club_fill(club=club, spec=spec)
        stdout.write(f"  Vereinsseite {club.display_name}: Inhalte sind da.")
