"""Lay a pack's blocks out as ONE PDF with ReportLab, merge its appendix PDFs with pypdf.

How the page numbers come out right in one pass over the big part:

1. the front (cover and agenda) is laid out with blank page numbers, to learn how many
   pages it takes (the numbers sit in a fixed-width column, so the count cannot change);
2. the body is laid out once, starting its "Page N" after the front; every keyed heading
   records the page it lands on, and each appendix reserves one blank page per page of
   its PDF;
3. the front is laid out again, now printing the recorded page numbers;
4. pypdf puts front, body and appendix pages together (appendix pages stamped "Page N"),
   adds the outline and the document metadata, and the file is moved into place.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject, TextStringObject
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import TableStyle

from core.documents import blocks as b


class PackError(Exception):
    """A reason the pack cannot be built, worded for the clerk."""


# --- fonts -------------------------------------------------------------------

FONT = "PackSans"
_FONT_FILES = {
    # Debian's DejaVu when installed (wider coverage), else the Vera that ReportLab ships.
    "dejavu": ("/usr/share/fonts/truetype/dejavu/", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
               "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    "vera": (None, "Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"),
}


def register_fonts():
    """Register the TrueType family once; TTFs are embedded (subset) in every PDF."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    for folder, *files in _FONT_FILES.values():
        folder = folder or os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        paths = [os.path.join(folder, f) for f in files]
        if all(os.path.exists(p) for p in paths):
            break
    for name, path in zip((FONT, FONT + "-Bold", FONT + "-Italic", FONT + "-BoldItalic"), paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, path))
    from reportlab.lib.fonts import addMapping

    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT + "-Bold")
    addMapping(FONT, 0, 1, FONT + "-Italic")
    addMapping(FONT, 1, 1, FONT + "-BoldItalic")


def _embed_drawing_fonts(node):
    """Charts are drawn in Helvetica (not embeddable); print their text in the pack's font."""
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = FONT + "-Bold" if child.fontName.endswith("Bold") else FONT
        elif isinstance(child, Group | Drawing):
            _embed_drawing_fonts(child)


# --- styles --------------------------------------------------------------------

INK = colors.HexColor("#0b0c0c")
RAG_FILL = {"red": colors.HexColor("#f4c7c0"), "amber": colors.HexColor("#fde0c8"),
            "green": colors.HexColor("#c6e6d3")}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN


def _styles():
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=3),
        "note": ParagraphStyle("note", parent=base, fontName=FONT + "-Italic", fontSize=9, leading=12),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=FONT + "-Bold", fontSize=22, leading=28,
                                spaceAfter=12, alignment=TA_CENTER),
        "h0": ParagraphStyle("h0", parent=base, fontName=FONT + "-Bold", fontSize=15, leading=19,
                             spaceBefore=6, spaceAfter=8, keepWithNext=1),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT + "-Bold", fontSize=12, leading=15,
                             spaceBefore=8, spaceAfter=5, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT + "-Bold", fontSize=10.5, leading=13.5,
                             spaceBefore=6, spaceAfter=4, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=FONT + "-Bold", fontSize=7.5, leading=9,
                                spaceAfter=0),
        "agenda": ParagraphStyle("agenda", parent=base, fontName=FONT + "-Bold", spaceAfter=2),
        "pageno": ParagraphStyle("pageno", parent=base, fontName=FONT + "-Bold", alignment=2, spaceAfter=2),
    }


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _markup(text):
    """Plain text to Paragraph markup: escaped, **bold** kept, line breaks kept."""
    return _BOLD.sub(r"<b>\1</b>", escape(text or "")).replace("\n", "<br/>")


# --- the layout pass -------------------------------------------------------------


class _Anchor(Flowable):
    """A zero-size mark kept with the heading after it; records the page it is drawn on."""

    def __init__(self, sink, key, title, level, bookmark):
        super().__init__()
        self.sink, self.key, self.title, self.level, self.bookmark = sink, key, title, level, bookmark
        self.keepWithNext = 1

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.sink.append((self.key, self.title, self.level, self.bookmark, self.canv.getPageNumber()))


