from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import downloads, spreadsheets, uploads
from core.permissions import require_perm

from . import charts, selectors, services
from .forms import BudgetLineForm, ConfirmImportForm, ReopenForm, UploadForm, YearForm
from .importing import PeriodLocked, export_columns
from .models import BudgetArea, BudgetLine, FinancialYear, MonitoringPeriod


def _year(start_year):
    return get_object_or_404(FinancialYear, start_year=start_year)


def _period(start_year, slug):
    try:
        number = MonitoringPeriod.parse_slug(slug)
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(MonitoringPeriod.objects.select_related("year", "locked_by"),
                             year__start_year=start_year, number=number)


@login_required
def index(request):
    require_perm(request, "finance.view_financialyear")
    years = FinancialYear.objects.prefetch_related("periods")
    form = YearForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "finance.add_financialyear")
        if form.is_valid():
            year = services.get_or_create_year(form.cleaned_data["year"])
            return redirect(year)
    return render(request, "finance/index.html", {"years": years, "form": form})


@login_required
def year_detail(request, start_year):
    require_perm(request, "finance.view_financialyear")
    year = _year(start_year)
    periods = selectors.periods_for_year(year)
    return render(request, "finance/year.html", {
        "year": year,
        "periods": periods,
        "can_open_next": request.user.has_perm("finance.add_monitoringperiod")
        and not (periods and periods[-1].is_outturn),
        "reserves": selectors.reserves_rows(year),
        "school_balances": selectors.school_balance_rows(year),
    })


