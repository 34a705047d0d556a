"""Returned direct debits (Rücklastschriften) as read from the bank: the record and the reason codes.

`camt.parse_returns` (camt.053/camt.054) and `returns_csv.parse_returns_csv` (the banks' CSV export)
both give a list of :class:`ReturnedDebit`; the office matches them to its debit lines by the
end-to-end id and opens an item on the member's account.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# ISO 20022 external return reason codes used for SEPA direct debits, with the texts German banks print.
RETURN_REASONS = {
    "AC01": gettext_lazy("IBAN fehlerhaft oder Konto unbekannt"),
    "AC04": gettext_lazy("Konto erloschen"),
    "AC06": gettext_lazy("Konto gesperrt"),
    "AC13": gettext_lazy("Konto eines Verbrauchers (für Firmenlastschrift nicht zulässig)"),
    "AG01": gettext_lazy("Lastschrift auf diesem Konto nicht zulässig (z. B. Sparkonto)"),
    "AG02": gettext_lazy("Ungültiger Transaktionscode oder falsches Dateiformat"),
    "AM04": gettext_lazy("Keine ausreichende Deckung"),
    "AM05": gettext_lazy("Doppelte Einreichung"),
    "BE05": gettext_lazy("Einreicher (Gläubiger) der Bank unbekannt"),
    "CNOR": gettext_lazy("Bank des Zahlungsempfängers nicht erreichbar"),
    "DNOR": gettext_lazy("Bank des Zahlungspflichtigen nicht erreichbar"),
    "FF01": gettext_lazy("Ungültiges Dateiformat"),
    "MD01": gettext_lazy("Kein gültiges Mandat (nicht autorisierte Lastschrift)"),
    "MD02": gettext_lazy("Mandatsangaben fehlen oder sind fehlerhaft"),
    "MD06": gettext_lazy("Rückgabe auf Wunsch des Zahlungspflichtigen (Erstattung innerhalb von 8 Wochen)"),
    "MD07": gettext_lazy("Kontoinhaber verstorben"),
    "MS02": gettext_lazy("Widerspruch des Zahlungspflichtigen (ohne Angabe von Gründen)"),
    "MS03": gettext_lazy("Grund von der Bank nicht angegeben"),
    "RC01": gettext_lazy("BIC fehlerhaft"),
    "RR01": gettext_lazy("Regulatorische Gründe: Kontoangaben des Zahlungspflichtigen fehlen"),
    "RR02": gettext_lazy("Regulatorische Gründe: Name oder Anschrift des Zahlungspflichtigen fehlt"),
    "RR03": gettext_lazy("Regulatorische Gründe: Name oder Anschrift des Zahlungsempfängers fehlt"),
    "RR04": gettext_lazy("Regulatorische Gründe"),
    "SL01": gettext_lazy("Sonderleistung der Bank des Zahlungspflichtigen (z. B. Lastschriftsperre)"),
    "FOCR": gettext_lazy("Rückruf nach Stornierungsanfrage"),
    "DUPL": gettext_lazy("Doppelte Zahlung"),
    "TECH": gettext_lazy("Technische Gründe"),
    "FRAD": gettext_lazy("Betrugsverdacht"),
    "CUST": gettext_lazy("Auf Wunsch des Kunden"),
}


def reason_text(code: str | None) -> str:
    """The German text of a return reason code; unknown codes are named as such."""
    if not code:
        return _("Kein Rückgabegrund angegeben")
    code = code.strip().upper()
    if code in RETURN_REASONS:
        return str(RETURN_REASONS[code])
    return _("Rückgabegrund %(code)s (unbekannter Code)") % {"code": code}


@dataclass(frozen=True)
class ReturnedDebit:
    """One returned direct debit. ``amount`` is the returned (original) amount, ``fee`` the bank's charges."""

    end_to_end_id: str
    amount: Decimal
    currency: str = "EUR"
    reason_code: str = ""
    additional_info: str = ""
    fee: Decimal | None = None
    mandate_reference: str = ""
    debtor_name: str = ""
    debtor_iban: str = ""
    booking_date: datetime.date | None = None
    source: str = ""

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason_code)
