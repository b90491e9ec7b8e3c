"""One chart module for pages (inline SVG) and PDFs (the same Drawing as a flowable)."""

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from performance import charts

SERIES = [
    {"label": "Oct-16", "value": 25.9, "rag": "amber"},
    {"label": "Nov-16", "value": 26.4, "rag": "amber"},
    {"label": "Dec-16", "value": 20.0, "rag": "green"},
    {"label": "Jan-17", "value": 23.8, "rag": "amber"},
]
SPC = {"mean": 25.6, "lower": 19.3, "upper": 31.8, "trial": True}


def test_svg_for_pages_has_no_inline_styles_and_a_label():
    svg = charts.to_svg(
        charts.indicator_chart(SERIES, title="Re-referrals", target=20, spc=SPC, unit="percentage"),
        title="Re-referrals - %",
    )
    assert svg.startswith('<svg role="img" aria-label="Re-referrals - %"')
    assert "<title>Re-referrals - %</title>" in svg
    assert "style=" not in svg and "<?xml" not in svg and 'id="' not in svg  # CSP and many charts per page
    assert "Jan-17" in svg and "Target" in svg and "Process limits" in svg
    assert 'fill="rgb(95%,46%,21%)"' in svg  # an amber bar


def test_the_same_drawing_goes_into_a_pdf():
    drawing = charts.indicator_chart(SERIES, title="Re-referrals", target=20, spc=SPC, kind="line")
    out = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    alt = charts.chart_alt_text(SERIES, title="Re-referrals", target=20, spc=SPC, unit="percentage")
    SimpleDocTemplate(out, pagesize=A4).build([drawing, Paragraph(alt, style)])
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "Re-referrals" in text and "Jan-17" in text and "Target" in text
    assert "Mean 25.6%; process limits 19.3% to 31.8% (trial limits)" in text


def test_text_alternative_gives_every_figure():
    alt = charts.chart_alt_text([("Dec-16", None), ("Jan-17", 776)], title="Referrals")
    assert alt == "Referrals. Figures: Dec-16 no figure, Jan-17 776."


def test_sparkline_and_an_empty_chart_draw():
    assert "<svg" in charts.to_svg(charts.sparkline([1, None, 3], ["red", None, "green"]))
    assert "No figures" in charts.to_svg(charts.indicator_chart([], title="Nothing yet"))
