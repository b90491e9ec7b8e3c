"""The content of a pack as plain data, rendered by ``pdf`` (ReportLab) and ``html``.

A pack is a *front* (cover and agenda, whose page numbers are only known once the rest
is laid out) and a *body* (minutes, reports, live sections, appendices). Blocks carry
no ORM objects, so the renderers and the benchmark work without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int = 0  # 0: an agenda item or part of the pack, 1: a report section, 2: below that
    key: str | None = None  # agenda lines refer to this to print its page number
    new_page: bool = False
    bookmark: bool = True


@dataclass
class Para:
    text: str  # plain text; "**bold**" spans only (``paragraphs`` turns Markdown into blocks)
    style: str = "body"  # body | small | note | centre | title


@dataclass
class Bullets:
    items: list[str]


@dataclass
class KeyValues:
    """Label and value pairs, e.g. a report's cover details."""

    rows: list[tuple[str, str]]


RAG_LETTER = {"red": "R", "amber": "A", "green": "G"}
RAG_KEY = ("RAG: R red (off target by more than the tolerance), A amber (off target within it), "
           "G green (on target or better).")


@dataclass
class Cell:
    text: str
    rag: str | None = None  # red | amber | green: printed with its letter too, never colour alone

    def printed(self):
        """The cell's text with its RAG letter, e.g. "27.0% R", or the letter alone."""
        letter = RAG_LETTER.get(self.rag or "", "")
        if not letter or self.text.lower() == (self.rag or "").lower():
            return self.text or (self.rag or "").capitalize()
        return f"{self.text} {letter}".strip()


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str | Cell]]
    numeric: set[int] = field(default_factory=set)  # column indexes right-aligned
    widths: list[float] | None = None  # relative widths
    row_headers: bool = True  # the first column names its row (<th scope="row">)
    small: bool = False
    landscape: bool = False  # printed on a landscape page, as the seeds print their wide grids
    bold_rows: set[int] = field(default_factory=set)  # e.g. sub-total and total rows (indexes into rows)
    empty: str = ""  # the sentence printed instead of an empty grid: what is missing and why
    key: str = ""  # a key printed under the table; RAG cells get the RAG key without asking

    def has_rag(self):
        return any(isinstance(c, Cell) and c.rag for row in self.rows for c in row)


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def paragraphs(text, style="body") -> list:
    """Markdown-ish text as blocks: blank lines part paragraphs, lines typed as "- ", "* " or
    "1. " become real bullets (never a typed dash); ``**bold**`` stays for the renderers."""
    out: list = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [ln.rstrip() for ln in chunk.splitlines() if ln.strip()]
        para: list[str] = []
        items: list[str] = []
        for line in lines:
            if _BULLET.match(line):
                if para:
                    out.append(Para("\n".join(para), style))
                    para = []
                items.append(_BULLET.sub("", line, count=1))
            elif items and line.startswith((" ", "\t")):
                items[-1] += " " + line.strip()  # a bullet's wrapped continuation
            else:
                if items:
                    out.append(Bullets(items))
                    items = []
                para.append(line)
        if para:
            out.append(Para("\n".join(para), style))
        if items:
            out.append(Bullets(items))
    return out


@dataclass
class Chart:
    """One chart: a ReportLab Drawing for the PDF and the same Drawing as SVG for the page,
    with its figures as text and as CSV rows."""

    slug: str
    title: str
    # () -> reportlab Drawing (fresh each call: PDF and SVG each get one); a maker that also takes
    # width= and height= is drawn again at the print frame's width when it comes out wider.
    drawing: Callable
    alt: str
    csv_header: list[str]
    csv_rows: list[list]
    svg: str | Callable = ""  # the SVG, or a callable making it (only the HTML edition needs it)


@dataclass
class AgendaLine:
    number: int | str
    title: str
    body: str = ""
    report_by: str = ""
    key: str | None = None  # the Heading key of the item's papers in the body


@dataclass
class Agenda:
    lines: list[AgendaLine]


@dataclass
class Appendix:
    """An uploaded PDF merged into the pack in place, its pages numbered with the rest."""

    key: str
    title: str
    path: str
    pages: int = 0  # filled in by the checks before layout


@dataclass
class PageBreak:
    pass


@dataclass
class PackDocument:
    title: str
    author: str
    subject: str
    language: str = "en-GB"
    page_prefix: str = ""  # e.g. "Supplementary agenda 1 – " (its own numbering)
    front: list = field(default_factory=list)
    body: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # live sections skipped, and why
    printed: dict = field(default_factory=dict)  # what live sections printed, to freeze on publish

    def charts(self):
        return [b for b in [*self.front, *self.body] if isinstance(b, Chart)]


# --- numbers as the seeds print them ----------------------------------------------

MINUS = "-"


def money(value, *, signed=False):
    """£m to three decimals with thousands separators: 1,234.567 (signed: +0.411 / -0.411)."""
    if value is None:
        return ""
    text = f"{value:+,.3f}" if signed else f"{value:,.3f}"
    return "0.000" if text in ("-0.000", "+0.000") else text


def pct(value, *, signed=False):
    """A percentage to one decimal: 27.0%."""
    if value is None:
        return ""
    text = f"{value:+,.1f}%" if signed else f"{value:,.1f}%"
    return "0.0%" if text in ("-0.0%", "+0.0%") else text


def count(value):
    """A whole number with thousands separators: 1,152."""
    if value is None:
        return ""
    return f"{round(value):,}"
