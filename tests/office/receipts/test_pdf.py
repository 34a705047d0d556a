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
    from office.receipts.pdf import FONT_SIZES, layout_receipt

    receipt = _in_kind_described(60)
    # at 10 pt the main part runs over its page; a smaller size keeps it on one
    assert layout_receipt(receipt) is None
    (page,) = _pages(receipt)
    assert "Wer vorsätzlich oder grob fahrlässig" in page
    assert layout_receipt(receipt, font_size=FONT_SIZES[-1]) is not None
    with pytest.raises(ReceiptTooLong):
        render_receipt_pdf(_in_kind_described(120))


def test_many_receipts_each_as_alone_and_too_long_in_its_place():
    """render_receipts_pdfs gives every receipt's PDF as render_receipt_pdf makes it, under its own number; with
    errors=True a receipt that does not fit has its ReceiptTooLong in its place and the others still come."""
    from office.receipts.errors import ReceiptTooLong
    from office.receipts.pdf import render_receipts_pdfs

    receipts = [money(), collective(count=40), in_kind(), _in_kind_described(60), collective(count=5)]
    batch = render_receipts_pdfs(receipts)
    assert len(batch) == len(receipts)
    for receipt, data in zip(receipts, batch, strict=True):
        assert data == render_receipt_pdf(receipt)
        assert PdfReader(io.BytesIO(data)).metadata.title == receipt.number
    mixed = render_receipts_pdfs([money(), _in_kind_described(120)], errors=True)
    assert isinstance(mixed[0], bytes) and isinstance(mixed[1], ReceiptTooLong)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_pdf_text_carries_every_passage_of_the_bmf_wording():
    """What wording.py fills in from the BMF templates is all in the PDF's text, word for word (white space
    aside: lines break differently on paper), each table cell on its own; the main part on page one."""
    from office.receipts.wording import annex_passages, receipt_passages

    cases = [money(), money(youth_club(), amount="50.00", waiver=True), in_kind(), collective(count=40)]
    for receipt in cases:
        pages = [_squeezed(page) for page in _pages(receipt)]
        for passages, page in ((receipt_passages(receipt), pages[0]), (annex_passages(receipt), "".join(pages[1:]))):
            for passage in passages:
                for line in passage.lines:
                    for piece in line.split(" | "):
                        assert _squeezed(piece) in page, (receipt.number, passage.key, piece)


def test_pdf_is_tagged_with_language_title_and_embedded_fonts():
    """Accessibility: a tagged PDF (structure tree with headings, paragraphs and tables whose header cells
    say their scope), German as its language, the title shown, fonts embedded with a Unicode map."""
    reader = PdfReader(io.BytesIO(render_receipt_pdf(collective(count=12))))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de-DE"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    roles: list[str] = []

    def walk(element):
        roles.append(element["/S"])
        if element["/S"] == "/TH":
            assert element["/A"]["/Scope"] == "/Column"
        for kid in element.get("/K", []):
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type") == "/StructElem":
                walk(kid)

    walk(root["/StructTreeRoot"]["/K"].get_object())
    assert roles[0] == "/Document"
    assert {"/H1", "/P", "/Table", "/TR", "/TH", "/TD"} <= set(roles)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/ToUnicode" in font
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]


def test_long_annex_runs_over_pages_with_its_header_again():
    receipt = collective(count=150)
    main, *annex = _pages(receipt)
    assert len(annex) >= 2
    for page in annex:
        assert "Datum der Zuwendung" in page
    text = " ".join(annex)
    assert text.count("Geldzuwendung ") + text.count("Mitgliedsbeitrag ") >= 150


def test_embedded_font_subset_is_a_valid_truetype_font():
    """The subset keeps the glyphs asked for (and their composite parts) under their ids, the others empty."""
    from fontTools.ttLib import TTFont

    from office.receipts.tagged_pdf import font

    face = font("DejaVu Sans")
    wanted = frozenset(face.gid(c) for c in "Zuwendungsbestätigung €☒")
    subset = TTFont(io.BytesIO(face.subset(wanted)))
    glyf, order = subset["glyf"], subset.getGlyphOrder()
    assert len(order) == face.num_glyphs
    for gid in wanted - {face.gid(" ")}:
        assert glyf[order[gid]].numberOfContours != 0
    assert glyf[order[face.gid("Q")]].numberOfContours == 0
    assert subset["hmtx"][order[face.gid("ä")]][0] == round(face.advances[face.gid("ä")] / face.scale)


def test_donor_name_in_other_scripts_and_overlong_words_stay_in_the_box():
    """Turkish, Cyrillic, Greek letters are in the font and read back; an over-long word is broken, not cut
    off; a character the font lacks shows its empty box and reads as U+FFFD, not as some other letter."""
    import dataclasses

    from office.receipts.data import Donor

    name = "Ünal Çelik-Øster Ğüzel Яков Ψ 王 " + "X" * 150
    (page,) = _pages(dataclasses.replace(money(), donor=Donor(name, ())))
    assert "Ünal Çelik-Øster Ğüzel Яков Ψ \ufffd" in page
    assert _squeezed(page).count("X") == 150
