"""A receipt as an A4 PDF, drawn with office/receipts/tagged_pdf.py; the main part never longer than one page.

Every word comes from the passages of office/receipts/wording.py (the BMF template wording with the values
filled in); this module only lays them out: label and box for issuer, donor and item, the title, the
table of the amount in figures and words, the statements, place and date with the signature line, the
notes in small print, and for a Sammelbestätigung the annex (every donation in a table, with the total)
from the next page on, its header repeated on each page.

The main part must fit one A4 page (BMF letter of 7 November 2013, no. 2). It is laid out at 10 pt and,
if that runs over, again at 9.5, 9 and 8.5 pt; if even that is too long, :class:`ReceiptTooLong`.
The annex is set at 8.5 pt.

Speed (bench/office_books.py, 1,000 Sammelbestätigungen, issue #13): until 2026-12 receipts went through
WeasyPrint (HTML template and stylesheet), about 0.1 s of CPU each even with the stylesheet parsed once
and many receipts laid out as one document; its general layout, cascade and PDF writing were the cost.
This layout knows the handful of block kinds a receipt has, caches the line breaking of the passages
that recur on every receipt, and writes a tagged PDF with font subsets of its own: a few milliseconds
of CPU per receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .data import Receipt
from .errors import ReceiptTooLong
from .tagged_pdf import A4, MM, Document, Element, Page, font
from .wording import Passage, annex_passages, annex_rows, receipt_passages

FONT_SIZES = (10.0, 9.5, 9.0, 8.5)
ANNEX_FONT_SIZE = 8.5
BATCH_SIZE = 50  # receipts issued per step by office/services/donations.py
REGULAR, BOLD = "DejaVu Sans", "DejaVu Sans Bold"
LINE_HEIGHT = 1.3
BODY = 6.0  # the margin of the former HTML layout's body (8 px), kept: the same look, the same fit
LEFT, RIGHT, TOP, BOTTOM = 20 * MM + BODY, A4[0] - 18 * MM - BODY, 15 * MM + BODY, A4[1] - 14 * MM - BODY
WIDTH = RIGHT - LEFT
GRAY_TEXT, GRAY_FILL, RULE = 0.2, 0.93, 0.6
TH = "<</O /Table /Scope /Column>>"
BOXES = {"issuer", "donor", "item"}
LABELS = {"issuer_label", "donor_label", "item_label"}
NOTES = {"note_heading", "liability", "validity"}


@lru_cache(maxsize=8192)
def wrap(text: str, family: str, size: float, width: float) -> tuple[str, ...]:
    """`text` broken into lines no wider than `width` points: at spaces, inside an over-long word after
    "/" or "-", else between letters. Runs of white space count as one space (as in HTML). A line that
    ends at a space keeps it (drawn, invisible): the text read from the PDF has the words apart."""
    face = font(family)
    lines: list[str] = []
    line, line_width = "", 0.0
    space = face.width(" ", size)
    for word in text.split():
        word_width = face.width(word, size)
        if line and line_width + space + word_width <= width:
            line, line_width = f"{line} {word}", line_width + space + word_width
            continue
        if line:
            lines.append(line + " ")
        while word_width > width:  # a word longer than the line: break it
            cut = _cut(word, face, size, width)
            lines.append(word[:cut])
            word = word[cut:]
            word_width = face.width(word, size)
        line, line_width = word, word_width
    if line or not lines:
        lines.append(line)
    return tuple(lines)


def _cut(word: str, face, size: float, width: float) -> int:
    fits = max(1, max((i for i in range(1, len(word)) if face.width(word[:i], size) <= width), default=1))
    soft = [i + 1 for i in range(fits) if word[i] in "/-" and i + 1 < len(word)]
    return soft[-1] if soft else fits


def _baseline(size: float) -> float:
    """Distance from the top of a line box to the baseline (the leading split above and below, as in CSS)."""
    face = font(REGULAR)
    ascent, descent = face.ascent / 1000 * size, -face.descent / 1000 * size
    return (LINE_HEIGHT * size - ascent - descent) / 2 + ascent


class _Flow:
    """Blocks down the page; vertical margins collapse as in CSS (largest positive plus most negative)."""

    def __init__(self, document: Document, page: Page, parent: Element):
        self.document, self.page, self.parent = document, page, parent
        self.y = TOP
        self.margins: list[float] = []

    def advance(self, margin_top: float = 0.0) -> float:
        margins = [*self.margins, margin_top]
        self.y += max(0.0, *margins) + min(0.0, *margins)
        self.margins = []
        return self.y

    def lines(self, element, lines, x, y, family, size, *, gray=0.0, align="left", width=WIDTH) -> float:
        """Draws `lines` from `y` (top of the first line box); returns their height."""
        face, baseline, step = font(family), _baseline(size), LINE_HEIGHT * size
        for i, line in enumerate(lines):
            left = x + width - face.width(line.rstrip(), size) if align == "right" else x
            if line:
                self.page.text(element, left, y + i * step + baseline, line, face, size, gray)
        return len(lines) * step

    def paragraph(self, text, size, *, family=REGULAR, role="P", gray=0.0, align="left", top=0.0, bottom=2.4 * MM):
        element = self.parent.child(role)
        y = self.advance(top)
        self.y += self.lines(element, wrap(text, family, size, WIDTH), LEFT, y, family, size, gray=gray, align=align)
        self.margins.append(bottom)

    def box(self, passage: Passage, size: float):
        """A framed box (issuer, donor, item): each line of the passage starts a line."""
        pad_x, pad_y = 2.5 * MM, 1.5 * MM
        inner = WIDTH - 2 * pad_x
        lines: list[str] = []
        for i, text in enumerate(passage.lines):
            wrapped = wrap(text, REGULAR, size, inner)
            last = wrapped[-1] if i == len(passage.lines) - 1 else f"{wrapped[-1]} "  # read apart from the next
            lines += [*wrapped[:-1], last]
        y = self.advance()
        height = max(9 * MM, len(lines) * LINE_HEIGHT * size) + 2 * pad_y
        self.page.rect(LEFT, y, WIDTH, height, stroke=RULE)
        self.lines(self.parent.child("P"), lines, LEFT + pad_x, y + pad_y, REGULAR, size, width=inner)
        self.y += height
        self.margins.append(3 * MM)

    def amount_table(self, passage: Passage, size: float):
        """Amount in figures, in words, and the date or period: a label over each value, one frame each."""
        widths = (WIDTH / 4, WIDTH / 2, WIDTH / 4)
        pad_x, pad_y = 2 * MM, 1 * MM
        table = self.parent.child("Table")
        rows = (
            (table.child("TR"), passage.lines[0::2], REGULAR, 0.8 * size, "TH"),
            (table.child("TR"), passage.lines[1::2], BOLD, size, "TD"),
        )
        top = y = self.advance()
        for row, texts, family, cell_size, role in rows:
            wrapped = [wrap(t, family, cell_size, w - 2 * pad_x) for t, w in zip(texts, widths, strict=True)]
            x = LEFT
            for lines, w in zip(wrapped, widths, strict=True):
                cell = row.child(role, TH if role == "TH" else "")
                self.lines(cell, lines, x + pad_x, y + pad_y, family, cell_size)
                x += w
            y += max(len(lines) for lines in wrapped) * LINE_HEIGHT * cell_size + 2 * pad_y
        self.page.rect(LEFT, top, WIDTH, y - top, stroke=RULE)
        for x in (LEFT + widths[0], LEFT + widths[0] + widths[1]):
            self.page.line(x, top, x, y, RULE)
        self.y = y
        self.margins.append(3 * MM)

    def signature(self, text: str, size: float):
        y = self.advance()
        self.page.line(LEFT, y, LEFT + 0.75 * WIDTH, y, RULE)
        self.y += 0.8 * MM
        lines = wrap(text, REGULAR, 0.8 * size, WIDTH)
        self.y += self.lines(self.parent.child("P"), lines, LEFT, self.y, REGULAR, 0.8 * size)
        self.margins.append(2.4 * MM)


def _main_part(flow: _Flow, passages: list[Passage], size: float, signed: bool) -> float:
    """Lays out the main part; returns where it ends (below the page's bottom margin: it did not fit)."""
    small = 0.8 * size
    for passage in passages:
        key, text = passage.key, " ".join(passage.lines)
        if key in LABELS:
            flow.paragraph(text, small, gray=GRAY_TEXT, bottom=0.8 * MM)
        elif key in BOXES:
            flow.box(passage, size)
        elif key == "number":
            flow.paragraph(text, small, align="right", top=-2 * MM)
        elif key == "title":
            flow.paragraph(text, 1.3 * size, family=BOLD, role="H1", top=2 * MM, bottom=0.6 * MM)
        elif key == "subtitle":
            flow.paragraph(text, 0.9 * size, bottom=3 * MM)
        elif key == "amount":
            flow.amount_table(passage, size)
        elif key == "place_date":
            flow.paragraph(text, size, top=5 * MM, bottom=11 * MM if signed else 2.4 * MM)
        elif key == "signature":
            flow.signature(text, size)
        elif key == "note_heading":
            flow.paragraph(text, small, family=BOLD, role="H2", top=4 * MM, bottom=1.5 * MM)
        elif key in NOTES:
            flow.paragraph(text, small, bottom=1.5 * MM)
        else:
            flow.paragraph(text, size)
    return flow.y


def _annex(document: Document, passages: list[Passage], rows: list[tuple[str, ...]]):
    """The annex of a Sammelbestätigung from a new page: title, reference, the table of donations."""
    size = ANNEX_FONT_SIZE
    section = document.root.child("Sect")
    flow = _Flow(document, document.page(), section)
    table = header = None
    for passage in passages:
        if passage.key == "annex_title":
            flow.paragraph(passage.text, 1.3 * size, family=BOLD, role="H1", top=2 * MM, bottom=0.6 * MM)
        elif passage.key == "annex_header":
            table, header = section.child("Table"), passage.lines
            flow.advance()
            _annex_row(flow, table, header, BOLD, 0.85 * size, "TH", fill=True)
        elif passage.key == "annex_rows":
            for row in rows:
                _annex_row(flow, table, row, REGULAR, 0.9 * size, "TD", header=header)
        elif passage.key == "annex_total":
            _annex_row(flow, table, passage.lines, BOLD, 0.9 * size, "TD", header=header, span=True)
            flow.margins.append(3 * MM)
        else:
            flow.paragraph(" ".join(passage.lines), size)


def _annex_row(flow: _Flow, table, cells, family, size, role, *, header=None, fill=False, span=False):
    """One row of the annex table, on a new page (with the header again, as an artifact: read once) if it
    does not fit; `table` None: the row is an artifact."""
    widths = [WIDTH / 4] * 4
    if span:  # the total: its label over the first three columns
        widths = [3 * WIDTH / 4, WIDTH / 4]
    pad_x, pad_y = 2 * MM, (1 if role == "TH" else 0.6) * MM
    wrapped = [wrap(text, family, size, w - 2 * pad_x) for text, w in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped) * LINE_HEIGHT * size + 2 * pad_y
    if header is not None and flow.y + height > BOTTOM:
        flow.page, flow.y = flow.document.page(), TOP
        _annex_row(flow, None, header, BOLD, 0.85 * ANNEX_FONT_SIZE, "TH", fill=True)
    row, x, y = table.child("TR") if table else None, LEFT, flow.y
    for i, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
        flow.page.rect(x, y, w, height, fill=GRAY_FILL if fill else None, stroke=RULE)
        cell = row.child(role, TH if role == "TH" else "") if row else None
        align = "right" if i == len(widths) - 1 else "left"
        flow.lines(cell, lines, x + pad_x, y + pad_y, family, size, align=align, width=w - 2 * pad_x)
        x += w
    flow.y = y + height


def layout_receipt(receipt: Receipt, *, font_size: float = FONT_SIZES[0]) -> Document | None:
    """The receipt laid out with its main part at `font_size`, or None if the main part runs over its page."""
    passages = receipt_passages(receipt)
    title = next((p.text for p in passages if p.key == "title"), "Zuwendungsbestätigung")
    document = Document(title=receipt.number, subject=title)
    flow = _Flow(document, document.page(), document.root)
    if _main_part(flow, passages, font_size, signed=not receipt.issuer.machine_made) > BOTTOM:
        return None
    annex = annex_passages(receipt)
    if annex:
        _annex(document, annex, annex_rows(receipt))
    return document


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """The PDF: the main part on exactly one page, then the annex of a Sammelbestätigung."""
    for size in FONT_SIZES:
        document = layout_receipt(receipt, font_size=size)
        if document is not None:
            return document.write()
    raise ReceiptTooLong(
        "Die Zuwendungsbestätigung passt nicht auf eine DIN-A4-Seite; bitte Anschriften oder die Bezeichnung "
        "der Sachzuwendung kürzen."
    )


def render_receipts_pdfs(receipts: Sequence[Receipt], *, errors: bool = False) -> list[bytes | ReceiptTooLong]:
    """The PDFs of many receipts, in order, each as :func:`render_receipt_pdf` makes it. A receipt that does
    not fit raises :class:`ReceiptTooLong`, or with ``errors=True`` has that error in its place (the
    others are still rendered)."""
    pdfs: list[bytes | ReceiptTooLong] = []
    for receipt in receipts:
        try:
            pdfs.append(render_receipt_pdf(receipt))
        except ReceiptTooLong as error:
            if not errors:
                raise
            pdfs.append(error)
    return pdfs
