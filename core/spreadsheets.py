"""Reading and writing CSV and XLSX: the one module every import and export goes through.

Reading takes bytes, text, a path or an uploaded file and yields rows one at a time, so an
import's memory does not grow with its file. CSV is UTF-8 (with or without a BOM) or else
Windows-1252 (Excel's plain "CSV" on Windows); the delimiter (comma, semicolon or tab) is
read from the header line. Limits on rows, columns, cell length and (for XLSX) uncompressed
size are checked as early as possible: an XLSX is refused from its zip directory, its
declared dimension and a count of its row elements before openpyxl parses a single cell,
because a 100 KB workbook can expand to a million rows. Every problem is one error type,
``SheetError``, naming the row and column when there is one.

Writing makes XLSX with typed cells (numbers, dates), a number format per column, a named
sheet and a frozen header row, and CSV in UTF-8 with a BOM (so Excel shows "£"). Text that
a spreadsheet would take as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) is written with a leading apostrophe and, in XLSX, as a string cell; the
reader takes that apostrophe off again, so an export imports back unchanged.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_MAGIC = b"PK\x03\x04"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 1 << 20


class SheetError(ValueError):
    """A file that cannot be read as a table, or a row or cell that breaks a limit."""

    def __init__(self, message, *, row=None, column=None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column

    def __str__(self):
        if self.row is not None and self.column:
            return f"Row {self.row}, {self.column}: {self.message}"
        if self.row is not None:
            return f"Row {self.row}: {self.message}"
        return self.message


@dataclass(frozen=True)
class Limits:
    """What one import accepts. XLSX has its own, lower row limit: parsing a workbook costs
    far more per row than CSV, so large files should come as CSV."""

    rows: int = 100_000
    xlsx_rows: int = 100_000
    columns: int = 100
    cell_chars: int = 32_767  # Excel's own limit for one cell
    uncompressed_bytes: int = 100 * 1024 * 1024

    def row_limit(self, fmt):
        return self.xlsx_rows if fmt == "xlsx" else self.rows


DEFAULT_LIMITS = Limits()


# --- reading -------------------------------------------------------------------


def header_key(text) -> str:
    """A header as people write it, made comparable: "Breakdown dimension", "breakdown_dimension"
    and " BREAKDOWN  DIMENSION " are the same column."""
    return " ".join(str(text if text is not None else "").replace("\ufeff", "").replace("_", " ").split()).lower()


def unneutralise(value):
    """Undo the writer's apostrophe before formula-like text (and only there)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _open_binary(source):
    """(binary file object, close it?) for bytes, text, a path or a file-like upload."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, str):
        return io.BytesIO(source.encode("utf-8")), True
    if isinstance(source, Path):
        return source.open("rb"), True
    source.seek(0)
    return source, False


def detect_format(head: bytes, filename: str = "") -> str:
    """"xlsx" for a zip, else "csv"; a name ending .xlsx that is not a zip is refused."""
    if head[:4] == ZIP_MAGIC:
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise SheetError(f"{filename} is named as an Excel workbook but is not one.")
    return "csv"


def _detect_encoding(fh, name) -> str:
    """UTF-8 (BOM or not), else Windows-1252; the whole file is checked, chunk by chunk,
    before any row is read, so a bad byte near the end cannot half-import a file."""
    fh.seek(0)
    head = fh.read(4)
    fh.seek(0)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SheetError(f"{name} is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)'.")
    failures = []
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        offset = 0
        try:
            while chunk := fh.read(_CHUNK):
                if offset == 0 and b"\x00" in chunk[:65536]:
                    raise SheetError(f"{name} is neither a CSV text file nor an Excel (.xlsx) workbook.")
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            failures.append(f"{'UTF-8' if encoding == 'utf-8' else 'Windows-1252'} (byte 0x{exc.object[exc.start]:02x} "
                            f"at position {offset + exc.start:,})")
            fh.seek(0)
            continue
        fh.seek(0)
        return "utf-8-sig" if encoding == "utf-8" else "cp1252"
    raise SheetError(f"{name} is not text in UTF-8 or Windows-1252: not {' nor '.join(failures)}. "
                     "Save it as 'CSV UTF-8'.")


def _detect_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the one that splits the most of the first lines into the same
    number (two or more) of fields. Title rows above a header and commas inside text do not
    fool it the way counting characters would."""
    lines = sample.splitlines()[:30]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        except csv.Error:
            continue
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_FIELD_LIMIT = re.compile(r"field larger than field limit")


