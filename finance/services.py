"""Writes for budget monitoring: years, periods (open, lock, reopen), line edits, imports.

A locked period refuses every write here (pages and API both come through these), so its
reported figures stay as they were reported.
"""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import update_change_reason

from core import uploads

from . import reference
from .importing import PeriodLocked, import_table, warnings_data
from .models import (
    OUTTURN,
    BudgetArea,
    BudgetBlock,
    BudgetCategory,
    BudgetLine,
    FinancialYear,
    MonitoringPeriod,
)

__all__ = ["PeriodLocked", "import_table"]

CARRIED_FIELDS = ["area", "block", "category", "division", "order", "approved_budget", "forecast_outturn",
                  "adjustment", "reason", "recovery_actions", "owner"]


def ensure_reference_data():
    reference.install(BudgetArea, BudgetBlock, BudgetCategory)


def get_or_create_year(start_year):
    return FinancialYear.objects.get_or_create(start_year=start_year)[0]


@transaction.atomic
def open_period(year, *, number=None, user=None):
    """Open a monitoring period, carrying forward every line of the latest earlier period.

    Without ``number``, the period after the year's last one. The carried lines keep
    budget, forecast, reason and owner, and point back to their previous line so the
    movement is computed; stated (imported) figures are not carried.
    """
    last = year.periods.order_by("-number").first()
    if number is None:
        number = (last.number + 1) if last else 1
    if number > OUTTURN:
        raise ValueError(f"{year} already has its outturn; open a period in the next year.")
    if year.periods.filter(number=number).exists():
        raise ValueError(f"{year} already has period {number}.")
    period = MonitoringPeriod.objects.create(year=year, number=number)
    previous = year.periods.filter(number__lt=number).order_by("-number").first()
    if previous is not None:
        for line in previous.lines.all():
            BudgetLine.objects.create(
                period=period, carried_from=line, **{name: getattr(line, name) for name in CARRIED_FIELDS}
            )
    return period


def get_or_open_period(year, *, number, user=None):
    period = year.periods.filter(number=number).first()
    return period or open_period(year, number=number, user=user)


def check_open(period):
    if period.locked:
        raise PeriodLocked(period)


@transaction.atomic
def save_line(line, *, user=None):
    """Save a budget line edited on a page or through the API; refused in a locked period."""
    period = MonitoringPeriod.objects.select_for_update().get(pk=line.period_id)
    check_open(period)
    if line.pk is None and line.carried_from_id is None:
        # A line added by hand that the previous period also had: movement is measured from it.
        previous = period.year.periods.filter(number__lt=period.number).order_by("-number").first()
        if previous is not None:
            line.carried_from = previous.lines.filter(area_id=line.area_id, division=line.division).first()
    line.save()
    return line


@transaction.atomic
def delete_line(line):
    check_open(MonitoringPeriod.objects.select_for_update().get(pk=line.period_id))
    line.delete()


@transaction.atomic
def lock_period(period, *, user):
    """Lock a period once reported: its figures are what was reported."""
    period = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
    if period.locked:
        return period
    period.locked = True
    period.locked_at = timezone.now()
    period.locked_by = user
    period._change_reason = "Locked as reported"
    period.save()
    return period


@transaction.atomic
def reopen_period(period, *, user, reason):
    """An administrator's explicit, audited reopen of a locked period (the reason is kept in its history)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Say why the period is being reopened.")
    period = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
    period.locked = False
    period.locked_at = None
    period.locked_by = None
    period.save()
    update_change_reason(period, f"Reopened by {user}: {reason}"[:100])
    return period


# --- staged imports (the upload page) -----------------------------------------


STAGED_KIND = "budget"


def stage_import(*, content, filename, year, period=None, area=None, user=None):
    """Keep an uploaded file for preview (a core staged upload); nothing in the budget changes yet."""
    result = import_table(content=content, filename=filename, year=year, period=period, area=area, dry_run=True)
    staged = uploads.stage(
        content, kind=STAGED_KIND, filename=filename, user=user,
        params={"year": year.pk, "period": period.pk if period else None, "area": area.pk if area else None},
        preview={"kind": result.kind, "errors": result.errors, "warnings": warnings_data(result),
                 "notices": result.notices},
    )
    return staged, result


def staged_target(staged):
    """Where a staged budget file goes: its year, period and area."""
    params = staged.params
    return {
        "year": FinancialYear.objects.get(pk=params["year"]),
        "period": MonitoringPeriod.objects.select_related("year").filter(pk=params.get("period")).first(),
        "area": BudgetArea.objects.filter(pk=params.get("area")).first(),
    }


def preview_import(staged):
    return import_table(content=uploads.read_staged(staged), filename=staged.filename, dry_run=True,
                        **staged_target(staged))


@transaction.atomic
def confirm_import(staged, user, acknowledge):
    """Apply a staged import: all of it, and only once its warnings are acknowledged."""
    from core.models import StagedUpload

    staged = StagedUpload.objects.select_for_update().filter(pk=staged.pk).first()
    if staged is None:
        raise ValueError("This import has already been applied or discarded.")
    result = import_table(content=uploads.read_staged(staged), filename=staged.filename, user=user,
                          acknowledge=acknowledge, source=staged.filename, **staged_target(staged))
    if result.written:
        # The applied import keeps its own record (with the file); the staged copy is done with.
        uploads.discard(staged)
    return result


def discard_import(staged):
    uploads.discard(staged)
