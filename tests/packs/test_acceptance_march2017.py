"""Issue 13's acceptance: the demo pack for 14 March 2017, built in a real worker, read back
with pdfplumber. The figures are the seed's (committee-agenda-pack-mar-2017.txt), transcribed
here as the print unit would check them against the pack; where the seed's arithmetic is
wrong the pack prints the computed figure and the import's mismatch list names the row."""

import re
import subprocess

import pdfplumber
import pytest

from committees.packs import sections, services
from core import roles
from core.models import Job
from tests.conftest import wait_for
from tests.packs.conftest import agenda_page_numbers, page_texts
from tests.packs.march2017 import load_demo_meeting
from tests.packs.typesetting import header_words, problems

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]

# The seed's "Performance dashboard": title start -> the 13 figures as printed ("" where blank).
MONTHLY = ["Jan-16", "Feb-16", "Mar-16", "Apr-16", "May-16", "Jun-16", "Jul-16", "Aug-16", "Sep-16", "Oct-16",
           "Nov-16", "Dec-16", "Jan-17"]
QUARTERLY = ["Dec-13", "Mar-14", "Jun-14", "Sep-14", "Dec-14", "Mar-15", "Jun-15", "Sep-15", "Dec-15", "Mar-16",
             "Jun-16", "Sep-16", "Dec-16"]
DASHBOARD = {
    "Percentage of Referrals into Early Help": ("", "", "", "", "", "", "8.2%", "7.9%", "14.1%", "13.3%", "18.0%",
                                                "11.1%", "11.3%", "20.0%"),
    "Percentage of Referrals into Section 17": ("27.0%", "23.1%", "27.0%", "28.2%", "28.2%", "28.2%", "24.6%",
                                                "23.5%", "27.2%", "25.9%", "26.4%", "20.0%", "23.8%", "<20%"),
    "Percentage of Children Starting a Child Protection": ("10.4%", "9.7%", "9.2%", "9.3%", "9.9%", "9.6%", "8.7%",
                                                           "8.6%", "9.5%", "14.3%", "7.8%", "12.7%", "4.2%", "<15%"),
    "Percentage of Children Starting to be looked-after": ("10.0%", "21.1%", "31.4%", "17.4%", "17.9%", "17.8%",
                                                           "17.5%", "17.7%", "17.5%", "17.4%", "20.4%", "20.6%",
                                                           "20.7%", "<15%"),
    "Child in Need (CIN) with up to date CIN Plan": ("58.4%", "56.7%", "57.1%", "68.0%", "63.3%", "61.1%", "60.6%",
                                                     "66.9%", "73.0%", "72.6%", "72.5%", "70.6%", "85.7%", "100%"),
    "Child Protection (CP) - % children seen": ("83.1%", "89.7%", "89.2%", "92.8%", "91.0%", "91.4%", "91.6%",
                                                "89.3%", "89.5%", "88.8%", "87.5%", "90.7%", "89.1%", "100%"),
    "LAC with up to date Care Plan": ("94.9%", "94.3%", "95.2%", "96.6%", "94.7%", "94.2%", "94.8%", "97.6%",
                                      "97.7%", "97.8%", "97.1%", "98.5%", "98.6%", "100%"),
    "LAC with up to date Health Assessment": ("76.0%", "81.9%", "81.9%", "84.9%", "84.6%", "87.7%", "88.8%",
                                              "87.6%", "88.7%", "89.3%", "91.1%", "88.4%", "87.8%", "100%"),
    "Eligible Care Leavers with up to date": ("81.1%", "85.9%", "84.9%", "86.0%", "84.5%", "85.8%", "83.2%",
                                              "84.4%", "88.3%", "86.6%", "87.6%", "91.5%", "89.9%", "100%"),
    "LAC with up to date Personal Education Plan": ("", "", "75.5%", "80.7%", "84.6%", "86.5%", "76.7%", "63.5%",
                                                    "", "73.5%", "88.9%", "81.2%", "82.5%", "100%"),
    "Rate of Looked-After Children per 10,000": ("", "", "68.4", "66.5", "64.5", "64.1", "64.0", "63.6", "63.1",
                                                 "62.5", "62.6", "62.8", "65.5", "<55"),
    "Increase the percentage of education establishments": ("", "", "", "", "71.0%", "", "", "", "80.0%", "", "",
                                                            "87.0%", "88.0%", ">86%"),
}
# Budget rows: label -> (approved, outturn, variance, % of budget) as the pack prints them. The
# seed's "+1.237" for the Early Help agreements is not 2.135 - 2.448: the pack prints -0.313.
BUDGET = {
    "Looked After Children - Agency Residential": ("3.954", "10.899", "+6.945", "+175.6%"),
    "Mainstream Home to School/College transport": ("23.295", "24.245", "+0.950", "+4.1%"),
    "Early Help Service Level Agreements": ("2.448", "2.135", "-0.313", "-12.8%"),
    "Education Services Grant": ("-6.221", "-6.636", "-0.415", "-6.7%"),
}
RM14284 = {"Current likelihood": "4", "Current impact": "3", "Current score": "12", "Target score": "6",
           "Target date": "31/03/2017", "Prospects of meeting target": "Red"}


def _flat(text):
    return " ".join((text or "").split())


def _tables(pdf):
    for number, page in enumerate(pdf.pages, start=1):
        for table in page.extract_tables():
            if table:
                yield number, [[_flat(c) for c in row] for row in table]


def _finished(build):
    job = Job.objects.get(pk=build.job_id)
    return job if job.status in (Job.Status.DONE, Job.Status.FAILED) else None


