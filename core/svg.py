"""One chart style for pages and print, and SVG from reportlab made fit to inline in a page.

Pure, no Django. Every area's chart module takes its font, sizes,
axis ticks and title wrapping from here, so a chart looks the same on a page, in the
agenda pack's PDF and in its HTML edition:

- sans-serif text; in print never under ``PRINT_TEXT`` pt; on pages drawn at a width whose
  text, shown at the full width of the column, is no smaller than the body's small text;
- titles wrap instead of being cut off;
- axis ticks at round steps (1, 2, 2.5 or 5 times a power of ten), percentage axes within
  0-100 and every axis within what the measure can take.

The Content-Security-Policy forbids inline ``style`` attributes but not SVG presentation
attributes, so ``style="fill: red; stroke: none"`` becomes ``fill="red" stroke="none"``.
"""

import html
import math
import re

from reportlab.graphics import renderSVG
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
PRINT_TEXT = 8  # pt: issue 13 asks for at least 7 pt in print
# Pages draw two sizes and show one by the column's width (CSS .chart-wide/.chart-narrow):
# drawing units per CSS pixel stay near 1, so a 14-unit label reads as 14 px body-small text.
PAGE_WIDE = {"width": 760, "height": 330, "font_size": 11}
PAGE_NARROW = {"width": 360, "height": 330, "font_size": 14}
# Shown instead of reportlab's PostScript names, which browsers do not know (they fell
# back to a serif face).
WEB_FONTS = 'Arial, "Liberation Sans", "Helvetica Neue", Helvetica, sans-serif'

_STYLE = re.compile(r'style="([^"]*)"')


def style_to_attributes(svg: str, *, drop: tuple[str, ...] = ()) -> str:
    """Every ``style="…"`` in ``svg`` as presentation attributes, leaving out ``drop``,
    with reportlab's font names replaced by a sans-serif stack browsers have."""

    def attributes(match):
        attrs = []
        for declaration in match.group(1).split(";"):
            if ":" not in declaration:
                continue
            name, value = (part.strip() for part in declaration.split(":", 1))
            if name not in drop:
                attrs.append(f'{name}="{html.escape(value, quote=True)}"')
        return " ".join(attrs)

    return web_fonts(_STYLE.sub(attributes, svg))


_FONT_ATTR = re.compile(r'font-family="(Helvetica(?:-Bold)?)"')


def web_fonts(svg: str) -> str:
    stack = html.escape(WEB_FONTS, quote=True)
    return _FONT_ATTR.sub(
        lambda m: f'font-family="{stack}"' + (' font-weight="bold"' if m.group(1).endswith("Bold") else ""), svg
    )


def responsive(svg: str) -> str:
    """Drop the fixed width and height so CSS can size the chart to its column (the
    viewBox keeps the proportions)."""
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)


# Text is measured in Helvetica's metrics, but printed in the pack's DejaVu Sans (up to 20%
# wider in bold) and shown on pages in the browser's sans-serif: lines are measured this much wider.
WIDER_FONTS = 1.2


def wrap(text: str, width: float, size: float, font: str = FONT) -> list[str]:
    """``text`` in lines no wider than ``width`` at ``size`` in any of the fonts it is printed
    in (a word longer than the line stays whole on its own line)."""
    lines, line = [], ""
    for word in str(text).split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, size) * WIDER_FONTS > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def text_width(text: str, size: float, font: str = FONT) -> float:
    return stringWidth(str(text), font, size)


def nice_step(span: float, most: int = 6) -> float:
    """The smallest round step (1, 2, 2.5 or 5 x 10^k) giving at most ``most`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / most
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= raw - 1e-12:
            return m * exp
    return 10 * exp


def nice_axis(values, *, floor: float | None = None, ceiling: float | None = None, most: int = 5,
              zero: bool = True):
    """(low, high, ticks) for an axis covering ``values`` (and zero, unless ``zero`` is False:
    a line of budgets near £10m drawn from zero would be flat), at round steps, kept
    within ``floor``/``ceiling`` (what the measure can take, e.g. 0 and 100 for a percentage)."""
    values = [float(v) for v in values if v is not None]
    base = [0.0] if zero or not values else []
    lo, hi = min([*base, *values]), max([*base, *values])
    if floor is not None:
        lo = max(lo, floor)
    if ceiling is not None:
        hi = min(hi, ceiling)
    if hi <= lo:
        hi = lo + (abs(lo) * 0.1 if lo else 1.0)
    step = nice_step(hi - lo, most)
    low = math.floor(lo / step + 1e-9) * step
    high = math.ceil(hi / step - 1e-9) * step
    if floor is not None:
        low = max(low, floor)
    if ceiling is not None:
        high = min(high, ceiling)
    ticks, t = [], low
    while t <= high + step * 1e-6:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < high - step * 1e-6:
        ticks.append(high)
    return low, high, ticks


def tick_label(value: float, step: float) -> str:
    """A tick as the step needs it: 5, 10, 15 or 2.5, 5.0, 7.5, never 14.9."""
    decimals = 0 if float(step).is_integer() else min(3, max(0, -math.floor(math.log10(step % 1 or step))))
    if decimals == 0:
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_CLIP = re.compile(r"<clipPath.*?</clipPath>\s*", re.S)
_PLACEHOLDERS = re.compile(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>")


def inline(drawing, *, title: str | None = None, css: str = "chart") -> str:
    """A reportlab drawing as an ``<svg>`` element to inline in HTML (no XML prologue, no
    inline styles, no ids that would clash between charts), labelled for screen readers,
    sized by CSS to the width of its column."""
    svg = responsive(renderSVG.drawToString(drawing))
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _PLACEHOLDERS.sub("", svg, count=1)
    svg = _CLIP.sub("", svg, count=1)
    svg = svg.replace(' id="group"', "")
    svg = style_to_attributes(svg, drop=("clip-path",))  # the clip paths are removed above
    label = html.escape(title or "Chart", quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="{css}" ', 1)
    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{label}</title>", svg, count=1)


def page_pair(draw, *, title: str) -> str:
    """A chart for a page, drawn twice by ``draw(width=, font_size=)``, for a wide and a
    narrow column; CSS shows the one whose text comes out at body-small size."""
    wide = inline(draw(width=PAGE_WIDE["width"], font_size=PAGE_WIDE["font_size"]), title=title,
                  css="chart chart-wide")
    narrow = inline(draw(width=PAGE_NARROW["width"], font_size=PAGE_NARROW["font_size"]), title=title,
                    css="chart chart-narrow")
    return wide + narrow