@login_required
@require_POST
def period_open_next(request, start_year):
    require_perm(request, "finance.add_monitoringperiod")
    year = _year(start_year)
    try:
        period = services.open_period(year, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(year)
    messages.success(request, f"{period.name} opened with the lines carried forward.")
    return redirect(period)


@login_required
def period_detail(request, start_year, slug):
    require_perm(request, "finance.view_monitoringperiod")
    period = _period(start_year, slug)
    lines = selectors.period_lines(period)
    areas = []
    for area in BudgetArea.objects.all():
        area_lines = [line for line in lines if line.area_id == area.pk]
        if area_lines:
            areas.append({
                "area": area,
                "summary": selectors.summary_rows(period, area, area_lines),
                "reasons": selectors.reasons_rows(period, area, area_lines),
            })
    largest = selectors.largest_variances(period, lines=lines)
    title = f"Largest variances, {period} (£m)"
    return render(request, "finance/period.html", {
        "period": period,
        "areas": areas,
        "previous": selectors.previous_period(period),
        "chart": charts.page_svg(partial(charts.variance_bars, largest, title=title), title),
        "chart_alt": charts.variance_alt_text(largest),
        "largest": largest,
        "imports": selectors.latest_import_warnings(period),
        "can_edit": request.user.has_perm("finance.change_budgetline", period),
        "can_lock": request.user.has_perm("finance.lock_period", period),
        "can_reopen": request.user.has_perm("finance.reopen_period", period),
        "can_import": request.user.has_perm("finance.import_budget") and not period.locked,
    })


@login_required
@require_POST
def period_lock(request, start_year, slug):
    period = _period(start_year, slug)
    require_perm(request, "finance.lock_period", period)
    services.lock_period(period, user=request.user)
    messages.success(request, f"{period} is locked as reported.")
    return redirect(period)


@login_required
def period_reopen(request, start_year, slug):
    period = _period(start_year, slug)
    require_perm(request, "finance.reopen_period", period)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reopen_period(period, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{period} is open again; the reason is in its history.")
        return redirect(period)
    return render(request, "finance/period_reopen.html", {"period": period, "form": form})


@login_required
def period_export(request, start_year, slug, fmt):
    require_perm(request, "finance.view_monitoringperiod")
    if fmt not in spreadsheets.FORMATS:
        raise Http404
    period = _period(start_year, slug)
    area = get_object_or_404(BudgetArea, slug=request.GET.get("area", "la-revenue"))
    rows = selectors.export_rows(period, area)[1:]  # the header comes from the columns
    return downloads.response(
        fmt, export_columns(), rows, filename=f"{area.slug}-{period.year.label}-{period.slug}", sheet=area.name
    )


@login_required
def period_import(request, start_year, slug):
    period = _period(start_year, slug)
    require_perm(request, "finance.import_budget")
    if period.locked:
        raise PermissionDenied(str(PeriodLocked(period)))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staged, _ = services.stage_import(
            content=upload.read(), filename=upload.name, year=period.year, period=period,
            area=form.cleaned_data["area"], user=request.user,
        )
        return redirect("finance:import_preview", staged.pk)
    return render(request, "finance/import_upload.html", {"period": period, "form": form})


@login_required
def import_preview(request, pk):
    require_perm(request, "finance.import_budget")
    staged = uploads.staged(pk, kind=services.STAGED_KIND, user=request.user)
    if staged is None:
        messages.info(request, "That import has been dealt with, or has expired.")
        return redirect("finance:index")
    target = services.staged_target(staged)
    back = target["period"] or target["year"]
    record = {"source": staged.filename, **target}
    form = ConfirmImportForm(request.POST or None)
    result = None
    if request.method == "POST":
        if "discard" in request.POST:
            services.discard_import(staged)
            messages.info(request, "Import discarded; nothing was changed.")
            return redirect(back)
        if form.is_valid():
            result = services.confirm_import(staged, request.user, form.cleaned_data["acknowledge"])
            if result.written:
                messages.success(
                    request,
                    f"Imported: {result.new} added, {result.changed} updated"
                    + (f", {len(result.warnings)} warning(s) acknowledged." if result.warnings else "."),
                )
                return redirect(back)
            if result.needs_acknowledgement:
                form.add_error("acknowledge", "Tick to acknowledge the warnings before importing.")
    if result is None:
        result = services.preview_import(staged)
    return render(request, "finance/import_preview.html", {"record": record, "result": result, "form": form})


@login_required
def line_detail(request, pk):
    line = get_object_or_404(
        BudgetLine.objects.select_related("period__year", "area", "category", "owner", "carried_from", "block"),
        pk=pk,
    )
    require_perm(request, "finance.view_budgetline", line)
    trend = selectors.line_trend(line)
    points = [(name, outturn) for name, outturn, _ in trend]
    title = f"Forecast outturn of {line.division} by period (£m)"
    draw = partial(charts.forecast_trend, points, budget=line.approved_budget, title=title)
    return render(request, "finance/line.html", {
        "line": line,
        "trend": trend,
        "chart": charts.page_svg(draw, title),
        "can_edit": request.user.has_perm("finance.change_budgetline", line),
    })


def _save_line_form(request, form, line, period):
    if request.method == "POST" and form.is_valid():
        try:
            services.save_line(form.save(commit=False), user=request.user)
        except PeriodLocked as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(request, f"{form.instance.division} saved.")
        return redirect(period)
    return render(request, "finance/line_form.html", {"form": form, "line": line, "period": period})


@login_required
def line_edit(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("period__year"), pk=pk)
    require_perm(request, "finance.change_budgetline", line)
    return _save_line_form(request, BudgetLineForm(request.POST or None, instance=line), line, line.period)


@login_required
def line_add(request, start_year, slug):
    period = _period(start_year, slug)
    require_perm(request, "finance.add_budgetline", period)
    form = BudgetLineForm(request.POST or None, instance=BudgetLine(period=period))
    return _save_line_form(request, form, None, period)


@login_required
def reserves(request, start_year):
    require_perm(request, "finance.view_reserve")
    year = _year(start_year)
    return render(request, "finance/reserves.html", {"year": year, "rows": selectors.reserves_rows(year)})


@login_required
def school_balances(request, start_year):
    require_perm(request, "finance.view_schoolbalance")
    year = _year(start_year)
    return render(request, "finance/school_balances.html",
                  {"year": year, "rows": selectors.school_balance_rows(year)})
