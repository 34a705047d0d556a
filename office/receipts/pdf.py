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

from functools import cache

from django.template.loader import render_to_string

from .data import Receipt
from .errors import ReceiptTooLong
from .wording import annex_passages, annex_rows, receipt_passages

FONT_SIZES = (10.0, 9.5, 9.0, 8.5)
ANNEX_FONT_SIZE = 8.5
TEMPLATE = "office/receipts/receipt.html"
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
