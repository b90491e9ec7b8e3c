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
import inspect
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
from reportlab.lib.pagesizes import A4, landscape
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
    NextPageTemplate,
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


MIN_CHART_PT = 7  # the smallest text a chart may print, after it is scaled to the frame


def _embed_drawing_fonts(node, scale=1.0):
    """Charts are drawn in Helvetica (not embeddable); print their text in the pack's (sans-serif)
    font, never smaller than ``MIN_CHART_PT`` once the drawing is scaled by ``scale``."""
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = FONT + "-Bold" if child.fontName.endswith("Bold") else FONT
            child.text = child.text.replace("**", "")  # never Markdown's asterisks in print, as in _markup
            child.fontSize = max(child.fontSize, MIN_CHART_PT / scale)
        elif isinstance(child, Group | Drawing):
            _embed_drawing_fonts(child, scale)


def _takes_width(maker):
    params = inspect.signature(maker).parameters.values()
    return any(p.name == "width" or p.kind is p.VAR_KEYWORD for p in params)


def _fit_chart(chart):
    """The chart at the frame's width: a drawing made wider is drawn again at that width (its
    title wraps to it) where its maker takes a width, else scaled down; either way no text
    prints under ``MIN_CHART_PT``."""
    d = chart.drawing()
    if d.width > FRAME_W and _takes_width(chart.drawing):
        d = chart.drawing(width=FRAME_W, height=d.height * FRAME_W / d.width)
    scale = FRAME_W / d.width if d.width > FRAME_W else 1.0
    _embed_drawing_fonts(d, scale)
    if scale < 1:
        d.scale(scale, scale)
        d.width, d.height = d.width * scale, d.height * scale
    return d


# --- styles --------------------------------------------------------------------

INK = colors.HexColor("#0b0c0c")
RAG_FILL = {"red": colors.HexColor("#f4c7c0"), "amber": colors.HexColor("#fde0c8"),
            "green": colors.HexColor("#c6e6d3")}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
LANDSCAPE_W = PAGE_H - 2 * MARGIN  # the frame of a landscape page (wide grids, as the seeds print them)
PORTRAIT, LANDSCAPE = "page", "landscape"


def _styles():
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, spaceAfter=3),
        "list": ParagraphStyle("list", parent=base, fontSize=9.5, leading=11.5, spaceAfter=4),
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


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*\w])")


def _markup(text):
    """Plain text to Paragraph markup: escaped, **bold** and *italic* set as such (never
    printed as asterisks), line breaks kept."""
    text = _BOLD.sub(r"<b>\1</b>", escape(text or ""))
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return text.replace("**", "").replace("\n", "<br/>")


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
        wide = Frame(MARGIN, MARGIN + 6 * mm, LANDSCAPE_W, PAGE_W - 2 * MARGIN - 6 * mm, id="wide",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id=PORTRAIT, frames=[frame], onPageEnd=self._footer),
                               PageTemplate(id=LANDSCAPE, frames=[wide], onPageEnd=self._footer,
                                            pagesize=landscape(A4))])
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
        canv.drawCentredString(canv._pagesize[0] / 2, MARGIN - 2 * mm,
                               f"{self.prefix}Page {self.first_page + page - 1}")
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
    """The blocks as plain flowables (the benchmark's bare-ReportLab baseline lays them out
    once in ``bare_document``: the same pages, portrait and landscape, with nothing else)."""
    register_fonts()
    return list(_flowables(blocks_, [], {}, {}))


def bare_document(target):
    """A plain two-template document (portrait and landscape), no footers, anchors or numbering."""
    doc = BaseDocTemplate(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN + 6 * mm)
    doc.addPageTemplates([
        PageTemplate(id=PORTRAIT, frames=[Frame(MARGIN, MARGIN + 6 * mm, FRAME_W, PAGE_H - 2 * MARGIN - 6 * mm)]),
        PageTemplate(id=LANDSCAPE, frames=[Frame(MARGIN, MARGIN + 6 * mm, LANDSCAPE_W, PAGE_W - 2 * MARGIN - 6 * mm)],
                     pagesize=landscape(A4)),
    ])
    return doc


