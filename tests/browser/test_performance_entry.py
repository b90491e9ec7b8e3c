"""A data owner enters a month's figures, is told what is wrong, fixes it, saves, and the
dashboard shows the new RAG."""

from datetime import date

import pytest

from core import roles
from performance.models import Indicator, Observation, Target
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_data_owner_enters_figures_fixes_a_mistake_and_sees_the_rag(page, login):
    owner = login(roles.DATA_OWNER)
    seen = Indicator.objects.create(
        ref="CP 2",
        title="Child Protection - % children seen",
        area="Child Protection",
        polarity="high",
        unit="percentage",
        aggregation="ratio",
        multiplier=100,
        vital_sign=True,
        rag_method="relative",
        tolerance_pct=10,
        data_owner=owner.person,
    )
    Target.objects.create(indicator=seen, financial_year=2018, value=100)
    Observation.objects.create(indicator=seen, period=date(2018, 12, 1), value=88.8, numerator=539, denominator=607)

    page.goto("/performance/entry/?period=2019-01")
    assert "Enter figures for January 2019" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.fill(f"#numerator-{seen.pk}", "600")
    page.fill(f"#denominator-{seen.pk}", "540")
    page.locator(f"#denominator-{seen.pk}").dispatch_event("change")
    live = page.locator("#live-check .error-summary")
    live.wait_for()
    assert "The numerator (600) is above the denominator (540)." in live.inner_text()  # before saving
    page.click("text=Save all figures")

    summary = page.locator(".error-summary")
    assert "nothing has been saved" in summary.inner_text()
    assert "The numerator (600) is above the denominator (540)." in page.locator(".error-message").first.inner_text()
    assert not Observation.objects.filter(period=date(2019, 1, 1)).exists()
    assert_accessible(page)

    page.fill(f"#numerator-{seen.pk}", "487")
    page.click("text=Save all figures")
    assert "Saved 1 figure(s) for Jan-19" in page.locator(".messages").inner_text()

    page.goto("/performance/dashboard/?period=2019-01")
    cell = page.locator("td[data-period='2019-01']")
    assert "90.2%" in cell.inner_text() and "487 / 540" in cell.inner_text()
    assert "rag-amber" in cell.get_attribute("class")
    assert "within the 10% tolerance" in cell.get_attribute("title")
    december = page.locator("td[data-period='2018-12']")
    assert "rag-red" in december.get_attribute("class")  # 88.8% is more than 10% short of 100%
    assert_accessible(page)


def test_performance_pages_are_accessible(page, login):
    import io

    from performance import demo

    demo.load(io.StringIO())
    login(roles.MEMBER)
    re_referrals = Indicator.objects.get(ref="2.7")
    for url in (
        "/performance/",
        "/performance/indicators/?period=2017-01",
        f"/performance/indicators/{re_referrals.pk}/?period=2017-01",
        "/performance/mi-report/?period=2017-01",
        "/performance/dashboard/?period=2019-01",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(f"/performance/indicators/{re_referrals.pk}/?period=2017-01")
    # The chart is drawn wide and narrow; the column's width shows one of them.
    charts = page.locator("svg[role=img]")
    assert charts.count() in (1, 2) and any(charts.nth(i).is_visible() for i in range(charts.count()))
    page.locator("summary", has_text="Why").first.click()
    assert "above green 20.0% but not above red 30.0%" in page.locator("details[open]").inner_text()
