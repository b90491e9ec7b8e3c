"""The content of a pack as plain data, rendered by ``pdf`` (ReportLab) and ``html``.

A pack is a *front* (cover and agenda, whose page numbers are only known once the rest
is laid out) and a *body* (minutes, reports, live sections, appendices). Blocks carry
no ORM objects, so the renderers and the benchmark work without a database.
"""

from __future__ import annotations

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
    text: str  # plain text; "**bold**" spans only
    style: str = "body"  # body | small | note | centre | title


@dataclass
class Bullets:
    items: list[str]


@dataclass
class KeyValues:
    """Label and value pairs, e.g. a report's cover details."""

    rows: list[tuple[str, str]]


@dataclass
class Cell:
    text: str
    rag: str | None = None  # red | amber | green: printed as a word too, never colour alone


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str | Cell]]
    numeric: set[int] = field(default_factory=set)  # column indexes right-aligned
    widths: list[float] | None = None  # relative widths
    row_headers: bool = True  # the first column names its row (<th scope="row">)
    small: bool = False


@dataclass
class Chart:
    """One chart: a ReportLab Drawing for the PDF and the same Drawing as SVG for the page,
    with its figures as text and as CSV rows."""

    slug: str
    title: str
    drawing: Callable  # () -> reportlab Drawing (fresh each call: PDF and SVG each get one)
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
