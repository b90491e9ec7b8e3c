"""The register export: dates as dates, scores as numbers, no live formulae; a changed row
comes back as "update" and an unchanged one as "unchanged"; oversize cells are a 400."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from riskregister import selectors, services
from riskregister.models import Risk

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x")'


@pytest.fixture
def hostile(register, seed_register_bytes):
    services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    risk = Risk.objects.get(risk_number="RM14284")
    Risk.objects.filter(pk=risk.pk).update(description=HYPERLINK, tasks_to_mitigate="+ more staff")
    return register


def test_the_xlsx_export_types_its_cells(hostile, role_client):
    response = role_client(roles.ADMINISTRATOR).get(reverse("riskregister:export", args=[hostile.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == selectors.COLUMNS
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "RM14284")
    cell = dict(zip(header, row, strict=True))
    for name in ("Date entered on risk register", "Target Date", "Date of review and/or update"):
        assert cell[name].is_date, name
    assert cell["Date entered on risk register"].value.date().isoformat() == "2015-11-04"
    for name in ("Current Likelihood", "Current Impact", "Current Risk Score", "Target Risk Score"):
        assert cell[name].data_type == "n", name
    assert cell["Risk Description"].data_type == "s" and cell["Risk Description"].value == "'" + HYPERLINK
    assert cell["Tasks to mitigate the risk"].value == "'+ more staff"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_the_csv_export_is_neutralised(hostile, role_client):
    response = role_client(roles.ADMINISTRATOR).get(reverse("riskregister:export", args=[hostile.pk, "csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[2] == "RM14284")
    assert row[4] == "'" + HYPERLINK and row[5] == "04/11/2015"


def test_an_unknown_export_format_is_a_404(register, role_client):
    response = role_client(roles.ADMINISTRATOR).get(reverse("riskregister:export", args=[register.pk, "json"]))
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_round_trip_says_unchanged_and_a_real_change_says_update(hostile, fmt):
    content = services.export_register(hostile, fmt)
    outcome = services.import_register(hostile, content, fmt, dry_run=False)
    assert outcome.errors == []
    assert {r["action"] for r in outcome.preview} == {"unchanged"}
    assert Risk.objects.get(risk_number="RM14284").description == HYPERLINK  # the apostrophe came off
    text = services.export_register(hostile, "csv").decode("utf-8-sig").replace("Chris Snudden", "Sara Tough", 1)
    outcome = services.import_register(hostile, text.encode(), "csv", dry_run=True)
    assert [r["action"] for r in outcome.preview].count("update") == 1


def test_a_cell_over_the_csv_modules_limit_is_a_400_not_a_500(register, role_client, seed_register_bytes):
    text = seed_register_bytes.decode().replace("Chris Snudden", "x" * 200_000, 1)
    upload = SimpleUploadedFile("register.tsv", text.encode(), content_type="text/csv")
    admin = role_client(roles.ADMINISTRATOR)
    response = admin.post(f"/api/v1/registers/{register.pk}/import/", {"file": upload})
    assert response.status_code == 400
    assert "32,767" in str(response.json()["errors"])
    page = admin.post(
        reverse("riskregister:import", args=[register.pk]),
        {"file": SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")},
    )
    assert page.status_code == 200 and "32,767" in page.content.decode()
