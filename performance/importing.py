"""The one import path for observations (long format) from CSV, XLSX or JSON-like rows.

Used by the upload page, ``manage.py import_observations``, the API's bulk upsert,
the Celery job for large files and the demo loader. Files are read with
``core.spreadsheets`` as a stream of rows; rows are validated in plain Python, a chunk
at a time, against the calculation engine's rules, compared with what is stored (new,
changed, unchanged) and written in bulk with history rows, inside one transaction that
is rolled back if any row of the file is wrong: memory stays flat however long the file.

Long format columns: ref, period (YYYY-MM), value, numerator, denominator,
breakdown_dimension, breakdown_member, note, no_data_expected, provisional.
"N/A", "n/a", "NA" or "-" as the value means not applicable: stored as "no data
expected" with the text kept as the note.
"""

from __future__ import annotations

import io
import math
import random
import time
from collections.abc import Iterable
from datetime import date, datetime
from itertools import islice
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from core import identifiers, spreadsheets, uploads

from . import calc, measures
from .models import Indicator, Observation

COLUMNS = [
    "ref",
    "period",
    "value",
    "numerator",
    "denominator",
    "breakdown_dimension",
    "breakdown_member",
    "note",
    "no_data_expected",
    "provisional",
]
REQUIRED = {"ref", "period"}
ALIASES = {"indicator": "ref", "dimension": "breakdown_dimension", "member": "breakdown_member"}
TRUE = {"1", "true", "yes", "y", "x"}
FALSE = {"", "0", "false", "no", "n"}
VALUE_TOLERANCE = 0.0501  # a printed value may be rounded to 1 dp from numerator/denominator
PREVIEW_ROWS = 200
STAGED_KIND = "observations"
CHUNK_ROWS = 50_000  # rows validated, compared and written at a time
MAX_ERRORS = 1000  # kept for the report; the count goes on
# Large files come from the command or a background job; XLSX costs far more per row than CSV.
LIMITS = spreadsheets.Limits(rows=20_000_000, xlsx_rows=100_000, columns=len(COLUMNS) + 20)


# One result type for every preview-then-confirm import (observations, budgets, risks).
RowError = uploads.RowError
ImportResult = uploads.ImportResult


# --- reading ---------------------------------------------------------------


def open_table(source, filename: str = "") -> spreadsheets.Table:
    """The file's rows under its header, matched to COLUMNS however the header is written."""
    return spreadsheets.Table(
        source, columns=COLUMNS, required=sorted(REQUIRED), aliases=ALIASES, filename=filename, limits=LIMITS
    )


def read_rows(source, filename: str = "") -> Iterable[dict]:
    """Rows as dicts keyed by the long-format column names, read as the caller iterates."""
    with open_table(source, filename) as table:
        for _number, record in table.records():
            yield record


def file_error(exc: spreadsheets.SheetError, header_row: int = 1) -> RowError:
    """A reading problem as a RowError, numbered like the other errors (data rows from 1)."""
    row = exc.row - header_row if exc.row is not None and exc.row > header_row else 0
    return RowError(row, exc.column or "file", exc.message[:1].upper() + exc.message[1:])


# --- exporting ---------------------------------------------------------------

EXPORT_COLUMNS = [
    spreadsheets.Column("ref"),
    spreadsheets.Column("period", "date", "yyyy-mm", csv_date="%Y-%m"),
    spreadsheets.Column("value", "number"),
    spreadsheets.Column("numerator", "number"),
    spreadsheets.Column("denominator", "number"),
    spreadsheets.Column("breakdown_dimension"),
    spreadsheets.Column("breakdown_member"),
    spreadsheets.Column("note"),
    spreadsheets.Column("no_data_expected"),
    spreadsheets.Column("provisional"),
]
assert [c.header for c in EXPORT_COLUMNS] == COLUMNS  # exports must import back: one column list