def _csv_rows(fh, name, limits) -> Iterator[list]:
    encoding = _detect_encoding(fh, name)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="")
    try:
        sample = text.read(65536)
        text.seek(0)
        if len(sample) == 65536:
            sample = sample.rsplit("\n", 1)[0]  # the last line may be cut
        reader = csv.reader(text, delimiter=_detect_delimiter(sample))
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if _FIELD_LIMIT.search(str(exc)):
                    raise SheetError(
                        f"a cell is longer than the limit of {limits.cell_chars:,} characters.", row=number + 1
                    ) from exc
                raise SheetError(f"the file cannot be read as CSV ({exc}).", row=number + 1) from exc
            number += 1
            yield row
    finally:
        with contextlib.suppress(ValueError):  # already closed
            text.detach()  # leave the caller's file open: it closes its own


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _count_row_elements(archive: zipfile.ZipFile, member: str, stop_after: int) -> int:
    """Row elements in a sheet's XML, counted on the raw bytes (no parsing): cheap enough
    to refuse a million-row sheet in well under a second."""
    keep = 24  # longer than any row tag, so one straddling two chunks is counted once
    count = 0
    tail = b""
    with archive.open(member) as xml:
        while chunk := xml.read(_CHUNK):
            data = tail + chunk
            edge = len(data) - keep
            count += sum(1 for m in _ROW_TAG.finditer(data, 0, len(data)) if m.start() < edge)
            if count > stop_after:
                return count
            tail = data[max(edge, 0):]
    return count + len(_ROW_TAG.findall(tail))


