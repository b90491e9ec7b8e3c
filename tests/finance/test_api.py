"""The API: years, periods, lines with computed fields, reserves, school balances, bulk."""

from decimal import Decimal as D

import pytest

from finance.models import BudgetLine
from tests.finance.factories import LineFactory
from tests.utils import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_lines_carry_computed_and_stated_figures(outturn, member_client):
    line = outturn.lines.get(division="Looked After Children - Agency Fostering")
    data = member_client.get(f"/api/v1/budget-lines/{line.pk}/").json()
    assert D(data["approved_budget"]) == D("12.872") and D(data["forecast_outturn"]) == D("14.675")
    assert D(data["variance"]) == D("1.803") and D(data["variance_pct"]) == D("14.0")
    assert D(data["movement"]) == D("0.176")
    assert D(data["stated_variance"]) == D("1.653") and data["mismatch"] is True
    other = outturn.lines.get(division="Other small savings")
    data = member_client.get(f"/api/v1/budget-lines/{other.pk}/").json()
    assert data["variance_pct"] is None and D(data["variance"]) == D("-0.030") and data["mismatch"] is False


def test_lines_list_query_count_is_constant(outturn, member_client, revenue):
    url = f"/api/v1/budget-lines/?period={outturn.pk}"
    assert_constant_queries(
        lambda: member_client.get(url),
        lambda: [LineFactory(period=outturn, carried_from=outturn.lines.first()) for _ in range(5)],
    )


def test_years_periods_reserves_and_school_balances(seed_year, member_client):
    years = member_client.get("/api/v1/financial-years/").json()["results"]
    assert [y["label"] for y in years] == ["2016-17"]
    periods = member_client.get(f"/api/v1/monitoring-periods/?year={seed_year.pk}").json()["results"]
    assert [(p["name"], p["locked"]) for p in periods] == [("Period 10 (January)", True), ("Outturn", False)]
    reserves = member_client.get("/api/v1/reserves/?page_size=50").json()["results"]
    grants = next(r for r in reserves if r["name"] == "Grants and Contributions")
    assert D(grants["balance_end"]) == D("1.323") and D(grants["stated_balance_end"]) == D("-1.323")
    assert grants["mismatch"] is True
    balances = member_client.get("/api/v1/school-balances/").json()["results"]
    primary = next(b for b in balances if b["phase"] == "primary")
    assert D(primary["in_year_variance"]) == D("-3.547") and primary["mismatch"] is False


def test_member_cannot_change_lines(outturn, member_client):
    line = outturn.lines.first()
    response = member_client.patch(f"/api/v1/budget-lines/{line.pk}/", {"forecast_outturn": "1"},
                                   content_type="application/json")
    assert response.status_code == 403


def test_finance_officer_changes_a_forecast_and_the_variance_follows(outturn, finance_client):
    line = outturn.lines.get(division="Agency Social Workers")
    response = finance_client.patch(f"/api/v1/budget-lines/{line.pk}/", {"forecast_outturn": "1.700"},
                                    content_type="application/json")
    assert response.status_code == 200, response.content
    assert D(response.json()["variance"]) == D("0.908") and D(response.json()["movement"]) == D("0.908") - D(
        "0.910")
    assert line.history.first().history_user == finance_client.user


BULK = {
    "area": "la-revenue",
    "lines": [
        {"division": "Agency Social Workers", "category": "Spending Increases", "approved_budget": "0.792",
         "forecast_outturn": "1.659", "stated_variance": "0.867", "stated_variance_pct": "109"},
        {"division": "School Improvement", "category": "Spending Reductions", "approved_budget": "3.488",
         "forecast_outturn": "2.999", "stated_variance": "-0.898", "reason": "Vacancies"},
    ],
    "totals": [{"label": "Total", "stated_variance": "-0.031"}],
}


@pytest.fixture
def open_period(reference):
    from finance import services

    year = services.get_or_create_year(2018)
    return services.open_period(year)


def test_bulk_reports_mismatches_by_row_and_waits_for_acknowledgement(open_period, finance_client):
    payload = dict(BULK, period=open_period.pk)
    response = finance_client.post("/api/v1/budget-lines/bulk/", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["needs_acknowledgement"] and not body["written"]
    assert [(w["label"], w["field"], w["stated"], w["computed"]) for w in body["warnings"]] == [
        ("School Improvement", "variance", "-0.898", "-0.489"),
        ("Total", "variance", "-0.031", "0.378"),
    ]
    assert BudgetLine.objects.filter(period=open_period).count() == 0
    response = finance_client.post("/api/v1/budget-lines/bulk/", dict(payload, acknowledge_warnings=True),
                                   content_type="application/json")
    assert response.status_code == 201 and response.json()["new"] == 2
    line = BudgetLine.objects.get(period=open_period, division="School Improvement")
    assert line.mismatch and line.reason == "Vacancies"


def test_bulk_errors_name_the_row_and_change_nothing(open_period, finance_client):
    payload = dict(BULK, period=open_period.pk, acknowledge_warnings=True)
    payload["lines"] = [dict(BULK["lines"][0], category="Mystery spending")]
    response = finance_client.post("/api/v1/budget-lines/bulk/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(
        "Row 2: heading 'Mystery spending' is not a budget category")
    assert BudgetLine.objects.count() == 0


def test_bulk_needs_the_finance_role(open_period, member_client):
    response = member_client.post("/api/v1/budget-lines/bulk/", dict(BULK, period=open_period.pk),
                                  content_type="application/json")
    assert response.status_code == 403


def test_bulk_payload_errors_say_where(open_period, finance_client):
    response = finance_client.post("/api/v1/budget-lines/bulk/", {"period": open_period.pk, "area": "la-revenue",
                                                                   "lines": [{"category": "Spending increases"}]},
                                   content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "lines[0].division", "index": None, "message": "This field is required."}]


def test_bulk_with_unreadable_json_is_a_problem(open_period, finance_client):
    response = finance_client.post("/api/v1/budget-lines/bulk/", "{not json", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["detail"].startswith("JSON parse error")
    assert BudgetLine.objects.count() == 0
