"""Issue 17 through the API and the import: the contract other systems are written against."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from core import roles
from performance import importing
from performance.models import Benchmark, Indicator, Observation, Population, Target
from tests.utils import problem_fields

from .factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    client = APIClient()
    client.force_authenticate(make_user(roles.PERFORMANCE_OFFICER))
    return client


def figures(indicator, rows, **kw):
    for period, num, den in rows:
        ObservationFactory(
            indicator=indicator, period=period, numerator=num, denominator=den, value=num / den * 100, **kw
        )


def test_targets_for_past_years_are_written_as_a_list_and_give_rag_for_those_years(officer):
    ind = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    body = {"targets": [{"year": "2016-17", "value": 20.0, "note": "20% or less"}, {"year": "2015-16", "value": 22}]}
    r = officer.patch(f"/api/v1/indicators/{ind.pk}/", body, format="json")
    assert r.status_code == 200, r.json()
    assert [t["year"] for t in r.json()["targets"]] == ["2015-16", "2016-17"]
    assert r.json()["targets"][1] == {
        "year": "2016-17",
        "value": 20.0,
        "note": "20% or less",
        "by": None,
        "trajectory_from": None,
    }
    ObservationFactory(indicator=ind, period=date(2017, 1, 1), value=23.8, numerator=None, denominator=None)
    status = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2017-01").json()
    assert (status["target"], status["rag"]) == (20.0, "amber")
    assert "Target for 2016-17: 20.0%" in status["explanation"]["target"]
    # Writing the list replaces it; history keeps the one removed.
    r = officer.patch(f"/api/v1/indicators/{ind.pk}/", {"targets": [{"year": "2016-17", "value": 19}]}, format="json")
    assert [t["year"] for t in r.json()["targets"]] == ["2016-17"]
    assert Target.history.filter(financial_year=2015, history_type="-").exists()


@pytest.mark.parametrize(
    "targets,field,status",
    [
        ([{"year": "2016-18", "value": 1}], "year", 400),
        ([{"year": "2016-17", "value": 1}, {"year": "2016-17", "value": 2}], "targets", 400),
        # each part fits the schema; together they contradict each other
        ([{"year": "2016-17", "value": 1, "by": "2017-06", "trajectory_from": 3}], "by", 409),
    ],
)
def test_bad_targets_are_refused_naming_the_problem(officer, targets, field, status):
    ind = IndicatorFactory()
    r = officer.patch(f"/api/v1/indicators/{ind.pk}/", {"targets": targets}, format="json")
    assert r.status_code == status
    assert field in str(r.json())
    assert not Target.objects.filter(indicator=ind).exists()


def test_a_trajectory_target_is_used_for_its_months_and_said(officer):
    ind = IndicatorFactory(
        ref="LAC", unit="count", polarity="low", aggregation="latest", rag_method="relative", tolerance_pct=5
    )
    body = {"targets": [{"year": "2016-17", "value": 480, "by": "2017-03", "trajectory_from": 600}]}
    assert officer.patch(f"/api/v1/indicators/{ind.pk}/", body, format="json").status_code == 200
    ObservationFactory(indicator=ind, period=date(2016, 10, 1), value=540)
    status = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2016-10").json()
    assert status["target"] == pytest.approx(534.55, abs=0.01)  # 600 - 120 x 6/11
    assert status["rag"] == "amber"  # 1.0% over the trajectory, within 5%
    assert status["explanation"]["target"].startswith("Trajectory target for Oct-16")


def test_benchmarks_are_writable_and_keep_each_publication(officer):
    ind = IndicatorFactory()
    first = [{"kind": "national_avg", "value": 22.3, "refers_to": "2014-15"}]
    officer.patch(f"/api/v1/indicators/{ind.pk}/", {"benchmarks": first}, format="json")
    both = first + [{"kind": "national_avg", "value": 21.9, "refers_to": "2015-16"}]
    r = officer.patch(f"/api/v1/indicators/{ind.pk}/", {"benchmarks": both}, format="json")
    assert r.status_code == 200 and len(r.json()["benchmarks"]) == 2
    ind = Indicator.objects.get(pk=ind.pk)
    from performance import selectors

    assert selectors.benchmarks_in_force(ind, date(2015, 1, 1))["national_avg"].value == 22.3
    assert selectors.benchmarks_in_force(ind, date(2017, 1, 1))["national_avg"].value == 21.9
    changed = [{"kind": "national_avg", "value": 22.0, "refers_to": "2015-16"}]
    officer.patch(f"/api/v1/indicators/{ind.pk}/", {"benchmarks": changed}, format="json")
    assert Benchmark.history.filter(refers_to="2015-16").count() == 2  # created, then changed
    assert Benchmark.history.filter(refers_to="2014-15", history_type="-").exists()


def test_window_and_prior_window_in_status(officer):
    ind = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    TargetFactory(indicator=ind, financial_year=2016, value=20)
    rows = [(date(2016, m, 1), 20, 100) for m in range(4, 13)]
    rows.remove((date(2016, 7, 1), 20, 100))  # Jul-16 has no figure
    rows[-1] = (date(2016, 12, 1), 30, 100)
    figures(ind, rows)
    r = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2016-12&window=6")
    assert r.status_code == 200, r.json()
    w, prior = r.json()["window"], r.json()["prior_window"]
    assert (w["from"], w["to"], w["months"]) == ("2016-07", "2016-12", 6)
    assert (w["numerator"], w["denominator"], w["value"]) == (110, 500, 22.0)
    assert w["complete"] is False and w["missing"] == ["2016-07"]
    assert (w["mean_numerator"], w["mean_denominator"]) == (22.0, 100.0)
    assert (prior["from"], prior["to"]) == ("2016-06", "2016-11")
    assert (prior["numerator"], prior["denominator"], prior["value"]) == (100, 500, 20.0)
    assert prior["missing"] == ["2016-07"]
    assert officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2016-12").json().get("window") is None
    bad = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2016-12&window=25")
    assert bad.status_code == 400 and "window" in str(bad.json())


def test_population_rates_for_the_county_and_two_areas_and_breakdown_rag(officer):
    ind = IndicatorFactory(
        ref="LAC rate",
        unit="count",
        polarity="low",
        aggregation="latest",
        rag_method="thresholds",
        green_threshold=100,
        red_threshold=120,
        population_age_band="0-17",
    )
    TargetFactory(indicator=ind, financial_year=2016, value=100)
    for area, value in (("Norfolk", 172_000), ("East", 40_000), ("West", 30_000)):
        r = officer.post(
            "/api/v1/populations/",
            {"area": area, "age_band": "0-17", "year": 2016, "value": value, "source": "ONS mid-year estimate"},
            format="json",
        )
        assert r.status_code == 201, r.json()
    Population.objects.create(area="Norfolk", age_band="0-17", year=2018, value=999_999)  # after the period: unused
    period = date(2017, 1, 1)
    ObservationFactory(indicator=ind, period=period, value=1_153)
    ObservationFactory(indicator=ind, period=period, value=95, breakdown_dimension="Locality", breakdown_member="East")
    ObservationFactory(indicator=ind, period=period, value=110, breakdown_dimension="Locality", breakdown_member="West")
    ObservationFactory(
        indicator=ind, period=date(2016, 12, 1), value=100, breakdown_dimension="Locality", breakdown_member="East"
    )
    status = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2017-01").json()
    assert status["rate_per_population"] == pytest.approx(67.0, abs=0.05)  # 1,153 / 172,000 x 10,000
    assert "1,153 / 172,000 (2016 population for Norfolk) x 10,000" in status["explanation"]["rate_per_population"]
    by_member = {b["member"]: b for b in status["breakdowns"]}
    assert by_member["East"]["rag"] == "green" and by_member["West"]["rag"] == "amber"
    assert by_member["East"]["rate_per_population"] == pytest.approx(23.8, abs=0.05)  # 95 / 40,000 x 10,000
    assert by_member["West"]["rate_per_population"] == pytest.approx(36.7, abs=0.05)
    assert by_member["East"]["dot"] == "improving" and by_member["West"]["dot"] is None
    assert set(by_member["East"]) >= {
        "dimension",
        "member",
        "value",
        "numerator",
        "denominator",
        "rag",
        "dot",
        "rate_per_population",
    }
    assert "not the total" in status["explanation"]["breakdowns"]  # 95 + 110 is not 1,153


def test_populations_are_written_by_officers_only_and_validated(make_user, officer):
    member = APIClient()
    member.force_authenticate(make_user(roles.MEMBER))
    body = {"area": "Norfolk", "age_band": "0-17", "year": 2016, "value": 172000}
    assert member.post("/api/v1/populations/", body, format="json").status_code == 403
    assert officer.post("/api/v1/populations/", {**body, "value": 0}, format="json").status_code == 400
    assert officer.post("/api/v1/populations/", body, format="json").status_code == 201
    # the same year twice: a conflict with what is stored
    assert officer.post("/api/v1/populations/", body, format="json").status_code == 409
    pop = Population.objects.get()
    assert officer.patch(f"/api/v1/populations/{pop.pk}/", {"value": 173000}, format="json").status_code == 200
    assert Population.history.count() == 2


def test_trend_rating_and_comparison_in_status(officer):
    ind = IndicatorFactory(
        unit="percentage",
        polarity="low",
        aggregation="latest",
        trend_rule={"bit_better": 1, "much_better": 3, "basis": "points"},
    )
    ObservationFactory(indicator=ind, period=date(2016, 3, 1), value=34.0)
    ObservationFactory(indicator=ind, period=date(2016, 12, 1), value=31.5)
    ObservationFactory(indicator=ind, period=date(2017, 1, 1), value=30.0)
    status = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2017-01&compare_to=2016-03").json()
    assert status["trend_rating"] == "bit better"
    from django.test import Client

    from tests.factories import UserFactory

    member = Client()
    member.force_login(UserFactory(roles=[roles.MEMBER]))
    page = member.get(f"/performance/indicators/{ind.pk}/?period=2017-01").content.decode()
    assert "Trend: <strong>bit better</strong>" in page  # beside the direction of travel
    assert "at least 1 is a bit better" in status["explanation"]["trend_rating"]
    assert status["comparison"] == {
        "period": "2016-03",
        "value": 34.0,
        "change": -4.0,
        "direction": "improving",
        "explanation": status["comparison"]["explanation"],
    }


def test_trend_rule_and_window_months_are_validated(officer):
    ind = IndicatorFactory()
    bad = officer.patch(
        f"/api/v1/indicators/{ind.pk}/", {"trend_rule": {"bit_better": 5, "much_better": 1}}, format="json"
    )
    # both numbers fit the schema (above 0); in that order they contradict each other
    assert bad.status_code == 409 and "trend_rule" in problem_fields(bad.json())
    zero = officer.patch(f"/api/v1/indicators/{ind.pk}/", {"trend_rule": {"bit_better": 0, "much_better": 1}},
                         format="json")
    assert zero.status_code == 400 and "trend_rule" in problem_fields(zero.json())
    assert officer.patch(f"/api/v1/indicators/{ind.pk}/", {"window_months": 30}, format="json").status_code == 400
    ok = officer.patch(
        f"/api/v1/indicators/{ind.pk}/",
        {"rag_rule": {"method": "around_target", "margin_pct": 5}, "window_months": 6},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["rag_rule"] == {"method": "around_target", "margin_pct": 5.0}


# --- imports: N/A, rounded figures, provisional --------------------------------


def test_na_in_an_import_means_not_applicable_and_keeps_the_text():
    ind = IndicatorFactory(ref="6.14")
    result = importing.import_rows(
        [
            {"ref": "6.14", "period": "2016-12", "value": "N/A"},
            {"ref": "6.14", "period": "2017-01", "value": "n/a", "note": "no cohort"},
            {"ref": "6.14", "period": "2016-11", "value": "-"},
            {"ref": "6.14", "period": "2016-10", "value": "NA"},
        ]
    )
    assert result.ok, result.errors
    obs = {o.period: o for o in Observation.objects.filter(indicator=ind)}
    assert all(o.no_data_expected and o.value is None for o in obs.values())
    assert obs[date(2016, 12, 1)].note == "N/A"
    assert obs[date(2017, 1, 1)].note == "n/a: no cohort"


def test_a_whole_number_percentage_beside_its_parts_is_accepted_as_rounded():
    IndicatorFactory(ref="CIN 1")
    result = importing.import_rows(
        [
            {"ref": "CIN 1", "period": "2018-05", "value": "24%", "numerator": "2162", "denominator": "9030"},
            {"ref": "CIN 1", "period": "2018-04", "value": "23.9", "numerator": "2162", "denominator": "9030"},
        ]
    )
    assert result.ok, result.errors
    assert [(n.row, n.column) for n in result.notices] == [(1, "value"), (2, "value")]
    assert "rounded to 0 decimal places" in result.notices[0].message
    stored = Observation.objects.get(period=date(2018, 5, 1)).value
    assert stored == pytest.approx(2162 / 9030 * 100)  # the exact figure, not 24


def test_a_rounded_value_that_does_not_match_is_still_refused():
    IndicatorFactory(ref="CIN 1")
    result = importing.import_rows(
        [{"ref": "CIN 1", "period": "2018-05", "value": "25%", "numerator": "2162", "denominator": "9030"}]
    )
    assert not result.ok
    assert result.errors[0].column == "value" and "24 to 0 decimal places" in result.errors[0].message
    assert not Observation.objects.exists()


def test_provisional_figures_are_stored_marked_and_round_trip(officer):
    ind = IndicatorFactory(ref="2.1", unit="count", aggregation="sum", rag_method="", polarity="info")
    result = importing.import_rows([{"ref": "2.1", "period": "2017-01", "value": "2500", "provisional": "yes"}])
    assert result.ok, result.errors
    assert Observation.objects.get().provisional is True
    status = officer.get(f"/api/v1/indicators/{ind.pk}/status/?period=2017-01").json()
    assert status["provisional"] is True
    again = importing.import_rows([{"ref": "2.1", "period": "2017-01", "value": "2500", "provisional": "yes"}])
    assert again.unchanged == 1
    confirmed = importing.import_rows([{"ref": "2.1", "period": "2017-01", "value": "2500", "provisional": "no"}])
    assert confirmed.changed == 1 and Observation.objects.get().provisional is False


# --- pages -----------------------------------------------------------------------


def test_indicator_page_shows_windows_breakdown_rag_and_rate_and_the_comparison(role_client):
    from performance.models import Population

    ind = IndicatorFactory(
        ref="CP rate",
        title="Children subject to a child protection plan",
        unit="count",
        polarity="low",
        aggregation="sum",
        rag_method="thresholds",
        green_threshold=100,
        red_threshold=120,
        population_age_band="0-17",
        window_months=6,
        total_excludes=["Citywide"],
    )
    TargetFactory(indicator=ind, financial_year=2016, value=100)
    Population.objects.create(area="Norfolk", age_band="0-17", year=2016, value=172_000)
    Population.objects.create(area="East", age_band="0-17", year=2016, value=40_000)
    for m in range(3, 13):
        ObservationFactory(indicator=ind, period=date(2016, m, 1), value=110, provisional=(m == 12))
    ObservationFactory(
        indicator=ind, period=date(2016, 12, 1), value=95, breakdown_dimension="Locality", breakdown_member="East"
    )
    ObservationFactory(
        indicator=ind, period=date(2016, 12, 1), value=125, breakdown_dimension="Locality", breakdown_member="West"
    )
    client = role_client(roles.MEMBER)
    html = client.get(f"/performance/indicators/{ind.pk}/?period=2016-12").content.decode()
    assert "6 month cumulative" in html and "660" in html  # Jul-Dec at 110
    assert "Previous 6 months" in html
    assert "Against Mar-16" in html or "Against March 2016" in html
    assert "Locality: East" in html and "rag-green" in html and "rag-red" in html
    assert "Trend: <strong>" not in html  # no trend rule on this indicator
    assert "23.8" in html  # East 95 / 40,000 x 10,000
    assert "not the total" in html  # 95 + 125 is not 110
    assert "provisional, subject to validation" in html
    asked = client.get(f"/performance/indicators/{ind.pk}/?period=2016-12&window=3&compare_to=2016-06")
    assert "3 month cumulative" in asked.content.decode() and asked.status_code == 200


def test_mi_report_carries_window_columns_per_report_and_in_its_export(role_client):
    ind = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    for m in range(7, 13):
        ObservationFactory(indicator=ind, period=date(2016, m, 1), value=20.0, numerator=20, denominator=100)
    client = role_client(roles.MEMBER)
    html = client.get("/performance/mi-report/?period=2016-12&window=6").content.decode()
    assert "6 month cumulative / average" in html and "Previous 6 months" in html
    export = client.get("/performance/mi-report/?period=2016-12&window=6&format=csv")
    assert export.status_code == 200
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode("utf-8-sig")
    assert "6 month cumulative / average" in text.splitlines()[0]


def test_the_import_preview_warns_when_members_do_not_add_up():
    IndicatorFactory(ref="EH 1", unit="count", aggregation="sum", polarity="info", rag_method="")
    EAST = {"breakdown_dimension": "Locality", "breakdown_member": "East"}
    WEST = {"breakdown_dimension": "Locality", "breakdown_member": "West"}
    result = importing.import_rows(
        [
            {"ref": "EH 1", "period": "2017-01", "value": "100"},
            {"ref": "EH 1", "period": "2017-01", "value": "60", **EAST},
            {"ref": "EH 1", "period": "2017-01", "value": "30", **WEST},
        ],
        dry_run=True,
    )
    assert result.ok and len(result.notices) == 1
    assert result.notices[0].row == 1 and "add up to 90, not the total 100" in result.notices[0].message


def test_members_are_added_up_across_the_whole_import_and_reported_once(monkeypatch):
    """A large file is checked in chunks; a total and its members in different chunks are
    still checked together, and each indicator and period is reported once."""
    IndicatorFactory(ref="EH 1", unit="count", aggregation="sum", polarity="info", rag_method="",
                     total_excludes=["Citywide"])
    IndicatorFactory(ref="EH 2", unit="count", aggregation="sum", polarity="info", rag_method="")
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)

    def member(ref, name, value, period="2017-01"):
        return {"ref": ref, "period": period, "value": value, "breakdown_dimension": "Locality",
                "breakdown_member": name}

    rows = [
        {"ref": "EH 1", "period": "2017-01", "value": "100"},
        member("EH 1", "East", "60"),  # chunk 1
        member("EH 1", "West", "30"),
        member("EH 1", "Citywide", "500"),  # chunk 2: excluded from the total
        member("EH 1", "North", "5"),
        {"ref": "EH 2", "period": "2017-01", "value": "10"},  # chunk 3
        member("EH 2", "East", "4"),
        member("EH 2", "West", "6"),  # chunk 4: adds up
    ]
    result = importing.import_rows(rows, dry_run=True)
    assert result.ok
    assert [(n.row, n.message) for n in result.notices] == [
        (1, "EH 1 Jan-17 by locality: Members add up to 95, not the total 100 (Citywide excluded from the "
            "total), and nothing explains it.")
    ]


# --- the pack's tables -------------------------------------------------------------


def _printed(blocks):
    """The blocks laid out by the pack's PDF engine, read back as text."""
    import io

    import pdfplumber

    from committees.packs import pdf

    buf = io.BytesIO()
    pdf.bare_document(buf).build(pdf.flowables_for(blocks))
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def test_the_pack_marks_provisional_figures_with_a_key_and_prints_window_columns():
    from core.documents import sections

    vital = IndicatorFactory(ref="VS 1", title="Re-referrals", vital_sign=True)
    for m in range(1, 13):
        ObservationFactory(indicator=vital, period=date(2016, m, 1), value=20.0 + m / 10, provisional=(m == 12))
    mi = IndicatorFactory(
        ref="3.1", title="Assessments", vital_sign=False, unit="count", aggregation="sum", polarity="info",
        rag_method="", window_months=6,
    )
    for m in range(1, 13):
        ObservationFactory(indicator=mi, period=date(2016, m, 1), value=100)
    ctx = sections.Context(as_at=date(2017, 1, 15))
    text = _printed(sections.render("vital_signs_dashboard", ctx))
    assert "21.2% p" in text and "p: provisional, subject to validation" in text
    text = _printed(sections.render("mi_report", ctx))
    flat = " ".join(text.split())
    assert "cumulative" in flat and "6m: 600" in flat, flat
