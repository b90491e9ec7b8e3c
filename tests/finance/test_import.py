"""The one import path on the pack's own tables: every mismatch reported by row, nothing
written until acknowledged, all-or-nothing on errors."""

import io
from decimal import Decimal as D

import pytest

from finance import importing, services
from finance.demo import SEED_DATA
from finance.models import OUTTURN, BudgetImport, BudgetLine, Reserve, SchoolBalance

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(reference):
    return services.get_or_create_year(2016)


@pytest.fixture
def period(year):
    return services.get_or_open_period(year, number=OUTTURN)


def run(name, year, period=None, area=None, **kwargs):
    return importing.import_table(content=(SEED_DATA / name).read_bytes(), filename=name, year=year,
                                  period=period, area=area, **kwargs)


def found(result):
    return [(m.row, m.label, m.field, str(m.stated), str(m.computed)) for m in result.warnings]


def test_revenue_summary_mismatches(year, period, revenue):
    result = run("revenue-2016-17-outturn.csv", year, period, revenue, acknowledge=True)
    assert result.errors == []
    assert found(result) == [
        (4, "Looked After Children - Agency Fostering", "variance", "1.653", "1.803"),
        (4, "Looked After Children - Agency Fostering", "variance_pct", "13", "14"),
        (16, "Early Help Service Level Agreements", "variance", "1.237", "-0.313"),
        (16, "Early Help Service Level Agreements", "variance_pct", "50", "-13"),
        (18, "Sub Total", "variance", "14.988", "13.588"),
        (21, "School Improvement", "variance", "-0.898", "-0.489"),
        (21, "School Improvement", "variance_pct", "-26", "-14"),
        (31, "Sub Total", "variance", "-3.971", "-3.562"),
        (35, "Total", "variance", "9.998", "9.007"),
    ]
    assert result.new == 27
    fostering = BudgetLine.objects.get(period=period, division="Looked After Children - Agency Fostering")
    assert fostering.variance == D("1.803") and fostering.stated_variance == D("1.653") and fostering.mismatch


def test_schools_budget_mismatches(year, period, schools):
    result = run("schools-budget-2016-17-outturn.csv", year, period, schools, acknowledge=True)
    assert found(result) == [
        (6, "Alternative Education", "variance", "0.348", "0.438"),
        (6, "Alternative Education", "variance_pct", "12", "15"),
        (7, "Short Stay School For Norfolk & Alternative Provision", "variance", "0.485", "0.285"),
        (7, "Short Stay School For Norfolk & Alternative Provision", "variance_pct", "9", "6"),
        (10, "Sub Total", "variance", "5.260", "5.150"),
        (13, "Suspended School Staff", "variance_pct", "-75", "-89"),
        (19, "Total", "variance", "0.000", "-0.110"),
    ]
    adjustment = BudgetLine.objects.get(period=period, division="Dedicated Schools Grant reserve adjustment")
    assert adjustment.category.name == "One-off corrective actions"  # listed after the last sub-total
    assert adjustment.variance == D("-3.453") and adjustment.variance_pct is None


def test_reasons_tables_match_their_lines_and_check_their_variances(year, period, revenue, schools):
    run("revenue-2016-17-outturn.csv", year, period, revenue, acknowledge=True)
    run("schools-budget-2016-17-outturn.csv", year, period, schools, acknowledge=True)
    result = run("revenue-reasons-2016-17-outturn.csv", year, period, revenue, acknowledge=True)
    assert [(r, f, s, c) for r, _, f, s, c in found(result)] == [
        (4, "variance", "1.653", "1.803"), (16, "variance", "1.237", "-0.313"), (20, "variance", "-0.898", "-0.489")]
    assert result.changed == 27  # every line, though the reasons table names some differently
    line = BudgetLine.objects.get(period=period, division="Early Help support")  # "Early Help Services" there
    assert line.reason == "Savings on staff vacancies."
    result = run("schools-budget-reasons-2016-17-outturn.csv", year, period, schools, acknowledge=True)
    assert [(r, label, s, c) for r, label, _, s, c in found(result)] == [
        (4, "Independent and non-maintained education (reasons table)", "1.930", "2.248"),
        (6, "Alternative Education (reasons table)", "0.348", "0.438"),
        (7, "Short Stay School For Norfolk & Alternative Provision (reasons table)", "0.485", "0.285"),
    ]
    assert BudgetLine.objects.get(period=period, division="Suspended School Staff").reason == "Reduced staffing costs"


