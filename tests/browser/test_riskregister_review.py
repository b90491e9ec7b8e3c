"""A risk owner reviews their risk in the browser, lowers its likelihood, and the heat map
and direction of travel follow."""

from datetime import date

import pytest

from core import roles
from riskregister import services
from riskregister.models import Level, Register, Risk
from tests.browser.conftest import assert_accessible
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_risk_owner_reviews_a_risk_and_the_heat_map_and_direction_change(page, login):
    user = login(roles.RISK_OWNER)
    services.ensure_default_matrix()
    register = Register.objects.create(name="Children's Service Risk Register", level=Level.DEPARTMENTAL)
    risk = Risk.objects.create(
        register=register, level=Level.CORPORATE, risk_number="RM14284", area="Children's Services",
        name="The amount spent on home to school transport at significant variance to predicted best estimates",
        owner=user.person, current_likelihood=4, current_impact=3, target_likelihood=2, target_impact=3,
        target_date=date(2017, 3, 31), prospects="red",
    )
    Risk.objects.create(register=register, risk_number="RM14147", name="Potential failure to meet needs",
                        owner=PersonFactory(), current_likelihood=3, current_impact=5, target_likelihood=2,
                        target_impact=5)
    services.record_review(risk, user=user, likelihood=4, impact=3, reviewed_on=date(2017, 2, 28), prospects="red")

    page.goto(f"/risks/registers/{register.pk}/")
    assert page.locator("h1").inner_text() == "Children's Service Risk Register"
    assert_accessible(page)

    page.goto(f"/risks/registers/{register.pk}/heat-map/")
    current = page.locator("#heat-map-current")
    cell = current.locator("td[data-likelihood='4'][data-impact='3']")
    assert cell.locator("a").inner_text().strip() == "1"
    assert cell.locator(".band-mark").inner_text().strip() == "M"  # the band without colour: Medium
    assert_accessible(page)

    page.goto(f"/risks/{risk.pk}/")
    page.get_by_role("link", name="Review this risk").click()
    page.select_option("#id_likelihood", "2")
    page.fill("#id_progress_update", "Transport invest-to-save post in place; spend reducing.")
    page.select_option("#id_prospects", "amber")
    page.get_by_role("button", name="Record review").click()

    assert "Review of RM14284 recorded." in page.locator(".messages").inner_text()
    assert "Improving" in page.locator("#direction").inner_text()
    assert page.locator("#current-score").inner_text().startswith("6")
    assert page.locator("#reviews tbody tr").count() == 2
    assert_accessible(page)

    page.goto(f"/risks/registers/{register.pk}/heat-map/")
    current = page.locator("#heat-map-current")
    assert current.locator("td[data-likelihood='4'][data-impact='3'] a").count() == 0
    assert current.locator("td[data-likelihood='2'][data-impact='3'] a").inner_text().strip() == "1"
    current.locator("td[data-likelihood='2'][data-impact='3'] a").click()
    rows = page.locator("#risks tbody tr")
    assert rows.count() == 1
    assert "RM14284" in rows.first.inner_text() and "Improving" in rows.first.inner_text()
    assert_accessible(page)