def test_the_14_march_2017_demo_pack_prints_the_seeds_tables_and_is_typeset_cleanly(media, make_user, request,
                                                                                     tmp_path):
    from finance.models import BudgetImport

    meeting = load_demo_meeting()
    request.getfixturevalue("celery_worker_process")
    build = services.start_build(meeting, user=make_user(roles.COMMITTEE_CLERK))
    job = wait_for(lambda: _finished(build), timeout=240)
    assert job.status == Job.Status.DONE, job.error
    build.refresh_from_db()
    path = services.file_of(build, which="pdf")

    with pdfplumber.open(path) as pdf:
        tables = list(_tables(pdf))
    # The vital signs dashboard: every figure in its indicator's row, under its month.
    grids = [(n, t) for n, t in tables if t[0][2:15] in (MONTHLY, QUARTERLY)]
    assert len(grids) == 2 and grids[0][0] == grids[1][0]  # both grids on the dashboard's page
    rows = {row[0]: row for _n, t in grids for row in t[1:]}
    for start, figures in DASHBOARD.items():
        row = next(r for title, r in rows.items() if title.startswith(start))
        printed = [re.sub(r" [RAG]$", "", cell) for cell in row[2:15]] + [row[15]]
        assert printed == list(figures), start
    # The LAC rate report card: 65.5 for Dec-16, its target <55.
    card_page = next(n for n, t in tables if t[0][:2] == ["Vital sign", "LAC 5 Rate of Looked-After Children per "
                                                                         "10,000 of the overall 0-17 population"])
    card = {row[0]: row[1] for n, t in tables if n == card_page for row in t if len(row) == 2}
    assert card["Target"] == "<55" and card["Latest figure"] == "65.5"
    figures = next(t for n, t in tables if n >= card_page and t[0][0] == "Period" and "Dec-16" in t[0])
    assert figures[1][figures[0].index("Dec-16")].startswith("65.5")
    # RM14284 and the budget rows.
    risk_header, risk = next((t[0], row) for _n, t in tables for row in t if row and row[0] == "RM14284")
    for column, value in RM14284.items():
        assert risk[risk_header.index(column)] == value, column
    budget = {row[0]: row[1:5] for _n, t in tables if t[0][0] == "Division of service" and len(t[0]) == 6
              for row in t[1:]}
    for label, figures in BUDGET.items():
        assert tuple(budget[label]) == figures, label
    # The Early Help dashboard's caseload table: Breckland's January 2017 figure, and a blank
    # cell of the seed printed as a dash (no figure), not as zero.
    caseload = next(t for _n, t in tables if t[0][0] == "Team" and "Jan-17" in t[0]
                    and any(row[0] == "Process Manager West" for row in t) and len(t) == 11)
    by_team = {row[0]: row for row in caseload[1:]}
    assert by_team["Breckland"][caseload[0].index("Jan-17")] == "133"
    assert by_team["Process Manager West"][caseload[0].index("Jan-17")] == "0"
    assert by_team["Process Manager West"][caseload[0].index("May-16")] == "-"
    # The Education scorecard appendix: the NEET table by district, and the seed's slip corrected.
    neet = next(t for _n, t in tables if t[0][:2] == ["Measure", "Norfolk"])
    neet_rows = {row[0]: row for row in neet[1:]}
    assert neet_rows["16 year olds: other education and training"][1] == "0.9%"
    assert neet_rows["% 16-17 year olds not in education, employment or training (NEET)"][1] == "3.9%"
    # The Troubled Families update, as a report card after the Early Help tables.
    tf_page = next(n for n, t in tables if t[0][:1] == ["Indicator"] and t[0][1].startswith("TF 1"))
    tf_card = {row[0]: row[1] for n, t in tables if n == tf_page for row in t if len(row) == 2}
    assert tf_card["Latest figure"] == "574" and tf_card["Target"] == "395 families by March 2017"
    stated = [w for imp in BudgetImport.objects.all() for w in imp.warnings]
    assert any("Early Help Service Level Agreements" in str(w) and "+1.237" in str(w) for w in stated)

    assert_typeset_cleanly(meeting, build, path, appendix_pages=4)

    # The pages as images in the run's output, to be looked at.
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == build.pages


@pytest.mark.timeout(1800)
@pytest.mark.django_db
def test_the_benchmarks_200_page_pack_is_typeset_cleanly_on_every_page(media, make_user, run_on_commit):
    """The benchmark's pack (50 report cards with charts, the MI report, dashboard, risk register,
    budget tables and a 30-page appendix), laid out by the worker's code path in this process."""
    from benchmarks.build_pack import _data

    meeting, _cards = _data()
    with run_on_commit():
        build = services.start_build(meeting, user=make_user(roles.COMMITTEE_CLERK))
    build.refresh_from_db()
    assert build.job.status == Job.Status.DONE, build.job.error
    assert build.pages >= 200
    assert_typeset_cleanly(meeting, build, services.file_of(build, which="pdf"), appendix_pages=30)


def assert_typeset_cleanly(meeting, build, path, *, appendix_pages):
    """On every page: no overprinting, no literal Markdown, no header word split (the appendix's
    ``appendix_pages`` pages per paper are the author's own and not checked); and every agenda
    page reference lands on the page that prints that item's title."""
    doc = sections.document(meeting, public=True, items=sections.pack_items(meeting, build.item_ids))
    appendix = {
        build.item_pages[k] + i for k in build.item_pages if k.startswith("appendix-") for i in range(appendix_pages)
    }
    assert problems(path, header_words(doc), appendix_pages=appendix) == {}
    _r, texts = page_texts(path)
    for number, page in agenda_page_numbers(texts).items():
        title = meeting.items.get(number=number).title
        assert _flat(texts[page - 1]).startswith(f"{number}. {_flat(title)[:30]}"), (number, page)