def export_rows(queryset) -> Iterable[list]:
    """Observations in the import's columns, fetched in chunks so a large export streams."""
    fields = ("indicator__ref", "period", "value", "numerator", "denominator", "breakdown_dimension",
              "breakdown_member", "note", "no_data_expected", "provisional")
    for *figures, nde, provisional in queryset.values_list(*fields).iterator(chunk_size=5000):
        yield [*figures, "yes" if nde else "", "yes" if provisional else ""]


# --- validating ------------------------------------------------------------


def _number(raw, column, row, errors):
    if raw is None or raw == "":
        return None
    if type(raw) is str:
        try:
            value = float(raw)  # the common case, kept fast for large files
        except ValueError:
            text = raw.strip().replace(",", "")
            if text in ("", "-"):
                return None
            try:
                value = float(text[:-1] if text.endswith("%") else text)
            except ValueError:
                errors.append(RowError(row, column, f"'{raw}' is not a number."))
                return None
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            value = float(raw)
        except OverflowError:  # a JSON integer too large for a float
            errors.append(RowError(row, column, f"'{raw}' is too large."))
            return None
    else:
        errors.append(RowError(row, column, f"'{raw}' is not a number."))
        return None
    if value - value != 0:  # NaN or infinite
        errors.append(RowError(row, column, f"'{raw}' is not a number."))
        return None
    return value


def _flag(raw, column, row, errors):
    if not raw:
        return False
    text = str(raw).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    errors.append(RowError(row, column, f"'{raw}' is not yes/no."))
    return False


def _text(raw):
    return str(raw).strip() if raw else ""


class CleanRow(NamedTuple):
    row: int
    indicator_id: int
    period: date
    breakdown_dimension: str
    breakdown_member: str
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str
    no_data_expected: bool
    provisional: bool = False

    @property
    def key(self):
        return (self.indicator_id, self.period, self.breakdown_dimension, self.breakdown_member)

    def figures(self):
        return (self.value, self.numerator, self.denominator, self.note, self.no_data_expected, self.provisional)


class _Periods(dict):
    """Parsed periods by their text: a file repeats the same few periods many times."""

    def parse(self, raw, row, errors):
        try:
            return self[raw]
        except (KeyError, TypeError):
            pass
        try:
            if isinstance(raw, datetime):  # an XLSX date cell
                period = raw.date().replace(day=1)
            elif isinstance(raw, date):
                period = raw.replace(day=1)
            else:
                period = calc.parse_period(str(raw if raw is not None else "").strip())
        except ValueError as exc:
            errors.append(RowError(row, "period", str(exc)))
            return None
        if isinstance(raw, str):
            self[raw] = period
        return period


def ref_resolver():
    """``resolve(raw)``: the stored ref a typed ref names (spaces, tabs, case and look-alikes
    ignored, see core.identifiers), else the cleaned text. Permission checks and writes both
    go through this, so they cannot disagree about which indicator a row names."""
    resolve = identifiers.resolver(Indicator.objects.values_list("ref", flat=True))
    memo = {}

    def cached(raw):
        try:
            return memo[raw]
        except (KeyError, TypeError):
            pass
        ref = resolve(raw)
        if isinstance(raw, str | int | float):
            memo[raw] = ref
        return ref

    return cached


def canonical_refs(rows: list[dict]) -> list[dict]:
    """The rows with each ``ref`` replaced by the stored ref it names."""
    resolve = ref_resolver()
    return [{**row, "ref": resolve(row.get("ref"))} for row in rows]


