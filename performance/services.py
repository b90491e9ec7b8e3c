"""Writes: imports, the monthly data-entry grid, API upserts and process changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import tablib
from django.db import transaction

from core import jobs

from . import calc, importing, selectors
from .models import Indicator, ProcessChange
from .resources import IndicatorResource

LARGE_IMPORT_ROWS = 5000  # above this a file is imported by a background job


# --- indicators (django-import-export resource) ----------------------------


def import_indicators(content, filename, *, dry_run=False) -> importing.ImportResult:
    """Indicators, targets and benchmarks from CSV/XLSX; all or nothing."""
    try:
        rows = _indicator_dataset(content, filename)
    except importing.ImportFileError as exc:
        return importing.ImportResult(errors=[importing.RowError(0, "file", str(exc))], dry_run=dry_run)
    result = IndicatorResource().import_data(
        rows, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    out = importing.ImportResult(total=len(rows), dry_run=dry_run)
    for number, errors in result.row_errors():
        for error in errors:
            out.errors.append(importing.RowError(number, "row", str(error.error)))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                out.errors.append(importing.RowError(invalid.number, column, str(message)))
    out.new = result.totals.get("new", 0)
    out.changed = result.totals.get("update", 0)
    out.unchanged = result.totals.get("skip", 0)
    out.written = not dry_run and not out.errors
    return out


def _indicator_dataset(content, filename) -> tablib.Dataset:
    from import_export.formats import base_formats

    name = filename.lower()
    if name.endswith(".xlsx"):
        return base_formats.XLSX().create_dataset(content)
    if name.endswith(".csv"):
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        return base_formats.CSV().create_dataset(text)
    raise importing.ImportFileError(f"'{filename}' is not a CSV or XLSX file.")


# --- observations ----------------------------------------------------------


def import_observations(content, filename, *, user=None, dry_run=False, progress=None) -> importing.ImportResult:
    return importing.import_file(content, filename, user=user, dry_run=dry_run, progress=progress)


def start_import_job(content: bytes, filename: str, *, user, dry_run=False):
    """A large file: stash it and import it in the worker, with progress on the job."""
    from .tasks import import_observations_job

    path = importing.stash_upload(content, filename)
    return jobs.start_job(
        "import_observations",
        import_observations_job,
        user=user,
        params={"path": path, "filename": filename, "dry_run": dry_run, "user_id": getattr(user, "pk", None)},
    )


def run_import_job(job_id):
    """Body of the Celery task: read the stashed file, import it, keep the outcome on the job."""
    from pathlib import Path

    from django.contrib.auth import get_user_model

    from core.models import Job

    job = Job.objects.get(pk=job_id)
    params = job.params
    user = get_user_model().objects.filter(pk=params.get("user_id")).first()
    with jobs.running(job_id) as (report, outcome):
        path = Path(params["path"])
        result = import_observations(
            path.read_bytes(), params["filename"], user=user, dry_run=params.get("dry_run", False), progress=report
        )
        outcome.update(result.as_dict())
        outcome["errors"] = outcome["errors"][:500]
        path.unlink(missing_ok=True)
    return result


def forbidden_refs(user, *, refs) -> set[str]:
    """Refs the user may not enter figures for (data owners: only their own indicators)."""
    if user.has_perm("performance.change_indicator"):
        return set()
    indicators = Indicator.objects.filter(ref__in=set(refs)).select_related("data_owner")
    return {i.ref for i in indicators if not user.has_perm("performance.add_observation", i)}


def upsert_observations(user, items: list[dict], *, dry_run=False) -> importing.ImportResult:
    """The API's bulk upsert: JSON items in the long format (``indicator`` names the ref)."""
    rows = []
    for item in items:
        row = {importing.ALIASES.get(k, k): v for k, v in (item or {}).items()}
        rows.append(row)
    denied = forbidden_refs(user, refs=[str(r.get("ref") or "") for r in rows])
    if denied:
        result = importing.ImportResult(total=len(rows), dry_run=dry_run)
        for n, row in enumerate(rows, start=1):
            if str(row.get("ref") or "") in denied:
                result.errors.append(
                    importing.RowError(n, "indicator", f"You may not enter figures for indicator '{row['ref']}'.")
                )
        return result
    return importing.import_rows(rows, user=user, dry_run=dry_run)


# --- the monthly data-entry grid -------------------------------------------


@dataclass
class EntryResult:
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # ref -> field -> message
    saved: int = 0

    @property
    def ok(self):
        return not self.errors


def save_month(user, *, period: date, entries: list[dict], check_only=False) -> EntryResult:
    """All the figures a data owner entered for one month, saved all or nothing.

    An entry is ``{"ref", "value", "numerator", "denominator", "note", "no_data_expected"}``;
    blank entries are skipped. A value far outside the SPC limits needs a confirming note.
    ``check_only`` validates without saving (the grid checks as the user types).
    """
    result = EntryResult()
    filled = [
        e
        for e in entries
        if any(str(e.get(k) or "").strip() for k in ("value", "numerator", "denominator")) or e.get("no_data_expected")
    ]
    denied = forbidden_refs(user, refs=[e["ref"] for e in filled])
    for ref in denied:
        result.errors.setdefault(ref, {})["value"] = "You may not enter figures for this indicator."
    rows = [{**e, "period": calc.period_label(period)} for e in filled]
    clean, errors = importing.validate(rows)
    for error in errors:
        result.errors.setdefault(rows[error.row - 1]["ref"], {})[error.column] = error.message
    # Figures far outside the usual range need a note saying they are right.
    by_id = {c.indicator_id: c for c in clean}
    if by_id:
        indicators = list(selectors.indicators_qs().filter(pk__in=by_id))
        for st in selectors.statuses(indicators, calc.add_months(period, -1)):
            row = by_id[st.indicator.pk]
            limits = st.status.spc
            if not row.note and calc.outside_limits(row.value, limits) and not st.status.spc.trial:
                result.errors.setdefault(st.indicator.ref, {})["note"] = (
                    f"{calc.fmt(row.value, st.indicator.unit)} is far outside the usual range "
                    f"({calc.fmt(limits.lower, st.indicator.unit)} to {calc.fmt(limits.upper, st.indicator.unit)}): "
                    "add a note confirming it is right."
                )
    if result.errors or check_only:
        return result
    outcome = importing.import_rows(rows, user=user)
    if not outcome.ok:  # raced with another change; report rather than half-save
        for error in outcome.errors:
            result.errors.setdefault(rows[error.row - 1]["ref"], {})[error.column] = error.message
        return result
    result.saved = outcome.new + outcome.changed
    return result


# --- SPC process changes ---------------------------------------------------


@transaction.atomic
def mark_process_change(indicator: Indicator, *, period: date, reason: str) -> ProcessChange:
    change, _ = ProcessChange.objects.update_or_create(indicator=indicator, period=period, defaults={"reason": reason})
    return change
