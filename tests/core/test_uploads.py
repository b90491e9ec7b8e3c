"""Uploads are checked by what their bytes are, and by size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from core import uploads


def a_pdf(pages=1):
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(100, 700, f"Appendix page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_a_real_pdf_is_accepted():
    uploads.check_pdf(SimpleUploadedFile("appendix.pdf", a_pdf(2), "application/pdf"))


def test_a_file_named_pdf_that_is_not_one_is_refused_with_its_name():
    fake = SimpleUploadedFile("appendix-b.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ValidationError, match="appendix-b.pdf is not a valid PDF"):
        uploads.check_pdf(fake)


def test_a_truncated_pdf_is_refused():
    broken = SimpleUploadedFile("broken.pdf", a_pdf()[:200], "application/pdf")
    with pytest.raises(ValidationError, match="broken.pdf"):
        uploads.check_pdf(broken)


def test_an_oversized_upload_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="largest file accepted"):
        uploads.check_pdf(SimpleUploadedFile("big.pdf", a_pdf(20), "application/pdf"))


def test_spreadsheets_are_told_apart_by_content():
    assert uploads.check_spreadsheet(SimpleUploadedFile("a.csv", b"ref,period,value\n2.7,2017-01,23.8\n")) == "csv"
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    assert uploads.check_spreadsheet(SimpleUploadedFile("a.xlsx", buf.getvalue())) == "xlsx"
    with pytest.raises(ValidationError, match="neither a CSV"):
        uploads.check_spreadsheet(SimpleUploadedFile("a.csv", b"\x00\x01\x02binary"))