def test_reserves_mismatches_and_balances(year):
    result = run("reserves-2016-17.csv", year, acknowledge=True)
    assert found(result) == [
        (11, "Home to School/College Transport Days Equalisation Fund", "balance_end", "0.101", "0.102"),
        (17, "Grants and Contributions", "balance_end", "-1.323", "1.323"),
        (18, "Children's Services total", "approved_usage", "-1.607", "-1.606"),
        (18, "Children's Services total", "balance_end", "4.512", "4.513"),
        (19, "Grand Total", "approved_usage", "-4.249", "-4.248"),
        (19, "Grand Total", "balance_end", "7.750", "7.751"),
    ]
    assert Reserve.objects.filter(year=year).count() == 13
    dsg = Reserve.objects.get(year=year, name="Dedicated Schools Grant (DSG) reserve")
    assert dsg.group == Reserve.Group.DSG and dsg.balance_end == D("0.094")


def test_school_balances_agree(year):
    result = run("school-balances-2016-17.csv", year, acknowledge=True)
    assert result.errors == [] and result.warnings == []
    assert SchoolBalance.objects.get(year=year, phase="primary").in_year_variance == D("-3.547")


def test_warnings_must_be_acknowledged_before_anything_is_written(year, period, revenue):
    result = run("revenue-2016-17-outturn.csv", year, period, revenue)
    assert result.needs_acknowledgement and not result.written
    assert BudgetLine.objects.count() == 0 and BudgetImport.objects.count() == 0


def test_dry_run_writes_nothing(year, period, revenue):
    result = run("revenue-2016-17-outturn.csv", year, period, revenue, dry_run=True, acknowledge=True)
    assert len(result.warnings) == 9 and not result.written
    assert BudgetLine.objects.count() == 0


def test_an_error_anywhere_stops_the_whole_import(year, period, revenue):
    run("revenue-2016-17-outturn.csv", year, period, revenue, acknowledge=True)
    before = list(BudgetLine.objects.order_by("pk").values_list("division", "forecast_outturn"))
    text = (SEED_DATA / "revenue-2016-17-outturn.csv").read_text(encoding="utf-8")
    text = text.replace("10.899", "10.999").replace("14.675", "fourteen").replace("Spending Reductions", "Savings")
    result = importing.import_table(content=text.encode(), filename="bad.csv", year=year, period=period,
                                    area=revenue, acknowledge=True)
    assert "Row 4, outturn: 'fourteen' is not a number." in result.errors
    assert any(e.startswith("Row 19: heading 'Savings' is not a budget category") for e in result.errors)
    assert not result.written
    assert list(BudgetLine.objects.order_by("pk").values_list("division", "forecast_outturn")) == before


def test_a_locked_period_refuses_imports(year, period, revenue, admin_user):
    services.lock_period(period, user=admin_user)
    result = run("revenue-2016-17-outturn.csv", year, period, revenue, acknowledge=True)
    assert result.errors and "locked" in result.errors[0]
    assert BudgetLine.objects.count() == 0


def test_xlsx_in_the_same_layout_gives_the_same_result(year, period, revenue):
    rows = importing.read_table((SEED_DATA / "revenue-2016-17-outturn.csv").read_bytes(), "x.csv")
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    result = importing.import_table(content=out.getvalue(), filename="revenue.xlsx", year=year, period=period,
                                    area=revenue, acknowledge=True)
    assert [(m.row, m.field) for m in result.warnings] == [(4, "variance"), (4, "variance_pct"),
                                                            (16, "variance"), (16, "variance_pct"),
                                                            (18, "variance"), (21, "variance"),
                                                            (21, "variance_pct"), (31, "variance"),
                                                            (35, "variance")]
    assert result.new == 27


def test_an_unknown_layout_is_refused(year):
    result = importing.import_table(rows=[["Name", "Amount"], ["x", "1"]], year=year)
    assert result.errors[0].startswith("Row 1: the header is not one of the budget tables' layouts")
