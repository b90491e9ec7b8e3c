"""Indicator charts drawn once with reportlab.graphics, shown as inline SVG on pages
and placed as-is in PDFs (a ``Drawing`` is a platypus flowable).

Inputs are plain data, never ORM objects, so the agenda pack and the web pages
draw the same picture from the same figures::

    series = [{"label": "Jan-16", "value": 27.0, "rag": "red"}, ...]   # or [("Jan-16", 27.0), ...]
    d = indicator_chart(series, title="Re-referrals - %", target=20,
                        spc={"mean": 25.1, "lower": 17.9, "upper": 32.3}, unit="percentage")
    svg = to_svg(d)                 # for a template: {{ svg|safe }}
    story.append(d)                 # for a PDF
    chart_alt_text(series, title=..., target=20, spc=...)   # the figures as text

For a stored indicator, ``performance.selectors.chart_data(indicator, period)`` gives the
keyword arguments: ``indicator_chart(**selectors.chart_data(indicator, period))``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from core.svg import style_to_attributes

BLUE = colors.HexColor("#1d70b8")
GREY = colors.HexColor("#505a5f")
LIGHT = colors.HexColor("#b1b4b6")
BLACK = colors.HexColor("#0b0c0c")
RAG_COLOURS = {
    "green": colors.HexColor("#00703c"),
    "amber": colors.HexColor("#f47738"),
    "red": colors.HexColor("#d4351c"),
}
TARGET_COLOUR = colors.HexColor("#4c2c92")
FONT = "Helvetica"


def _normalise(series) -> list[dict]:
    out = []
    for item in series:
        if isinstance(item, Mapping):
            out.append({"label": str(item.get("label", "")), "value": item.get("value"), "rag": item.get("rag")})
        else:
            label, value, *rest = item
            out.append({"label": str(label), "value": value, "rag": rest[0] if rest else None})
    return out


def _spc_lines(spc, n) -> list[dict] | None:
    """Per-point mean/lower/upper (limits change at process changes), or None."""
    if not spc:
        return None
    points = spc.get("points") if isinstance(spc, Mapping) else None
    if points and len(points) == n:
        return [
            {k: p.get(k) for k in ("mean", "lower", "upper")} if p else {"mean": None, "lower": None, "upper": None}
            for p in points
        ]
    if spc.get("mean") is None:
        return None
    return [{"mean": spc.get("mean"), "lower": spc.get("lower"), "upper": spc.get("upper")}] * n


def _fmt(value, unit) -> str:
    if value is None:
        return "no figure"
    if unit == "percentage":
        return f"{value:.1f}%"
    if unit == "money":
        return f"£{value:,.0f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _nice_ceiling(x: float) -> float:
    if x <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= x:
            return m * exp
    return 10 * exp


def indicator_chart(
    series: Iterable,
    *,
    title: str,
    target: float | None = None,
    spc: Mapping | None = None,
    kind: str = "bar",
    unit: str = "",
    width: float = 480,
    height: float = 220,
) -> Drawing:
    """Bars (or a line) of the period values, coloured by RAG, with the target and SPC lines."""
    data = _normalise(series)
    n = len(data)
    d = Drawing(width, height)
    d.add(String(0, height - 12, title[:90], fontName=FONT + "-Bold", fontSize=10, fillColor=BLACK))
    left, right, bottom, top = 44, 8, 30, height - 40
    plot_w, plot_h = width - left - right, top - bottom
    spc_lines = _spc_lines(spc, n)
    values = [p["value"] for p in data if p["value"] is not None]
    extras = [target] if target is not None else []
    if spc_lines:
        extras += [v for row in spc_lines for v in row.values() if v is not None]
    lo = min([0.0, *values, *extras])
    hi = max([0.0, *values, *extras]) or 1.0
    hi = _nice_ceiling(hi)
    if unit == "percentage" and hi > 100 and max(values or [0]) <= 100:
        hi = 100.0
    lo = -_nice_ceiling(-lo) if lo < 0 else 0.0

    def y(v):
        return bottom + (v - lo) / (hi - lo) * plot_h

    # Axes and gridlines.
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=GREY, strokeWidth=0.8))
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        d.add(Line(left, y(v), left + plot_w, y(v), strokeColor=LIGHT, strokeWidth=0.3))
        d.add(String(left - 4, y(v) - 3, _fmt(v, unit), fontName=FONT, fontSize=7, fillColor=GREY, textAnchor="end"))
    if n == 0:
        d.add(
            String(
                left + plot_w / 2,
                bottom + plot_h / 2,
                "No figures",
                fontName=FONT,
                fontSize=9,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
        return d
    slot = plot_w / n

    def x(i):
        return left + slot * (i + 0.5)

    for i, p in enumerate(data):
        d.add(String(x(i), bottom - 11, p["label"], fontName=FONT, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    colour_for = [RAG_COLOURS.get(p["rag"], BLUE) for p in data]
    if kind == "bar":
        bar_w = slot * 0.62
        for i, p in enumerate(data):
            if p["value"] is None:
                continue
            y0, y1 = y(max(lo, 0.0)), y(p["value"])
            d.add(Rect(x(i) - bar_w / 2, min(y0, y1), bar_w, abs(y1 - y0), fillColor=colour_for[i], strokeColor=None))
    else:
        run = []
        for i, p in enumerate(data):
            if p["value"] is None:
                if len(run) > 1:
                    d.add(PolyLine([c for pt in run for c in pt], strokeColor=BLUE, strokeWidth=1.5))
                run = []
                continue
            run.append((x(i), y(p["value"])))
        if len(run) > 1:
            d.add(PolyLine([c for pt in run for c in pt], strokeColor=BLUE, strokeWidth=1.5))
        for i, p in enumerate(data):
            if p["value"] is not None:
                d.add(Circle(x(i), y(p["value"]), 2.6, fillColor=colour_for[i], strokeColor=colour_for[i]))
    if spc_lines:
        for key, dash, colour in (("mean", None, GREY), ("lower", [3, 2], GREY), ("upper", [3, 2], GREY)):
            _step_line(d, [(x(i), row[key]) for i, row in enumerate(spc_lines)], slot, y, colour, dash)
    if target is not None:
        d.add(
            Line(
                left,
                y(target),
                left + plot_w,
                y(target),
                strokeColor=TARGET_COLOUR,
                strokeWidth=1.4,
                strokeDashArray=[6, 3],
            )
        )
    # Legend: what each line means, so the chart reads without colour alone.
    legend = [("Target", TARGET_COLOUR, [6, 3])] if target is not None else []
    if spc_lines:
        legend += [("Mean", GREY, None), ("Process limits", GREY, [3, 2])]
    lx = left
    for text, colour, dash in legend:
        d.add(Line(lx, height - 26, lx + 16, height - 26, strokeColor=colour, strokeWidth=1.4, strokeDashArray=dash))
        d.add(String(lx + 19, height - 29, text, fontName=FONT, fontSize=7, fillColor=BLACK))
        lx += 26 + 4.2 * len(text)
    return d


def _step_line(d, pts, slot, y, colour, dash):
    """Horizontal segments per point so a recalculated limit steps at a process change."""
    for px, v in pts:
        if v is None:
            continue
        d.add(Line(px - slot / 2, y(v), px + slot / 2, y(v), strokeColor=colour, strokeWidth=0.9, strokeDashArray=dash))


def sparkline(values: Sequence, rags: Sequence | None = None, *, width: float = 120, height: float = 24) -> Drawing:
    """A small line of recent values with RAG-coloured dots, for tables."""
    d = Drawing(width, height)
    nums = [v for v in values if v is not None]
    if len(nums) < 1:
        return d
    lo, hi = min(nums), max(nums)
    span = (hi - lo) or 1.0
    n = len(values)
    step = (width - 6) / max(n - 1, 1)
    pts = [(3 + i * step, 3 + (v - lo) / span * (height - 6)) for i, v in enumerate(values) if v is not None]
    if len(pts) > 1:
        d.add(PolyLine([c for p in pts for c in p], strokeColor=GREY, strokeWidth=1))
    idx = [i for i, v in enumerate(values) if v is not None]
    for (px, py), i in zip(pts, idx, strict=True):
        rag = rags[i] if rags and i < len(rags) else None
        d.add(Circle(px, py, 2, fillColor=RAG_COLOURS.get(rag, GREY), strokeColor=None))
    return d


_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_CLIP = re.compile(r"<clipPath.*?</clipPath>\s*", re.S)
_PLACEHOLDERS = re.compile(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>")


def to_svg(drawing: Drawing, *, title: str | None = None) -> str:
    """The drawing as an ``<svg>`` element to inline in HTML (no XML prologue, no inline
    styles, no ids that would clash between charts), labelled for screen readers."""
    svg = renderSVG.drawToString(drawing)
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _PLACEHOLDERS.sub("", svg, count=1)
    svg = _CLIP.sub("", svg, count=1)
    svg = svg.replace(' id="group"', "")
    svg = style_to_attributes(svg, drop=("clip-path",))  # the clip paths are removed above
    label = html.escape(title or "Chart", quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart" ', 1)
    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{label}</title>", svg, count=1)


def chart_alt_text(
    series: Iterable, *, title: str, target: float | None = None, spc: Mapping | None = None, unit: str = ""
) -> str:
    """The chart's figures in words, for a text alternative beside the SVG or in a PDF."""
    data = _normalise(series)
    parts = [f"{title}."]
    if data:
        figures = ", ".join(
            f"{p['label']} {_fmt(p['value'], unit)}" + (f" ({p['rag']})" if p["rag"] else "") for p in data
        )
        parts.append(f"Figures: {figures}.")
    if target is not None:
        parts.append(f"Target {_fmt(target, unit)}.")
    if spc and spc.get("mean") is not None:
        trial = " (trial limits)" if spc.get("trial") else ""
        parts.append(
            f"Mean {_fmt(spc['mean'], unit)}; process limits {_fmt(spc.get('lower'), unit)} "
            f"to {_fmt(spc.get('upper'), unit)}{trial}."
        )
    return " ".join(parts)
