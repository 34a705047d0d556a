"""A receipt as an A4 PDF (WeasyPrint, Django template ``office/receipts/receipt.html``), never longer than one page.

The main part must fit one A4 page (BMF letter of 7 November 2013, no. 2). It is laid out at 10 pt
and, if that runs over, again at 9.5, 9 and 8.5 pt; if even that is too long, :class:`ReceiptTooLong`.
The annex of a Sammelbestätigung follows on the next page(s) at 8.5 pt.

Speed (bench/office_books.py, 1,000 Sammelbestätigungen): main part and annex are laid out as one
document, and the stylesheet (``receipt.css``) and the font configuration are made once per process;
this took a Sammelbestätigung from about 0.15 s to 0.09 s of CPU. Whether the main part fits its page is
read from where the marker ``#main-end`` landed.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache

from django.template.loader import render_to_string

from .data import Receipt
from .errors import ReceiptTooLong
from .wording import annex_passages, annex_rows, receipt_passages

FONT_SIZES = (10.0, 9.5, 9.0, 8.5)
ANNEX_FONT_SIZE = 8.5
TEMPLATE = "office/receipts/receipt.html"
BATCH_TEMPLATE = "office/receipts/receipts.html"
BATCH_SIZE = 50
STYLESHEET = "office/receipts/receipt.css"
MAIN_END = "main-end"


def render_receipt_html(receipt: Receipt, *, font_size: float = FONT_SIZES[0]) -> str:
    """HTML of the receipt: the main part at ``font_size``, then the annex of a Sammelbestätigung."""
    annex = annex_passages(receipt)
    return render_to_string(
        TEMPLATE,
        {
            "receipt": receipt,
            "passages": receipt_passages(receipt),
            "annex_passages": annex,
            "rows": annex_rows(receipt) if annex else [],
            "font_size": f"{font_size:g}",
            "annex_font_size": f"{ANNEX_FONT_SIZE:g}",
            "signed": not receipt.issuer.machine_made,
        },
    )


@cache
def _style():
    """(stylesheet, font configuration), parsed once per process: parsing took a third of each receipt."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(string=render_to_string(STYLESHEET), font_config=fonts), fonts


def _layout(html: str):
    from weasyprint import HTML

    stylesheet, fonts = _style()
    return HTML(string=html).render(stylesheets=[stylesheet], font_config=fonts)


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """The PDF: the main part on exactly one page, then the annex of a Sammelbestätigung."""
    for size in FONT_SIZES:
        document = _layout(render_receipt_html(receipt, font_size=size))
        if MAIN_END in document.pages[0].anchors:
            return document.write_pdf()
    raise ReceiptTooLong(
        "Die Zuwendungsbestätigung passt nicht auf eine DIN-A4-Seite; bitte Anschriften oder die Bezeichnung "
        "der Sachzuwendung kürzen."
    )


def _item(receipt: Receipt, font_size: float) -> dict:
    annex = annex_passages(receipt)
    return {
        "passages": receipt_passages(receipt),
        "annex_passages": annex,
        "rows": annex_rows(receipt) if annex else [],
        "font_size": f"{font_size:g}",
        "signed": not receipt.issuer.machine_made,
    }


def _pdf_of(document, pages, title: str) -> bytes:
    part = document.copy(pages)
    part.metadata = copy.copy(document.metadata)
    part.metadata.title = title
    return part.write_pdf()


def render_receipts_pdfs(
    receipts: Sequence[Receipt], *, batch_size: int = BATCH_SIZE, errors: bool = False
) -> list[bytes | ReceiptTooLong]:
    """The PDFs of many receipts, in order, each exactly as :func:`render_receipt_pdf` makes it.

    Up to `batch_size` receipts are laid out as one WeasyPrint document (each starting on a new page), which
    is then split into one PDF per receipt: the per-document cost (HTML parse, CSS cascade, fonts) is paid
    once per batch instead of once per receipt. A receipt whose main part runs over its first page at 10 pt
    is laid out again on its own with the smaller sizes; if none fits, :class:`ReceiptTooLong` is raised, or
    with ``errors=True`` put in that receipt's place (the others are still rendered)."""
    pdfs: list[bytes] = []
    for start in range(0, len(receipts), batch_size):
        pdfs.extend(_render_batch(receipts[start : start + batch_size], errors=errors))
    return pdfs


def _render_batch(receipts: Sequence[Receipt], *, errors: bool) -> list[bytes | ReceiptTooLong]:
    from weasyprint import HTML

    html = render_to_string(
        BATCH_TEMPLATE,
        {"items": [_item(r, FONT_SIZES[0]) for r in receipts], "annex_font_size": f"{ANNEX_FONT_SIZE:g}"},
    )
    stylesheet, fonts = _style()
    document = HTML(string=html).render(stylesheets=[stylesheet], font_config=fonts)
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            kind, _, number = anchor.rpartition("-")
            if kind == "receipt":
                starts.setdefault(int(number), index)
            elif kind == "main-end":
                ends.setdefault(int(number), index)
    bounds = [starts[i] for i in range(len(receipts))] + [len(document.pages)]
    pdfs = []
    for i, receipt in enumerate(receipts):
        if ends.get(i) != bounds[i]:  # the main part ran over its page: smaller sizes, on its own
            try:
                pdfs.append(render_receipt_pdf(receipt))
            except ReceiptTooLong as error:
                if not errors:
                    raise
                pdfs.append(error)
        else:
            pdfs.append(_pdf_of(document, document.pages[bounds[i] : bounds[i + 1]], receipt.number))
    return pdfs
