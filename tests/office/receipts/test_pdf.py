"""Receipts as PDF: one A4 page, amount in words, purposes and tax data on it (pypdf)."""

import io

from pypdf import PdfReader

from office.receipts.pdf import render_receipt_pdf

from .conftest import collective, in_kind, money, youth_club


def _pages(receipt) -> list[str]:
    reader = PdfReader(io.BytesIO(render_receipt_pdf(receipt)))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_money_receipt_one_page_with_words_purposes_tax_data():
    (page,) = _pages(money())
    assert "1.234,56 €" in page
    assert "eintausendzweihundertvierunddreißig Euro und sechsundfünfzig Cent" in page
    assert "wegen Förderung des Sports und der Jugend- und Altenhilfe" in page
    assert "Finanzamtes Musterstadt, StNr. 12/345/67890, vom 15.03.2024" in page
    assert "Veranlagungszeitraum 2021 bis 2023" in page
    assert "Wer vorsätzlich oder grob fahrlässig" in page
    assert "(Ort, Datum und Unterschrift des Zuwendungsempfängers)" in page


def test_machine_made_receipt_says_so():
    (page,) = _pages(money(youth_club(), amount="50.00"))
    assert "fünfzig Euro" in page
    assert "maschinell erstellt und ist ohne eigenhändige Unterschrift gültig" in page
    assert "Finanzamt Beispielheim, StNr. 98/765/43210, mit Bescheid vom 01.06.2024" in page


def test_in_kind_receipt_one_page():
    (page,) = _pages(in_kind())
    assert "sechshundertfünfzig Euro" in page
    assert "Notebook Lenovo ThinkPad T14" in page
    assert "aus dem Betriebsvermögen" in page


def test_collective_receipt_with_40_donations():
    receipt = collective(count=40)
    pages = _pages(receipt)
    assert len(pages) == 2  # the receipt on exactly one page, the annex on the next
    main, annex = pages
    assert "Sammelbestätigung über Geldzuwendungen/Mitgliedsbeiträge" in main
    assert "01.01.2025 bis 31.12.2025" in main
    total = "1.780,00 €"  # 40 × 25 + (0 + … + 39)
    assert total in main
    assert "eintausendsiebenhundertachtzig Euro" in main
    assert "keine weiteren Bestätigungen, weder formelle Zuwendungsbestätigungen noch Beitragsquittungen" in main
    assert "Anlage zur Sammelbestätigung" in annex
    for donation in receipt.donations:
        assert donation.date.strftime("%d.%m.%Y") in annex
    assert f"Gesamtsumme {total}" in annex


def _in_kind_described(words: int):
    import dataclasses

    receipt = in_kind()
    (donation,) = receipt.donations
    details = dataclasses.replace(donation.in_kind, description=" ".join(["Sportgerät gebraucht"] * words))
    return dataclasses.replace(receipt, donations=(dataclasses.replace(donation, in_kind=details),))


def test_long_receipt_shrinks_to_one_page_or_is_refused():
    import pytest

    from office.receipts.errors import ReceiptTooLong
    from office.receipts.pdf import FONT_SIZES, _layout, render_receipt_html

    receipt = _in_kind_described(60)
    # at 10 pt the main part runs over its page; a smaller size keeps it on one
    assert "main-end" not in _layout(render_receipt_html(receipt)).pages[0].anchors
    (page,) = _pages(receipt)
    assert "Wer vorsätzlich oder grob fahrlässig" in page
    assert "main-end" in _layout(render_receipt_html(receipt, font_size=FONT_SIZES[-1])).pages[0].anchors
    with pytest.raises(ReceiptTooLong):
        render_receipt_pdf(_in_kind_described(120))


def test_batch_renders_each_receipt_as_alone():
    """render_receipts_pdfs lays many receipts out as one document and splits it: every PDF says what
    render_receipt_pdf says, page for page, under its own number; a receipt too long at 10 pt still shrinks."""
    from office.receipts.pdf import render_receipts_pdfs

    receipts = [money(), collective(count=40), in_kind(), _in_kind_described(60), collective(count=5)]
    batch = render_receipts_pdfs(receipts, batch_size=3)
    assert len(batch) == len(receipts)
    for receipt, data in zip(receipts, batch, strict=True):
        alone = PdfReader(io.BytesIO(render_receipt_pdf(receipt)))
        reader = PdfReader(io.BytesIO(data))
        assert [p.extract_text() for p in reader.pages] == [p.extract_text() for p in alone.pages]
        assert reader.metadata.title == receipt.number
