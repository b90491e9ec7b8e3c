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


def test_the_entry_grid_scrolls_once_with_its_header_and_save_bar_in_view(page, login):
    """One scroll, the page's: at a laptop's width the column headings stick to the top; at a
    phone's each row is a card with labelled fields and the area heading sticks; the save bar
    stays at the foot of the window at both."""
    import io

    from performance import demo

    demo.load(io.StringIO())
    login(roles.ADMINISTRATOR)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/performance/entry/?period=2019-01")
        assert page.locator(".entry-table tbody tr:not(.area-row)").count() > 20
        scrollers = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(el => {
            const cs = getComputedStyle(el);
            return ['auto', 'scroll'].includes(cs.overflowY) || ['auto', 'scroll'].includes(cs.overflowX);
        }).map(el => el.tagName + '.' + el.className)""")
        assert scrollers == [], f"a box scrolls inside the page at {width}px: {scrollers}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.evaluate("window.scrollTo(0, 2500)")
        page.wait_for_timeout(100)
        if width > 1000:
            assert abs(page.locator(".entry-table thead th").first.bounding_box()["y"]) < 1, "headings scrolled away"
            assert page.locator(".entry-table thead th", has_text="Value").is_visible()
        else:
            held = page.evaluate("[...document.querySelectorAll('.entry-table tr.area-row')]"
                                 ".some(r => Math.abs(r.getBoundingClientRect().top) < 1)")
            assert held, "no area heading is held at the top of the window on a phone"
            assert page.locator("label[for^='value-']").first.is_visible()  # each field names itself
        bar = page.locator(".save-bar").bounding_box()
        assert bar["y"] + bar["height"] <= height + 1 and bar["y"] > height / 2, f"save bar out of view at {width}px"
        assert_accessible(page)
