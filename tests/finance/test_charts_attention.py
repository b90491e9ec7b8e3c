from decimal import Decimal as D

import pytest

from core import roles
from finance import attention, charts, services
from tests.finance.factories import LineFactory


def test_charts_are_svg_without_inline_styles_and_named():
    bars = charts.to_svg(charts.variance_bars([("Agency Residential", D("6.945")), ("Reserves", D("-1.019"))]),
                         "Largest variances", "v")
    assert bars.startswith("<svg") and "style=" not in bars and '<title id="v-title">Largest variances' in bars
    assert 'fill="rgb(83%,21%,11%)"' in bars or "fill=" in bars
    trend = charts.to_svg(charts.forecast_trend([("Period 10 (January)", D("10.519")), ("Outturn", D("10.899"))],
                                                budget=D("3.954")), "Trend", "t")
    assert "style=" not in trend and 'id="t-clip"' in trend


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