def validate(rows: list[dict], *, indicators: dict[str, Indicator] | None = None, first_row: int = 1,
             seen: dict | None = None, periods: _Periods | None = None, notices=None):
    """(clean rows, errors): every problem in every row, with row number and column.

    ``seen`` (keys already in the file -> their row) and ``periods`` carry over between
    the chunks of one file; ``notices`` (a list) collects what was accepted but should be
    said, e.g. a rounded value."""
    notices = [] if notices is None else notices
    if indicators is None:
        indicators = _Indicators().for_rows(rows)
    resolve = indicators.resolve
    errors: list[RowError] = []
    clean: list[CleanRow] = []
    seen = {} if seen is None else seen
    periods = _Periods() if periods is None else periods
    for n, raw in enumerate(rows, start=first_row):
        row_errors: list[RowError] = []
        ref = resolve(raw.get("ref"))
        indicator = indicators.get(ref)
        if not ref:
            row_errors.append(RowError(n, "ref", "No indicator ref."))
        elif indicator is None:
            row_errors.append(RowError(n, "ref", f"Unknown indicator ref '{ref}'."))
        period = periods.parse(raw.get("period"), n, row_errors)
        raw_value = raw.get("value")
        not_applicable = measures.is_not_applicable(raw_value)
        value = None if not_applicable else _number(raw_value, "value", n, row_errors)
        numerator, denominator = (
            (None, None)
            if not_applicable
            else (
                _number(raw.get("numerator"), "numerator", n, row_errors),
                _number(raw.get("denominator"), "denominator", n, row_errors),
            )
        )
        no_data = _flag(raw.get("no_data_expected"), "no_data_expected", n, row_errors) or not_applicable
        provisional = _flag(raw.get("provisional"), "provisional", n, row_errors)
        dimension = _text(raw.get("breakdown_dimension"))
        member = _text(raw.get("breakdown_member"))
        note = _text(raw.get("note"))
        if not_applicable:
            # Not an error: the report's "N/A" is kept as written, beside any note.
            note = f"{raw_value.strip()}: {note}" if note else raw_value.strip()
        if dimension or member or note:
            for column, text in (("breakdown_dimension", dimension), ("breakdown_member", member), ("note", note)):
                if "\x00" in text:
                    row_errors.append(RowError(n, column, "Contains a NUL character."))
            if len(dimension) > 50 or len(member) > 100:
                row_errors.append(RowError(n, "breakdown_member", "Breakdown names are limited to 50/100 characters."))
            if bool(dimension) != bool(member):
                row_errors.append(
                    RowError(
                        n, "breakdown_member" if dimension else "breakdown_dimension",
                        "Give both dimension and member.", conflict=True,
                    )
                )
        if indicator is not None:
            for column, message in calc.figure_problems(
                unit=indicator.unit,
                value=value,
                numerator=numerator,
                denominator=denominator,
                no_data_expected=no_data,
            ).items():
                row_errors.append(RowError(n, column, message, conflict=True))
            if not row_errors and numerator is not None and denominator is not None:
                derived = calc.derive_value(
                    numerator,
                    denominator,
                    multiplier=indicator.multiplier,
                    annualise=indicator.annualise,
                    frequency=indicator.frequency,
                )
                places = measures.decimals_written(raw_value)
                if derived - derived != 0:
                    row_errors.append(RowError(n, "numerator", "The figure from numerator/denominator is too large.",
                                               conflict=True))
                elif value is not None and places is not None:
                    # "24%" beside 2,162/9,030 is 23.9% rounded as printed: accept it, say so, store the exact one.
                    if not measures.matches_when_rounded(value, derived, places):
                        row_errors.append(
                            RowError(
                                n,
                                "value",
                                f"{raw_value.strip()} does not match numerator/denominator, which give "
                                f"{derived:.4g} ({round(derived, places):.{places}f} to {places} decimal places).",
                                conflict=True,
                            )
                        )
                    elif not math.isclose(value, derived, rel_tol=1e-9, abs_tol=1e-9):
                        notices.append(
                            RowError(
                                n,
                                "value",
                                f"{raw_value.strip()} is numerator/denominator ({derived:.4g}) rounded to "
                                f"{places} decimal place{'s' if places != 1 else ''}; the exact figure is stored.",
                            )
                        )
                elif value is not None and abs(value - derived) > max(VALUE_TOLERANCE, abs(derived) * 5e-4):
                    row_errors.append(
                        RowError(
                            n,
                            "value",
                            f"{value:g} does not match numerator/denominator, which give {derived:.4g}.",
                            conflict=True,
                        )
                    )
                value = derived
            if indicator.unit == "percentage" and value is not None and not 0 <= value <= 100 and not row_errors:
                row_errors.append(RowError(n, "value", f"A percentage must be between 0 and 100 (got {value:.4g}).",
                                           conflict=True))
            if not no_data and value is None and not row_errors:
                row_errors.append(
                    RowError(n, "value", "No figure: give a value, numerator and denominator, or no_data_expected.",
                             conflict=True)
                )
        if row_errors:
            errors.extend(row_errors)
        elif indicator is not None and period is not None:
            # One int per plain figure, not a tuple: a million-row file keeps a million of these.
            key = (indicator.pk << 20 | period.toordinal() & 0xFFFFF) if not dimension else (
                indicator.pk, period, dimension, member)
            if key in seen:
                errors.append(RowError(n, "period", f"Same indicator, period and breakdown as row {seen[key]}.",
                                       conflict=True))
            else:
                seen[key] = n
                clean.append(
                    CleanRow(
                        n,
                        indicator.pk,
                        period,
                        dimension,
                        member,
                        value,
                        numerator,
                        denominator,
                        note,
                        no_data,
                        provisional,
                    )
                )
    return clean, errors


