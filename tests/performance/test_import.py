"""Importing observations: one path for the page, the command, the API, the job and the demo."""

import io
from datetime import date

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import roles
from core.models import Job
from performance import importing, services
from performance.models import Observation

from .factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

HEADER = "ref,period,value,numerator,denominator,breakdown_dimension,breakdown_member,note,no_data_expected\n"


@pytest.fixture
def indicators():
    pct = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    count = IndicatorFactory(
        ref="2.1",
        unit="count",
        aggregation="sum",
        polarity="info",
        rag_method="",
        green_threshold=None,
        red_threshold=None,
        multiplier=1,
    )
    ObservationFactory(indicator=pct, period=date(2016, 12, 1), value=113 / 566 * 100, numerator=113, denominator=566)
    return pct, count


def snapshot():
    return sorted(
        Observation.objects.values_list("indicator__ref", "period", "value", "numerator", "denominator")
    ), Observation.history.count()


def test_a_malformed_file_reports_every_bad_row_and_leaves_the_database_as_it_was(indicators):
    before = snapshot()
    csv = HEADER + (
        "2.7,2017-01,,185,776,,,,\n"  # fine
        "2.7,Jan-17,23.8,,,,,,\n"  # bad period
        "9.99,2017-01,5,,,,,,\n"  # unknown ref
        "2.1,2017-01,lots,,,,,,\n"  # text in a number
        "2.7,2016-11,,800,776,,,,\n"  # numerator above denominator
        "2.1,2016-12,2852,,,,,,\n"  # fine
    )
    result = services.import_observations(csv, "figures.csv")
    assert not result.ok and not result.written
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "period"), (3, "ref"), (4, "value"), (5, "numerator")}
    messages = " ".join(str(e) for e in result.errors)
    assert "Row 2, period: 'Jan-17' is not a period" in messages
    assert "Unknown indicator ref '9.99'" in messages
    assert "'lots' is not a number" in messages
    assert "above the denominator" in messages
    assert snapshot() == before


def test_a_clean_file_is_previewed_then_written_with_history(indicators, make_user):
    user = make_user(roles.PERFORMANCE_OFFICER)
    csv = HEADER + "2.7,2016-12,20.0,113,566,,,,\n2.7,2017-01,,185,776,,,,\n2.1,2017-01,3163,,,,,,\n"
    preview = services.import_observations(csv, "f.csv", dry_run=True)
    assert (preview.new, preview.changed, preview.unchanged) == (2, 0, 1)
    assert [p["status"] for p in preview.preview] == ["unchanged", "new", "new"]
    assert not Observation.objects.filter(period=date(2017, 1, 1)).exists()

    result = services.import_observations(csv, "f.csv", user=user)
    assert result.written
    jan = Observation.objects.get(indicator__ref="2.7", period=date(2017, 1, 1))
    assert round(jan.value, 1) == 23.8  # derived from 185 / 776 x 100
    record = jan.history.get()
    assert record.history_user == user and record.history_type == "+"

    changed = HEADER + "2.1,2017-01,3170,,,,,Corrected after audit,\n"
    again = services.import_observations(changed, "f.csv", user=user)
    assert (again.new, again.changed) == (0, 1)
    latest = Observation.objects.get(indicator__ref="2.1", period=date(2017, 1, 1))
    assert latest.value == 3170
    assert [h.value for h in latest.history.order_by("history_date", "history_id")] == [3163, 3170]


def test_a_value_that_contradicts_its_numerator_and_denominator_is_refused(indicators):
    result = services.import_observations(HEADER + "2.7,2017-01,91.5,936,1184,,,,\n", "f.csv")
    assert [(e.column, e.message[:25]) for e in result.errors] == [("value", "91.5 does not match numer")]