def _orientations(blocks_):
    """Each block's page orientation: a wide table's page is landscape, and so is the heading
    or note just before it, so a table is never parted from its title."""
    out = [LANDSCAPE if isinstance(x, b.Table) and x.landscape else PORTRAIT for x in blocks_]
    for i in range(len(blocks_) - 2, -1, -1):
        block = blocks_[i]
        if out[i + 1] == LANDSCAPE and (isinstance(block, b.Heading) and not block.new_page or
                                        isinstance(block, b.Para) and block.style == "note"):
            out[i] = LANDSCAPE
    return out


def _flowables(blocks_, anchors, reserved, page_of, orient=True):
    st = _styles()
    after_appendix = False  # the page after an appendix's last reserved page must be a fresh one
    orientations = _orientations(blocks_) if orient else [PORTRAIT] * len(blocks_)
    current = PORTRAIT
    for n, block in enumerate(blocks_):
        turn = orientations[n] != current
        if turn:
            current = orientations[n]
            yield NextPageTemplate(current)
        if n and (after_appendix or turn or block_breaks(block)):
            yield RLPageBreak()
        after_appendix = isinstance(block, b.Appendix)
        width = LANDSCAPE_W if current == LANDSCAPE else FRAME_W
        if isinstance(block, b.Heading):
            if not block.new_page:
                yield CondPageBreak(40 * mm)
            yield _Anchor(anchors, block.key, block.text, block.level, block.bookmark)
            yield Paragraph(_markup(block.text), st[f"h{min(block.level, 2)}"])
        elif isinstance(block, b.Para):
            parts = b.paragraphs(block.text, block.style) if _MAYBE_LIST.search(block.text) else [block]
            for part in parts:
                if isinstance(part, b.Bullets):
                    yield from _flowables([part], anchors, reserved, page_of, orient=False)
                else:
                    yield Paragraph(_markup(part.text), st.get(part.style, st["body"]))
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
            yield from _table(block, st, width)
        elif isinstance(block, b.Chart):
            d = _fit_chart(block)
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


_MAYBE_LIST = re.compile(r"(^|\n)\s*(?:[-*•]|\d+[.)])\s")
_PAD = 2  # left and right padding of a table cell
_WORD = re.compile(r"\S+")
_cell_styles: dict = {}


def _cell_style(size, bold, right):
    key = (size, bold, right)
    if key not in _cell_styles:
        _cell_styles[key] = ParagraphStyle(
            f"cell-{size}-{bold}-{right}", fontName=FONT + ("-Bold" if bold else ""), fontSize=size,
            leading=size * 1.2, textColor=INK, alignment=2 if right else 0, spaceAfter=0)
    return _cell_styles[key]


def _plain(value):
    return value.printed() if isinstance(value, b.Cell) else str(value if value is not None else "")


def _words_width(text, font, size):
    return max((pdfmetrics.stringWidth(w, font, size) for w in _WORD.findall(text.replace("**", ""))), default=0)


