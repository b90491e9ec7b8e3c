"""The demo (the pack's 2016-17 tables through the import path) and the plain rows the
pages and the agenda pack print."""

from decimal import Decimal as D

import pytest

from finance import demo, selectors
from finance.models import BudgetImport, BudgetLine, MonitoringPeriod, Reserve, SchoolBalance
from tests.finance.conftest import SEED, _Out

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(seed_year):
    counts = (BudgetLine.objects.count(), Reserve.objects.count(), SchoolBalance.objects.count(),
              BudgetImport.objects.count(), MonitoringPeriod.objects.count())
    demo.load(_Out())
    assert counts == (BudgetLine.objects.count(), Reserve.objects.count(), SchoolBalance.objects.count(),
                      BudgetImport.objects.count(), MonitoringPeriod.objects.count())
    assert counts[:2] == (80, 13)  # 40 lines in period 10 and 40 at outturn; 13 reserves


def test_demo_flags_the_mismatches_the_import_found(outturn):
    flagged = sorted(BudgetLine.objects.filter(period=outturn).exclude(stated_variance=None)
                     .values_list("division", flat=True))
    mismatched = sorted(line.division for line in BudgetLine.objects.filter(period=outturn) if line.mismatch)
    assert len(flagged) == 40
    assert mismatched == ["Alternative Education", "Early Help Service Level Agreements",
                          "Looked After Children - Agency Fostering", "School Improvement",
                          "Short Stay School For Norfolk & Alternative Provision"]
    warnings = {r.source: len(r.warnings) for r in outturn.imports.filter(status="applied")}
    assert warnings == {
        "demo: revenue-2016-17-outturn.csv": 9, "demo: revenue-reasons-2016-17-outturn.csv": 3,
        "demo: schools-budget-2016-17-outturn.csv": 7, "demo: schools-budget-reasons-2016-17-outturn.csv": 3,
    }


def _by_label(rows, kind="line"):
    return {r["label"]: r for r in rows if r["kind"] == kind}


def test_summary_rows_give_the_pack_s_movements_computed(outturn):
    rows = selectors.summary_rows(outturn, "la-revenue")
    lines = _by_label(rows)
    assert lines["Looked After Children - Agency Residential"]["movement"] == D("0.380")
    assert lines["Looked After Children - Agency Residential"]["variance_pct"] == D("175.6")
    assert lines["Residence/ kinship payments"]["movement"] == D("-0.230")
    assert lines["Grants and reserves adjustment"]["movement"] == D("-1.818")
    assert lines["Other small savings"]["variance_pct"] is None
    assert lines["Staying-put fostering"]["movement"] == D("0")  # blank in the pack
    subtotals = [(r["category"], r["variance"], r["movement"]) for r in rows if r["kind"] == "subtotal"]
    assert subtotals == [("Spending increases", D("13.588"), D("0.978")),
                         ("Spending reductions", D("-3.562"), D("-0.285")),
                         ("One-off corrective actions", D("-1.019"), D("-1.818"))]
    total = [r for r in rows if r["kind"] == "total"][0]
    assert (total["variance"], total["movement"]) == (D("9.007"), D("-1.125"))
    assert [r["kind"] for r in rows[:2]] == ["heading", "line"]


def test_summary_rows_without_an_area_cover_both_tables(outturn):
    rows = selectors.summary_rows(outturn)
    areas = [r["label"] for r in rows if r["kind"] == "area"]
    assert areas == ["Local authority revenue budget", "Schools budget (Dedicated Schools Grant)"]
    totals = [(r["area_slug"], r["variance"], r["movement"]) for r in rows if r["kind"] == "total"]
    assert totals == [("la-revenue", D("9.007"), D("-1.125")), ("schools", D("-0.110"), D("-3.453"))]


def test_reasons_rows(outturn):
    rows = selectors.reasons_rows(outturn, "la-revenue")
    lines = _by_label(rows)
    assert lines["Agency Social Workers"]["reason"] == "Additional cost of Agency Social Workers due to staff vacancies"
    assert lines["Agency Social Workers"]["variance"] == D("0.867")
    assert [r["label"] for r in rows if r["kind"] == "heading"] == [
        "Spending increases", "Spending reductions", "One-off corrective actions"]
    assert all(r["reason"] for r in rows if r["kind"] == "line")


def test_reserves_rows_with_group_totals(seed_year):
    rows = selectors.reserves_rows(seed_year)
    subtotals = {r["label"]: r for r in rows if r["kind"] == "subtotal"}
    schools = subtotals["Schools total"]
    assert (schools["balance_start"], schools["approved_usage"], schools["further_usage"], schools["balance_end"]) \
        == (D("4.805"), D("-0.642"), D("-1.019"), D("3.144"))
    childrens = subtotals["Children's Services total"]
    assert (childrens["balance_start"], childrens["approved_usage"], childrens["further_usage"],
            childrens["balance_end"]) == (D("6.918"), D("-1.606"), D("-0.799"), D("4.513"))
    grand = rows[-1]
    assert grand["kind"] == "total"
    assert (grand["balance_start"], grand["approved_usage"], grand["further_usage"], grand["balance_end"]) == (
        D("17.270"), D("-4.248"), D("-5.271"), D("7.751"))
    assert rows[0]["label"] == "Dedicated Schools Grant (DSG) reserve" and rows[0]["balance_end"] == D("0.094")
    assert selectors.reserve_group_totals(seed_year) == {"dsg": D("0.094"), "schools": D("3.144"),
                                                         "childrens": D("4.513")}
    grants = _by_label(rows)["Grants and Contributions"]
    assert grants["balance_end"] == D("1.323") and grants["stated_balance_end"] == D("-1.323") and grants["mismatch"]


def test_school_balance_rows(seed_year):
    rows = selectors.school_balance_rows(seed_year)
    assert [r["label"] for r in rows] == ["Nursery schools", "Primary schools", "Secondary schools",
                                          "Special schools", "School Clusters", "Total"]
    total = rows[-1]
    assert (total["balance_start"], total["forecast_end"], total["in_year_variance"], total["academies"]) == (
        D("22.234"), D("13.202"), D("-5.593"), D("-3.439"))


def test_export_rows_import_back_without_mismatches(outturn, revenue):
    from finance import importing

    rows = selectors.export_rows(outturn, revenue)
    result = importing.import_table(rows=rows, year=outturn.year, period=outturn, area=revenue, dry_run=True)
    assert result.errors == [] and result.warnings == []
    assert SEED.exists()
