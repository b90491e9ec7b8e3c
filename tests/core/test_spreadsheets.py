"""core.spreadsheets: reading what people save from Excel, refusing what would take minutes
to parse, and writing exports no spreadsheet mistakes for formulas."""

import io
import time
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from core import downloads
from core import spreadsheets as sheets

HYPERLINK = '=HYPERLINK("http://x")'


def rows_of(source, **kw):
    return [row for _n, row in sheets.read_rows(source, **kw)]


def test_utf8_with_a_bom_reads_the_first_header_cleanly():
    content = "\ufeffref,note\n2.1,£5m saved\n".encode()
    assert rows_of(content) == [["ref", "note"], ["2.1", "£5m saved"]]


def test_windows_1252_with_a_pound_sign_is_read_as_such():
    content = "ref,note\n2.1,£5m – saved\n".encode("cp1252")
    assert rows_of(content)[1] == ["2.1", "£5m – saved"]


def test_bytes_that_are_neither_encoding_are_refused_naming_both():
    content = b"ref,note\n2.1,\x81\x8d\x8f\n"  # undefined in Windows-1252, invalid UTF-8
    with pytest.raises(sheets.SheetError) as err:
        rows_of(content, filename="figures.csv")
    assert "UTF-8" in str(err.value) and "Windows-1252" in str(err.value) and "figures.csv" in str(err.value)


def test_semicolon_and_tab_delimited_files_are_recognised():
    assert rows_of(b"ref;period;value\n2.1;2017-01;12,5\n")[1] == ["2.1", "2017-01", "12,5"]
    assert rows_of(b"ref\tperiod\n2.1\t2017-01\n")[1] == ["2.1", "2017-01"]


def test_headers_match_however_people_write_them():
    content = b"Ref,Period,Breakdown Dimension, breakdown_member ,NOTE\n2.1,2017-01,Locality,Norwich,x\n"
    with sheets.Table(
        content, columns=["ref", "period", "breakdown_dimension", "breakdown_member", "note"], required=["ref"]
    ) as table:
        records = list(table.records())
    assert records == [
        (2, {"ref": "2.1", "period": "2017-01", "breakdown_dimension": "Locality", "breakdown_member": "Norwich",
             "note": "x"})
    ]


def test_a_missing_or_unknown_column_is_named():
    with pytest.raises(sheets.SheetError, match="The header row lacks the column.*period"):
        sheets.Table(b"ref,value\n", columns=["ref", "period", "value"], required=["ref", "period"])
    with pytest.raises(sheets.SheetError, match="Unknown column.*colour"):
        sheets.Table(b"ref,period,colour\n", columns=["ref", "period"], required=["ref"])


def test_a_200000_character_cell_is_a_row_error_not_a_crash():
    content = b"ref,note\n2.1,short\n2.2," + b"x" * 200_000 + b"\n"
    with pytest.raises(sheets.SheetError) as err:
        rows_of(content)
    assert err.value.row == 3
    assert "32,767" in str(err.value)


def test_a_cell_between_excels_limit_and_the_csv_modules_names_its_column():
    content = b"ref,note\n2.1," + b"x" * 40_000 + b"\n"
    with pytest.raises(sheets.SheetError) as err:
        rows_of(content)
    assert (err.value.row, err.value.column) == (2, "column B")


def test_row_and_column_limits_name_the_limit():
    with pytest.raises(sheets.SheetError, match="more than 3 rows"):
        rows_of(b"a\n1\n2\n3\n4\n", limits=sheets.Limits(rows=3))
    with pytest.raises(sheets.SheetError, match="the limit is 2"):
        rows_of(b"a,b,c\n", limits=sheets.Limits(columns=2))


def _bomb(rows, declare=True):
    """A workbook whose one sheet has ``rows`` rows, built by hand so it stays tiny."""
    body = b"<row><c><v>1</v></c></row>" * rows  # rows may leave out their numbers, and compress well
    dimension = b'<dimension ref="A1:A%d"/>' % rows if declare else b""
    files = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Figures" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main">' + dimension + b"<sheetData>" + body + b"</sheetData></worksheet>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_a_million_row_workbook_under_1_mb_is_refused_in_under_2_seconds(declare):
    bomb = _bomb(1_000_000, declare=declare)
    assert len(bomb) < 1_048_576
    started = time.perf_counter()
    with pytest.raises(sheets.SheetError) as err:
        rows_of(bomb, filename="figures.xlsx")
    assert time.perf_counter() - started < 2
    assert "100,000 rows" in str(err.value)


