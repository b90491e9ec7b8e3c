"""Writes: imports, the monthly data-entry grid, API upserts and process changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tablib
from django.db import transaction
from django.utils import timezone

from core import jobs, spreadsheets, uploads
from core.selectors import changed_by

from . import calc, importing, selectors
from .models import Benchmark, Indicator, Observation, Population, ProcessChange, Target
from .resources import IndicatorResource

LARGE_IMPORT_ROWS = 5000  # above this a file is imported by a background job


# --- indicators (django-import-export resource) ----------------------------


def import_indicators(content, filename, *, dry_run=False) -> importing.ImportResult:
    """Indicators, targets and benchmarks from CSV/XLSX; all or nothing."""
    try:
        rows = _indicator_dataset(content, filename)
    except spreadsheets.SheetError as exc:
        return importing.ImportResult(errors=[importing.file_error(exc)], dry_run=dry_run)
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
    """The indicators file as the resource's Dataset, read by core.spreadsheets (so the same
    encodings, delimiters and limits apply); headers keep their written form, which the
    resource matches (``target_YYYY`` and benchmark columns are open-ended)."""
    rows = spreadsheets.read_rows(content, filename=filename, limits=INDICATOR_LIMITS)
    try:
        _n, header = next(rows)
    except StopIteration:
        raise spreadsheets.SheetError("The file is empty: it needs a header row and rows under it.")
    header = [spreadsheets.header_key(h).replace(" ", "_") for h in header]
    data = tablib.Dataset(headers=header)
    for _n, row in rows:
        if all(v is None or v == "" for v in row):
            continue
        data.append((list(row) + [None] * len(header))[: len(header)])
    return data


INDICATOR_LIMITS = spreadsheets.Limits(rows=10_000, xlsx_rows=10_000)


# --- observations ----------------------------------------------------------


def import_observations(content, filename, *, user=None, dry_run=False, progress=None) -> importing.ImportResult:
    return importing.import_file(content, filename, user=user, dry_run=dry_run, progress=progress)


def start_import_job(content: bytes, filename: str, *, user, dry_run=False, rows=None):
    """A large file: stage it and import it in the worker, with progress on the job."""
    from .tasks import import_observations_job

    staged = uploads.stage(content, kind=importing.STAGED_KIND, filename=filename, user=user)
    return jobs.start_job(
        "import_observations",
        import_observations_job,
        user=user,
        params={
            "staged": staged.pk,
            "filename": filename,
            "dry_run": dry_run,
            "user_id": getattr(user, "pk", None),
            "rows": rows,
            "staged_at": staged.created.isoformat(),
        },
        # The broker refused it: no job will read the file, so it is not left behind.
        on_send_failure=lambda: uploads.discard(staged),
    )


def run_import_job(job_id):
    """Body of the Celery task: read the staged file as a stream, import it, keep the outcome
    on the job, and delete the staged file once the job is done or failed.

    Refuses to overwrite a figure changed after the file was uploaded (naming the rows)."""
    from datetime import datetime

    from django.contrib.auth import get_user_model

    from core.models import Job, StagedUpload

    job = Job.objects.get(pk=job_id)
    params = job.params
    user = get_user_model().objects.filter(pk=params.get("user_id")).first()
    staged = StagedUpload.objects.filter(pk=params.get("staged")).first()  # None for a job queued before staging
    staged_at = params.get("staged_at")
    try:
        with jobs.running(job_id) as (report, outcome):
            if staged is None:
                raise FileNotFoundError("The uploaded file is no longer there: upload it again.")
            result = importing.import_file(
                Path(staged.file.path),
                params["filename"],
                user=user,
                dry_run=params.get("dry_run", False),
                progress=report,
                expected_rows=params.get("rows"),
                staged_at=datetime.fromisoformat(staged_at) if staged_at else None,
            )
            outcome.update(result.as_dict())
            outcome["errors"] = outcome["errors"][:500]
    except jobs.NotRunnable:
        return None  # a redelivered message for a job already run, failed or cancelled
    finally:
        finished = Job.objects.filter(pk=job_id, status__in=[Job.Status.DONE, Job.Status.FAILED]).exists()
        if staged is not None and finished:
            uploads.discard(staged)
    return result


# --- exports -----------------------------------------------------------------

XLSX_INLINE_ROWS = 50_000  # a larger XLSX export is written by the worker (CSV always streams)
EXPORT_KIND = "export:observations"
EXCEL_MAX_ROWS = 1_048_575  # below the header


def observations_for_export(ref=None):
    from .models import Observation

    qs = Observation.objects.order_by("indicator__sort_order", "indicator__ref", "period", "breakdown_dimension",
                                      "breakdown_member")
    return qs.filter(indicator__ref=ref) if ref else qs


def start_export_job(*, user, ref=None):
    from .tasks import export_observations_job

    return jobs.start_job("export_observations", export_observations_job, user=user, params={"ref": ref})


def run_export_job(job_id):
    """Body of the Celery task: write the workbook row by row to a temporary file, keep it
    as a staged file for its owner (deleted when it expires), and link it from the job."""
    import tempfile
    from pathlib import Path

    from django.urls import reverse

    from core.models import Job

    job = Job.objects.get(pk=job_id)
    with jobs.running(job_id) as (report, outcome):
        qs = observations_for_export(job.params.get("ref"))
        total = qs.count()
        if total > EXCEL_MAX_ROWS:
            raise ValueError(f"{total:,} figures are more than an Excel sheet holds ({EXCEL_MAX_ROWS:,}): "
                             "export them as CSV.")
        report(5, f"Writing {total:,} figures")

        def rows():
            for n, row in enumerate(importing.export_rows(qs), start=1):
                if n % 20_000 == 0:
                    report(5 + int(90 * n / max(total, 1)), f"{n:,} of {total:,} figures written")
                yield row

        with tempfile.TemporaryDirectory() as folder:  # removed on any failure: no partial file left
            path = Path(folder) / "observations.xlsx"
            spreadsheets.write_xlsx(importing.EXPORT_COLUMNS, rows(), sheet="Observations", file=path)
            staged = uploads.stage_path(path, kind=EXPORT_KIND, filename="observations.xlsx", user=job.created_by)
        outcome.update(rows=total, url=reverse("performance:export_download", args=[staged.pk]),
                       label=f"Download the {total:,} figures (XLSX)")


def forbidden_refs(user, *, refs) -> set[str]:
    """Refs the user may not enter figures for (data owners: only their own indicators)."""
    if user.has_perm("performance.change_indicator"):
        return set()
    resolve = importing.ref_resolver()
    indicators = Indicator.objects.filter(ref__in={resolve(r) for r in refs}).select_related("data_owner")
    return {i.ref for i in indicators if not user.has_perm("performance.add_observation", i)}


def upsert_observations(user, items: list[dict], *, dry_run=False) -> importing.ImportResult:
    """The API's bulk upsert: JSON items in the long format (``indicator`` names the ref)."""
    rows = []
    for item in items:
        row = {importing.ALIASES.get(k, k): v for k, v in (item or {}).items()}
        rows.append(row)
    # Once, before the permission check, so the check and the write name the same indicator.
    rows = importing.canonical_refs(rows)
    denied = forbidden_refs(user, refs=[r["ref"] for r in rows])
    if denied:
        result = importing.ImportResult(total=len(rows), dry_run=dry_run)
        for n, row in enumerate(rows, start=1):
            if str(row.get("ref") or "") in denied:
                result.errors.append(
                    importing.RowError(n, "indicator", f"You may not enter figures for indicator '{row['ref']}'.")
                )
        return result
    return importing.import_rows(rows, user=user, dry_run=dry_run)