class _Reserve(Flowable):
    """Marks the page it is drawn on as a slot for one page of an appendix PDF."""

    def __init__(self, sink, key, index):
        super().__init__()
        self.sink, self.key, self.index = sink, key, index

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.sink[self.canv.getPageNumber()] = (self.key, self.index)


class _PackDoc(BaseDocTemplate):
    def __init__(self, target, *, first_page, prefix, reserved, progress=None, **kw):
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + 6 * mm, initialFontName=FONT, **kw)
        self.first_page, self.prefix, self.reserved = first_page, prefix, reserved
        frame = Frame(MARGIN, MARGIN + 6 * mm, FRAME_W, PAGE_H - 2 * MARGIN - 6 * mm, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self._footer)])
        if progress:
            total = {"n": 1}

            def on_progress(kind, value):
                if kind == "SIZE_EST":
                    total["n"] = max(1, value)
                elif kind == "PROGRESS":
                    progress(value / total["n"])

            self.setProgressCallBack(on_progress)

    def _footer(self, canv, doc):
        page = canv.getPageNumber()
        if page in self.reserved:  # an appendix page goes here; it is stamped when merged
            return
        canv.saveState()
        canv.setFont(FONT, 9)
        canv.drawCentredString(PAGE_W / 2, MARGIN - 2 * mm, f"{self.prefix}Page {self.first_page + page - 1}")
        canv.restoreState()


@dataclass
class Layout:
    pdf: bytes
    pages: int
    anchors: list  # (key, title, level, bookmark, page within this part)
    reserved: dict  # page within this part -> (appendix key, page index in the appendix)


def _layout(blocks_, *, first_page, prefix, page_of, title, author, subject, progress=None) -> Layout:
    anchors, reserved = [], {}
    story = list(_flowables(blocks_, anchors, reserved, page_of))
    buf = io.BytesIO()
    doc = _PackDoc(buf, first_page=first_page, prefix=prefix, reserved=reserved, progress=progress,
                   title=title, author=author, subject=subject, creator="Governance platform – agenda packs")
    doc.build(story)
    data = buf.getvalue()
    pages = doc.page
    return Layout(data, pages, anchors, reserved)


def flowables_for(blocks_):
    """The blocks as plain flowables (used by the benchmark's bare-ReportLab baseline)."""
    register_fonts()
    return list(_flowables(blocks_, [], {}, {}))


def _flowables(blocks_, anchors, reserved, page_of):
    st = _styles()
    after_appendix = False  # the page after an appendix's last reserved page must be a fresh one
    for n, block in enumerate(blocks_):
        if after_appendix or (isinstance(block, b.Heading | b.Appendix | b.PageBreak) and block_breaks(block) and n):
            yield RLPageBreak()
        after_appendix = isinstance(block, b.Appendix)
        if isinstance(block, b.Heading):
            if not block.new_page:
                yield CondPageBreak(40 * mm)
            yield _Anchor(anchors, block.key, block.text, block.level, block.bookmark)
            yield Paragraph(_markup(block.text), st[f"h{min(block.level, 2)}"])
        elif isinstance(block, b.Para):
            yield Paragraph(_markup(block.text), st.get(block.style, st["body"]))
        elif isinstance(block, b.Bullets):
            yield ListFlowable([ListItem(Paragraph(_markup(t), st["body"]), leftIndent=12) for t in block.items],
                               bulletType="bullet", start="•", leftIndent=12, bulletFontName=FONT)
        elif isinstance(block, b.KeyValues):
            rows = [[Paragraph(_markup(k), st["cellb"]), Paragraph(_markup(v), st["cell"])] for k, v in block.rows]
            t = RLTable(rows, colWidths=[FRAME_W * 0.3, FRAME_W * 0.7], hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                   ("FONT", (0, 0), (-1, -1), FONT, 8)]))
            yield t
            yield Spacer(1, 6)
        elif isinstance(block, b.Table):
            yield from _table(block, st)
        elif isinstance(block, b.Chart):
            d = block.drawing()
            _embed_drawing_fonts(d)
            if d.width > FRAME_W:
                scale = FRAME_W / d.width
                d.scale(scale, scale)
                d.width, d.height = d.width * scale, d.height * scale
            yield KeepTogether([d, Paragraph(_markup(block.alt), st["small"])])
        elif isinstance(block, b.Agenda):
            yield from _agenda(block, st, page_of)
        elif isinstance(block, b.Appendix):
            for i in range(block.pages):
                if i == 0:
                    yield _Anchor(anchors, block.key, block.title, 1, True)
                else:
                    yield RLPageBreak()
                yield _Reserve(reserved, block.key, i)
        elif isinstance(block, b.PageBreak):
            pass  # broken above
        else:
            raise TypeError(f"not a pack block: {block!r}")