class BreakdownTally:
    """Totals and their breakdowns across a whole import, chunk after chunk: a breakdown's
    members are added up over every chunk they fall in, and each indicator, period and
    breakdown is reported once, at the end, where the members do not add up to the total
    (leaving out those the indicator says its total excludes).

    Only counts add up, so only counts are kept, and only as a running sum per breakdown.
    A total is kept for the whole import once its breakdown has appeared; one with no
    breakdown yet is kept for its chunk and the next (files list an indicator's figures
    together), so the memory grows with the number of breakdowns, not with the rows."""

    def __init__(self):
        self.indicators: dict[int, tuple[str, set[str]] | None] = {}  # id -> (ref, excluded), None: not a count
        self.totals: dict[tuple, tuple[int, float | None]] = {}  # (indicator, period) -> (row, value)
        self.recent: dict[tuple, tuple[int, float | None]] = {}  # totals of this chunk with no breakdown yet
        self.older: dict[tuple, tuple[int, float | None]] = {}  # and of the chunk before
        # (indicator, period, dimension) -> [sum of the counted members, any counted member missing,
        # members left out, any member counted]
        self.parts: dict[tuple, list] = {}
        self.broken_down: set[tuple] = set()  # (indicator, period) with a breakdown in the file

    def add(self, clean: list[CleanRow]) -> None:
        """One chunk's clean rows (call once per chunk, in order)."""
        self.older, self.recent = self.recent, {}
        unseen = {c.indicator_id for c in clean} - self.indicators.keys()
        for ind in Indicator.objects.filter(pk__in=unseen).only("pk", "ref", "unit", "total_excludes"):
            self.indicators[ind.pk] = (
                (ind.ref, {m.strip().casefold() for m in ind.total_excludes or []}) if ind.unit == "count" else None
            )
        for c in clean:
            known = self.indicators.get(c.indicator_id)
            if known is None:
                continue
            head = (c.indicator_id, c.period)
            if not c.breakdown_dimension:
                (self.totals if head in self.broken_down else self.recent)[head] = (c.row, c.value)
                continue
            if head not in self.broken_down:
                self.broken_down.add(head)
                earlier = self.recent.pop(head, None) or self.older.pop(head, None)
                if earlier is not None:
                    self.totals[head] = earlier
            part = self.parts.setdefault((*head, c.breakdown_dimension), [0.0, False, set(), False])
            if c.breakdown_member.strip().casefold() in known[1]:
                part[2].add(c.breakdown_member)
            elif c.value is None:
                part[1] = part[3] = True
            else:
                part[0] += c.value
                part[3] = True

    def notices(self) -> list[RowError]:
        out = []
        for (ind_id, period, dimension), (summed, missing, left_out, counted) in self.parts.items():
            total = self.totals.get((ind_id, period))
            if total is None:
                continue
            ref, excluded = self.indicators[ind_id]
            # The pure check on what was kept: the counted members as one sum, those left out by name.
            members = dict.fromkeys(left_out)
            if counted:
                members["\0counted"] = None if missing else summed
            check = measures.check_breakdown_total(total[1], members, excluded=excluded, unit="count")
            if check.adds_up is False:
                out.append(RowError(total[0], "value",
                                    f"{ref} {calc.short_label(period)} by {dimension.lower()}: {check.explanation}"))
        return sorted(out, key=lambda e: e.row)


