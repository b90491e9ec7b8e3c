"""One chart module for pages (inline SVG) and PDFs (the same Drawing as a flowable)."""

import io
import re

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


def test_chart_data_from_the_database_is_plain_and_draws_for_a_pdf(seeded):
    from datetime import date

    from performance import selectors
    from performance.models import Indicator

    data = selectors.chart_data(selectors.indicators_qs().get(ref="2.7"), date(2017, 1, 1))
    assert data["series"][-1] == {"label": "Jan-17", "value": data["series"][-1]["value"], "rag": "amber"}
    assert round(data["series"][-1]["value"], 1) == 23.8 and data["target"] == 20
    assert len(data["spc"]["points"]) == 13 and not data["spc"]["trial"]
    assert not any(isinstance(v, Indicator) for v in data.values())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([charts.indicator_chart(**data)])
    assert "2.7 Re-referrals" in PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()


def _texts(drawing):
    from reportlab.graphics.shapes import String

    return [(s.text, s.fontName, s.fontSize) for s in drawing.getContents() if isinstance(s, String)]


def test_one_chart_style_round_ticks_percentages_within_0_to_100_and_limits_clipped():
    series = [{"label": f"M{i}", "value": v, "rag": None} for i, v in enumerate([14.9, 9.8, 0.4, 99.0])]
    spc = {"mean": 30.0, "lower": -12.0, "upper": 140.0}
    drawing = charts.indicator_chart(series, title="Share", spc=spc, unit="percentage")
    ticks = [t for t, _, _ in _texts(drawing) if t.endswith("%")]
    assert ticks == ["0%", "20%", "40%", "60%", "80%", "100%"]
    # The clipped limits sit on the axis's ends, not outside the plot.
    from reportlab.graphics.shapes import Line

    ys = [ln.y1 for ln in drawing.getContents() if isinstance(ln, Line) and ln.strokeDashArray == [3, 2]]
    assert ys and min(ys) >= 0 and max(ys) <= drawing.height
    assert all(size >= 7 and font.startswith("Helvetica") for _, font, size in _texts(drawing))


def test_long_titles_wrap_instead_of_being_cut_off():
    title = "Percentage of Referrals into Section 17 CIN Services who have had a referral in the previous 12 months"
    drawing = charts.indicator_chart(SERIES, title=title, unit="percentage", width=300)
    bold = [t for t, font, _ in _texts(drawing) if font.endswith("Bold")]
    assert len(bold) > 1 and " ".join(bold) == title


def test_a_single_figure_is_a_sentence_not_a_chart_with_a_legend():
    drawing = charts.indicator_chart([("Jan-17", None), ("Feb-17", 12.5, "red")], title="Score", target=10,
                                     spc={"mean": 12.5, "lower": 10, "upper": 15}, unit="percentage")
    text = " ".join(t for t, _, _ in _texts(drawing))
    assert "Only one figure so far: Feb-17 12.5% (red), against a target of 10.0%" in text
    assert "Process limits" not in text and "Mean" not in text


def test_page_svg_is_sans_serif_and_fills_its_column():
    svg = charts.page_svg({"series": SERIES, "title": "Re-referrals", "target": 20, "spc": SPC, "kind": "line",
                           "unit": "percentage"})
    assert svg.count("<svg") == 2 and 'class="chart chart-wide"' in svg and 'class="chart chart-narrow"' in svg
    assert 'font-family="Helvetica' not in svg and "sans-serif" in svg
    assert not re.search(r'<svg[^>]* width="', svg)  # CSS sizes it to the column
