"""Budget table exports: £m as numbers to three places, text never a formula, and an export
imported back into its period changes nothing."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from finance import importing
from finance.models import BudgetArea, BudgetLine

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x")'


def _export(client, fmt, area="la-revenue"):
    return client.get(reverse("finance:period_export", args=[2016, "outturn", fmt]) + f"?area={area}")


def _lines(period):
    return sorted(
        BudgetLine.objects.filter(period=period).values_list(
            "area__slug", "division", "approved_budget", "forecast_outturn", "adjustment", "reason",
            "recovery_actions", "category_id", "owner_id",
        )
    )


@pytest.fixture
def hostile(outturn):
    line = outturn.lines.get(division="Agency Social Workers")
    line.reason = HYPERLINK
    line.recovery_actions = "-2 posts"
    line.save()
    return line


def test_the_xlsx_export_has_money_as_numbers_and_text_as_text(hostile, member_client):
    response = _export(member_client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2" and sheet.title == BudgetArea.objects.get(slug="la-revenue").name[:31]
    header = [c.value for c in sheet[1]]
    assert header[3] == "+Over/- Underspend £m" and sheet.cell(1, 4).data_type == "s"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Agency Social Workers")
    budget, outturn = row[header.index("Approved budget £m")], row[header.index("Outturn £m")]
    assert budget.data_type == "n" and budget.number_format == "0.000"
    assert outturn.data_type == "n" and isinstance(outturn.value, float)
    variance = row[header.index("+Over/- Underspend £m")]
    assert variance.data_type == "n" and variance.number_format == "+0.000;-0.000;0.000"
    reason = row[header.index("Reasons for variance from budget")]
    assert reason.data_type == "s" and reason.value == "'" + HYPERLINK
    assert row[header.index("Recovery actions")].value == "'-2 posts"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_the_csv_export_has_a_bom_and_neutralised_text(hostile, member_client):
    response = _export(member_client, "csv")
    assert response.content.startswith(b"\xef\xbb\xbfDivision of service,Approved budget \xc2\xa3m")
    assert ",'+Over/- Underspend" in response.content.decode("utf-8-sig").splitlines()[0]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == "Agency Social Workers")
    assert "'" + HYPERLINK in row and "'-2 posts" in row


def test_an_unknown_format_is_a_404(outturn, member_client):
    assert _export(member_client, "pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_back_changes_nothing(hostile, member_client, admin_user, fmt):
    period = hostile.period
    before = _lines(period)
    for slug in ("la-revenue", "schools"):
        content = _export(member_client, fmt, slug).content
        result = importing.import_table(content=content, filename=f"x.{fmt}", year=period.year, period=period,
                                        area=BudgetArea.objects.get(slug=slug), user=admin_user)
        assert result.errors == [] and result.warnings == [] and result.written, (result.errors, result.warnings)
        assert result.new == 0
    assert _lines(period) == before


def test_a_200000_character_cell_is_a_clear_error(outturn, revenue):
    content = "Division of service,Approved budget £m,Outturn £m\nAgency Social Workers,1,2," + "x" * 200_000 + "\n"
    result = importing.import_table(content=content.encode(), filename="x.csv", year=outturn.year, period=outturn,
                                    area=revenue)
    assert not result.written and len(result.errors) == 1
    assert result.errors[0].startswith("Row 2") and "32,767" in result.errors[0]