def block_breaks(block):
    return isinstance(block, b.Appendix | b.PageBreak) or (isinstance(block, b.Heading) and block.new_page)


def _text_cell(value, st, bold=False):
    text = value.text if isinstance(value, b.Cell) else str(value)
    if isinstance(value, b.Cell) and value.rag:
        text = f"{text} ({value.rag[0].upper()})" if text else value.rag.capitalize()
    # Paragraphs wrap but cost far more to lay out; short cells stay plain strings.
    if len(text) > 18:
        return Paragraph(_markup(text), st["cellb" if bold else "cell"])
    return text


def _table(block: b.Table, st):
    data = [[_text_cell(h, st, bold=True) for h in block.header]]
    data += [[_text_cell(c, st, bold=(i == 0 and block.row_headers)) for i, c in enumerate(row)] for row in block.rows]
    n = max(len(r) for r in data)
    rel = block.widths or ([3] + [1] * (n - 1) if n > 1 else [1])
    widths = [FRAME_W * w / sum(rel) for w in rel]
    size = 6.5 if block.small or n > 8 else 7.5
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("FONT", (0, 0), (-1, 0), FONT + "-Bold", size),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for col in block.numeric:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    for r, row in enumerate(block.rows, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, b.Cell) and cell.rag in RAG_FILL:
                style.append(("BACKGROUND", (c, r), (c, r), RAG_FILL[cell.rag]))
    if block.caption:
        yield Paragraph(_markup(block.caption), st["h2"])
    t = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(style))
    yield t
    yield Spacer(1, 8)


