"""Spreadsheet downloads as HTTP responses: the Django side of ``core.spreadsheets``."""

import tempfile

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

from .spreadsheets import CONTENT_TYPES, FORMATS, iter_csv, write_csv, write_xlsx


def response(fmt, columns, rows, *, filename, sheet="Sheet1", stream=False):
    """An HTTP download of ``rows`` as CSV or XLSX; any other format is a 404.

    With ``stream``, CSV goes out as it is written and XLSX is written to a temporary file
    first (a workbook is a zip, finished only at its end), so memory stays flat."""

    if fmt not in FORMATS:
        raise Http404(f"No export format '{fmt}'.")
    name = f"{filename}.{fmt}"
    if fmt == "csv" and stream:
        resp = StreamingHttpResponse(iter_csv(columns, rows), content_type=CONTENT_TYPES["csv"])
    elif fmt == "csv":
        resp = HttpResponse(write_csv(columns, rows), content_type=CONTENT_TYPES["csv"])
    elif stream:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
        try:
            write_xlsx(columns, rows, sheet=sheet, file=tmp)
        except BaseException:
            tmp.close()
            raise
        tmp.seek(0)
        resp = FileResponse(tmp, content_type=CONTENT_TYPES["xlsx"])
    else:
        resp = HttpResponse(write_xlsx(columns, rows, sheet=sheet), content_type=CONTENT_TYPES["xlsx"])
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp

