"""python manage.py import_budget FILE --year 2016-17 --period outturn [--dry-run]"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from finance.demo import SEED_DATA
from finance.models import BudgetLine, FinancialYear

pytestmark = pytest.mark.django_db


def test_dry_run_prints_each_mismatch_naming_the_division(reference):
    out = StringIO()
    call_command("import_budget", str(SEED_DATA / "revenue-2016-17-outturn.csv"), "--year", "2016-17",
                 "--period", "outturn", "--dry-run", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("MISMATCH")]
    assert len(lines) == 9
    assert lines[0] == ("MISMATCH Row 4: Looked After Children - Agency Fostering: variance £m stated +1.653, "
                        "computed +1.803 (differs by £150k)")
    assert any("Early Help Service Level Agreements" in line for line in lines)
    assert BudgetLine.objects.count() == 0 and FinancialYear.objects.count() == 0


def test_import_needs_the_warnings_acknowledged(reference):
    with pytest.raises(CommandError, match="9 mismatch"):
        call_command("import_budget", str(SEED_DATA / "revenue-2016-17-outturn.csv"), "--year", "2016-17",
                     "--period", "outturn", stdout=StringIO())
    assert BudgetLine.objects.count() == 0
    out = StringIO()
    call_command("import_budget", str(SEED_DATA / "schools-budget-2016-17-outturn.csv"), "--year", "2016-17",
                 "--period", "outturn", "--area", "schools", "--acknowledge-warnings", stdout=out)
    assert "Imported schools-budget-2016-17-outturn.csv: 13 added" in out.getvalue()
    assert BudgetLine.objects.filter(area__slug="schools").count() == 13


def test_reserves_need_no_period(reference):
    out = StringIO()
    call_command("import_budget", str(SEED_DATA / "school-balances-2016-17.csv"), "--year", "2016-17", stdout=out)
    assert "5 added" in out.getvalue()


def test_bad_arguments_are_explained(reference):
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("import_budget", str(SEED_DATA / "reserves-2016-17.csv"), "--year", "2016")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_budget", "/nonexistent.csv", "--year", "2016-17")
