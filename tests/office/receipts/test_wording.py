"""Golden tests: the text of every receipt variant stays the BMF wording, word for word (office/receipts)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from office.money import euro
from office.receipts.data import DonationKind
from office.receipts.errors import ReceiptInputError
from office.receipts.wording import amount_in_words, receipt_text

from .conftest import collective, in_kind, money, youth_club

GOLDEN = Path(__file__).parent / "golden"
LIABILITY = (
    "Hinweis:\n\nWer vorsätzlich oder grob fahrlässig eine unrichtige Zuwendungsbestätigung erstellt oder veranlasst, "
    "dass Zuwendungen nicht zu den in der Zuwendungsbestätigung angegebenen steuerbegünstigten Zwecken verwendet "
    "werden, haftet für die entgangene Steuer (§ 10b Abs. 4 EStG, § 9 Abs. 3 KStG, § 9 Nr. 5 GewStG)."
)

VARIANTS = {
    "geldzuwendung": lambda: money(),
    "mitgliedsbeitrag_60a_maschinell": lambda: money(youth_club(), amount="120.00", kind=DonationKind.MEMBERSHIP_FEE),
    "aufwandsspende": lambda: money(amount="85.40", waiver=True),
    "sachzuwendung": in_kind,
    "sammelbestaetigung": collective,
}


@pytest.mark.parametrize("name", VARIANTS)
def test_golden(name):
    text = receipt_text(VARIANTS[name]())
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("HH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", VARIANTS)
def test_liability_notice_always_kept(name):
    assert LIABILITY in receipt_text(VARIANTS[name]())


def test_unused_passages_dropped():
    sport = receipt_text(money())
    assert "§ 60a AO gesondert festgestellt" not in sport
    assert "maschinell erstellt" not in sport
    assert "Nur für steuerbegünstigte Einrichtungen" in sport  # sport: fees are not deductible
    youth = receipt_text(money(youth_club(), amount="10.00"))
    assert "Freistellungsbescheid bzw." not in youth
    assert "Nur für steuerbegünstigte Einrichtungen" not in youth
    assert "Wir fördern nach unserer Satzung die Jugend- und Altenhilfe und die Erziehung" in youth
    assert "maschinell erstellt und ist ohne eigenhändige Unterschrift gültig" in youth


def test_waiver_marked():
    assert "Aufwendungen   Ja ☒   Nein ☐" in receipt_text(money(amount="85.40", waiver=True))
    assert "Aufwendungen   Ja ☐   Nein ☒" in receipt_text(money())


def test_amount_in_words():
    assert amount_in_words(Decimal("100.00")) == "einhundert Euro"
    assert amount_in_words(Decimal("1")) == "ein Euro"
    assert amount_in_words(Decimal("0.01")) == "null Euro und ein Cent"
    assert amount_in_words(Decimal("1234.56")) == "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent"
    assert amount_in_words(Decimal("1000000")) == "eine Million Euro"
    with pytest.raises(ReceiptInputError):
        amount_in_words(100)  # num2words would read an int as cents


def test_euro():
    assert euro(Decimal("1234.5")) == "1.234,50 €"
    assert euro(Decimal("0.5")) == "0,50 €"
