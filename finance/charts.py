"""Charts for budget monitoring, drawn once with reportlab.graphics.

Each function takes plain data and returns a reportlab ``Drawing``, so the same drawing
can go into a PDF (agenda pack) or, through ``to_svg``, inline into a page. ``to_svg``
turns reportlab's ``style="..."`` attributes into SVG presentation attributes, because
the site's Content-Security-Policy forbids inline styles.
"""

import re
from decimal import Decimal

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from core.svg import style_to_attributes

OVER = colors.HexColor("#d4351c")  # overspend: GOV.UK red
UNDER = colors.HexColor("#00703c")  # underspend: GOV.UK green
LINE = colors.HexColor("#1d70b8")
TEXT = colors.HexColor("#0b0c0c")


def _short(label, limit=38):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def variance_bars(items, width=640, title="Largest variances (£m)"):
    """Horizontal bars for (label, variance £m) pairs: overspends red, underspends green."""
    items = list(items)
    row_height = 22
    height = max(80, row_height * len(items) + 60)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 14, title, fontName="Helvetica-Bold", fontSize=11, fillColor=TEXT))
    if not items:
        drawing.add(String(0, height - 40, "No variances.", fontName="Helvetica", fontSize=10, fillColor=TEXT))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 230, 25
    chart.width, chart.height = width - 260, height - 55
    # reportlab draws the first category at the bottom; the largest should sit on top.
    ordered = list(reversed(items))
    chart.data = [[float(v) for _, v in ordered]]
    chart.categoryAxis.categoryNames = [_short(label) for label, _ in ordered]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4 - (chart.width * _zero_fraction([v for _, v in ordered]))
    # Room beyond the longest bars for their value labels.
    low = min(0.0, min(float(v) for _, v in ordered))
    high = max(0.0, max(float(v) for _, v in ordered))
    pad = (high - low) * 0.12 or 1
    chart.valueAxis.valueMin = low - (pad if low < 0 else 0)
    chart.valueAxis.valueMax = high + (pad if high > 0 else 0)
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%+.1f"
    chart.bars.strokeWidth = 0
    for i, (_, value) in enumerate(ordered):
        chart.bars[(0, i)].fillColor = OVER if value > 0 else UNDER
    chart.barLabelFormat = "%+.3f"
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _zero_fraction(values):
    """Where zero sits across the value axis, so category labels stay left of the plot."""
    low = min(0, min(float(v) for v in values))
    high = max(0, max(float(v) for v in values))
    return 0 if high == low else (0 - low) / (high - low)


def forecast_trend(points, budget=None, width=640, height=240, title="Forecast outturn by period (£m)"):
    """A line of forecast outturn over the year's periods; ``points`` is [(period label, £m)]
    with None for a period where the line had no forecast. A dashed line marks the budget."""
    points = [(label, value) for label, value in points]
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 14, title, fontName="Helvetica-Bold", fontSize=11, fillColor=TEXT))
    known = [(i, float(v)) for i, (_, v) in enumerate(points, start=1) if v is not None]
    if not known:
        drawing.add(String(0, height - 40, "No forecasts yet.", fontName="Helvetica", fontSize=10, fillColor=TEXT))
        return drawing
    plot = LinePlot()
    plot.x, plot.y = 50, 45
    plot.width, plot.height = width - 80, height - 80
    series = [known]
    if budget is not None:
        series.append([(1, float(budget)), (max(len(points), 2), float(budget))])
    plot.data = series
    plot.lines[0].strokeColor = LINE
    plot.lines[0].strokeWidth = 2
    plot.lines[0].symbol = makeMarker("FilledCircle", size=5, fillColor=LINE, strokeColor=LINE)
    if budget is not None:
        plot.lines[1].strokeColor = TEXT
        plot.lines[1].strokeDashArray = [4, 3]
        plot.lines[1].strokeWidth = 1
    values = [v for _, v in known] + ([float(budget)] if budget is not None else [])
    spread = (max(values) - min(values)) or max(abs(max(values)), 1) * 0.1
    plot.yValueAxis.valueMin = min(values) - spread * 0.2
    plot.yValueAxis.valueMax = max(values) + spread * 0.2
    plot.yValueAxis.labelTextFormat = "%.2f"
    plot.yValueAxis.labels.fontName = "Helvetica"
    plot.yValueAxis.labels.fontSize = 8
    plot.xValueAxis.valueMin = 0.5
    plot.xValueAxis.valueMax = max(len(points), 2) + 0.5
    plot.xValueAxis.valueSteps = list(range(1, len(points) + 1))
    names = [label for label, _ in points]
    plot.xValueAxis.labelTextFormat = lambda v: names[int(v) - 1] if 1 <= int(v) <= len(names) else ""
    plot.xValueAxis.labels.fontName = "Helvetica"
    plot.xValueAxis.labels.fontSize = 7
    drawing.add(plot)
    if budget is not None:
        drawing.add(String(plot.x + plot.width, 8, f"- - approved budget {Decimal(budget):.3f}",
                           fontName="Helvetica", fontSize=8, fillColor=TEXT, textAnchor="end"))
    return drawing


def to_svg(drawing, title, chart_id="chart"):
    """Inline SVG markup (no XML prolog, no style attributes) with an accessible name."""
    svg = renderSVG.drawToString(drawing)
    svg = svg[svg.index("<svg"):]
    svg = style_to_attributes(svg)
    # Several charts on one page must not share clip-path ids.
    svg = svg.replace('<g id="group" ', "<g ")
    svg = svg.replace('id="clip"', f'id="{chart_id}-clip"').replace("url(#clip)", f"url(#{chart_id}-clip)")
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="chart" role="img" focusable="false"'
                 f' aria-labelledby="{chart_id}-title"', svg, count=1)
    svg = re.sub(r"<title>.*?</title>", f'<title id="{chart_id}-title">{_escape(title)}</title>', svg, count=1,
                 flags=re.S)
    svg = re.sub(r"<desc>.*?</desc>", "", svg, count=1, flags=re.S)
    return svg


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