# --- comparing and writing -------------------------------------------------


def _existing(clean: list[CleanRow]) -> dict[tuple, tuple]:
    """Stored figures for the keys in the file: one query per chunk of indicators."""
    if not clean:
        return {}
    ids = sorted({c.indicator_id for c in clean})
    lo, hi = min(c.period for c in clean), max(c.period for c in clean)
    out = {}
    for start in range(0, len(ids), 500):
        qs = Observation.objects.filter(indicator_id__in=ids[start : start + 500], period__gte=lo, period__lte=hi)
        for row in qs.values_list(
            "pk",
            "indicator_id",
            "period",
            "breakdown_dimension",
            "breakdown_member",
            "value",
            "numerator",
            "denominator",
            "note",
            "no_data_expected",
            "provisional",
            "updated",
        ).iterator(chunk_size=20000):
            out[(row[1], row[2], row[3], row[4])] = (row[0], row[5:11], row[11])
    return out


def _same(a, b):
    for x, y in zip(a, b, strict=True):
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12):
                return False
        elif x != y:
            return False
    return True


class _Indicators(dict):
    """Indicators by ref, fetched as new refs turn up in the file (and None for unknown ones).
    Refs are read through ``ref_resolver`` (spaces, case, look-alikes) before anything else."""

    def __init__(self):
        super().__init__()
        self.resolve = ref_resolver()

    def for_rows(self, rows):
        wanted = {self.resolve(r.get("ref")) for r in rows} - self.keys()
        if wanted:
            found = {i.ref: i for i in Indicator.objects.filter(ref__in=wanted)}
            for ref in wanted:
                self[ref] = found.get(ref)
        return self


def import_rows(
    rows: Iterable[dict], *, dry_run=False, user=None, progress=None, first_row=1, expected_rows=None, staged_at=None
) -> ImportResult:
    """Validate, compare and (unless dry run or any error) write every row, all or nothing.

    Rows are taken CHUNK_ROWS at a time; each clean chunk is written at once inside one
    transaction, which is rolled back if a later chunk has an error.

    ``staged_at``: when the file was uploaded (a background job, a confirmed preview). A
    figure it would overwrite that someone changed since then is not overwritten: the
    import is refused naming those rows, so a newer correction is never undone."""
    report = progress or (lambda *a, **k: None)
    result = ImportResult(dry_run=dry_run)
    indicators, periods, seen, breakdowns = _Indicators(), _Periods(), {}, BreakdownTally()
    members_seen: dict[int, dict[str, None]] = {}  # indicator -> its breakdown members, in first-appearance order
    error_count = 0
    wrote = False
    rows = iter(rows)
    report(5, "Checking rows")
    with transaction.atomic():
        while chunk := list(islice(rows, CHUNK_ROWS)):
            start = first_row + result.total
            result.total += len(chunk)
            clean, errors = validate(
                chunk, indicators=indicators.for_rows(chunk), first_row=start, seen=seen, periods=periods,
                notices=result.notices,
            )
            breakdowns.add(clean)
            for c in clean:
                if c.breakdown_dimension:
                    members_seen.setdefault(c.indicator_id, {}).setdefault(c.breakdown_member)
            new, changed = _classify(clean, _existing(clean), result, indicators, staged_at, errors)
            error_count += len(errors)
            result.errors.extend(errors[: max(MAX_ERRORS - len(result.errors), 0)])
            if not error_count and not dry_run:
                _write_retrying(new, changed, user)
                wrote = True
            done = f"{result.total:,} rows checked"
            if expected_rows:
                report(min(95, 5 + int(90 * result.total / expected_rows)), done)
            else:
                report(50, done)
        if wrote and error_count:
            transaction.set_rollback(True)
        elif not error_count and not dry_run:
            _extend_member_order(members_seen)
    result.notices.extend(breakdowns.notices())
    if error_count > len(result.errors):
        result.errors.append(RowError(0, "file", f"… and {error_count - len(result.errors):,} more problems."))
    if error_count or dry_run:
        report(100, "Checked: nothing written" if error_count else "Checked (dry run): nothing written")
        return result
    result.written = True
    report(100, "Imported")
    return result