def column_widths(header, rows, numeric, avail, size, bold_rows=()):
    """Widths from the content: no column narrower than its longest word (header words and
    bold rows measured in bold, numbers whole), the rest of the frame shared by how much each
    column's text wants."""
    n = len(header)
    least, want, volume = [0.0] * n, [0.0] * n, [0.0] * n
    cap = avail * 0.45
    for j in range(n):
        h = _plain(header[j])
        least[j] = _words_width(h, FONT + "-Bold", size)
        want[j] = min(cap, max(least[j], pdfmetrics.stringWidth(h, FONT + "-Bold", size) * 0.5))
    for r, row in enumerate(rows):
        font = FONT + "-Bold" if r in bold_rows else FONT
        for j, cell in enumerate(row[:n]):
            text = _plain(cell)
            if not text:
                continue
            full = pdfmetrics.stringWidth(text.replace("**", ""), font, size)
            volume[j] += full
            if j in numeric or len(text) < 12:
                least[j] = max(least[j], full)
            else:
                least[j] = max(least[j], min(_words_width(text, font, size), cap * 0.5))
            if full > want[j]:
                want[j] = min(cap, full)
    least = [w + 2 * _PAD + 1 for w in least]
    want = [max(w + 2 * _PAD + 1, lo) for w, lo in zip(want, least, strict=True)]
    if sum(want) <= avail:
        spare = avail - sum(want)
        text_cols = [j for j in range(n) if j not in numeric] or list(range(n))
        share = sum(want[j] for j in text_cols)
        return [w + (spare * w / share if j in text_cols else 0) for j, w in enumerate(want)], True
    if sum(least) <= avail:
        # Room goes to the columns that would wrap, by how much text they hold, so long
        # columns (a risk's progress update) get the width and rows stay short.
        room = avail - sum(least)
        extra = [(v if w > lo + 0.5 else 0.0) for w, lo, v in zip(want, least, volume, strict=True)]
        total = sum(extra) or 1
        widths = [lo + room * e / total for lo, e in zip(least, extra, strict=True)]
        over = [j for j in range(n) if widths[j] > want[j] and extra[j]]
        if over:  # a column given more than its longest line hands the surplus to the others
            surplus = sum(widths[j] - want[j] for j in over)
            for j in over:
                widths[j] = want[j]
            rest = [j for j in range(n) if extra[j] and j not in over]
            share = sum(extra[j] for j in rest)
            for j in rest:
                widths[j] += surplus * extra[j] / share
        return widths, True
    return [avail * lo / sum(least) for lo in least], False


def _table(block: b.Table, st, avail=FRAME_W):
    if block.caption:
        yield Paragraph(_markup(block.caption), st["h2"])
    if not block.rows:
        yield Paragraph(_markup(block.empty or "There are no rows to show in this table."), st["note"])
        return
    n = len(block.header)
    size = 7 if block.small or n > 8 else 8
    while True:
        widths, fits = column_widths(block.header, block.rows, block.numeric, avail, size, block.bold_rows)
        if fits or size <= 5.5:
            break
        size -= 0.5
    header = []
    for j, h in enumerate(block.header):
        header.append(Paragraph(_markup(_plain(h)), _cell_style(size, True, j in block.numeric)))
    data = [header]
    for r, row in enumerate(block.rows):
        bold_row = r in block.bold_rows
        cells = []
        for j, cell in enumerate(row):
            text = _plain(cell)
            bold = bold_row
            font = FONT + "-Bold" if bold else FONT
            # Paragraphs wrap but cost far more to lay out; a cell that fits stays a plain string.
            if ("\n" in text or "*" in text
                    or pdfmetrics.stringWidth(text, font, size) > widths[j] - 2 * _PAD - 0.5):
                cells.append(Paragraph(_markup(text), _cell_style(size, bold, j in block.numeric)))
            else:
                cells.append(text)
        data.append(cells)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("LEADING", (0, 0), (-1, -1), size * 1.2),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for col in block.numeric:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    for r in block.bold_rows:
        style.append(("FONT", (0, r + 1), (-1, r + 1), FONT + "-Bold", size))
        if r < len(block.rows) and not any(_plain(c) for c in block.rows[r][1:]):
            style.append(("SPAN", (0, r + 1), (-1, r + 1)))  # a group heading runs across the table
    for r, row in enumerate(block.rows, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, b.Cell) and cell.rag in RAG_FILL:
                style.append(("BACKGROUND", (c, r), (c, r), RAG_FILL[cell.rag]))
    # splitInRow: a row taller than the page (a risk's long progress update) runs on to the next.
    t = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle(style))
    yield t
    key = " ".join(k for k in (block.key, b.RAG_KEY if block.has_rag() else "") if k)
    if key:
        yield Paragraph(_markup(key), st["small"])
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
            indent = ParagraphStyle("ab", parent=st["small"], leftIndent=12 * mm)
            for part in b.paragraphs(line.body, "small"):
                if isinstance(part, b.Bullets):
                    bullet = ParagraphStyle("ab-bullet", parent=indent, leftIndent=12 * mm + 9, bulletIndent=12 * mm,
                                            bulletFontName=FONT)
                    for t in part.items:
                        yield Paragraph(_markup(t), bullet, bulletText="•")
                else:
                    yield Paragraph(_markup(part.text), indent)
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