def _agenda(block: b.Agenda, st, page_of):
    for line in block.lines:
        page = page_of.get(line.key) if line.key else None
        # The page column has a fixed width, so a number in place of a blank changes no layout.
        right = f"Page {page}" if page else ""
        cells = [[Paragraph(f"{escape(str(line.number))}.", st["agenda"]),
                  Paragraph(_markup(line.title), st["agenda"]), Paragraph(right, st["pageno"])]]
        rows = 1
        if line.report_by:
            cells.append(["", Paragraph(_markup(line.report_by), st["body"]), ""])
            rows += 1
        t = RLTable(cells, colWidths=[12 * mm, FRAME_W - 12 * mm - 24 * mm, 24 * mm], hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("FONT", (0, 0), (-1, -1), FONT, 10),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        yield t
        if line.body:
            for para in line.body.split("\n\n"):
                yield Paragraph(_markup(para), ParagraphStyle("ab", parent=st["small"], leftIndent=12 * mm))
        yield Spacer(1, 4)


# --- checks, merge, publish ------------------------------------------------------


def check_appendices(doc: b.PackDocument):
    """Open every appendix before any layout, so a bad upload fails fast and clearly."""
    for block in doc.body:
        if not isinstance(block, b.Appendix):
            continue
        try:
            reader = PdfReader(block.path)
            if reader.is_encrypted:
                raise PackError(f"Appendix “{block.title}” is password-protected; upload it without a password.")
            block.pages = len(reader.pages)
        except (PdfReadError, OSError, ValueError, KeyError) as exc:
            raise PackError(f"Appendix “{block.title}” is not a valid PDF ({exc.__class__.__name__}).") from exc
        if block.pages == 0:
            raise PackError(f"Appendix “{block.title}” has no pages.")


def _stamps(sizes, numbers, prefix):
    """One overlay page per appendix page, carrying its "Page N" on a white patch."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, initialFontName=FONT)
    for (w, h), n in zip(sizes, numbers, strict=True):
        c.setPageSize((w, h))
        label = f"{prefix}Page {n}"
        c.setFillColor(colors.white)
        tw = pdfmetrics.stringWidth(label, FONT, 9)
        c.rect(w / 2 - tw / 2 - 4, 8, tw + 8, 14, stroke=0, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT, 9)
        c.drawCentredString(w / 2, 12, label)
        c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue()))


@dataclass
class BuildResult:
    path: str
    pages: int
    sha256: str
    item_pages: dict = field(default_factory=dict)  # heading key -> page number in the pack
    outline: list = field(default_factory=list)  # (title, level, page number)


def build_pdf(doc: b.PackDocument, dest, progress: Callable | None = None) -> BuildResult:
    """Build the pack into ``dest`` atomically; ``progress(fraction, stage)`` is told along the way."""
    register_fonts()
    progress = progress or (lambda fraction, stage: None)
    progress(0.0, "Checking the appendices")
    check_appendices(doc)
    meta = {"title": doc.title, "author": doc.author, "subject": doc.subject}

    progress(0.02, "Laying out the cover and agenda")
    front = _layout(doc.front, first_page=1, prefix=doc.page_prefix, page_of={}, **meta)
    offset = front.pages
    body = _layout(doc.body, first_page=offset + 1, prefix=doc.page_prefix, page_of={}, **meta,
                   progress=lambda f: progress(0.05 + 0.75 * f, "Laying out the papers"))
    page_of = {key: offset + page for key, _t, _l, _b, page in body.anchors if key}
    progress(0.82, "Numbering the agenda")
    front2 = _layout(doc.front, first_page=1, prefix=doc.page_prefix, page_of=page_of, **meta)
    if front2.pages != front.pages:  # cannot happen with the fixed page column; never print wrong numbers
        raise PackError("The agenda changed length while numbering its pages.")

    progress(0.86, "Merging the appendices")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(front2.pdf)).pages:
        writer.add_page(page)
    appendices = {blk.key: PdfReader(blk.path) for blk in doc.body if isinstance(blk, b.Appendix)}
    body_reader = PdfReader(io.BytesIO(body.pdf))
    slots = sorted(body.reserved.items())
    stamps = None
    if slots:
        sizes = []
        for _page, (key, i) in slots:
            box = appendices[key].pages[i].mediabox
            sizes.append((float(box.width), float(box.height)))
        stamps = _stamps(sizes, [offset + p for p, _ in slots], doc.page_prefix)
    slot_index = {p: n for n, (p, _) in enumerate(slots)}
    for number, page in enumerate(body_reader.pages, start=1):
        if number in body.reserved:
            key, i = body.reserved[number]
            added = writer.add_page(appendices[key].pages[i])
            added.merge_page(stamps.pages[slot_index[number]])
        else:
            writer.add_page(page)

    progress(0.94, "Adding bookmarks")
    parents = {}
    outline = []
    marks = [(t, lv, bm, p) for _k, t, lv, bm, p in front2.anchors]
    marks += [(t, lv, bm, offset + p) for _k, t, lv, bm, p in body.anchors]
    for title, level, bookmark, page in marks:
        if not bookmark:
            continue
        parent = parents.get(level - 1) if level else None
        item = writer.add_outline_item(title=title, page_number=page - 1, parent=parent)
        parents[level] = item
        for deeper in [lv for lv in parents if lv > level]:
            del parents[deeper]
        outline.append((title, level, page))
    writer.add_metadata({"/Title": doc.title, "/Author": doc.author, "/Subject": doc.subject,
                         "/Creator": "Governance platform – agenda packs"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(doc.language)
    writer.page_mode = "/UseOutlines"
    writer.create_viewer_preferences()
    writer.viewer_preferences.display_doctitle = True

    progress(0.97, "Writing the file")
    total_pages = len(writer.pages)
    sha = write_atomically(dest, writer.write)
    return BuildResult(str(dest), total_pages, sha, page_of, outline)


def write_atomically(dest, write: Callable) -> str:
    """Write through a temporary file in the same folder, then rename: readers see the old
    file or the whole new one, never half of it. Returns the sha256 of what was written."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha256_of(dest)


def sha256_of(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