def _extend_member_order(members_seen: dict[int, dict[str, None]]) -> None:
    """Members new to an indicator join its print order in the order the file first gives them
    (the order the council's own tables list teams and districts); an order already held,
    imported or edited, is kept as it is. Saved through the model, so the change is in its history."""
    for ind in Indicator.objects.filter(pk__in=members_seen):
        merged = measures.merged_member_order(ind.breakdown_order, members_seen[ind.pk])
        if merged != ind.breakdown_order:
            ind.breakdown_order = merged
            ind.save(update_fields=["breakdown_order"])


def _classify(clean, existing, result, indicators, staged_at, errors):
    """(new, changed) of one chunk, counting the unchanged and filling the preview; a figure
    changed after ``staged_at`` is an error (appended to ``errors``)."""
    new, changed = [], []
    refs = None
    for c in clean:
        stored = existing.get(c.key)
        if stored is None:
            new.append(c)
            status = "new"
        elif _same(stored[1], c.figures()):
            result.unchanged += 1
            status = "unchanged"
        else:
            changed.append((stored[0], c))
            status = "changed"
            if staged_at is not None and stored[2] is not None and stored[2] > staged_at:
                errors.append(
                    RowError(
                        c.row,
                        "value",
                        f"This figure was changed at {timezone.localtime(stored[2]):%d %b %Y %H:%M:%S}, after the "
                        "file was uploaded; upload the file again to overwrite it.",
                    )
                )
        if len(result.preview) < PREVIEW_ROWS:
            if refs is None:
                refs = {i.pk: ref for ref, i in indicators.items() if i is not None}
            result.preview.append(
                {
                    "row": c.row,
                    "status": status,
                    "ref": refs[c.indicator_id],
                    "period": calc.period_label(c.period),
                    "breakdown": f"{c.breakdown_dimension}: {c.breakdown_member}" if c.breakdown_dimension else "",
                    "before": stored[1][0] if stored else None,
                    "after": c.value,
                    "numerator": c.numerator,
                    "denominator": c.denominator,
                }
            )
    result.new += len(new)
    result.changed += len(changed)
    return new, changed


def import_file(source, filename="", **kw) -> ImportResult:
    """A CSV or XLSX (bytes, text, a path or an upload), read as a stream."""
    try:
        table = open_table(source, filename)
    except spreadsheets.SheetError as exc:
        return ImportResult(errors=[file_error(exc)], dry_run=kw.get("dry_run", False))
    with table:
        try:
            return import_rows((record for _n, record in table.records()), **kw)
        except spreadsheets.SheetError as exc:
            # A row past a limit: nothing was written (the transaction was left by the error).
            return ImportResult(errors=[file_error(exc, table.header_row)], dry_run=kw.get("dry_run", False))


