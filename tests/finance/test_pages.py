"""Pages: the period's tables as in the pack, charts, exports, the upload-preview-confirm import."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from core.models import StagedUpload
from finance import services
from finance.demo import SEED_DATA
from finance.models import BudgetImport, BudgetLine, Reserve
from tests.finance.factories import LineFactory
from tests.utils import assert_constant_queries, breadcrumbs

pytestmark = pytest.mark.django_db


def test_period_page_shows_summary_reasons_warnings_and_chart(outturn, member_client):
    response = member_client.get(outturn.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Local authority revenue budget" in html and "Schools budget (Dedicated Schools Grant)" in html
    assert "+13.588" in html and "+9.007" in html and "-1.125" in html  # computed sub-total, total, movement
    assert "Stated +1.653" in html  # the pack's figure, flagged beside the computed +1.803
    assert "Row 16: Early Help Service Level Agreements: variance £m stated +1.237, computed -0.313" in html
    assert "Write off of school sickness reserve to revenue as no longer required." in html
    # The chart for a wide column and the one for a phone's, both without inline styles,
    # and the figures in words beside them.
    assert 'class="chart chart-wide"' in html and 'class="chart chart-narrow"' in html
    assert "style=" not in html.split("<svg", 1)[1]
    assert "Largest variances, £m: Looked After Children - Agency Residential +6.945 (overspend)" in html
    assert "/edit/" not in html  # a member reads only


def test_period_page_query_count_is_constant(outturn, finance_client):
    finance_client.get(outturn.get_absolute_url())  # the first request also caches content types
    assert_constant_queries(
        lambda: finance_client.get(outturn.get_absolute_url()),
        lambda: [LineFactory(period=outturn, carried_from=outturn.lines.first()) for _ in range(5)],
    )


def test_anonymous_is_sent_to_sign_in(outturn, client):
    response = client.get(outturn.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_year_reserves_and_school_balances_pages(seed_year, member_client):
    html = member_client.get(reverse("finance:year", args=[2016])).content.decode()
    assert "Period 10 (January)" in html and "Outturn" in html
    html = member_client.get(reverse("finance:reserves", args=[2016])).content.decode()
    assert "Grand Total" in html and "7.751" in html and "Stated -1.323" in html
    html = member_client.get(reverse("finance:school_balances", args=[2016])).content.decode()
    assert "13.202" in html and "-5.593" in html


def test_line_page_has_trend_chart_and_history_link(outturn, member_client):
    line = outturn.lines.get(division="Looked After Children - Agency Residential")
    html = member_client.get(line.get_absolute_url()).content.decode()
    assert "Period 10 (January)" in html and "10.519" in html and "10.899" in html
    assert 'aria-label="Forecast outturn of Looked After Children - Agency Residential by period (£m)"' in html
    assert ">Jan</text>" in html  # the axis names periods by month, short enough for a phone
    assert reverse("core:history", args=["finance", "budgetline", line.pk]) in html


def test_finance_officer_edits_a_forecast(outturn, finance_client):
    line = outturn.lines.get(division="Agency Social Workers")
    response = finance_client.post(reverse("finance:line_edit", args=[line.pk]), {
        "division": line.division, "area": line.area_id, "category": line.category_id,
        "approved_budget": "0.792", "forecast_outturn": "1.559", "reason": "Fewer agency staff"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.variance == D("0.767") and line.movement == D("-0.143")
    assert line.history.count() >= 2


def test_member_cannot_edit(outturn, member_client):
    line = outturn.lines.first()
    assert member_client.get(reverse("finance:line_edit", args=[line.pk])).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_in_the_import_layout(outturn, member_client, fmt):
    from finance.importing import read_table

    response = member_client.get(reverse("finance:period_export", args=[2016, "outturn", fmt]) + "?area=schools")
    assert response.status_code == 200
    rows = read_table(response.content, f"x.{fmt}")
    assert rows[0][:3] == ["Division of service", "Approved budget £m", "Outturn £m"]
    special = next(r for r in rows if r[0] == "Special Schools")
    assert D(special[1]) == D("25.537") and D(special[3]) == D("1.400")


def test_upload_preview_acknowledge_and_confirm(reference, role_client, revenue):
    officer = role_client(roles.FINANCE_OFFICER)
    year = services.get_or_create_year(2016)
    services.open_period(year, number=13)
    upload = SimpleUploadedFile("reserves.csv", (SEED_DATA / "reserves-2016-17.csv").read_bytes(), "text/csv")
    response = officer.post(reverse("finance:period_import", args=[2016, "outturn"]),
                            {"file": upload, "area": revenue.pk})
    record = StagedUpload.objects.get(kind="budget")  # kept for preview; the budget is untouched
    url = reverse("finance:import_preview", args=[record.pk])
    assert response["Location"] == url
    preview = officer.get(url).content.decode()
    assert "6 stated figures do not agree" in preview
    assert "Row 17: Grants and Contributions: balance at year end £m stated -1.323, computed +1.323" in preview
    assert Reserve.objects.count() == 0
    refused = officer.post(url, {"confirm": "1"})
    assert refused.status_code == 200 and b"Tick to acknowledge" in refused.content
    assert Reserve.objects.count() == 0
    done = officer.post(url, {"confirm": "1", "acknowledge": "on"})
    assert done.status_code == 302
    assert Reserve.objects.count() == 13
    assert not StagedUpload.objects.exists()  # the staged copy is gone once applied
    applied = BudgetImport.objects.get(status="applied")
    assert applied.warnings_acknowledged_by == officer.user and len(applied.warnings) == 6


def test_upload_with_errors_changes_nothing(outturn, finance_client, revenue):
    bad = (SEED_DATA / "revenue-2016-17-outturn.csv").read_text().replace("10.899", "ten")
    upload = SimpleUploadedFile("bad.csv", bad.encode(), "text/csv")
    response = finance_client.post(reverse("finance:period_import", args=[2016, "outturn"]),
                                   {"file": upload, "area": revenue.pk})
    record = StagedUpload.objects.get(kind="budget")
    html = finance_client.get(response["Location"]).content.decode()
    assert "Row 3, outturn: &#x27;ten&#x27; is not a number." in html and "cannot be imported" in html
    finance_client.post(reverse("finance:import_preview", args=[record.pk]), {"confirm": "1", "acknowledge": "on"})
    assert BudgetLine.objects.get(period=outturn, division="Looked After Children - Agency Residential"
                                  ).forecast_outturn == D("10.899")


def test_upload_refuses_a_file_that_is_not_a_spreadsheet(outturn, finance_client, revenue):
    upload = SimpleUploadedFile("x.csv", b"\x00\x01binary", "text/csv")
    response = finance_client.post(reverse("finance:period_import", args=[2016, "outturn"]),
                                   {"file": upload, "area": revenue.pk})
    assert response.status_code == 200 and b"neither a CSV" in response.content


def test_adding_a_line_twice_is_refused_with_a_clear_error(outturn, finance_client, revenue, increases):
    response = finance_client.post(reverse("finance:line_add", args=[2016, "outturn"]), {
        "division": "Agency Social Workers", "area": revenue.pk, "category": increases.pk,
        "approved_budget": "1", "forecast_outturn": "2"})
    assert response.status_code == 200
    assert "already has a line called &#x27;Agency Social Workers&#x27;" in response.content.decode()
    response = finance_client.post(reverse("finance:line_add", args=[2016, "outturn"]), {
        "division": "Agency fostering recovery", "area": revenue.pk, "category": increases.pk,
        "approved_budget": "1.000", "forecast_outturn": "1.200"})
    assert response.status_code == 302
    line = BudgetLine.objects.get(period=outturn, division="Agency fostering recovery")
    assert line.variance == D("0.200") and line.movement is None


def test_pages_below_a_year_lead_back_through_it_in_the_breadcrumbs(outturn, finance_client):
    year = outturn.year
    home = [("Home", "/"), ("Finance", reverse("finance:index"))]
    to_year = [*home, (year.label, year.get_absolute_url())]
    to_period = [*to_year, (outturn.name, outturn.get_absolute_url())]
    line = outturn.lines.first()
    expected = {
        year.get_absolute_url(): home,
        reverse("finance:reserves", args=[year.start_year]): to_year,
        reverse("finance:school_balances", args=[year.start_year]): to_year,
        outturn.get_absolute_url(): to_year,
        line.get_absolute_url(): to_period,
        reverse("finance:line_edit", args=[line.pk]): to_period,
        reverse("finance:line_add", args=[year.start_year, outturn.slug]): to_period,
    }
    for url, crumbs in expected.items():
        response = finance_client.get(url)
        assert response.status_code == 200, url
        assert breadcrumbs(response) == crumbs, url


def test_admin_forms_show_money_as_entered_not_to_six_places(seed_year, role_client):
    admin = role_client(roles.ADMINISTRATOR, is_staff=True, is_superuser=True)
    reserve = Reserve.objects.filter(year=seed_year).exclude(balance_start=0).first()
    html = admin.get(reverse("admin:finance_reserve_change", args=[reserve.pk])).content.decode()
    shown = format(reserve.balance_start.normalize(), "f")
    assert f'name="balance_start" value="{shown}"' in html and len(shown.split(".")[-1]) <= 3
    figures = re.findall(r'type="number" name="\w+" value="([^"]*)"', html)
    assert len(figures) >= 3 and not [f for f in figures if "." in f and f.endswith("0")], figures
