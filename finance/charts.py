"""Charts for budget monitoring, drawn once with reportlab.graphics in the one chart style
(``core.svg``): sans-serif text, titles that wrap, axis ticks at round steps.

Each function takes plain data and returns a reportlab ``Drawing``, so the same drawing
can go into a PDF (agenda pack) or, through ``to_svg`` / ``page_svg``, inline into a page.
``page_svg`` draws a chart twice, for a wide and a narrow column, so its text is shown at
body-small size on a laptop and on a phone alike. ``*_alt_text`` give the figures in words.
"""

import re
from decimal import Decimal

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from core import svg as svgstyle

from .calc import fmt_signed

OVER = colors.HexColor("#d4351c")  # overspend: GOV.UK red
UNDER = colors.HexColor("#00703c")  # underspend: GOV.UK green
LINE = colors.HexColor("#1d70b8")
TEXT = colors.HexColor("#0b0c0c")
GREY = colors.HexColor("#505a5f")
LIGHT = colors.HexColor("#b1b4b6")
FONT, BOLD = svgstyle.FONT, svgstyle.FONT_BOLD
# Under this many drawing units a label beside its bar would squeeze the bar to nothing,
# so each label goes on its own line above its bar.
STACK_BELOW = 500


def _title(drawing_items, title, width, size, top):
    """The title's lines from ``top`` down; returns the y below them."""
    y = top - size * 1.2
    for line in svgstyle.wrap(title, width, size * 1.2, BOLD):
        drawing_items.append(String(0, y, line, fontName=BOLD, fontSize=size * 1.2, fillColor=TEXT))
        y -= size * 1.2 * 1.25
    return y


def _title_height(title, width, size):
    return size * 1.2 + len(svgstyle.wrap(title, width, size * 1.2, BOLD)) * size * 1.5


def _sentence(title, sentence, width, size):
    items = []
    lines = svgstyle.wrap(sentence, width, size)
    title_h = _title_height(title, width, size)
    height = title_h + len(lines) * size * 1.3 + size
    y = _title(items, title, width, size, height) - size * 0.3
    for line in lines:
        items.append(String(0, y, line, fontName=FONT, fontSize=size, fillColor=TEXT))
        y -= size * 1.3
    drawing = Drawing(width, height)
    for item in items:
        drawing.add(item)
    return drawing


def _signed_tick(value, step):
    text = svgstyle.tick_label(value, step)
    return f"+{text}" if value > 0 else text


def variance_bars(items, width=640, title="Largest variances (£m)", font_size=svgstyle.PRINT_TEXT):
    """Horizontal bars for (label, variance £m) pairs, largest first: overspends red and
    signed +, underspends green and signed -, each bar labelled with its figure."""
    items = [(str(label), Decimal(value)) for label, value in items]
    f = font_size
    if not items:
        return _sentence(title, "No variances.", width, f)
    stacked = width < STACK_BELOW
    values = [float(v) for _, v in items]
    low, high, ticks = svgstyle.nice_axis(values, most=4 if stacked else 6)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    figures = [fmt_signed(v) for _, v in items]
    figure_w = max(svgstyle.text_width(t, f) for t in figures) + f * 0.4
    label_w = width if stacked else width * 0.36
    labels = [svgstyle.wrap(label, label_w - f * 0.6, f)[:3] for label, _ in items]
    line_h = f * 1.25
    bar_h = f * 1.3
    rows = [(len(lines) * line_h + bar_h + f * 0.6) if stacked else max(len(lines) * line_h, bar_h) + f * 0.7
            for lines in labels]
    plot_left = 0 if stacked else label_w
    # Room outside the axis for the figures at the ends of the longest bars.
    left = plot_left + (figure_w if low < 0 else 0) + svgstyle.text_width(_signed_tick(low, step), f) / 2
    right = width - (figure_w if high > 0 else 0) - svgstyle.text_width(_signed_tick(high, step), f) / 2

    def x(v):
        return left + (v - low) / (high - low) * (right - left)

    parts = []
    axis_h = f * 2.2
    height = _title_height(title, width, f) + f * 0.5 + sum(rows) + axis_h
    y = _title(parts, title, width, f, height) - f * 0.5
    plot_top = y
    for (_, value), lines, row_h, figure in zip(items, labels, rows, figures, strict=True):
        ly = y - f
        anchor = "start" if stacked else "end"
        lx = 0 if stacked else label_w - f * 0.6
        for line in lines:
            if stacked:  # a white ground keeps the label readable across the gridlines
                parts.append(Rect(lx, ly - f * 0.3, svgstyle.text_width(line, f) + f * 0.3, f * 1.2,
                                  fillColor=colors.white, strokeColor=None))
            parts.append(String(lx, ly, line, fontName=FONT, fontSize=f, fillColor=TEXT, textAnchor=anchor))
            ly -= line_h
        if stacked:
            bar_top = y - len(lines) * line_h - f * 0.2
        else:  # level with the middle of its label
            bar_top = y - max(0, (len(lines) * line_h - bar_h) / 2) - f * 0.1
        x0, x1 = x(0.0), x(float(value))
        parts.append(Rect(min(x0, x1), bar_top - bar_h, max(abs(x1 - x0), 0.5), bar_h,
                          fillColor=OVER if value > 0 else UNDER, strokeColor=None))
        fx = x1 + f * 0.3 if value >= 0 else x1 - f * 0.3
        parts.append(String(fx, bar_top - bar_h + f * 0.35, figure, fontName=FONT, fontSize=f, fillColor=TEXT,
                            textAnchor="start" if value >= 0 else "end"))
        y -= row_h
    axis_y = y
    parts.insert(0, Line(left, axis_y, right, axis_y, strokeColor=GREY, strokeWidth=0.8))
    for tick in ticks:
        parts.insert(0, Line(x(tick), axis_y, x(tick), plot_top, strokeColor=LIGHT, strokeWidth=0.3))
        parts.append(String(x(tick), axis_y - f * 1.2, _signed_tick(tick, step), fontName=FONT, fontSize=f,
                            fillColor=GREY, textAnchor="middle"))
    parts.append(Line(x(0.0), axis_y, x(0.0), plot_top, strokeColor=TEXT, strokeWidth=0.8))
    drawing = Drawing(width, height)
    for part in parts:
        drawing.add(part)
    return drawing