@transaction.atomic
def delete_observation(user, observation):
    """Remove a figure; its history (and this deletion, with who did it) is kept."""
    observation._history_user = user if getattr(user, "is_authenticated", False) else None
    observation.delete()


# --- the monthly data-entry grid -------------------------------------------


@dataclass
class EntryResult:
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # ref -> field -> message
    saved: int = 0
    # ref -> what is stored now, for rows refused as stale: the next save of them is knowing.
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors


def save_month(user, *, period: date, entries: list[dict], check_only=False) -> EntryResult:
    """All the figures a data owner entered for one month, saved all or nothing.

    An entry is ``{"ref", "value", "numerator", "denominator", "note", "no_data_expected",
    "read"}``; blank entries are skipped. ``read`` is the row's token from
    ``selectors.entry_tokens`` when the grid was opened: a figure someone else changed since
    is refused (the whole save, naming the row), not overwritten. Without ``read`` (a script
    that never read the figure) the row is not checked. A value far outside the SPC limits needs a confirming note.
    ``check_only`` validates without saving (the grid checks as the user types).
    """
    result = EntryResult()
    filled = [
        e
        for e in entries
        if any(str(e.get(k) or "").strip() for k in ("value", "numerator", "denominator")) or e.get("no_data_expected")
    ]
    filled = importing.canonical_refs(filled)
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
    if check_only:
        return result
    with transaction.atomic():
        for ref, message, token in _stale_entries(filled, period=period, skip=denied):
            errors = result.errors.setdefault(ref, {})
            errors["value"] = f"{errors['value']} {message}" if "value" in errors else message
            result.tokens[ref] = token
        if result.errors:
            return result
        outcome = importing.import_rows(rows, user=user)
        if not outcome.ok:  # raced with another change; report rather than half-save
            for error in outcome.errors:
                result.errors.setdefault(rows[error.row - 1]["ref"], {})[error.column] = error.message
            return result
    result.saved = outcome.new + outcome.changed
    return result


