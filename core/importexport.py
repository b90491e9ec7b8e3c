"""The admin's import and export buttons (django-import-export) read and write through
``core.spreadsheets``: the same encodings, limits and formula neutralising as every other
import and export. Kept apart so that ``core.spreadsheets`` itself needs no Django."""

from import_export.formats import base_formats as _formats

from core import spreadsheets


def _dataset(source, filename):
    import tablib

    rows = spreadsheets.read_rows(source, filename=filename)
    try:
        _n, header = next(rows)
    except StopIteration:
        raise spreadsheets.SheetError("The file is empty: it needs a header row and rows under it.")
    header = [spreadsheets.cell_text(h).strip() for h in header]
    data = tablib.Dataset(headers=header)
    for _n, row in rows:
        data.append((list(row) + [None] * len(header))[: len(header)])
    return data


class AdminCSV(_formats.CSV):
    """The admin's CSV, read and written here (encodings, limits, formulae neutralised)."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(in_stream, "upload.csv")

    def export_data(self, dataset, **kwargs):
        return spreadsheets.write_csv(list(dataset.headers or []), dataset)


class AdminXLSX(_formats.XLSX):
    """The admin's XLSX, read and written here (limits checked before parsing; typed cells)."""

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(in_stream, "upload.xlsx")

    def export_data(self, dataset, **kwargs):
        return spreadsheets.write_xlsx(list(dataset.headers or []), dataset, sheet=dataset.title or "Export")
