"""A finance officer opens the next monitoring period from the last, changes a forecast and
sees the variance and the movement recomputed."""

from decimal import Decimal as D

import pytest

from core import roles
from finance import services
from finance.models import BudgetArea, BudgetCategory, BudgetLine
from tests.browser.conftest import assert_accessible


@pytest.mark.django_db(transaction=True)
def test_finance_officer_opens_next_period_and_changes_a_forecast(page, login):
    services.ensure_reference_data()
    year = services.get_or_create_year(2017)
    april = services.open_period(year)
    revenue = BudgetArea.objects.get(slug="la-revenue")
    increases = BudgetCategory.objects.get(name="Spending increases")
    BudgetLine.objects.create(period=april, area=revenue, category=increases, division="Agency Social Workers",
                              approved_budget=D("0.792"), forecast_outturn=D("1.659"), reason="Vacancies")
    BudgetLine.objects.create(period=april, area=revenue, category=increases, division="Adoption Support",
                              approved_budget=D("1.493"), forecast_outturn=D("1.683"))
    services.lock_period(april, user=None)

    login(roles.FINANCE_OFFICER)
    page.goto("/finance/2017/")
    page.get_by_role("button", name="Open the next period").click()
    page.wait_for_url("**/finance/2017/2/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Period 2 (May)")
    row = page.locator("#summary-la-revenue tr", has_text="Agency Social Workers")
    assert row.locator("td.variance").inner_text() == "+0.867"
    assert row.locator("td.movement").inner_text() == "0.000"
    assert_accessible(page)

    row.get_by_role("link", name="Edit Agency Social Workers").click()
    page.get_by_label("Forecast outturn £m").fill("1.459")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/finance/2017/2/")
    row = page.locator("#summary-la-revenue tr", has_text="Agency Social Workers")
    assert row.locator("td.variance").inner_text() == "+0.667"
    assert row.locator("td.pct").inner_text() == "+84"
    assert row.locator("td.movement").inner_text() == "-0.200"
    total = page.locator("#summary-la-revenue tr.total")
    assert total.locator("td").nth(2).inner_text() == "+0.857"  # 0.667 + 0.190
    assert_accessible(page)

    # The reported period keeps its figures.
    page.goto("/finance/2017/1/")
    row = page.locator("#summary-la-revenue tr", has_text="Agency Social Workers")
    assert row.locator("td.variance").inner_text() == "+0.867"


@pytest.mark.django_db(transaction=True)
def test_finance_officer_imports_the_pack_s_table_and_acknowledges_its_mismatches(page, login):
    from finance.demo import SEED_DATA

    services.ensure_reference_data()
    year = services.get_or_create_year(2016)
    services.open_period(year, number=13)
    login(roles.FINANCE_OFFICER)
    page.goto("/finance/2016/outturn/")
    page.get_by_role("link", name="Import a table").click()
    assert_accessible(page)
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(SEED_DATA / "revenue-2016-17-outturn.csv"))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/finance/imports/*/")
    warnings = page.locator(".warnings li")
    assert warnings.count() == 9
    assert "Row 16: Early Help Service Level Agreements: variance £m stated +1.237" in warnings.nth(2).inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Import", exact=True).click()
    assert "Tick to acknowledge" in page.locator(".error-summary, .error-message").first.inner_text()
    assert BudgetLine.objects.count() == 0
    page.get_by_label("I have read every warning").check()
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/finance/2016/outturn/")
    row = page.locator("#summary-la-revenue tr", has_text="Early Help Service Level Agreements")
    assert row.locator("td.variance").inner_text() == "-0.313"
    assert row.locator(".tag").text_content() == "Stated +1.237"
    assert BudgetLine.objects.count() == 27
