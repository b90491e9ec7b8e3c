from decimal import Decimal as D
from functools import partial

import pytest
from reportlab.graphics.shapes import String

from core import roles, svg
from finance import attention, charts, services
from tests.finance.factories import LineFactory


def _texts(drawing):
    return [item for item in drawing.contents if isinstance(item, String)]


def _inside(drawing):
    """Every text's extent, by its anchor, lies within the drawing."""
    for t in _texts(drawing):
        w = svg.text_width(t.text, t.fontSize, t.fontName)
        left = {"start": t.x, "middle": t.x - w / 2, "end": t.x - w}[t.textAnchor]
        assert left >= -0.5 and left + w <= drawing.width + 0.5, (t.text, left, w, drawing.width)
        assert 0 <= t.y <= drawing.height, t.text


ITEMS = [("Looked After Children - Agency Residential placements", D("6.945")), ("Reserves", D("-1.019")),
         ("Leaving care", D("0.131"))]
TREND = [(f"Period {n} ({m})", D("10.5") + n / D(10)) for n, m in enumerate(
    ["April", "May", "June", "July", "August", "September", "October", "November", "December", "January",
     "February", "March"], start=1)] + [("Outturn", D("10.899"))]


def test_finance_charts_follow_the_one_chart_style_at_a_phones_width_and_a_laptops():
    long_title = "Forecast outturn of Looked After Children - Agency Residential by period (£m)"
    for size in (svg.PAGE_NARROW, svg.PAGE_WIDE):
        bars = charts.variance_bars(ITEMS, title=long_title, width=size["width"], font_size=size["font_size"])
        trend = charts.forecast_trend(TREND, budget=D("10.9"), title=long_title, width=size["width"],
                                      font_size=size["font_size"])
        for drawing in (bars, trend):
            texts = [t.text for t in _texts(drawing)]
            assert " ".join(texts).count("Forecast outturn of") == 1 and "by period (£m)" in " ".join(texts)
            assert min(t.fontSize for t in _texts(drawing)) >= size["font_size"]  # body-small text on a page
            assert {t.fontName for t in _texts(drawing)} <= {"Helvetica", "Helvetica-Bold"}
            _inside(drawing)  # the title wraps rather than running off the edge
        # Round ticks: the variance axis in whole £m, signed; the outturn axis at round steps.
        bar_texts = [t.text for t in _texts(bars)]
        assert {"-2", "0", "+2", "+4", "+6", "+8"} <= set(bar_texts)
        assert "+6.945" in bar_texts and "-1.019" in bar_texts  # each bar's figure
        trend_ticks = [t.text for t in _texts(trend) if t.textAnchor == "end"]
        assert trend_ticks == ["10.5", "11.0", "11.5", "12.0"]  # near the figures, not from zero
        months = [t.text for t in _texts(trend) if t.textAnchor == "middle"]
        assert months[-1] == "Outturn" and "Jan" in months  # fewer at a phone's width, never overlapping
    # At a phone's width the wrapped title takes two lines and labels sit above their bars.
    narrow = charts.variance_bars(ITEMS, title=long_title, width=svg.PAGE_NARROW["width"],
                                  font_size=svg.PAGE_NARROW["font_size"])
    assert len([t for t in _texts(narrow) if t.fontName == "Helvetica-Bold"]) >= 2


def test_page_charts_are_svg_without_inline_styles_named_and_told_in_words():
    markup = charts.page_svg(partial(charts.variance_bars, ITEMS, title="Largest variances"), "Largest variances")
    assert markup.startswith("<svg") and "style=" not in markup and "font-family=\"Helvetica" not in markup
    assert markup.count('aria-label="Largest variances"') == 2
    assert 'class="chart chart-wide"' in markup and 'class="chart chart-narrow"' in markup
    assert charts.variance_alt_text(ITEMS[:2]) == (
        "Largest variances, £m: Looked After Children - Agency Residential placements +6.945 (overspend); "
        "Reserves -1.019 (underspend).")
    assert charts.trend_alt_text([("Jan", D("10.519")), ("Feb", None)], budget=D("3.954")) == (
        "Forecast outturn by period, £m: Jan 10.519; Feb no forecast. Approved budget 3.954.")
    assert "No variances." in charts.to_svg(charts.variance_bars([]), "None")
    assert "No forecasts yet." in charts.to_svg(charts.forecast_trend([("Outturn", None)]), "None")


def test_the_same_drawing_goes_into_a_pdf():
    import io

    from pypdf import PdfReader
    from reportlab.graphics import renderPDF

    pdf = renderPDF.drawToString(charts.variance_bars([("Agency Residential", D("6.945"))]))
    assert "Largest variances" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.django_db
def test_attention_lists_open_periods_with_large_unexplained_variances(reference, make_user):
    year = services.get_or_create_year(2019)
    period = services.open_period(year)
    LineFactory(period=period, division="Agency fostering", approved_budget=D("1"), forecast_outturn=D("1.5"))
    LineFactory(period=period, division="Small", approved_budget=D("1"), forecast_outturn=D("1.05"))
    LineFactory(period=period, division="Explained", approved_budget=D("1"), forecast_outturn=D("2"),
                reason="More placements")
    items = attention.items_for(make_user(roles.FINANCE_OFFICER))
    assert [(i.title, i.detail) for i in items] == [
        ("2019-20 Period 1 (April): 1 large variance without a reason", "Agency fostering")]
    assert attention.items_for(make_user(roles.MEMBER)) == []
    services.lock_period(period, user=None)
    assert attention.items_for(make_user(roles.ADMINISTRATOR, username="a2")) == []
