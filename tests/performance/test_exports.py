"""Observation and MI report exports: typed cells, no live formulae, streamed, and an
observations export imports back with nothing changed."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from core import roles
from performance import importing
from performance.models import Indicator, Observation

from .factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x")'


@pytest.fixture
def figures():
    pct = IndicatorFactory(ref="2.7", polarity="low", green_threshold=20, red_threshold=30)
    count = IndicatorFactory(ref="2.1", unit="count", aggregation="sum", polarity="info", rag_method="",
                             green_threshold=None, red_threshold=None, multiplier=1)
    ObservationFactory(indicator=pct, period=date(2016, 12, 1), value=113 / 566 * 100, numerator=113, denominator=566,
                       note=HYPERLINK)
    ObservationFactory(indicator=count, period=date(2017, 1, 1), value=3163, note="-5 on last month")
    ObservationFactory(indicator=count, period=date(2017, 1, 1), value=12, breakdown_dimension="@Locality",
                       breakdown_member=HYPERLINK)
    return pct, count


def _export(client, fmt, **params):
    return client.get(reverse("performance:export"), {"format": fmt, **params})


def test_the_csv_export_streams_with_a_bom_and_neutralised_text(figures, role_client):
    response = _export(role_client(roles.PERFORMANCE_OFFICER), "csv")
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    notes = {r["note"] for r in rows}
    assert "'" + HYPERLINK in notes and "'-5 on last month" in notes
    broken_down = next(r for r in rows if r["breakdown_dimension"])
    assert broken_down["breakdown_dimension"] == "'@Locality" and broken_down["breakdown_member"] == "'" + HYPERLINK
    assert {r["period"] for r in rows} == {"2016-12", "2017-01"}
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_the_xlsx_export_has_numbers_dates_and_text_never_formulae(figures, role_client):
    response = _export(role_client(roles.PERFORMANCE_OFFICER), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Observations" and sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == importing.COLUMNS
    cells = {c: i for i, c in enumerate(header)}
    for row in sheet.iter_rows(min_row=2):
        assert row[cells["period"]].is_date
        assert row[cells["value"]].data_type == "n" and isinstance(row[cells["value"]].value, float | int)
        for cell in row:
            assert cell.data_type != "f"
    notes = [row[cells["note"]] for row in sheet.iter_rows(min_row=2)]
    link = next(c for c in notes if "HYPERLINK" in str(c.value))
    assert link.data_type == "s" and link.value == "'" + HYPERLINK


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_with_nothing_changed(figures, role_client, fmt):
    response = _export(role_client(roles.PERFORMANCE_OFFICER), fmt)
    before = sorted(Observation.objects.values_list("indicator__ref", "period", "value", "note", "breakdown_member"))
    result = importing.import_file(b"".join(response.streaming_content), f"observations.{fmt}")
    assert result.ok, result.errors
    assert (result.new, result.changed, result.unchanged) == (0, 0, 3)
    assert sorted(Observation.objects.values_list("indicator__ref", "period", "value", "note",
                                                  "breakdown_member")) == before
    assert Observation.objects.get(note__startswith="=").note == HYPERLINK  # the apostrophe came off again


def test_an_unknown_export_format_is_a_404(figures, role_client):
    client = role_client(roles.PERFORMANCE_OFFICER)
    assert _export(client, "pdf").status_code == 404
    assert client.get(reverse("performance:mi_report"), {"format": "json"}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_mi_report_export_keeps_numbers_and_neutralises_text(role_client, fmt):
    ind = IndicatorFactory(ref="2.7", title=HYPERLINK, polarity="low", green_threshold=20, red_threshold=30)
    ObservationFactory(indicator=ind, period=date(2017, 1, 1), value=25.7, numerator=257, denominator=1000)
    response = role_client(roles.MEMBER).get(reverse("performance:mi_report"), {"period": "2017-01", "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
        row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert row["Indicator"] == "'" + HYPERLINK and row["Jan-17"] == "25.7"
        return
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    title, january = sheet.cell(2, header.index("Indicator") + 1), sheet.cell(2, header.index("Jan-17") + 1)
    assert title.data_type == "s" and title.value == "'" + HYPERLINK
    assert january.data_type == "n" and january.value == 25.7 and january.number_format == '0.0"%"'
    assert sheet.freeze_panes == "A2" and sheet.title == "MI 2017-01"


def test_readme_headers_are_accepted(figures):
    """The README writes "breakdown dimension"; people write "Breakdown Member" and "Ref"."""
    content = "Ref,Period,Value,Breakdown dimension,Breakdown Member\n2.1,2017-02,4,Locality,Norwich\n"
    result = importing.import_file(content, "figures.csv")
    assert result.ok and result.written, result.errors
    assert Observation.objects.get(period=date(2017, 2, 1)).breakdown_member == "Norwich"
    assert Indicator.objects.count() == 2


def test_a_200000_character_note_is_a_row_error(figures):
    content = "ref,period,value,note\n2.1,2017-02,4,ok\n2.1,2017-03,5," + "x" * 200_000 + "\n"
    result = importing.import_file(content, "figures.csv")
    assert not result.ok and not result.written
    assert result.errors[0].row == 2 and "32,767" in result.errors[0].message


def test_the_command_refuses_an_oversize_workbook_before_parsing_it(figures, tmp_path):
    import time

    from django.core.management import CommandError, call_command

    from tests.core.test_spreadsheets import _bomb

    path = tmp_path / "figures.xlsx"
    path.write_bytes(_bomb(400_000, declare=False))
    err = io.StringIO()
    started = time.perf_counter()
    with pytest.raises(CommandError):
        call_command("import_observations", str(path), "--dry-run", stderr=err, stdout=io.StringIO())
    assert time.perf_counter() - started < 5
    assert "100,000 rows" in err.getvalue()


def test_the_upload_page_refuses_an_oversize_workbook_with_the_limit(figures, role_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.core.test_spreadsheets import _bomb

    upload = SimpleUploadedFile("figures.xlsx", _bomb(300_000))
    response = role_client(roles.PERFORMANCE_OFFICER).post(reverse("performance:import"), {"file": upload})
    assert response.status_code == 400 and "100,000 rows" in response.content.decode()


def test_a_large_xlsx_export_is_written_by_the_worker_and_downloaded_by_its_owner(
    figures, role_client, monkeypatch, django_capture_on_commit_callbacks
):
    from core.models import Job
    from performance import services

    monkeypatch.setattr(services, "XLSX_INLINE_ROWS", 2)
    client = role_client(roles.PERFORMANCE_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, "xlsx")
    job = Job.objects.get(kind="export_observations")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.result["rows"] == 3
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.result["url"] in page
    download = client.get(job.result["url"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4 and sheet["B2"].is_date
    assert any(c.value == "'" + HYPERLINK for row in sheet.iter_rows() for c in row)
    assert role_client(roles.MEMBER).get(job.result["url"]).status_code in (403, 404)  # only its owner