def test_the_same_figure_twice_in_one_file_is_refused(indicators):
    csv = HEADER + "2.1,2017-01,1,,,,,,\n2.1,2017-01,2,,,,,,\n"
    result = services.import_observations(csv, "f.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "period")]


def test_breakdowns_and_no_data_expected(indicators):
    csv = HEADER + "2.1,2017-01,1402,,,Source,Police,,\n2.1,2016-11,,,,,,,yes\n2.1,2017-02,,,,,,,\n"
    result = services.import_observations(csv, "f.csv")
    assert [(e.row, e.column) for e in result.errors] == [(3, "value")]  # no figure and not "none expected"
    result = services.import_observations(csv.rsplit("2.1,2017-02", 1)[0], "f.csv")
    assert result.written
    assert Observation.objects.get(breakdown_member="Police").value == 1402
    assert Observation.objects.get(period=date(2016, 11, 1)).no_data_expected


def test_xlsx_in_the_same_long_format(indicators):
    data = tablib.Dataset(headers=["ref", "period", "value", "numerator", "denominator"])
    data.append(["2.7", "2017-01", None, 185, 776])
    data.append(["2.1", "2017-01", 3163, None, None])
    result = services.import_observations(data.export("xlsx"), "figures.xlsx")
    assert result.written and result.new == 2


def test_a_file_that_is_not_a_table_is_refused_plainly(indicators):
    result = services.import_observations(b"PK\x03\x04 not really", "figures.xlsx")
    assert result.errors[0].column == "file"
    assert services.import_observations("a,b\n1,2\n", "x.csv").errors[0].message.startswith("The header row lacks")


def test_management_command_dry_run_then_import(indicators, tmp_path):
    path = tmp_path / "jan.csv"
    path.write_text(HEADER + "2.1,2017-01,3163,,,,,,\n")
    out = io.StringIO()
    call_command("import_observations", str(path), "--dry-run", stdout=out)
    assert "1 new" in out.getvalue() and "Dry run" in out.getvalue()
    assert not Observation.objects.filter(indicator__ref="2.1").exists()
    call_command("import_observations", str(path), stdout=io.StringIO())
    assert Observation.objects.get(indicator__ref="2.1").value == 3163


def test_management_command_fails_on_a_bad_file_and_writes_nothing(indicators, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2.1,2017-01,3163,,,,,,\n2.1,2017-13,1,,,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_observations", str(path), stdout=io.StringIO(), stderr=err)
    assert "Row 2, period" in err.getvalue()
    assert not Observation.objects.filter(indicator__ref="2.1").exists()


def test_upload_page_previews_then_imports_on_confirmation(indicators, role_client):
    client = role_client(roles.PERFORMANCE_OFFICER)
    upload = io.BytesIO((HEADER + "2.1,2017-01,3163,,,,,,\n").encode())
    upload.name = "jan.csv"
    page = client.post(reverse("performance:import"), {"file": upload})
    assert page.status_code == 200
    assert b"1 new" in page.content and not Observation.objects.filter(indicator__ref="2.1").exists()
    token = page.context["token"]
    done = client.post(reverse("performance:import"), {"token": token}, follow=True)
    assert b"Imported: 1 new" in done.content
    assert Observation.objects.get(indicator__ref="2.1").value == 3163


def test_upload_page_lists_row_errors(indicators, role_client):
    client = role_client(roles.PERFORMANCE_OFFICER)
    upload = io.BytesIO((HEADER + "2.1,2017-01,abc,,,,,,\n").encode())
    upload.name = "jan.csv"
    page = client.post(reverse("performance:import"), {"file": upload})
    assert page.status_code == 400
    assert "Row 1, value: &#x27;abc&#x27; is not a number." in page.content.decode()


def test_a_large_file_is_imported_by_a_background_job_with_progress(
    indicators, role_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "LARGE_IMPORT_ROWS", 10)
    client = role_client(roles.PERFORMANCE_OFFICER)
    rows = "".join(f"2.1,{y}-{m:02d},{100 + m},,,,,,\n" for y in (2015, 2016) for m in range(1, 13))
    upload = io.BytesIO((HEADER + rows).encode())
    upload.name = "two-years.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("performance:import"), {"file": upload})
    job = Job.objects.get(kind="import_observations")
    assert response.url == reverse("performance:import_job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.progress == 100
    assert job.result["new"] == 24 and job.result["written"]
    assert Observation.objects.filter(indicator__ref="2.1").count() == 24
    page = client.get(response.url)
    assert b"24 new" in page.content and b"<progress" in page.content


def test_a_data_owner_imports_only_their_own_indicators(indicators, role_client):
    client = role_client(roles.DATA_OWNER)
    upload = io.BytesIO((HEADER + "2.1,2017-01,3163,,,,,,\n").encode())
    upload.name = "jan.csv"
    assert client.post(reverse("performance:import"), {"file": upload}).status_code == 403
    indicators[1].data_owner = client.user.person
    indicators[1].save()
    upload.seek(0)
    assert client.post(reverse("performance:import"), {"file": upload}).status_code == 200


def test_the_validator_is_the_engines(indicators):
    clean, errors = importing.validate([{"ref": "2.7", "period": "2017-01", "value": "120"}])
    assert not clean and errors[0].message == "A percentage must be between 0 and 100 (got 120)."


def test_indicators_import_with_targets_and_benchmarks_all_or_nothing():
    from performance.models import Benchmark, Indicator, Target

    header = (
        "ref,title,area,polarity,unit,aggregation,multiplier,rag_method,green_threshold,red_threshold,"
        "target_2016,national_avg,benchmark_refers_to\n"
    )
    good = header + "6.5,CP rate per 10k,Child Protection,low,rate,latest,10000,thresholds,30,35,30,43.1,2015-16\n"
    result = services.import_indicators(good, "ind.csv")
    assert result.ok and result.new == 1
    assert Target.objects.get(indicator__ref="6.5").value == 30
    assert Benchmark.objects.get(indicator__ref="6.5").refers_to == "2015-16"

    bad = header + (
        "6.6,Fine,CP,low,rate,latest,1,,,,,,\n"
        "3.3,Assessments in 45 WD,Assessments,high,percentage,ratio,100,thresholds,70,80,80,,\n"
        "7.2,LAC rate,LAC,low,rate,latest,10000,,,,lots,,\n"
    )
    result = services.import_indicators(bad, "ind.csv")
    assert {(e.row, e.column) for e in result.errors} >= {(2, "rag_method"), (3, "target_2016")}
    assert "overlap" in " ".join(e.message for e in result.errors)
    assert not Indicator.objects.filter(ref__in=["6.6", "3.3", "7.2"]).exists()