def test_a_sheet_that_under_declares_its_size_is_still_read_in_full():
    book = Workbook()
    ws = book.active
    for i in range(5):
        ws.append([i])
    buf = io.BytesIO()
    book.save(buf)
    raw = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(raw, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:A5"/>', b'<dimension ref="A1:A1"/>')
            dst.writestr(item, data)
    content = raw.getvalue()
    assert rows_of(content) == [[0], [1], [2], [3], [4]]


def test_an_xlsx_expanding_past_the_uncompressed_limit_is_refused():
    with pytest.raises(sheets.SheetError, match="uncompressed"):
        rows_of(_bomb(1000), limits=sheets.Limits(uncompressed_bytes=10_000))


def test_a_damaged_workbook_is_a_sheet_error():
    with pytest.raises(sheets.SheetError, match="not a readable Excel workbook"):
        rows_of(b"PK\x03\x04 not really a zip", filename="x.xlsx")


# --- writing ---------------------------------------------------------------------


COLUMNS = [
    sheets.Column("Ref"),
    sheets.Column("Budget £m", "number", sheets.MONEY_M),
    sheets.Column("Share", "number", "0.0%"),
    sheets.Column("Reviewed", "date"),
    sheets.Column("Note"),
]
ROWS = [["2.1", 12.3456, 0.125, date(2017, 1, 31), HYPERLINK], ["-", -0.4, None, None, "+44 1603 222222"]]


def test_xlsx_keeps_types_formats_sheet_name_and_frozen_header():
    book = load_workbook(io.BytesIO(sheets.write_xlsx(COLUMNS, ROWS, sheet="Budget: 2016/17")))
    ws = book.active
    assert ws.title == "Budget- 2016-17"
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Ref", "Budget £m", "Share", "Reviewed", "Note"]
    ref, money, share, reviewed, note = ws[2]
    assert money.value == 12.3456 and money.data_type == "n" and money.number_format == "0.000"
    assert share.number_format == "0.0%"
    assert isinstance(reviewed.value, datetime) and reviewed.is_date and reviewed.value.date() == date(2017, 1, 31)
    assert note.data_type == "s" and note.value == "'" + HYPERLINK
    assert ws["A3"].data_type == "s" and ws["A3"].value == "'-"
    assert ws["B3"].value == -0.4


def test_csv_has_a_bom_and_neutralised_formulae():
    content = sheets.write_csv(COLUMNS, ROWS)
    assert content.startswith(b"\xef\xbb\xbfRef,Budget \xc2\xa3m")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(\"\"http://x\"\")" in text
    assert "\n'-," in text.replace("\r\n", "\n")
    assert "\n2.1,12.3456,0.125,31/01/2017," in text.replace("\r\n", "\n")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_what_is_written_reads_back_as_it_was(fmt):
    text_rows = [["=1+1", "@SUM(A1)", "-3", "\tindented", "plain", "'quoted"]]
    columns = ["a", "b", "c", "d", "e", "f"]
    content = sheets.write_csv(columns, text_rows) if fmt == "csv" else sheets.write_xlsx(columns, text_rows)
    assert rows_of(content)[1] == text_rows[0]


def test_an_unknown_export_format_is_a_404():
    from django.http import Http404

    with pytest.raises(Http404):
        downloads.response("pdf", ["a"], [], filename="x")


def test_a_streamed_csv_is_the_same_as_a_written_one():
    resp = downloads.response("csv", COLUMNS, iter(ROWS), filename="x", stream=True)
    assert b"".join(resp.streaming_content) == sheets.write_csv(COLUMNS, ROWS)


def test_this_module_needs_no_django():
    import subprocess
    import sys

    code = "import sys; import core.spreadsheets; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_admins_import_export_buttons_use_this_module():
    import tablib
    from django.contrib import admin

    from core.importexport import AdminCSV, AdminXLSX
    from performance.models import Indicator

    model_admin = admin.site._registry[Indicator]
    assert set(model_admin.get_export_formats()) == {AdminCSV, AdminXLSX}
    assert set(model_admin.get_import_formats()) == {AdminCSV, AdminXLSX}
    data = tablib.Dataset(["2.1", HYPERLINK, 3], headers=["ref", "title", "sort_order"])
    book = load_workbook(io.BytesIO(AdminXLSX().export_data(data)))
    assert book.active["B2"].data_type == "s" and book.active["B2"].value == "'" + HYPERLINK
    assert book.active["C2"].value == 3
    csv_bytes = AdminCSV().export_data(data)
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and b"'=HYPERLINK" in csv_bytes
    back = AdminCSV().create_dataset(csv_bytes)
    assert back.headers == ["ref", "title", "sort_order"] and back[0][1] == HYPERLINK