_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]*)(\d*)"')
_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 (size checked; expat limits entities)
    sheet = book.find("main:sheets/main:sheet", _NS)
    if sheet is None:
        raise SheetError("The workbook has no worksheet.")
    rel_id = sheet.get(f"{{{_NS['r']}}}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    for rel in rels.findall("rel:Relationship", _NS):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise SheetError("The workbook's first sheet cannot be found.")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _check_xlsx(fh, name, limits):
    """Refuse a workbook from its zip directory, its declared dimension and a count of its
    row elements, before openpyxl parses anything."""
    try:
        archive = zipfile.ZipFile(fh)
    except zipfile.BadZipFile as exc:
        raise SheetError(f"{name} is not a readable Excel workbook.") from exc
    with archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise SheetError(f"{name} is a zip file but not an Excel workbook.")
        expanded = sum(info.file_size for info in archive.infolist())
        if expanded > limits.uncompressed_bytes:
            raise SheetError(
                f"{name} expands to {expanded / 1_048_576:,.0f} MB; the limit is "
                f"{limits.uncompressed_bytes / 1_048_576:,.0f} MB uncompressed. Save it as CSV."
            )
        try:
            path = _first_sheet_path(archive)
            with archive.open(path) as xml:
                head = xml.read(65536)
        except (KeyError, SyntaxError, zipfile.BadZipFile) as exc:
            raise SheetError(f"{name} is not a readable Excel workbook ({exc}).") from exc
        row_limit = limits.xlsx_rows
        declared = _DIMENSION.search(head)
        if declared:
            columns = _column_number(declared.group(1)) if declared.group(1) else 0
            rows = int(declared.group(2) or 0)
            if rows > row_limit + 1:
                raise SheetError(
                    f"The first sheet of {name} has {rows:,} rows; the limit for an Excel workbook is "
                    f"{row_limit:,} rows. Split it, or save it as CSV."
                )
            if columns > limits.columns:
                raise SheetError(f"The first sheet of {name} has {columns:,} columns; the limit is {limits.columns:,}.")
        if _count_row_elements(archive, path, row_limit + 1) > row_limit + 1:
            raise SheetError(
                f"The first sheet of {name} has more than {row_limit:,} rows, the limit for an Excel workbook. "
                "Split it, or save it as CSV."
            )
    fh.seek(0)


def _xlsx_rows(fh, name, limits) -> Iterator[list]:
    from openpyxl import load_workbook

    _check_xlsx(fh, name, limits)
    try:
        book = load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise SheetError(f"{name} is not a readable Excel workbook ({exc}).") from exc
    try:
        sheet = book.worksheets[0]
        # The declared size is only a claim: read every row there is, not only the declared ones.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            yield [unneutralise(v) for v in row]
    finally:
        book.close()


def read_rows(source, *, filename="", limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, list]]:
    """(row number as the spreadsheet shows it, cells) for every row of a CSV or the first sheet
    of an XLSX, checked against ``limits`` as they come. CSV cells are strings; XLSX cells
    keep their types (numbers, datetimes, text, None)."""
    fh, close = _open_binary(source)
    name = filename or getattr(source, "name", None) or "The file"
    rows = None
    try:
        head = fh.read(4)
        fh.seek(0)
        fmt = detect_format(head, str(name))
        rows = _xlsx_rows(fh, name, limits) if fmt == "xlsx" else _csv_rows(fh, name, limits)
        row_limit = limits.row_limit(fmt)
        for number, row in enumerate(rows, start=1):  # noqa: B007 (row is rebound below)
            if number > row_limit + 1:  # the header row is not counted
                raise SheetError(
                    f"the file has more than {row_limit:,} rows, the limit for one "
                    f"{'Excel workbook' if fmt == 'xlsx' else 'CSV file'}.",
                    row=number,
                )
            if len(row) > limits.columns:
                while row and (row[-1] is None or row[-1] == ""):
                    row = row[:-1]
                if len(row) > limits.columns:
                    raise SheetError(f"{len(row):,} columns; the limit is {limits.columns:,}.", row=number)
            if fmt == "csv":
                if row and max(map(len, row)) > limits.cell_chars:
                    column = next(i for i, v in enumerate(row) if len(v) > limits.cell_chars)
                    raise SheetError(
                        f"the cell is {len(row[column]):,} characters long; the limit is {limits.cell_chars:,}.",
                        row=number,
                        column=f"column {column_letter(column)}",
                    )
                if "\x1f'" in "\x1f" + "\x1f".join(row):
                    row = [unneutralise(v) for v in row]
            yield number, row
    finally:
        if rows is not None:
            rows.close()
        if close:
            fh.close()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value) -> str:
    """A cell as text: blanks as "", whole-number floats without ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Table:
    """A sheet under its header row: ``records()`` yields (row number, {column: value}).

    ``columns`` are the names the caller uses; a header cell matches a column (or one of
    ``aliases``) by ``header_key``. ``find_header`` lets title rows sit above the header (as
    in a register printed from Excel): the first of the first 20 rows where it is true."""

    source: object
    columns: list[str]
    required: Iterable[str] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    unknown: str = "error"  # or "ignore"
    filename: str = ""
    limits: Limits = DEFAULT_LIMITS
    find_header: object = None
    header_row: int = 0
    header: list = field(default_factory=list)

    def __post_init__(self):
        self._rows = read_rows(self.source, filename=self.filename, limits=self.limits)
        keys = {header_key(c): c for c in self.columns}
        keys.update({header_key(a): c for a, c in self.aliases.items()})
        for number, row in self._rows:
            if self.find_header is None or self.find_header([header_key(c) for c in row]):
                self.header_row = number
                break
            if number >= 20:
                self.close()
                raise SheetError(self._missing_message(self.columns))
        else:
            raise SheetError("The file is empty: it needs a header row and rows under it.")
        self.header = [keys.get(header_key(c)) for c in row]
        missing = [c for c in self.required if c not in self.header]
        if missing:
            self.close()
            raise SheetError(self._missing_message(missing), row=self.header_row)
        unknown = [str(c) for c, k in zip(row, self.header, strict=True) if k is None and header_key(c)]
        if unknown and self.unknown == "error":
            self.close()
            raise SheetError(
                f"Unknown column(s) {', '.join(unknown)}; expected: {', '.join(self.columns)}.", row=self.header_row
            )

    def _missing_message(self, missing):
        return f"The header row lacks the column(s) {', '.join(missing)}; expected: {', '.join(self.columns)}."

    def records(self) -> Iterator[tuple[int, dict]]:
        pairs = [(i, name) for i, name in enumerate(self.header) if name is not None]
        width = len(self.header)
        for number, row in self._rows:
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            yield number, {name: row[i] for i, name in pairs}

    def close(self):
        self._rows.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- writing -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, and how its cells are typed and shown in XLSX.

    ``number_format`` is Excel's (e.g. ``"0.000"`` for £m to three places, ``"0.0%"``);
    ``kind`` "date" writes a date cell, "number" a number, "text" (the default) a string."""

    header: str
    kind: str = "text"
    number_format: str | None = None
    width: int | None = None
    csv_date: str = "%d/%m/%Y"  # how a date column is written in CSV