def scan_file(source, filename="") -> tuple[int, set[str]]:
    """(rows, refs) of a file, read once as a stream: to check permissions and size first."""
    refs, count = set(), 0
    resolve = ref_resolver()
    with open_table(source, filename) as table:
        for _n, record in table.records():
            count += 1
            refs.add(resolve(record.get("ref")))
    return count, refs


_FIELDS = [
    "indicator_id",
    "period",
    "breakdown_dimension",
    "breakdown_member",
    "value",
    "numerator",
    "denominator",
    "note",
    "no_data_expected",
    "provisional",
    "updated",
]


RETRY_CODES = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure


def _write_retrying(new, changed, user, attempts=4):
    """All or nothing; a deadlock with a concurrent import is retried (the database already
    rolled this attempt back), not shown to the user as an error."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                _write(new, changed, user)
            return
        except Exception as exc:
            code = getattr(exc, "pgcode", None) or getattr(exc.__cause__, "pgcode", None)
            if code not in RETRY_CODES or attempt == attempts:
                raise
            time.sleep(0.05 * attempt + random.random() * 0.1)


def _write(new: list[CleanRow], changed: list[tuple[int, CleanRow]], user):
    now = timezone.now()
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    if connection.vendor == "postgresql":
        _write_postgresql(new, changed, now, user_id)
    else:
        _write_portable(new, changed, now, user_id)


def _figure_fields(c: CleanRow, now) -> dict:
    """The stored fields of one figure: the same for the observation and its history record."""
    return {
        "indicator_id": c.indicator_id,
        "period": c.period,
        "breakdown_dimension": c.breakdown_dimension,
        "breakdown_member": c.breakdown_member,
        "value": c.value,
        "numerator": c.numerator,
        "denominator": c.denominator,
        "note": c.note,
        "no_data_expected": c.no_data_expected,
        "provisional": c.provisional,
        "updated": now,
    }


def _observation(c: CleanRow, now, pk=None) -> Observation:
    return Observation(pk=pk, **_figure_fields(c, now))


def _write_portable(new, changed, now, user_id):
    History = Observation.history.model
    created = Observation.objects.bulk_create([_observation(c, now) for c in new], batch_size=2000)
    ids = [o.pk for o in created]
    if any(i is None for i in ids):  # backends that cannot return ids
        ids = _ids_for(new)
    Observation.objects.bulk_update(
        [_observation(c, now, pk) for pk, c in changed],
        ["value", "numerator", "denominator", "note", "no_data_expected", "provisional", "updated"],
        batch_size=2000,
    )
    # History: who, when and what each figure became (the previous version is the record before it).
    History.objects.bulk_create(
        [
            History(
                id=pk,
                **_figure_fields(c, now),
                history_date=now,
                history_type=kind,
                history_user_id=user_id,
                history_change_reason="import",
            )
            for pk, c, kind in [(pk, c, "+") for pk, c in zip(ids, new, strict=True)]
            + [(pk, c, "~") for pk, c in changed]
        ],
        batch_size=2000,
    )


def _ids_for(rows):
    keys = {c.key for c in rows}
    found = {}
    for pk, *key in Observation.objects.filter(indicator_id__in={k[0] for k in keys}).values_list(
        "pk", "indicator_id", "period", "breakdown_dimension", "breakdown_member"
    ):
        found[tuple(key)] = pk
    return [found[c.key] for c in rows]


def _tsv(value):
    if value is None:
        return "\\N"
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


_DATA_COLUMNS = (
    "indicator_id, period, breakdown_dimension, breakdown_member, value, numerator, denominator, note, "
    "no_data_expected, provisional, updated"
)


def _tsv_rows(rows, stamp, with_id=False):
    buf = io.StringIO()
    write = buf.write
    for item in rows:
        pk, c = item if with_id else (None, item)
        write(
            (f"{pk}\t" if with_id else "")
            + f"{c.indicator_id}\t{c.period.isoformat()}\t{_tsv(c.breakdown_dimension)}\t"
            f"{_tsv(c.breakdown_member)}\t{_tsv(c.value)}\t{_tsv(c.numerator)}\t{_tsv(c.denominator)}\t"
            f"{_tsv(c.note)}\t{'t' if c.no_data_expected else 'f'}\t{'t' if c.provisional else 'f'}\t{stamp}\n"
        )
    buf.seek(0)
    return buf


def _write_postgresql(new, changed, now, user_id):
    """COPY the rows into staged tables, write them with set operations, and write their
    history from the staged tables by joins: linear in the rows, however many there are
    (an ``id = ANY(<300,000 ids>)`` test was quadratic). New rows go in with ON CONFLICT
    and changed rows are locked in id order, so concurrent uploads of the same figures
    neither fail on the unique key nor deadlock one another."""
    table = Observation._meta.db_table
    history = Observation.history.model._meta.db_table
    stamp = now.isoformat()
    key = "indicator_id, period, breakdown_dimension, breakdown_member"
    figures = ("value", "numerator", "denominator", "note", "no_data_expected", "provisional", "updated")
    with connection.cursor() as cur:
        for staged in ("import_new", "import_changed"):
            # Dropped at once: an outer transaction (the demo loader, a test) may import again before it commits.
            cur.execute(f"DROP TABLE IF EXISTS {staged}")
            # The table's columns and types, none of its constraints (the new rows have no id yet).
            cur.execute(
                f"CREATE TEMP TABLE {staged} ON COMMIT DROP AS SELECT id, {_DATA_COLUMNS} "  # noqa: S608
                f"FROM {table} WITH NO DATA"
            )
        if new:
            cur.cursor.copy_expert(f"COPY import_new ({_DATA_COLUMNS}) FROM STDIN", _tsv_rows(new, stamp))
            upsert = ", ".join(f"{f} = EXCLUDED.{f}" for f in figures)
            cur.execute(
                f"WITH written AS (INSERT INTO {table} ({_DATA_COLUMNS}) "  # noqa: S608 (model's table)
                f"SELECT {_DATA_COLUMNS} FROM import_new ORDER BY {key} "
                f"ON CONFLICT ({key}) DO UPDATE SET {upsert} "
                f"RETURNING id, {_DATA_COLUMNS}, (xmax = 0) AS inserted) "
                f"INSERT INTO {history} (id, {_DATA_COLUMNS}, history_date, history_type, history_user_id, "
                f"history_change_reason) SELECT id, {_DATA_COLUMNS}, %s, "
                "CASE WHEN inserted THEN '+' ELSE '~' END, %s, 'import' FROM written",
                [now, user_id],
            )
        if changed:
            cur.cursor.copy_expert(
                f"COPY import_changed (id, {_DATA_COLUMNS}) FROM STDIN", _tsv_rows(changed, stamp, with_id=True)
            )
            # Rows locked in one order by every import: two imports of the same rows wait, not deadlock.
            cur.execute(
                f"SELECT o.id FROM {table} AS o JOIN import_changed AS c ON o.id = c.id "  # noqa: S608
                "ORDER BY o.id FOR UPDATE OF o"
            )
            update = ", ".join(f"{f} = c.{f}" for f in figures)
            cur.execute(
                f"UPDATE {table} AS o SET {update} FROM import_changed AS c WHERE o.id = c.id"  # noqa: S608
            )
            cur.execute(
                f"INSERT INTO {history} (id, {_DATA_COLUMNS}, history_date, history_type, "  # noqa: S608
                f"history_user_id, history_change_reason) SELECT id, {_DATA_COLUMNS}, %s, '~', %s, 'import' "
                "FROM import_changed",
                [now, user_id],
            )
        cur.execute("DROP TABLE import_new")
        cur.execute("DROP TABLE import_changed")

