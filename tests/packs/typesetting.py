"""Read a built pack back with pdfplumber and list what a print unit would send back:
characters printed over each other, literal Markdown, words split inside table headers."""

from __future__ import annotations

import re

import pdfplumber

from core.documents import blocks as b

KERNING = 0.6  # points two neighbouring glyph boxes may share (kerning, and DejaVu's side bearings)
_TOKEN = re.compile(r"[^\s]+")


def header_words(doc: b.PackDocument) -> set[str]:
    """Every word a table header of the document prints (a split word is not among them)."""
    words = set()
    for block in [*doc.front, *doc.body]:
        if isinstance(block, b.Table):
            for h in block.header:
                words.update(_TOKEN.findall(str(h)))
    return words


def overlaps(page) -> list[str]:
    """Pairs of visible characters whose boxes overlap by more than kerning allows."""
    chars = [c for c in page.chars if c["text"].strip()]
    buckets: dict[tuple[int, int], list] = {}
    for c in chars:
        buckets.setdefault((int(c["x0"] // 20), int(c["top"] // 20)), []).append(c)
    found = []
    for (bx, by), group in buckets.items():
        near = [c for dx in (-1, 0, 1) for dy in (-1, 0, 1) for c in buckets.get((bx + dx, by + dy), [])]
        for a in group:
            for c in near:
                if c is a or id(c) < id(a):
                    continue
                w = min(a["x1"], c["x1"]) - max(a["x0"], c["x0"])
                h = min(a["bottom"], c["bottom"]) - max(a["top"], c["top"])
                smaller = min(a["bottom"] - a["top"], c["bottom"] - c["top"])
                if w > KERNING and h > 0.5 * smaller:
                    found.append(f"{a['text']!r}@({a['x0']:.0f},{a['top']:.0f}) over {c['text']!r}")
    return found


def split_header_words(page, known: set[str]) -> list[str]:
    """Header-row words that are no word of any header: a word broken across lines."""
    bad = []
    for table in page.extract_tables():
        if not table or not table[0]:
            continue
        tokens = [t for cell in table[0] for t in _TOKEN.findall(cell or "")]
        # Only header rows (most of their words are header words; a label/value box is not one).
        if tokens and sum(t in known for t in tokens) * 2 >= len(tokens):
            bad += [t for t in tokens if t not in known]
    return bad


_SPLIT_FIGURE = re.compile(r"[\d.,]\n[\d.,%]")


def split_figures(page) -> list[str]:
    """Table cells whose figure is broken across lines ("46.0" over "%"): a column set too narrow."""
    return [repr(cell) for table in page.extract_tables() for row in table for cell in row
            if cell and _SPLIT_FIGURE.search(cell)]


def problems(path, known_header_words: set[str], *, appendix_pages=()) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found = []
            text = page.extract_text() or ""
            if "**" in text:
                found.append("literal ** in the text")
            found += [f"overlap {o}" for o in overlaps(page)[:5]]
            if number not in appendix_pages:
                found += [f"header word {w!r} split" for w in split_header_words(page, known_header_words)]
                found += [f"figure {f} split" for f in split_figures(page)[:5]]
            if found:
                out[number] = found
    return out
