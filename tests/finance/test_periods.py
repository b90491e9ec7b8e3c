"""Opening a period from the last, locking it when reported, an administrator's audited reopen."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance import services
from finance.models import OUTTURN, BudgetLine, MonitoringPeriod

pytestmark = pytest.mark.django_db


def test_open_next_period_carries_lines_forward_and_movement_starts_at_nil(seed_year, finance_client, revenue,
                                                                          increases):
    response = finance_client.post(reverse("finance:period_open_next", args=[2016]))
    # 2016-17 already has its outturn: a further period belongs to the next year.
    assert response.status_code == 302
    assert MonitoringPeriod.objects.filter(year=seed_year).count() == 2

    year = services.get_or_create_year(2017)
    first = services.open_period(year)
    line = BudgetLine.objects.create(period=first, area=revenue, category=increases, division="Agency Social Workers",
                                     approved_budget=D("0.800"), forecast_outturn=D("1.000"), reason="Vacancies")
    response = finance_client.post(reverse("finance:period_open_next", args=[2017]))
    second = MonitoringPeriod.objects.get(year=year, number=2)
    assert response["Location"] == second.get_absolute_url()
    carried = second.lines.get()
    assert carried.carried_from == line
    assert (carried.approved_budget, carried.forecast_outturn, carried.reason) == (D("0.800"), D("1.000"),
                                                                                   "Vacancies")
    assert carried.movement == D("0")


def test_a_locked_period_refuses_edits_on_pages_and_keeps_its_figures(outturn, finance_client):
    line = outturn.lines.get(division="Agency Social Workers")
    services.lock_period(outturn, user=finance_client.user)
    edit = reverse("finance:line_edit", args=[line.pk])
    assert finance_client.get(edit).status_code == 403
    response = finance_client.post(edit, {"division": line.division, "area": line.area_id,
                                          "category": line.category_id, "approved_budget": "0.792",
                                          "forecast_outturn": "9.999"})
    assert response.status_code == 403
    assert finance_client.get(reverse("finance:line_add", args=[2016, "outturn"])).status_code == 403
    assert finance_client.get(reverse("finance:period_import", args=[2016, "outturn"])).status_code == 403
    line.refresh_from_db()
    assert line.forecast_outturn == D("1.659") and line.variance == D("0.867")
    page = finance_client.get(outturn.get_absolute_url())
    assert b"Locked:" in page.content and b"/edit/" not in page.content


def test_a_locked_period_refuses_edits_through_the_api(outturn, finance_client, revenue):
    line = outturn.lines.get(division="Agency Social Workers")
    services.lock_period(outturn, user=finance_client.user)
    url = f"/api/v1/budget-lines/{line.pk}/"
    assert finance_client.patch(url, {"forecast_outturn": "9.999"}, content_type="application/json"
                                ).status_code == 403
    assert finance_client.delete(url).status_code == 403
    created = finance_client.post("/api/v1/budget-lines/", {
        "period": outturn.pk, "area": "la-revenue", "category": "Spending increases", "division": "New",
        "approved_budget": "1", "forecast_outturn": "2"}, content_type="application/json")
    assert created.status_code == 403 and "locked" in created.json()["detail"]
    bulk = finance_client.post("/api/v1/budget-lines/bulk/", {
        "period": outturn.pk, "area": "la-revenue", "acknowledge_warnings": True,
        "lines": [{"division": "Agency Social Workers", "category": "Spending increases",
                   "approved_budget": "0.792", "forecast_outturn": "5"}]}, content_type="application/json")
    assert bulk.status_code == 403
    line.refresh_from_db()
    assert line.forecast_outturn == D("1.659")
    assert outturn.lines.count() == 27 + 13


def test_only_an_administrator_reopens_and_the_reason_is_kept(outturn, finance_client, admin_client):
    services.lock_period(outturn, user=finance_client.user)
    reopen = reverse("finance:period_reopen", args=[2016, "outturn"])
    assert finance_client.get(reopen).status_code == 403
    assert admin_client.post(reopen, {"reason": ""}).status_code == 200  # a reason is required
    outturn.refresh_from_db()
    assert outturn.locked
    response = admin_client.post(reopen, {"reason": "Late DSG correction from the schools forum"})
    assert response.status_code == 302
    outturn.refresh_from_db()
    assert not outturn.locked
    latest = outturn.history.first()
    assert "Late DSG correction from the schools forum" in latest.history_change_reason
    assert latest.history_user == admin_client.user
    history = admin_client.get(reverse("core:history", args=["finance", "monitoringperiod", outturn.pk]))
    assert b"Late DSG correction" in history.content


def test_lock_through_the_page(outturn, finance_client, member_client):
    url = reverse("finance:period_lock", args=[2016, "outturn"])
    assert member_client.post(url).status_code == 403
    assert finance_client.post(url).status_code == 302
    outturn.refresh_from_db()
    assert outturn.locked and outturn.locked_by == finance_client.user


def test_period_numbers(seed_year):
    assert MonitoringPeriod.parse_slug("outturn") == OUTTURN
    assert MonitoringPeriod.parse_slug("January") == 10
    with pytest.raises(ValueError):
        MonitoringPeriod.parse_slug("14")
    january = seed_year.periods.get(number=10)
    assert january.name == "Period 10 (January)" and january.locked
