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

import math
from collections.abc import Iterable, Mapping, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from core import svg as svgstyle

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
FONT = svgstyle.FONT


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


# What each unit's figures can take, so an axis or a control limit never shows an
# impossible value (a negative count, a percentage over 100).
UNIT_BOUNDS = {
    "percentage": (0.0, 100.0),
    "count": (0.0, None),
    "rate": (0.0, None),
    "average": (0.0, None),
    "days": (0.0, None),
    "": (None, None),
    "money": (None, None),
}


def clip_to_unit(value, unit):
    """``value`` kept within what the unit can take (None stays None)."""
    if value is None:
        return None
    low, high = UNIT_BOUNDS.get(unit, (None, None))
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


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
    font_size: float = svgstyle.PRINT_TEXT,
) -> Drawing:
    """Bars (or a line) of the period values, coloured by RAG, with the target and SPC lines.

    ``font_size`` is the axis text in drawing units (points in a PDF); the title is a
    little larger and wraps. With fewer than two figures the drawing is a sentence
    instead of a chart, so a reader is not shown one dot and a legend for absent lines."""
    data = _normalise(series)
    n = len(data)
    small = font_size
    title_size = font_size * 1.2
    known = [p for p in data if p["value"] is not None]
    if len(known) < 2:
        return _sentence(title, _one_point_sentence(known, n, target, unit), width, small)
    d = Drawing(width, height)
    ty = height - title_size
    for line in svgstyle.wrap(title, width, title_size, FONT + "-Bold"):
        d.add(String(0, ty, line, fontName=FONT + "-Bold", fontSize=title_size, fillColor=BLACK))
        ty -= title_size * 1.25
    spc_lines = _spc_lines(spc, n)
    if spc_lines:
        spc_lines = [{k: clip_to_unit(v, unit) for k, v in row.items()} for row in spc_lines]
    legend_h = small * 1.8 if (target is not None or spc_lines) else 0
    top = ty - legend_h
    values = [p["value"] for p in known]
    extras = [target] if target is not None else []
    if spc_lines:
        extras += [v for row in spc_lines for v in row.values() if v is not None]
    floor, ceiling = UNIT_BOUNDS.get(unit, (None, None))
    lo, hi, ticks = svgstyle.nice_axis([*values, *extras], floor=floor, ceiling=ceiling)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    suffix = "%" if unit == "percentage" else ""
    prefix = "£" if unit == "money" else ""
    tick_texts = [f"{prefix}{svgstyle.tick_label(v, step)}{suffix}" for v in ticks]
    left = max(svgstyle.text_width(t, small) for t in tick_texts) + small * 0.8
    label_w = max(svgstyle.text_width(p["label"], small) for p in data) + small * 0.6
    right = label_w / 2  # room for the last month's label
    bottom = small * 2.2
    plot_w, plot_h = width - left - right, top - bottom

    def y(v):
        return bottom + (v - lo) / (hi - lo) * plot_h

    # Axes and gridlines at round steps.
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=GREY, strokeWidth=0.8))
    for v, text in zip(ticks, tick_texts, strict=True):
        d.add(Line(left, y(v), left + plot_w, y(v), strokeColor=LIGHT, strokeWidth=0.3))
        d.add(String(left - small * 0.4, y(v) - small * 0.35, text, fontName=FONT, fontSize=small, fillColor=GREY,
                     textAnchor="end"))
    slot = plot_w / n

    def x(i):
        return left + slot * (i + 0.5)

    # Month labels: every k-th one when they would overlap, always the latest.
    every = max(1, math.ceil(label_w / slot))
    for i, p in enumerate(data):
        if (n - 1 - i) % every == 0:
            d.add(String(x(i), bottom - small * 1.3, p["label"], fontName=FONT, fontSize=small, fillColor=GREY,
                         textAnchor="middle"))
    colour_for = [RAG_COLOURS.get(p["rag"], BLUE) for p in data]
    if kind == "bar":
        bar_w = slot * 0.62
        for i, p in enumerate(data):
            if p["value"] is None:
                continue
            y0, y1 = y(max(lo, 0.0)), y(clip_to_unit(p["value"], unit))
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
                r = max(2.6, small * 0.3)
                d.add(Circle(x(i), y(p["value"]), r, fillColor=colour_for[i], strokeColor=colour_for[i]))
    if spc_lines:
        for key, dash, colour in (("mean", None, GREY), ("lower", [3, 2], GREY), ("upper", [3, 2], GREY)):
            _step_line(d, [(x(i), row[key]) for i, row in enumerate(spc_lines)], slot, y, colour, dash)
    if target is not None:
        d.add(
            Line(
                left,
                y(clip_to_unit(target, unit)),
                left + plot_w,
                y(clip_to_unit(target, unit)),
                strokeColor=TARGET_COLOUR,
                strokeWidth=1.4,
                strokeDashArray=[6, 3],
            )
        )
    # Legend: only the lines drawn, so the chart reads without colour alone.
    legend = [("Target", TARGET_COLOUR, [6, 3])] if target is not None else []
    if spc_lines:
        legend += [("Mean", GREY, None), ("Process limits", GREY, [3, 2])]
    lx, ly = left, ty - small * 0.6
    for text, colour, dash in legend:
        d.add(Line(lx, ly + small * 0.35, lx + small * 2, ly + small * 0.35, strokeColor=colour, strokeWidth=1.4,
                   strokeDashArray=dash))
        d.add(String(lx + small * 2.4, ly, text, fontName=FONT, fontSize=small, fillColor=BLACK))
        lx += small * 3.6 + svgstyle.text_width(text, small)
    return d


def _one_point_sentence(known, n, target, unit) -> str:
    if not known:
        return "No figures" if n == 0 else "No figures yet for these months."
    p = known[0]
    rag = f" ({p['rag']})" if p["rag"] else ""
    sentence = f"Only one figure so far: {p['label']} {_fmt(p['value'], unit)}{rag}"
    if target is not None:
        sentence += f", against a target of {_fmt(target, unit)}"
    return sentence + ". A chart needs two figures or more."


def _sentence(title, sentence, width, size) -> Drawing:
    """The title and a sentence, as a drawing only as tall as its text."""
    title_size = size * 1.2
    heads = svgstyle.wrap(title, width, title_size, FONT + "-Bold")
    body = svgstyle.wrap(sentence, width, size)
    height = len(heads) * title_size * 1.25 + len(body) * size * 1.3 + size
    d = Drawing(width, height)
    y = height - title_size
    for line in heads:
        d.add(String(0, y, line, fontName=FONT + "-Bold", fontSize=title_size, fillColor=BLACK))
        y -= title_size * 1.25
    y -= size * 0.3
    for line in body:
        d.add(String(0, y, line, fontName=FONT, fontSize=size, fillColor=BLACK))
        y -= size * 1.3
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


def to_svg(drawing: Drawing, *, title: str | None = None, css: str = "chart") -> str:
    """The drawing as an ``<svg>`` element to inline in HTML (see ``core.svg.inline``)."""
    return svgstyle.inline(drawing, title=title, css=css)


def page_svg(data: Mapping) -> str:
    """An indicator chart for a page: drawn twice, for a wide and a narrow column, and CSS
    shows the one whose text comes out at body-small size (``chart_data`` gives ``data``)."""
    title = data["title"]
    wide = to_svg(indicator_chart(**data, **svgstyle.PAGE_WIDE), title=title, css="chart chart-wide")
    narrow = to_svg(indicator_chart(**data, **svgstyle.PAGE_NARROW), title=title, css="chart chart-narrow")
    return wide + narrow


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
