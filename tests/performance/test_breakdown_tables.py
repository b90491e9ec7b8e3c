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
    # Teams print in the seed's order (the order the imported file first gives them), not alphabetically.
    assert list(rows) == ["Breckland", "North & Broadland", "City", "East", "South", "West",
                          "Process Manager Team Breckland", "Process Manager Team City & South",
                          "Process Manager Team North, East & Broadland", "Process Manager West"]
    assert list(_printed(tables["Average Days to allocation"])) == [
        "Breckland Team", "City Team", "East Team", "North Team & Broadland", "South Team", "West Team"]
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
    # Each indicator's own decimal places: Attainment 8 to one ("49.0", not "49"), Progress 8 to two.
    attainment = _printed(tables["Attainment 8: all pupils"])
    assert attainment["Norfolk"] == ["48.3", "49.0"] and attainment["National"] == ["48.4", "49.9"]
    assert _printed(tables["Progress 8: disadvantaged pupils"])["Great Yarmouth"] == ["-0.10", "-0.06"]
    neet = next(t for t in tables.values() if t.header[:2] == ["Measure", "Norfolk"])
    assert neet.header[2] == "National (2016-11)" and neet.header[-1] == "Target"
    neet_rows = _printed(neet)
    # Districts in the seed's column order (City, South, KL...), not alphabetically.
    assert neet.header[3:] == ["City", "South", "KL", "Breckland", "GY", "Broadland", "NN", "Target"]
    assert neet_rows["% 16-17 year olds not in education, employment or training (NEET)"][:3] == ["3.9%", "2.6%",
                                                                                                    "6.3%"]


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


def test_members_print_in_the_order_the_import_first_gives_them_and_an_edited_order_is_kept(db):
    from performance import services

    ind = IndicatorFactory(ref="EHD Y", title="Caseload", dashboard="Early Help dashboard", vital_sign=False)
    rows = "ref,period,value,breakdown_dimension,breakdown_member\n" + "".join(
        f"EHD Y,2017-01,{n},Team,{member}\n" for n, member in enumerate(["West", "City", "East"], start=1))
    assert services.import_observations(rows.encode(), "caseload.csv").written
    ind.refresh_from_db()
    assert ind.breakdown_order == ["West", "City", "East"]

    def printed_members():
        table = _tables("early_help_dashboard", dt.date(2017, 2, 28))[0]
        return [row[0] for row in table.rows]

    assert printed_members() == ["West", "City", "East"]
    # An officer reorders them in admin; a later file keeps that order and adds its new member last.
    ind.breakdown_order = ["East", "West", "City"]
    ind.save()
    later = "ref,period,value,breakdown_dimension,breakdown_member\nEHD Y,2017-02,4,Team,Breckland\n" \
            "EHD Y,2017-02,5,Team,West\n"
    assert services.import_observations(later.encode(), "caseload-feb.csv").written
    ind.refresh_from_db()
    assert ind.breakdown_order == ["East", "West", "City", "Breckland"]
    assert printed_members() == ["East", "West", "City", "Breckland"]
    assert ind.history.first().breakdown_order == ["East", "West", "City", "Breckland"]
    # A dry run or a refused file leaves the order alone.
    bad = ("ref,period,value,breakdown_dimension,breakdown_member\n"
           "EHD Y,2017-03,1,Team,North\nEHD Y,2017-13,1,Team,South\n")
    assert not services.import_observations(bad.encode(), "bad.csv").written
    assert services.import_observations(bad.replace("2017-13", "2017-03").encode(), "dry.csv", dry_run=True)
    ind.refresh_from_db()
    assert ind.breakdown_order == ["East", "West", "City", "Breckland"]


def test_the_vital_signs_first_three_months_are_rated_against_the_2015_16_targets(seeded):
    """Jan-16 to Mar-16 fall in 2015-16: the demo holds that year's targets, so the March 2017
    pack colours those cells as the seed does (amber within 10% of target, red beyond)."""
    monthly = _tables("vital_signs_dashboard", dt.date(2017, 2, 28))[0]
    assert monthly.header[2:5] == ["Jan-16", "Feb-16", "Mar-16"]
    by_title = {row[0]: row[2:5] for row in monthly.rows}
    rated = {title: [cell.rag for cell in cells] for title, cells in by_title.items() if cells[0].printed()}
    assert len(rated) == 8 and all(None not in colours for colours in rated.values())
    cin = next(c for title, c in rated.items() if title.startswith("Percentage of Referrals into Section 17"))
    assert cin == ["red", "red", "red"]  # 27.0%, 23.1%, 27.0% against <20%: more than 10% worse
    care_plan = rated["LAC with up to date Care Plan"]
    assert care_plan == ["amber", "amber", "amber"]  # 94.9%, 94.3%, 95.2% against 100%: within 10%
