"""Import and export in the seed register's columns: one path, preview, row errors, all or nothing."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import roles
from riskregister import selectors, services
from riskregister.models import Risk, RiskReview

pytestmark = pytest.mark.django_db

SEED_SCORES = {
    "RM14284": (4, 3, 12, 2, 3, 6),
    "RM14147": (3, 5, 15, 2, 5, 10),
    "RM14157": (3, 5, 15, 2, 5, 10),
    "RM14148": (3, 5, 15, 2, 4, 8),
}


def seed_with(seed_register_bytes, old, new):
    text = seed_register_bytes.decode()
    assert old in text
    return text.replace(old, new, 1).encode()


def test_importing_the_seed_register_reproduces_its_scores(register, seed_register_bytes):
    outcome = services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    assert outcome.errors == []
    assert outcome.written
    got = {
        r.risk_number: (r.current_likelihood, r.current_impact, r.current_score, r.target_likelihood,
                        r.target_impact, r.target_score)
        for r in Risk.objects.all()
    }
    assert got == SEED_SCORES
    rm14284 = Risk.objects.get(risk_number="RM14284")
    assert (rm14284.level, rm14284.owner.name, rm14284.prospects) == ("C", "Chris Snudden", "red")
    assert rm14284.reviewer == "Richard Snowden and Michael Bateman"
    assert str(rm14284.date_entered) == "2015-11-04" and str(rm14284.target_date) == "2017-03-31"
    assert [r.level for r in selectors.risks(register)] == ["C", "C", "D", "D"]
    # each row is the risk at its review, and that review is kept
    assert RiskReview.objects.filter(reviewed_on="2017-02-28").count() == 4


def test_the_preview_keeps_nothing(register, seed_register_bytes):
    outcome = services.import_register(register, seed_register_bytes, "tsv", dry_run=True)
    assert outcome.ok and not outcome.written
    assert [row["risk_number"] for row in outcome.preview] == ["RM14284", "RM14147", "RM14157", "RM14148"]
    assert [row["current_score"] for row in outcome.preview] == [12, 15, 15, 15]
    assert outcome.preview[0]["line"] == 7  # as the spreadsheet numbers it, below the title rows and header
    assert not Risk.objects.exists()


def test_a_typed_score_that_is_not_l_times_i_is_refused_naming_the_row(register, seed_register_bytes):
    bad = seed_with(seed_register_bytes, "01/12/2013\t3\t5\t15", "01/12/2013\t3\t5\t16")  # RM14147
    outcome = services.import_register(register, bad, "tsv", dry_run=False)
    assert not outcome.written
    assert outcome.errors == ["Row 8 (RM14147): Current Risk Score 16 is not likelihood 3 x impact 5 = 15"]
    assert not Risk.objects.exists()  # all or nothing: the three good rows are not kept either


def test_a_wrong_target_score_is_refused_too(register, seed_register_bytes):
    bad = seed_with(seed_register_bytes, "\t2\t4\t8\t31/03/2017", "\t2\t4\t10\t31/03/2017")  # RM14148
    outcome = services.import_register(register, bad, "tsv")
    assert outcome.errors == ["Row 10 (RM14148): Target Risk Score 10 is not likelihood 2 x impact 4 = 8"]


def test_row_errors_name_row_and_column_and_existing_data_is_untouched(register, seed_register_bytes):
    services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    changed = seed_with(seed_register_bytes, "04/11/2015\t4\t3\t12", "04/11/2015\t2\t3\t6")
    changed = changed.decode().replace("13/03/2014\t3\t5\t15", "13/03/2014\t7\t5\t35").replace(
        "\tAmber\tMatt Dunkley\tDon Evans\t28/02/2017\n", "\tPurple\tMatt Dunkley\tDon Evans\t28/02/2017\n", 1
    ).encode()
    outcome = services.import_register(register, changed, "tsv", dry_run=False)
    assert not outcome.written
    assert any(e.startswith("Row 9 (RM14157): Current Likelihood:") for e in outcome.errors), outcome.errors
    assert any(e.startswith("Row 8 (RM14147): Prospects") and "'Purple'" in e for e in outcome.errors), outcome.errors
    assert Risk.objects.get(risk_number="RM14284").current_score == 12  # the good change was not applied


def test_missing_columns_are_named(register):
    content = b"CDGSTP,Area,Risk Number\nC,Children's Services,RM1\n"
    with pytest.raises(Exception) as exc:
        services.import_register(register, content, "csv")
    assert "Risk Name" in str(exc.value)


def test_export_then_import_round_trips_in_csv_and_xlsx(register, seed_register_bytes):
    services.import_register(register, seed_register_bytes, "tsv", dry_run=False)
    csv_bytes = services.export_register(register, "csv")
    header = csv_bytes.decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[:4] == ["CDGSTP", "Area", "Risk Number", "Risk Name"]
    xlsx = services.export_register(register, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == selectors.COLUMNS
    assert [r[8] for r in rows[1:]] == [12, 15, 15, 15]
    for content, fmt in ((csv_bytes, "csv"), (xlsx, "xlsx")):
        outcome = services.import_register(register, content, fmt, dry_run=False)
        # Nothing changed, and the outcome says so (not "update").
        assert outcome.errors == [] and [r["action"] for r in outcome.preview] == ["unchanged"] * 4
    assert Risk.objects.count() == 4 and RiskReview.objects.count() == 4  # same review day: no duplicates


def test_xlsx_with_the_title_rows_imports(register, seed_register_bytes):
    wb = Workbook()
    ws = wb.active
    for line in seed_register_bytes.decode().splitlines():
        ws.append(line.split("\t"))
    buf = io.BytesIO()
    wb.save(buf)
    outcome = services.import_register(register, buf.getvalue(), "xlsx", dry_run=False)
    assert outcome.errors == []
    assert Risk.objects.get(risk_number="RM14148").target_score == 8


def test_import_page_previews_then_confirms(role_client, register, seed_register_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = role_client(roles.ADMINISTRATOR)
    url = reverse("riskregister:import", args=[register.pk])
    buf = io.StringIO()
    writer = csv.writer(buf)
    for line in seed_register_bytes.decode().splitlines():
        writer.writerow(line.split("\t"))
    upload = SimpleUploadedFile("register.csv", buf.getvalue().encode(), content_type="text/csv")
    preview = admin.post(url, {"file": upload})
    assert preview.status_code == 200
    assert b"4 risks will be imported" in preview.content
    assert not Risk.objects.exists()
    token = preview.context["token"]
    confirmed = admin.post(url, {"confirm": "1", "token": token, "format": "csv"})
    assert confirmed.status_code == 302
    assert Risk.objects.count() == 4


def test_import_page_shows_row_errors(role_client, register, seed_register_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = role_client(roles.ADMINISTRATOR)
    bad = seed_with(seed_register_bytes, "01/12/2013\t3\t5\t15", "01/12/2013\t3\t5\t16")
    response = admin.post(reverse("riskregister:import", args=[register.pk]),
                          {"file": SimpleUploadedFile("r.csv", bad, content_type="text/csv")})
    assert b"Row 8 (RM14147): Current Risk Score 16 is not likelihood 3 x impact 5 = 15" in response.content
    assert "token" not in response.context


def test_import_is_for_administrators(role_client, register):
    assert role_client(roles.RISK_OWNER).get(reverse("riskregister:import", args=[register.pk])).status_code == 403
    assert role_client(roles.MEMBER).get(reverse("riskregister:import", args=[register.pk])).status_code == 403


def test_import_command_uses_the_same_path(register, seed_register_bytes, tmp_path):
    path = tmp_path / "register.tsv"
    path.write_bytes(seed_register_bytes)
    out = io.StringIO()
    call_command("import_risks", str(path), register=register.name, stdout=out)
    assert "4 risks imported" in out.getvalue()
    assert Risk.objects.count() == 4


def test_api_import_previews_then_imports_through_the_same_path(role_client, register, seed_register_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = role_client(roles.ADMINISTRATOR)
    url = f"/api/v1/registers/{register.pk}/import/"
    preview = admin.post(url, {"file": SimpleUploadedFile("r.csv", seed_register_bytes)})
    assert preview.status_code == 200, preview.content
    assert [r["current_score"] for r in preview.json()["preview"]] == [12, 15, 15, 15]
    assert not Risk.objects.exists()
    bad = seed_with(seed_register_bytes, "01/12/2013\t3\t5\t15", "01/12/2013\t3\t5\t16")
    refused = admin.post(url, {"file": SimpleUploadedFile("r.csv", bad), "dry_run": "false"})
    assert refused.status_code == 400
    assert [e["message"] for e in refused.json()["errors"]] == [
        "Row 8 (RM14147): Current Risk Score 16 is not likelihood 3 x impact 5 = 15"]
    done = admin.post(url, {"file": SimpleUploadedFile("r.csv", seed_register_bytes), "dry_run": "false"})
    assert done.status_code == 200 and done.json()["written"] is True
    assert Risk.objects.count() == 4
    owner = role_client(roles.RISK_OWNER)
    assert owner.post(url, {"file": SimpleUploadedFile("r.csv", seed_register_bytes)}).status_code == 403