@dataclass(frozen=True)
class Formatted:
    """A number whose format differs by row (the MI report mixes counts, rates and percentages)."""

    value: object
    number_format: str


DATE_FORMAT = "dd/mm/yyyy"
MONEY_M = "0.000"  # £m to three places, as the seeds print budgets


def neutralise(value):
    """Text a spreadsheet would take as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in FORMULA_START and value:
        return "'" + value
    return value


def _columns(columns) -> list[Column]:
    return [c if isinstance(c, Column) else Column(str(c)) for c in columns]


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or value is None or isinstance(value, int | float | date):
        return value
    return neutralise(str(value))


def write_xlsx(columns, rows: Iterable[Iterable], *, sheet="Sheet1", file=None) -> bytes | None:
    """An XLSX of ``rows`` under ``columns`` (Column or header strings), written row by row
    (openpyxl's write-only mode) so a large export needs little memory. Returns the bytes,
    or writes to ``file`` (a path or binary file) and returns None."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = _columns(columns)
    book = Workbook(write_only=True)
    ws = book.create_sheet(_sheet_title(sheet))
    ws.freeze_panes = "A2"
    for i, col in enumerate(cols, start=1):
        width = col.width or min(max(len(col.header) + 2, 10 if col.kind != "text" else 14), 60)
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for col in cols:
        # The product's own column names ("+Over/- Underspend £m"): a string cell is never a
        # formula, and an apostrophe would change the name the import matches.
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = bold
        cell.data_type = "s"
        header.append(cell)
    ws.append(header)
    formats = [col.number_format or (DATE_FORMAT if col.kind == "date" else None) for col in cols]
    for row in rows:
        out = []
        for value, fmt in zip(row, formats, strict=False):
            if isinstance(value, Formatted):
                value, fmt = value.value, value.number_format
            value = _xlsx_value(value)
            if value == "":
                cell = None
            elif isinstance(value, str):
                # Neutralised, so it cannot start with "=": openpyxl writes it as a string cell.
                cell = value
            elif fmt is not None and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
            else:
                cell = value  # plain numbers and blanks: a cell object per value costs far more
            out.append(cell)
        ws.append(out)
    if file is not None:
        book.save(file)
        return None
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _sheet_title(title):
    # Excel: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "-", str(title or "Sheet1"))[:31] or "Sheet1"


def _csv_value(value, date_format="%d/%m/%Y"):
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, date):
        return value.strftime(date_format)
    if isinstance(value, int | Decimal):
        return str(value)
    return neutralise(str(value))


class _Echo:
    def write(self, value):
        return value


def iter_csv(columns, rows: Iterable[Iterable], *, chunk_rows=2000) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM, as chunks of bytes: for a streaming response."""
    writer = csv.writer(_Echo())
    cols = _columns(columns)
    dates = [c.csv_date for c in cols]
    yield codecs.BOM_UTF8 + writer.writerow([neutralise(c.header) for c in cols]).encode("utf-8")
    buf = []
    for row in rows:
        buf.append(writer.writerow([_csv_value(v, f) for v, f in zip(row, dates, strict=False)]))
        if len(buf) >= chunk_rows:
            yield "".join(buf).encode("utf-8")
            buf = []
    if buf:
        yield "".join(buf).encode("utf-8")


def write_csv(columns, rows: Iterable[Iterable]) -> bytes:
    return b"".join(iter_csv(columns, rows))