def _stale_entries(entries: list[dict], *, period: date, skip) -> list[tuple[str, str, str]]:
    """(ref, message, token now stored) for each entry whose figure changed after it was read.

    The indicators' rows are locked (FOR NO KEY UPDATE, in id order, to the end of the save's
    transaction) so two grids saving the same figure at once are checked one after the other,
    including a figure neither found stored; imports, which only take key-share locks on
    indicators, are not held up."""
    checked = [e for e in entries if e.get("read") is not None and e["ref"] not in skip]
    if not checked:
        return []
    indicators = {
        i.ref: i
        for i in Indicator.objects.select_for_update(no_key=True)
        .filter(ref__in=[e["ref"] for e in checked])
        .order_by("pk")
    }
    tokens = selectors.entry_tokens([i.pk for i in indicators.values()], period)
    stale = []
    for entry in checked:
        indicator = indicators.get(entry["ref"])
        if indicator is None:
            continue
        token = selectors.entry_token(tokens, indicator.pk)
        if token == entry["read"]:
            continue
        stored = Observation.objects.filter(
            indicator=indicator, period=period, breakdown_dimension=""
        ).first()
        latest = stored.history.order_by("-history_id").first() if stored else None
        by = f" ({changed_by(latest)})" if latest else ""
        stale.append((
            indicator.ref,
            f"Someone else saved this figure after you opened the page{by}: saved “{_entry_shown(stored)}”, "
            f"yours “{_entry_shown(entry)}”. Your figures are below; save again to keep yours.",
            token,
        ))
    return stale


def _entry_shown(figure) -> str:
    """A stored figure or a typed entry as the grid shows it."""
    if figure is None:
        return "no figure"
    get = figure.get if isinstance(figure, dict) else lambda name: getattr(figure, name)
    if get("no_data_expected"):
        return "none expected"

    def text(v):
        return "" if v in (None, "") else (f"{v:g}" if isinstance(v, float) else str(v).strip())

    if text(get("numerator")) or text(get("denominator")):
        return f"{text(get('numerator'))} / {text(get('denominator'))}"
    return text(get("value"))


# --- SPC process changes ---------------------------------------------------


@transaction.atomic
def mark_process_change(indicator: Indicator, *, period: date, reason: str) -> ProcessChange:
    change, _ = ProcessChange.objects.update_or_create(indicator=indicator, period=period, defaults={"reason": reason})
    return change


# --- targets, benchmarks and populations ------------------------------------


@transaction.atomic
def set_current_target(indicator: Indicator, *, value: float | None, today: date | None = None) -> None:
    """The API's ``target``: this financial year's value (None removes it)."""

    year = calc.financial_year(today or timezone.localdate())
    if value is None:
        for target in Target.objects.filter(indicator=indicator, financial_year=year):
            target.delete()  # one by one, so each deletion is in the history
    else:
        Target.objects.update_or_create(indicator=indicator, financial_year=year, defaults={"value": value})


@transaction.atomic
def replace_targets(indicator: Indicator, *, targets: list[dict]) -> None:
    """Make the indicator's targets exactly ``targets`` ({year, value, note, by, trajectory_from});
    unchanged ones are left alone so the history shows only what changed."""
    wanted = {t["year"]: t for t in targets}
    for target in Target.objects.filter(indicator=indicator).exclude(financial_year__in=wanted):
        target.delete()
    existing = {t.financial_year: t for t in Target.objects.filter(indicator=indicator)}
    for year, item in wanted.items():
        fields = {
            "value": item["value"],
            "note": item.get("note", ""),
            "by": item.get("by"),
            "trajectory_from": item.get("trajectory_from"),
        }
        target = existing.get(year)
        if target is None:
            Target.objects.create(indicator=indicator, financial_year=year, **fields)
        elif any(getattr(target, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(target, k, v)
            target.save()


@transaction.atomic
def replace_benchmarks(indicator: Indicator, *, benchmarks: list[dict]) -> None:
    """Make the indicator's benchmarks exactly ``benchmarks`` ({kind, value, refers_to}).
    A new "refers to" adds a publication beside the earlier ones only if the list keeps
    them; each change and removal is in the history."""
    wanted = {(b["kind"], b.get("refers_to", "")): b["value"] for b in benchmarks}
    for benchmark in Benchmark.objects.filter(indicator=indicator):
        key = (benchmark.kind, benchmark.refers_to)
        if key not in wanted:
            benchmark.delete()
            continue
        value = wanted.pop(key)
        if benchmark.value != value:
            benchmark.value = value
            benchmark.save()
    for (kind, refers_to), value in wanted.items():
        Benchmark.objects.create(indicator=indicator, kind=kind, refers_to=refers_to, value=value)


@transaction.atomic
def save_population(population: Population | None = None, *, data: dict) -> Population:
    """Create or change a population estimate (area, age_band, year, value, source)."""
    population = population or Population()
    for key, value in data.items():
        setattr(population, key, value.strip() if isinstance(value, str) else value)
    population.full_clean()
    population.save()
    return population
