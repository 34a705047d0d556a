"""A receipt as an A4 PDF (WeasyPrint, Django template ``office/receipts/receipt.html``), never longer than one page.

The main part must fit one A4 page (BMF letter of 7 November 2013, no. 2). It is laid out at 10 pt
and, if that runs over, again at 9.5, 9 and 8.5 pt; if even that is too long, :class:`ReceiptTooLong`.
The annex of a Sammelbestätigung is laid out on its own and follows on the next page(s).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .data import Receipt
from .errors import ReceiptTooLong
from .wording import annex_passages, annex_rows, receipt_passages

FONT_SIZES = (10.0, 9.5, 9.0, 8.5)
TEMPLATE = "office/receipts/receipt.html"


def render_receipt_html(receipt: Receipt, *, font_size: float = FONT_SIZES[0], annex: bool = False) -> str:
    """HTML of the main part (or, with ``annex=True``, of the annex) of ``receipt``."""
    passages = annex_passages(receipt) if annex else receipt_passages(receipt)
    return render_to_string(
        TEMPLATE,
        {
            "receipt": receipt,
            "passages": passages,
            "rows": annex_rows(receipt) if annex else [],
            "annex": annex,
            "font_size": f"{font_size:g}",
            "signed": not receipt.issuer.machine_made,
        },
    )


def _layout(html: str):
    from weasyprint import HTML

    return HTML(string=html).render()


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """The PDF: the main part on exactly one page, then the annex of a Sammelbestätigung."""
    main = None
    for size in FONT_SIZES:
        document = _layout(render_receipt_html(receipt, font_size=size))
        if len(document.pages) == 1:
            main = document
            break
    if main is None:
        raise ReceiptTooLong(
            "Die Zuwendungsbestätigung passt nicht auf eine DIN-A4-Seite; bitte Anschriften oder die Bezeichnung "
            "der Sachzuwendung kürzen."
        )
    pages = list(main.pages)
    if annex_passages(receipt):
        pages += _layout(render_receipt_html(receipt, font_size=FONT_SIZES[-1], annex=True)).pages
    return main.copy(pages).write_pdf()
