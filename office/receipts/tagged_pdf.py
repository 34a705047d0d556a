"""A small writer of tagged (accessible) PDFs: A4 pages of text, lines and boxes in an embedded TrueType font.

Made for the donation receipts (office/receipts/pdf.py draws them with it), where WeasyPrint's general
HTML layout cost about 0.1 s of CPU per receipt; this writes one in a few milliseconds. What it gives:

* fonts: TrueType files read once per process (fontTools, for the character map and the advance
  widths); each PDF embeds a subset holding only the glyphs it shows, cut by :func:`_subset_glyf`
  (glyph ids kept, so the page content needs no renumbering), with a ToUnicode map so that the text can be
  copied, searched and read aloud;
* tags: every piece of text is marked content of a structure element (Document, H1, P, Table, TR, TH,
  TD …; :meth:`Document.element`), lines and boxes are artifacts; the catalogue says the document is
  tagged, gives its language and asks viewers to show the title instead of the file name.

Coordinates are points from the top left corner of the page (the PDF's own run from the bottom left).
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

MM = 72 / 25.4
A4 = (595.2756, 841.8898)

FONT_FILES = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVu Sans:style=Book"),
    "DejaVu Sans Bold": ("DejaVuSans-Bold.ttf", "DejaVu Sans:style=Bold"),
}
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
_KEEP_TABLES = (b"head", b"hhea", b"maxp")  # glyf, loca and hmtx are cut; no hinting (cvt, fpgm, prep)


def _font_path(family: str) -> Path:
    """The font file of `family` (Debian's fonts-dejavu-core, or wherever fontconfig finds it)."""
    filename, pattern = FONT_FILES[family]
    for folder in FONT_DIRS:
        if (path := Path(folder) / filename).is_file():
            return path
    if fc_match := shutil.which("fc-match"):
        command = [fc_match, "-f", "%{file}", pattern]
        found = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed arguments
        if found.stdout.endswith(".ttf") and Path(found.stdout).is_file():
            return Path(found.stdout)
    raise FileNotFoundError(f"Schrift {family} nicht gefunden (Debian: Paket fonts-dejavu-core).")


class Font:
    """A TrueType font: widths for layout (1/1000 em), and subsets of its glyphs to embed."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.data = path.read_bytes()
        tt = TTFont(str(path), lazy=True)
        self.name = "".join(ch for ch in tt["name"].getDebugName(6) or path.stem if ch.isalnum() or ch == "-")
        units = tt["head"].unitsPerEm
        self.scale = 1000 / units
        self.cmap: dict[int, int] = {code: tt.getGlyphID(name) for code, name in tt.getBestCmap().items()}
        order = tt.getGlyphOrder()
        metrics = tt["hmtx"].metrics
        self.advances = [round(metrics[name][0] * self.scale) for name in order]
        head, hhea = tt["head"], tt["hhea"]
        self.bbox = [round(v * self.scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.ascent = hhea.ascent * self.scale
        self.descent = hhea.descent * self.scale  # negative
        self.num_glyphs = tt["maxp"].numGlyphs
        self.num_hmetrics = hhea.numberOfHMetrics
        self.tables = {tag.encode(): (entry.offset, entry.length) for tag, entry in tt.reader.tables.items()}
        self.long_loca = head.indexToLocFormat == 1
        self._widths: dict[str, float] = {}
        tt.close()
        self._loca = self._read_loca()

    def _table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset : offset + length]

    def _read_loca(self) -> list[int]:
        raw = self._table(b"loca")
        count = self.num_glyphs + 1
        if self.long_loca:
            return list(struct.unpack(f">{count}L", raw[: 4 * count]))
        return [2 * v for v in struct.unpack(f">{count}H", raw[: 2 * count])]

    def gid(self, char: str) -> int:
        return self.cmap.get(ord(char), 0)

    def width(self, text: str, size: float) -> float:
        """The advance width of `text` at `size` points (no kerning)."""
        total = 0.0
        widths = self._widths
        for char in text:
            w = widths.get(char)
            if w is None:
                w = widths[char] = self.advances[self.gid(char)]
            total += w
        return total * size / 1000

    @lru_cache(maxsize=8192)  # noqa: B019 - fonts live as long as the process; most lines recur
    def encode(self, text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
        """`text` as the hex string of its glyph ids, and which glyph shows which character (a character
        the font lacks is shown as its empty box, glyph 0, and read as U+FFFD)."""
        gids = [self.gid(char) for char in text]
        shown = dict(zip(gids, text, strict=True))
        if 0 in shown:
            shown[0] = "\ufffd"
        return "".join(f"{gid:04X}" for gid in gids), tuple(shown.items())

    def subset(self, gids: frozenset[int]) -> bytes:
        """A TrueType file with only the glyphs `gids` (and the parts of composite ones); ids unchanged."""
        return _subset_glyf(self, gids)

    @lru_cache(maxsize=256)  # noqa: B019 - fonts live as long as the process; receipts share glyph sets
    def packed_subset(self, gids: frozenset[int]) -> tuple[bytes, int]:
        """The subset deflated, and its length before."""
        program = self.subset(gids)
        return zlib.compress(program, 6), len(program)


@cache
def font(family: str) -> Font:
    return Font(_font_path(family))


def _glyph(font: Font, gid: int) -> bytes:
    glyf_offset = font.tables[b"glyf"][0]
    return font.data[glyf_offset + font._loca[gid] : glyf_offset + font._loca[gid + 1]]


def _components(glyph: bytes) -> list[int]:
    """The glyph ids a composite glyph is built from."""
    if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
        return []
    found, pos = [], 10
    while True:
        flags, gid = struct.unpack(">HH", glyph[pos : pos + 4])
        found.append(gid)
        pos += 4 + (4 if flags & 0x0001 else 2)
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            return found


def _unhinted(glyph: bytes) -> bytes:
    """The glyph without its hinting instructions (the subsets carry no hinting programs)."""
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack(">H", glyph[at : at + 2])[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    pos = 10
    while True:
        flags = struct.unpack(">H", glyph[pos : pos + 2])[0]
        last = pos
        pos += 4 + (4 if flags & 0x0001 else 2)
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            break
    if not flags & 0x0100:
        return glyph
    return glyph[:last] + struct.pack(">H", flags & ~0x0100) + glyph[last + 2 : pos]


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _subset_glyf(font: Font, gids: frozenset[int]) -> bytes:
    keep = {0}
    todo = list(gids)
    while todo:
        gid = todo.pop()
        if gid not in keep and gid < font.num_glyphs:
            keep.add(gid)
            todo.extend(_components(_glyph(font, gid)))
    glyf, loca = bytearray(), [0]
    for gid in range(font.num_glyphs):
        if gid in keep:
            glyf += _unhinted(_glyph(font, gid))
            glyf += b"\0" * (-len(glyf) % 4)
        loca.append(len(glyf))
    metrics = struct.unpack(f">{2 * font.num_hmetrics}h", font._table(b"hmtx")[: 4 * font.num_hmetrics])
    hmtx = bytearray(4 * font.num_hmetrics + 2 * (font.num_glyphs - font.num_hmetrics))
    for gid in keep:
        if gid < font.num_hmetrics:
            struct.pack_into(">hh", hmtx, 4 * gid, metrics[2 * gid], metrics[2 * gid + 1])
    head = bytearray(font._table(b"head"))
    struct.pack_into(">L", head, 8, 0)  # checkSumAdjustment, set below
    struct.pack_into(">h", head, 50, 1)  # long loca
    tables = {tag: font._table(tag) for tag in _KEEP_TABLES}
    tables |= {b"glyf": bytes(glyf), b"loca": struct.pack(f">{len(loca)}L", *loca), b"hmtx": bytes(hmtx)}
    tables[b"head"] = bytes(head)
    count = len(tables)
    entry = 1 << (count.bit_length() - 1)
    out = bytearray(struct.pack(">LHHHH", 0x00010000, count, entry * 16, entry.bit_length() - 1, (count - entry) * 16))
    offset = 12 + 16 * count
    body = bytearray()
    head_at = 0
    for tag in sorted(tables):
        data = tables[tag]
        if tag == b"head":
            head_at = offset + len(body)
        out += struct.pack(">4sLLL", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    out += body
    struct.pack_into(">L", out, head_at + 8, (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF)
    return bytes(out)


@dataclass(eq=False)
class Element:
    """A node of the structure tree: `role` (P, H1, Table …), children, and where its content is."""

    role: str
    parent: Element | None = None
    attributes: str = ""
    kids: list = field(default_factory=list)  # Element or (page index, mcid)

    def child(self, role: str, attributes: str = "") -> Element:
        element = Element(role, self, attributes)
        self.kids.append(element)
        return element


@dataclass
class _Run:
    element: Element | None  # None: an artifact
    ops: list = field(default_factory=list)


class Page:
    def __init__(self, index: int):
        self.index = index
        self.runs: list[_Run] = []

    def _run(self, element: Element | None) -> _Run:
        if not self.runs or self.runs[-1].element is not element:
            self.runs.append(_Run(element))
        return self.runs[-1]

    def text(self, element: Element | None, x: float, baseline: float, text: str, font: Font, size: float, gray=0.0):
        """`text` on one line, its left end at `x`, as content of `element` (None: an artifact)."""
        self._run(element).ops.append(("text", x, baseline, text, font, size, gray))

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6):
        self._run(None).ops.append(("line", x1, y1, x2, y2, width))

    def rect(self, x: float, y: float, w: float, h: float, *, fill: float | None = None, stroke: float | None = 0.6):
        """A box, top left at (x, y); `fill` a gray level, `stroke` a line width (None: neither)."""
        self._run(None).ops.append(("rect", x, y, w, h, fill, stroke))


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Document:
    """Pages, a structure tree under one Document element, metadata; :meth:`write` gives the PDF."""

    def __init__(self, *, title: str, lang: str = "de-DE", subject: str = ""):
        self.title, self.lang, self.subject = title, lang, subject
        self.pages: list[Page] = []
        self.root = Element("Document")
        self._fonts: dict[int, Font] = {}

    def page(self) -> Page:
        self.pages.append(Page(len(self.pages)))
        return self.pages[-1]

    def write(self) -> bytes:
        return _Writer(self).write()


class _Writer:
    def __init__(self, document: Document):
        self.doc = document
        self.objects: list[bytes | None] = [None]  # object numbers start at 1
        self.used: dict[Font, dict[int, str]] = {}

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects) - 1

    def put(self, number: int, body: str | bytes):
        self.objects[number] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: str | bytes) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def stream(self, data: bytes, extra: str = "", *, packed: bool = False) -> bytes:
        packed = data if packed else zlib.compress(data, 6)
        return f"<</Length {len(packed)} /Filter /FlateDecode{extra}>>\nstream\n".encode() + packed + b"\nendstream"

    def write(self) -> bytes:
        doc = self.doc
        catalog, pages_ref, struct_root = self.reserve(), self.reserve(), self.reserve()
        page_refs = [self.reserve() for _ in doc.pages]
        font_names: dict[Font, str] = {}
        contents = []
        marked: list[list[Element]] = []  # per page: the element of each mcid
        for page in doc.pages:
            data, elements = self.content(page, font_names)
            contents.append(self.add(self.stream(data)))
            marked.append(elements)
        font_refs = {name: self.font_object(f) for f, name in font_names.items()}
        fonts = " ".join(f"/{name} {ref} 0 R" for name, ref in font_refs.items())
        for index, ref in enumerate(page_refs):
            self.put(
                ref,
                f"<</Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {_n(A4[0])} {_n(A4[1])}] "
                f"/Resources <</Font <<{fonts}>>>> /Contents {contents[index]} 0 R /StructParents {index} /Tabs /S>>",
            )
        kids = " ".join(f"{r} 0 R" for r in page_refs)
        self.put(pages_ref, f"<</Type /Pages /Kids [{kids}] /Count {len(page_refs)}>>")
        element_refs: dict[int, int] = {}
        self.tree_root = struct_root
        self.element(doc.root, None, element_refs, page_refs)
        parents = " ".join(
            f"{i} [{' '.join(f'{element_refs[id(e)]} 0 R' for e in elements)}]" for i, elements in enumerate(marked)
        )
        parent_tree = self.add(f"<</Nums [{parents}]>>")
        self.put(
            struct_root,
            f"<</Type /StructTreeRoot /K {element_refs[id(doc.root)]} 0 R /ParentTree {parent_tree} 0 R "
            f"/ParentTreeNextKey {len(doc.pages)}>>",
        )
        metadata = self.add(self.stream(self.xmp(), " /Type /Metadata /Subtype /XML"))
        self.put(
            catalog,
            f"<</Type /Catalog /Pages {pages_ref} 0 R /StructTreeRoot {struct_root} 0 R /MarkInfo <</Marked true>> "
            f"/Lang ({self.doc.lang}) /ViewerPreferences <</DisplayDocTitle true>> /Metadata {metadata} 0 R>>",
        )
        info = self.add(f"<</Title {_utf16(doc.title)} /Subject {_utf16(doc.subject)} /Producer (Heldenhelfer)>>")
        return self.serialize(catalog, info)

    def content(self, page: Page, font_names: dict[Font, str]) -> tuple[bytes, list[Element]]:
        out: list[str] = []
        elements: list[Element] = []
        height = A4[1]
        for run in page.runs:
            if run.element is None:
                out.append("/Artifact BMC")
            else:
                out.append(f"/{run.element.role} <</MCID {len(elements)}>> BDC")
                run.element.kids.append((page.index, len(elements)))
                elements.append(run.element)
            for op in run.ops:
                if op[0] == "text":
                    _, x, y, text, font, size, gray = op
                    name = font_names.setdefault(font, f"F{len(font_names) + 1}")
                    used = self.used.setdefault(font, {})
                    glyphs, shown = font.encode(text)
                    for gid, char in shown:
                        if gid not in used:
                            used[gid] = char
                    color = f"{_n(gray)} g " if gray else ""
                    out.append(f"BT {color}/{name} {_n(size)} Tf {_n(x)} {_n(height - y)} Td <{glyphs}> Tj ET")
                    if gray:
                        out.append("0 g")
                elif op[0] == "line":
                    _, x1, y1, x2, y2, width = op
                    out.append(f"{_n(width)} w {_n(x1)} {_n(height - y1)} m {_n(x2)} {_n(height - y2)} l S")
                else:
                    _, x, y, w, h, fill, stroke = op
                    box = f"{_n(x)} {_n(height - y - h)} {_n(w)} {_n(h)} re"
                    if fill is not None:
                        out.append(f"{_n(fill)} g {box} f 0 g")
                    if stroke is not None:
                        out.append(f"{_n(stroke)} w {box} S")
            out.append("EMC")
        return "\n".join(out).encode("latin-1"), elements

    def font_object(self, font: Font) -> int:
        used = self.used[font]
        gids = frozenset(used)
        tag = "".join(
            chr(65 + b % 26) for b in hashlib.sha1(repr(sorted(gids)).encode(), usedforsecurity=False).digest()[:6]
        )
        name = f"{tag}+{font.name}"
        packed, length = font.packed_subset(gids)
        file_ref = self.add(self.stream(packed, f" /Length1 {length}", packed=True))
        descriptor = self.add(
            f"<</Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [{' '.join(map(str, font.bbox))}] "
            f"/ItalicAngle 0 /Ascent {round(font.ascent)} /Descent {round(font.descent)} /CapHeight 729 "
            f"/StemV 80 /FontFile2 {file_ref} 0 R>>"
        )
        widths = " ".join(f"{gid} [{font.advances[gid]}]" for gid in sorted(gids))
        cid_font = self.add(
            f"<</Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
            f"/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "
            f"/FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity>>"
        )
        to_unicode = self.add(self.stream(_to_unicode(used)))
        return self.add(
            f"<</Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R>>"
        )

    def element(self, element: Element, number: int | None, refs: dict[int, int], page_refs: list[int]) -> int:
        number = number or self.reserve()
        refs[id(element)] = number
        kids = []
        home = next((kid[0] for kid in element.kids if not isinstance(kid, Element)), None)
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(f"{self.element(kid, None, refs, page_refs)} 0 R")
            elif kid[0] == home:  # content on the element's own page (/Pg): the bare MCID
                kids.append(str(kid[1]))
            else:
                kids.append(f"<</Type /MCR /Pg {page_refs[kid[0]]} 0 R /MCID {kid[1]}>>")
        parent = f" /P {refs[id(element.parent)] if element.parent else self.tree_root} 0 R"
        attributes = f" /A {element.attributes}" if element.attributes else ""
        page = f" /Pg {page_refs[home]} 0 R" if home is not None else ""
        self.put(number, f"<</Type /StructElem /S /{element.role}{parent}{page}{attributes} /K [{' '.join(kids)}]>>")
        return number

    def xmp(self) -> bytes:
        title, lang = _xml(self.doc.title), self.doc.lang
        return (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><dc:format>application/pdf</dc:format>'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
            f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
            "<pdf:Producer>Heldenhelfer</pdf:Producer></rdf:Description></rdf:RDF></x:xmpmeta>"
            '<?xpacket end="r"?>'
        ).encode()

    def serialize(self, catalog: int, info: int) -> bytes:
        """The file: streams as objects of their own, every other object packed into one compressed object
        stream (the structure tree is most of them), a cross-reference stream (PDF 1.5 and later)."""
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        entries: list[tuple[int, int, int]] = [(0, 0, 0xFFFF)]  # (type, offset or stream, generation or index)
        packed_number = len(self.objects)
        heads, bodies, size = [], [], 0
        for number, body in enumerate(self.objects[1:], start=1):
            if body.startswith(b"<</Length"):
                entries.append((1, len(out), 0))
                out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
            else:
                entries.append((2, packed_number, len(heads)))
                heads.append(f"{number} {size}")
                bodies.append(body)
                size += len(body) + 1
        head = " ".join(heads).encode() + b"\n"
        packed = self.stream(head + b"\n".join(bodies), f" /Type /ObjStm /N {len(heads)} /First {len(head)}")
        entries.append((1, len(out), 0))
        out += f"{packed_number} 0 obj\n".encode() + packed + b"\nendobj\n"
        xref_number = packed_number + 1
        entries.append((1, len(out), 0))
        table = b"".join(struct.pack(">BLH", kind, field2, field3) for kind, field2, field3 in entries)
        file_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest()
        trailer = (
            f" /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root {catalog} 0 R /Info {info} 0 R "
            f"/ID [<{file_id}> <{file_id}>]"
        )
        xref = len(out)
        out += f"{xref_number} 0 obj\n".encode() + self.stream(table, trailer) + b"\nendobj\n"
        out += f"startxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


def _to_unicode(used: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode("ascii")
