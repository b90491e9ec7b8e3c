"""Breakdown tables (rows = team or locality, columns = months): one section that the packs
print and the indicator page shows, from the Early Help dashboard and Education scorecard
figures the demo loads from the March 2017 pack seed."""

import datetime as dt

import pytest
from django.urls import reverse

from core import roles
from core.documents import blocks as b
from core.documents import sections
from performance import sections as perf_sections
from performance.models import Indicator, Observation
from tests.performance.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def _tables(name, as_at):
    return [blk for blk in sections.render(name, sections.Context(as_at=as_at)) if isinstance(blk, b.Table)]


def _printed(table):
    return {row[0]: [c.printed() if isinstance(c, b.Cell) else c for c in row[1:]] for row in table.rows}


def test_the_early_help_dashboard_prints_the_seeds_tables_by_team_and_month(seeded):
    tables = {t.caption: t for t in _tables("early_help_dashboard", dt.date(2017, 2, 28))}
    caseload = tables["Team Caseload Count"]
    assert caseload.header == ["Team", "May-16", "Jun-16", "Jul-16", "Aug-16", "Sep-16", "Oct-16", "Nov-16",
                               "Dec-16", "Jan-17"]
    rows = _printed(caseload)
    assert rows["Breckland"] == ["154", "151", "125", "141", "134", "125", "137", "126", "133"]
    # The seed's blank cells are no figure (a dash), and a real zero stays zero.
    assert rows["Process Manager West"] == ["-", "-", "3", "3", "11", "8", "6", "9", "0"]
    transfers = _printed(tables["Transfers from SC to NEHFF"])
    assert transfers["City"] == ["2", "1", "10", "-", "-", "1", "-", "-", "3"]
    assert caseload.landscape and caseload.numeric == set(range(1, 10))
    # No "-" was stored as a zero: the dashes are periods with no row at all.
    assert not Observation.objects.filter(indicator__ref="EHD 1", breakdown_member="Process Manager West",
                                          period=dt.date(2016, 5, 1)).exists()
    # February's Troubled Families figure does not move the month the vital signs and MI report print.
    assert Observation.objects.filter(indicator__ref="TF 1", period=dt.date(2017, 2, 1)).exists()
    assert perf_sections.latest_period(dt.date(2017, 2, 28)) == dt.date(2017, 1, 1)


def test_the_education_scorecard_prints_districts_with_the_authority_and_national_rows(seeded):
    tables = {t.caption: t for t in _tables("education_scorecard", dt.date(2017, 1, 31))}
    good = tables["Schools judged good or better (%)"]
    assert good.header == ["District", "Jul-14", "Jul-15", "Jul-16", "Dec-16"]
    rows = _printed(good)
    assert rows["Norfolk"] == ["70.0%", "79.0%", "86.0%", "88.0%"] and 0 in good.bold_rows
    assert rows["Breckland"][3] == "80.7% (46/57)"
    assert rows["North"][0] == "72.2% (39/54)"  # the seed printed 73%: its own counts give 72.2%
    assert rows["National"] == ["81.0%", "84.0%", "87.0%", "89.0%"]
    neet = next(t for t in tables.values() if t.header[:2] == ["Measure", "Norfolk"])
    assert neet.header[2] == "National (2016-11)" and neet.header[-1] == "Target"
    neet_rows = _printed(neet)
    assert neet_rows["% 16-17 year olds not in education, employment or training (NEET)"][:3] == ["3.9%", "2.6%",
                                                                                                    "3.3%"]


def test_a_dashboard_without_figures_says_so_and_the_mi_report_leaves_its_indicators_out(db):
    IndicatorFactory(ref="EHD X", title="Caseload", dashboard="Early Help dashboard", vital_sign=False)
    ctx = sections.Context(as_at=dt.date(2017, 1, 31))
    blocks = sections.render("early_help_dashboard", ctx)
    assert len(blocks) == 1 and "has no figures on or before 31 January 2017" in blocks[0].text
    ObservationFactory(indicator=Indicator.objects.get(ref="EHD X"), period=dt.date(2017, 1, 1), value=12,
                       breakdown_dimension="Team", breakdown_member="East")
    mi = IndicatorFactory(ref="MI 1", vital_sign=False)
    ObservationFactory(indicator=mi, period=dt.date(2017, 1, 1), value=50)
    table = sections.render("mi_report", sections.Context(as_at=dt.date(2017, 1, 31)))[0]
    refs = [row[0] for row in table.rows]
    assert "MI 1" in refs and "EHD X" not in refs


def test_the_indicator_page_shows_the_same_table_the_pack_prints(seeded, role_client):
    indicator = Indicator.objects.get(ref="EHD 1")
    page = role_client(roles.MEMBER).get(reverse("performance:indicator", args=[indicator.pk])).content.decode()
    assert "<caption>Team Caseload Count</caption>" in page
    packed = _printed(next(t for t in _tables("early_help_dashboard", dt.date(2017, 2, 28))
                           if t.caption == "Team Caseload Count"))
    row = page[page.index(">Breckland<"):]
    row = row[:row.index("</tr>")]
    assert [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:]] == packed["Breckland"]
