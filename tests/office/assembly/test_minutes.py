"""Draft minutes (office/assembly/minutes.py): text, HTML and PDF without a database."""

import datetime
import io
import time

from pypdf import PdfReader

from office.assembly.minutes import AgendaEntry, MinutesData, minutes_html, minutes_pdf, minutes_text
from office.assembly.statute import SIMPLE_MAJORITY, AssemblyMode
from office.assembly.votes import Tally, motion_result


def sample(items: int = 3) -> MinutesData:
    result = motion_result(Tally(yes=34, no=11, abstain=5), SIMPLE_MAJORITY)
    entries = [
        AgendaEntry(
            "1", "Begrüßung und Feststellung der Beschlussfähigkeit", notes="Die Vorsitzende begrüßt die Anwesenden."
        )
    ]
    for n in range(2, items + 1):
        entries.append(
            AgendaEntry(
                str(n),
                f"Antrag Nr. {n}: Anschaffung <Bierbänke>",
                motion_text="Der Verein kauft zehn Garnituren.\nKosten höchstens 1.500 €.",
                proposer="Max Muster",
                voting="offen",
                result_text=result.text,
                accepted=result.accepted,
            )
        )
    return MinutesData(
        club_name="SV Alpha 1900 e. V.",
        title="Ordentliche Mitgliederversammlung 2026",
        held_on=datetime.date(2026, 3, 19),
        starts_at=datetime.time(19, 0),
        ends_at=datetime.time(21, 15),
        place="Vereinsheim, Hauptstraße 1",
        mode=AssemblyMode.HYBRID,
        chair="Erika Beispiel",
        keeper="Jan Schreiber",
        invited_on=datetime.date(2026, 3, 2),
        entitled=120,
        present=45,
        represented=5,
        quorum_text="Beschlussfähig: Die Satzung verlangt keine Mindestbeteiligung.",
        items=tuple(entries),
        notes="Keine.",
    )


def test_text_minutes():
    text = minutes_text(sample())
    assert "Protokoll: Ordentliche Mitgliederversammlung 2026" in text
    assert "Datum: Donnerstag, 19. März 2026, 19:00 Uhr – 21:15 Uhr" in text
    assert "hybride Versammlung (§ 32 Abs. 2 Satz 1 BGB)" in text
    assert "Stimmberechtigt: 120; anwesend: 45; vertreten: 5; Gäste: 0." in text
    assert "TOP 3: Antrag Nr. 3" in text
    assert "Ergebnis: Angenommen: 34 Ja-Stimmen von 45 abgegebenen Stimmen" in text


def test_html_minutes_escape_and_contain_results():
    html = minutes_html(sample())
    assert "Anschaffung &lt;Bierbänke&gt;" in html and "<Bierbänke>" not in html
    assert "TOP 2" in html and "Entwurf" in html and "Erika Beispiel" in html
    assert "§ 32 Abs. 1 Satz 3 BGB" in html


def test_pdf_of_twenty_items_within_five_seconds():
    started = time.perf_counter()
    pdf = minutes_pdf(sample(items=20))
    elapsed = time.perf_counter() - started
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "TOP 20" in text and "Jan Schreiber" in text
    assert elapsed <= 5, elapsed