def variance_alt_text(items):
    items = list(items)
    if not items:
        return "No variances."
    return "Largest variances, £m: " + "; ".join(
        f"{label} {fmt_signed(value)} ({'overspend' if value > 0 else 'underspend'})" for label, value in items
    ) + "."


_PERIOD = re.compile(r"^Period (\d+) \((\w{3})\w*\)$")


def short_period(name):
    """'Period 10 (January)' as 'Jan' on an axis; other names as they are."""
    match = _PERIOD.match(str(name))
    return match.group(2) if match else str(name)


def forecast_trend(points, budget=None, width=640, height=None, title="Forecast outturn by period (£m)",
                   font_size=svgstyle.PRINT_TEXT):
    """A line of forecast outturn over the year's periods; ``points`` is [(period name, £m)]
    with None for a period where the line had no forecast. A dashed line marks the budget."""
    height = height or max(240, width * 0.42)
    points = [(short_period(label), None if value is None else float(value)) for label, value in points]
    f = font_size
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if not known:
        return _sentence(title, "No forecasts yet.", width, f)
    parts = []
    y = _title(parts, title, width, f, height)
    legend_y = y - f * 0.4
    lx = 0
    legend = [("Forecast outturn", LINE, None)]
    if budget is not None:
        legend.append((f"Approved budget {fmt_signed(budget).lstrip('+')}", TEXT, [4, 3]))
    for text, colour, dash in legend:
        parts.append(Line(lx, legend_y + f * 0.35, lx + f * 2, legend_y + f * 0.35, strokeColor=colour,
                          strokeWidth=1.6, strokeDashArray=dash))
        parts.append(String(lx + f * 2.4, legend_y, text, fontName=FONT, fontSize=f, fillColor=TEXT))
        lx += f * 3.6 + svgstyle.text_width(text, f)
    top = legend_y - f * 1.2
    values = [v for _, v in known] + ([float(budget)] if budget is not None else [])
    low, high, ticks = svgstyle.nice_axis(values, zero=False, most=4)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    tick_texts = [svgstyle.tick_label(t, step) for t in ticks]
    left = max(svgstyle.text_width(t, f) for t in tick_texts) + f * 0.8
    label_w = max(svgstyle.text_width(label, f) for label, _ in points) + f * 0.8
    right = width - label_w / 2
    bottom = f * 2.2
    n = max(len(points), 1)
    slot = (right - left) / n

    def px(i):
        return left + slot * (i + 0.5)

    def py(v):
        return bottom + (v - low) / (high - low) * (top - bottom)

    parts.append(Line(left, bottom, right, bottom, strokeColor=GREY, strokeWidth=0.8))
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(Line(left, py(tick), right, py(tick), strokeColor=LIGHT, strokeWidth=0.3))
        parts.append(String(left - f * 0.4, py(tick) - f * 0.35, text, fontName=FONT, fontSize=f, fillColor=GREY,
                            textAnchor="end"))
    every = max(1, -(-label_w // slot))
    for i, (label, _) in enumerate(points):
        if (len(points) - 1 - i) % every == 0:  # always the latest
            parts.append(String(px(i), bottom - f * 1.3, label, fontName=FONT, fontSize=f, fillColor=GREY,
                                textAnchor="middle"))
    if budget is not None:
        parts.append(Line(left, py(float(budget)), right, py(float(budget)), strokeColor=TEXT, strokeWidth=1.2,
                          strokeDashArray=[4, 3]))
    run = []
    for i, (_, value) in enumerate(points + [(None, None)]):
        if value is None:
            if len(run) > 1:
                parts.append(PolyLine([c for pt in run for c in pt], strokeColor=LINE, strokeWidth=2))
            run = []
        else:
            run.append((px(i), py(value)))
    for i, value in known:
        parts.append(Circle(px(i), py(value), max(2.6, f * 0.3), fillColor=LINE, strokeColor=LINE))
    drawing = Drawing(width, height)
    for part in parts:
        drawing.add(part)
    return drawing


def trend_alt_text(points, budget=None):
    points = list(points)
    figures = "; ".join(f"{label} {'no forecast' if v is None else fmt_signed(v).lstrip('+')}" for label, v in points)
    text = f"Forecast outturn by period, £m: {figures}." if points else "No forecasts yet."
    if budget is not None:
        text += f" Approved budget {fmt_signed(budget).lstrip('+')}."
    return text


def to_svg(drawing, title, chart_id="chart"):
    """Inline SVG markup with an accessible name (``chart_id`` is kept for callers; the
    markup has no ids, so several charts on one page never clash)."""
    return svgstyle.inline(drawing, title=title)


def page_svg(draw, title):
    """``draw(width=, font_size=)`` drawn for a wide and a narrow column (``core.svg.page_pair``)."""
    return svgstyle.page_pair(draw, title=title)
