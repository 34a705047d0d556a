"""The tax-privileged purposes a club can pursue, as stable codes, and whether membership fees are deductible.

The codes follow § 52 Abs. 2 Satz 1 AO (numbers 1–26, number 23 split into its activities), plus
mildtätige (§ 53) and kirchliche (§ 54) Zwecke, the "kulturelle Betätigungen, die in erster Linie der
Freizeitgestaltung dienen" and purposes declared gemeinnützig under § 52 Abs. 2 Satz 2 AO.

``fees_deductible`` is False for the purposes of § 10b Abs. 1 Satz 8 EStG: Sport, cultural leisure
activities, Heimatpflege/Heimatkunde/Ortsverschönerung, everything of § 52 Abs. 2 Satz 1 Nr. 23 AO and
purposes under § 52 Abs. 2 Satz 2 AO. One such purpose is enough to exclude the fees of the whole club,
even next to other purposes (BFH, 28.09.2022, X R 7/21).

Each purpose carries the words the BMF templates need: the genitive after "wegen Förderung …" /
"nur zur Förderung …" and the accusative after "Wir fördern nach unserer Satzung …".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ReceiptInputError


@dataclass(frozen=True)
class Purpose:
    code: str
    legal_basis: str
    label: str
    genitive: str
    accusative: str
    fees_deductible: bool = True


def _p(code, basis, label, genitive, accusative, fees=True) -> Purpose:
    return Purpose(code, basis, label, genitive, accusative, fees)


PURPOSES: tuple[Purpose, ...] = (
    _p(
        "wissenschaft",
        "§ 52 Abs. 2 Satz 1 Nr. 1 AO",
        "Wissenschaft und Forschung",
        "von Wissenschaft und Forschung",
        "Wissenschaft und Forschung",
    ),
    _p("religion", "§ 52 Abs. 2 Satz 1 Nr. 2 AO", "Religion", "der Religion", "die Religion"),
    _p(
        "gesundheit",
        "§ 52 Abs. 2 Satz 1 Nr. 3 AO",
        "Öffentliches Gesundheitswesen",
        "des öffentlichen Gesundheitswesens und der öffentlichen Gesundheitspflege",
        "das öffentliche Gesundheitswesen und die öffentliche Gesundheitspflege",
    ),
    _p(
        "jugend_altenhilfe",
        "§ 52 Abs. 2 Satz 1 Nr. 4 AO",
        "Jugend- und Altenhilfe",
        "der Jugend- und Altenhilfe",
        "die Jugend- und Altenhilfe",
    ),
    _p("kunst_kultur", "§ 52 Abs. 2 Satz 1 Nr. 5 AO", "Kunst und Kultur", "von Kunst und Kultur", "Kunst und Kultur"),
    _p(
        "kultur_freizeit",
        "§ 10b Abs. 1 Satz 8 Nr. 2 EStG",
        "Kulturelle Betätigungen der Freizeitgestaltung",
        "kultureller Betätigungen, die in erster Linie der Freizeitgestaltung dienen",
        "kulturelle Betätigungen, die in erster Linie der Freizeitgestaltung dienen",
        False,
    ),
    _p(
        "denkmalschutz",
        "§ 52 Abs. 2 Satz 1 Nr. 6 AO",
        "Denkmalschutz und Denkmalpflege",
        "des Denkmalschutzes und der Denkmalpflege",
        "den Denkmalschutz und die Denkmalpflege",
    ),
    _p(
        "bildung",
        "§ 52 Abs. 2 Satz 1 Nr. 7 AO",
        "Erziehung, Volks- und Berufsbildung",
        "der Erziehung, Volks- und Berufsbildung einschließlich der Studentenhilfe",
        "die Erziehung, Volks- und Berufsbildung einschließlich der Studentenhilfe",
    ),
    _p(
        "naturschutz",
        "§ 52 Abs. 2 Satz 1 Nr. 8 AO",
        "Natur- und Umweltschutz",
        "des Naturschutzes und der Landschaftspflege sowie des Umweltschutzes",
        "den Naturschutz und die Landschaftspflege sowie den Umweltschutz",
    ),
    _p("wohlfahrt", "§ 52 Abs. 2 Satz 1 Nr. 9 AO", "Wohlfahrtswesen", "des Wohlfahrtswesens", "das Wohlfahrtswesen"),
    _p(
        "verfolgte",
        "§ 52 Abs. 2 Satz 1 Nr. 10 AO",
        "Hilfe für Verfolgte und Flüchtlinge",
        "der Hilfe für politisch, rassistisch oder religiös Verfolgte und für Flüchtlinge",
        "die Hilfe für politisch, rassistisch oder religiös Verfolgte und für Flüchtlinge",
    ),
    _p(
        "rettung",
        "§ 52 Abs. 2 Satz 1 Nr. 11 AO",
        "Rettung aus Lebensgefahr",
        "der Rettung aus Lebensgefahr",
        "die Rettung aus Lebensgefahr",
    ),
    _p(
        "feuerschutz",
        "§ 52 Abs. 2 Satz 1 Nr. 12 AO",
        "Feuer-, Arbeits-, Katastrophen- und Zivilschutz",
        "des Feuer-, Arbeits-, Katastrophen- und Zivilschutzes sowie der Unfallverhütung",
        "den Feuer-, Arbeits-, Katastrophen- und Zivilschutz sowie die Unfallverhütung",
    ),
    _p(
        "voelkerverstaendigung",
        "§ 52 Abs. 2 Satz 1 Nr. 13 AO",
        "Völkerverständigung",
        "der internationalen Gesinnung, der Toleranz auf allen Gebieten der Kultur und des Völkerverständigungsgedankens",
        "die internationale Gesinnung, die Toleranz auf allen Gebieten der Kultur und den Völkerverständigungsgedanken",
    ),
    _p("tierschutz", "§ 52 Abs. 2 Satz 1 Nr. 14 AO", "Tierschutz", "des Tierschutzes", "den Tierschutz"),
    _p(
        "entwicklung",
        "§ 52 Abs. 2 Satz 1 Nr. 15 AO",
        "Entwicklungszusammenarbeit",
        "der Entwicklungszusammenarbeit",
        "die Entwicklungszusammenarbeit",
    ),
    _p(
        "verbraucherschutz",
        "§ 52 Abs. 2 Satz 1 Nr. 16 AO",
        "Verbraucherberatung und Verbraucherschutz",
        "von Verbraucherberatung und Verbraucherschutz",
        "die Verbraucherberatung und den Verbraucherschutz",
    ),
    _p(
        "strafgefangene",
        "§ 52 Abs. 2 Satz 1 Nr. 17 AO",
        "Fürsorge für Strafgefangene",
        "der Fürsorge für Strafgefangene und ehemalige Strafgefangene",
        "die Fürsorge für Strafgefangene und ehemalige Strafgefangene",
    ),
    _p(
        "gleichberechtigung",
        "§ 52 Abs. 2 Satz 1 Nr. 18 AO",
        "Gleichberechtigung",
        "der Gleichberechtigung von Frauen und Männern",
        "die Gleichberechtigung von Frauen und Männern",
    ),
    _p(
        "familie",
        "§ 52 Abs. 2 Satz 1 Nr. 19 AO",
        "Schutz von Ehe und Familie",
        "des Schutzes von Ehe und Familie",
        "den Schutz von Ehe und Familie",
    ),
    _p(
        "kriminalpraevention",
        "§ 52 Abs. 2 Satz 1 Nr. 20 AO",
        "Kriminalprävention",
        "der Kriminalprävention",
        "die Kriminalprävention",
    ),
    _p("sport", "§ 52 Abs. 2 Satz 1 Nr. 21 AO", "Sport", "des Sports", "den Sport", False),
    _p(
        "heimatpflege",
        "§ 52 Abs. 2 Satz 1 Nr. 22 AO",
        "Heimatpflege, Heimatkunde, Ortsverschönerung",
        "der Heimatpflege, Heimatkunde und Ortsverschönerung",
        "die Heimatpflege, Heimatkunde und Ortsverschönerung",
        False,
    ),
    _p("tierzucht", "§ 52 Abs. 2 Satz 1 Nr. 23 AO", "Tierzucht", "der Tierzucht", "die Tierzucht", False),
    _p(
        "pflanzenzucht",
        "§ 52 Abs. 2 Satz 1 Nr. 23 AO",
        "Pflanzenzucht",
        "der Pflanzenzucht",
        "die Pflanzenzucht",
        False,
    ),
    _p(
        "kleingaertnerei",
        "§ 52 Abs. 2 Satz 1 Nr. 23 AO",
        "Kleingärtnerei",
        "der Kleingärtnerei",
        "die Kleingärtnerei",
        False,
    ),
    _p(
        "brauchtum",
        "§ 52 Abs. 2 Satz 1 Nr. 23 AO",
        "Traditionelles Brauchtum",
        "des traditionellen Brauchtums einschließlich des Karnevals, der Fastnacht und des Faschings",
        "das traditionelle Brauchtum einschließlich des Karnevals, der Fastnacht und des Faschings",
        False,
    ),
    _p(
        "soldatenbetreuung",
        "§ 52 Abs. 2 Satz 1 Nr. 23 AO",
        "Soldaten- und Reservistenbetreuung",
        "der Soldaten- und Reservistenbetreuung",
        "die Soldaten- und Reservistenbetreuung",
        False,
    ),
    _p(
        "amateurfunk", "§ 52 Abs. 2 Satz 1 Nr. 23 AO", "Amateurfunken", "des Amateurfunkens", "das Amateurfunken", False
    ),
    _p("freifunk", "§ 52 Abs. 2 Satz 1 Nr. 23 AO", "Freifunk", "des Freifunks", "den Freifunk", False),
    _p("modellflug", "§ 52 Abs. 2 Satz 1 Nr. 23 AO", "Modellflug", "des Modellflugs", "den Modellflug", False),
    _p("hundesport", "§ 52 Abs. 2 Satz 1 Nr. 23 AO", "Hundesport", "des Hundesports", "den Hundesport", False),
    _p(
        "demokratie",
        "§ 52 Abs. 2 Satz 1 Nr. 24 AO",
        "Demokratisches Staatswesen",
        "des demokratischen Staatswesens",
        "das demokratische Staatswesen",
    ),
    _p(
        "engagement",
        "§ 52 Abs. 2 Satz 1 Nr. 25 AO",
        "Bürgerschaftliches Engagement",
        "des bürgerschaftlichen Engagements zugunsten gemeinnütziger, mildtätiger und kirchlicher Zwecke",
        "das bürgerschaftliche Engagement zugunsten gemeinnütziger, mildtätiger und kirchlicher Zwecke",
    ),
    _p(
        "friedhoefe",
        "§ 52 Abs. 2 Satz 1 Nr. 26 AO",
        "Friedhöfe und Gedenkstätten",
        "der Unterhaltung und Pflege von Friedhöfen und der Gedenkstätten für nichtbestattungspflichtige Kinder und Föten",
        "die Unterhaltung und Pflege von Friedhöfen und der Gedenkstätten für nichtbestattungspflichtige Kinder und Föten",
    ),
    _p(
        "satz2",
        "§ 52 Abs. 2 Satz 2 AO",
        "Für gemeinnützig erklärter Zweck",
        "des nach § 52 Abs. 2 Satz 2 AO für gemeinnützig erklärten Zwecks",
        "den nach § 52 Abs. 2 Satz 2 AO für gemeinnützig erklärten Zweck",
        False,
    ),
    _p("mildtaetig", "§ 53 AO", "Mildtätige Zwecke", "mildtätiger Zwecke", "mildtätige Zwecke"),
    _p("kirchlich", "§ 54 AO", "Kirchliche Zwecke", "kirchlicher Zwecke", "kirchliche Zwecke"),
)

PURPOSES_BY_CODE: dict[str, Purpose] = {p.code: p for p in PURPOSES}
# For a model's CharField(choices=…) or a MultipleChoiceField.
PURPOSE_CHOICES: list[tuple[str, str]] = [(p.code, f"{p.label} ({p.legal_basis})") for p in PURPOSES]


def get_purposes(codes: Iterable[str]) -> list[Purpose]:
    """The purposes of ``codes`` in the given order; unknown or no codes raise :class:`ReceiptInputError`."""
    codes = list(codes)
    unknown = [c for c in codes if c not in PURPOSES_BY_CODE]
    if unknown:
        raise ReceiptInputError(f"Unbekannter steuerbegünstigter Zweck: {', '.join(unknown)}.")
    if not codes:
        raise ReceiptInputError("Es ist kein steuerbegünstigter Zweck hinterlegt.")
    return [PURPOSES_BY_CODE[c] for c in dict.fromkeys(codes)]


def membership_fees_deductible(codes: Iterable[str]) -> bool:
    """False as soon as one purpose falls under § 10b Abs. 1 Satz 8 EStG."""
    return all(p.fees_deductible for p in get_purposes(codes))


def non_deductible_purposes(codes: Iterable[str]) -> list[Purpose]:
    return [p for p in get_purposes(codes) if not p.fees_deductible]


def join_german(parts: list[str]) -> str:
    """["a"] → "a"; ["a", "b", "c"] → "a, b und c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " und " + parts[-1]


def purposes_genitive(codes: Iterable[str]) -> str:
    """For "wegen Förderung …" and "nur zur Förderung …": "des Sports und der Jugend- und Altenhilfe"."""
    return join_german([p.genitive for p in get_purposes(codes)])


def purposes_accusative(codes: Iterable[str]) -> str:
    """For "Wir fördern nach unserer Satzung …": "den Sport und die Jugend- und Altenhilfe"."""
    return join_german([p.accusative for p in get_purposes(codes)])
