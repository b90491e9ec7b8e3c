import re
from pathlib import Path

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import uploads
from core.models import Job
from core.permissions import require_perm

from . import calc, charts, importing, selectors, services
from .filtersets import IndicatorFilterSet
from .models import BenchmarkKind, Indicator
from .resources import ObservationResource
from .templatetags.perf_tags import ARROWS, RAG_SYMBOLS


def _period(request, default):
    raw = request.GET.get("period") or request.POST.get("period")
    if not raw:
        return default
    try:
        return calc.parse_period(raw)
    except ValueError:
        messages.error(request, f"'{raw}' is not a period (YYYY-MM); showing {calc.period_label(default)}.")
        return default



@login_required
def index(request):
    return render(request, "performance/index.html", {"period": selectors.latest_period()})


@login_required
def library(request):
    require_perm(request, "performance.view_indicator")
    period = _period(request, selectors.latest_period())
    filterset = IndicatorFilterSet(request.GET or None, queryset=selectors.indicators_qs())
    indicators = filterset.qs if filterset.is_bound else filterset.queryset
    rows = selectors.statuses(indicators, period)
    rag = request.GET.get("rag")
    if rag in ("green", "amber", "red"):
        rows = [r for r in rows if r.status.rag.colour == rag]
    elif rag == "none":
        rows = [r for r in rows if r.status.rag.colour is None]
    areas = Indicator.objects.order_by("area").values_list("area", flat=True).distinct()
    owners = {
        (i.data_owner_id, str(i.data_owner)) for i in Indicator.objects.select_related("data_owner") if i.data_owner
    }
    return render(
        request,
        "performance/library.html",
        {
            "rows": rows,
            "period": period,
            "filterset": filterset,
            "areas": [a for a in areas if a],
            "owners": sorted(owners, key=lambda o: o[1]),
            "rag": rag or "",
        },
    )


def chart_for(indicator, period):
    """The indicator chart as inline SVG and its text alternative."""
    data = selectors.chart_data(indicator, period)
    drawing = charts.indicator_chart(**data, width=640, height=260)
    alt = charts.chart_alt_text(
        data["series"], title=data["title"], target=data["target"], spc=data["spc"], unit=data["unit"]
    )
    return charts.to_svg(drawing, title=data["title"]), alt


@login_required
def indicator(request, pk):
    require_perm(request, "performance.view_indicator")
    ind = get_object_or_404(selectors.indicators_qs(), pk=pk)
    period = _period(request, selectors.latest_period([ind]))
    st = selectors.statuses([ind], period)[0]
    periods = calc.months_back(period, 13)
    months = []
    for p in periods:
        point, rag = calc.cell(st.spec, st.series, p)
        months.append({"period": p, "point": point, "rag": rag})
    svg, alt = chart_for(ind, period)
    benchmarks = [(BenchmarkKind(b.kind).label, b) for b in ind.benchmarks.all()]
    return render(
        request,
        "performance/indicator.html",
        {
            "indicator": ind,
            "period": period,
            "status": st.status,
            "months": months,
            "chart_svg": svg,
            "chart_alt": alt,
            "benchmarks": benchmarks,
            "breakdowns": selectors.breakdowns(ind, period),
            "periods": periods,
            "targets": ind.targets.all(),
            "process_changes": ind.process_changes.all(),
            "can_change": request.user.has_perm("performance.change_indicator", ind),
            "can_enter": request.user.has_perm("performance.add_observation", ind),
            "arrow": ARROWS.get(st.status.dot.direction, "–"),
        },
    )


@login_required
@require_POST
def process_change(request, pk):
    ind = get_object_or_404(Indicator, pk=pk)
    require_perm(request, "performance.change_indicator", ind)
    try:
        period = calc.parse_period(request.POST.get("change_period", ""))
    except ValueError as exc:
        messages.error(request, f"Process change not recorded: {exc}")
        return redirect(ind)
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, "Process change not recorded: say what changed.")
        return redirect(ind)
    services.mark_process_change(ind, period=period, reason=reason)
    messages.success(request, f"Process limits are recalculated from {calc.short_label(period)}.")
    return redirect(ind)


@login_required
def dashboard(request):
    require_perm(request, "performance.view_indicator")
    show_all = request.GET.get("all") == "1"
    qs = selectors.indicators_qs()
    if not show_all:
        qs = qs.filter(vital_sign=True)
    period = _period(request, selectors.latest_period(qs))
    periods, rows = selectors.dashboard(selectors.active_on(qs, period), period)
    return render(
        request,
        "performance/dashboard.html",
        {"periods": periods, "rows": rows, "period": period, "show_all": show_all},
    )


MI_HEADERS = [
    "Area",
    "Ref",
    "Indicator",
    "Good perf. is",
    "Data note",
    "{m0}",
    "{m1}",
    "{m2}",
    "{m3}",
    "YTD",
    "Target",
    "DOT",
    "RAG",
    "Red",
    "Green",
    "Previous YTD",
    "Stat neigh avg",
    "Best stat neigh",
    "Nat. avg",
    "Nat. top quartile",
]


def _mi_rows(period):
    qs = selectors.active_on(selectors.indicators_qs(), period)
    return selectors.mi_report(qs, period)


@login_required
def mi_report(request):
    require_perm(request, "performance.view_indicator")
    period = _period(request, selectors.latest_period())
    four, rows = _mi_rows(period)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _mi_export(period, four, rows, fmt)
    return render(request, "performance/mi_report.html", {"period": period, "four": four, "rows": rows})


def _mi_export(period, four, rows, fmt):
    headers = [h.format(**{f"m{i}": calc.short_label(p) for i, p in enumerate(four)}) for h in MI_HEADERS]
    data = tablib.Dataset(headers=headers, title=f"MI {calc.period_label(period)}")
    polarity = {"high": "High", "low": "Low", "info": "Info"}
    for row in rows:
        ind, st = row.indicator, row.status
        rule = ind.rag_rule or {}
        data.append(
            [
                ind.area,
                ind.ref,
                ind.title,
                polarity[ind.polarity],
                ind.data_note or ind.get_unit_display(),
                *[(p.value if p else None) for p in row.last_four],
                st.ytd.value if ind.aggregation != "latest" else None,
                st.target,
                ARROWS.get(st.dot.direction, "-") if ind.polarity != "info" else "-",
                RAG_SYMBOLS.get(st.rag.colour, ""),
                rule.get("red"),
                rule.get("green"),
                st.previous_ytd.value if ind.aggregation != "latest" else None,
                *[(row.benchmarks[k].value if k in row.benchmarks else None) for k in BenchmarkKind.values],
            ]
        )
    name = f"mi-report-{calc.period_label(period)}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            data.export("xlsx"), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_observations(request):
    require_perm(request, "performance.view_observation")
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    qs = ObservationResource().get_queryset().order_by("indicator__sort_order", "indicator__ref", "period")
    ref = request.GET.get("ref")
    if ref:
        qs = qs.filter(indicator__ref=ref)
    dataset = ObservationResource().export(queryset=qs)
    body = dataset.export(fmt)
    ctype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="observations.{fmt}"'
    return response


def _entry_rows(request, period, indicators, posted=None, errors=None):
    data = selectors.series_for([i.pk for i in indicators], period, period)
    rows = []
    for ind in indicators:
        point = data.get(ind.pk, {}).get(period)
        values = (posted or {}).get(ind.ref) or {
            "value": "" if point is None or point.value is None or point.numerator is not None else f"{point.value:g}",
            "numerator": "" if point is None or point.numerator is None else f"{point.numerator:g}",
            "denominator": "" if point is None or point.denominator is None else f"{point.denominator:g}",
            "note": "",
            "no_data_expected": bool(point and point.no_data_expected),
        }
        rows.append({"indicator": ind, "stored": point, "values": values, "errors": (errors or {}).get(ind.ref, {})})
    return rows


@login_required
def entry(request):
    require_perm(request, "performance.add_observation")
    owner = request.GET.get("owner") if request.user.has_perm("performance.change_indicator") else None
    indicators = list(selectors.entry_indicators(request.user, owner=owner).order_by("sort_order", "ref"))
    period = _period(request, selectors.latest_period(indicators or None))
    indicators = list(
        selectors.active_on(Indicator.objects.filter(pk__in=[i.pk for i in indicators]), period).order_by(
            "sort_order", "ref"
        )
    )
    owed = set(selectors.owed(getattr(request.user, "person", None), period).values_list("pk", flat=True))
    if request.method == "POST":
        check_only = request.POST.get("check") == "1"
        posted = {}
        for ind in indicators:
            posted[ind.ref] = {
                "ref": ind.ref,
                "value": request.POST.get(f"value-{ind.pk}", "").strip(),
                "numerator": request.POST.get(f"numerator-{ind.pk}", "").strip(),
                "denominator": request.POST.get(f"denominator-{ind.pk}", "").strip(),
                "note": request.POST.get(f"note-{ind.pk}", "").strip(),
                "no_data_expected": request.POST.get(f"nde-{ind.pk}") == "on",
            }
        result = services.save_month(request.user, period=period, entries=list(posted.values()), check_only=check_only)
        if check_only:
            rows = _entry_rows(request, period, indicators, posted, result.errors)
            error_list = [(r["indicator"], f, m) for r in rows for f, m in r["errors"].items()]
            return render(request, "performance/includes/entry_check.html", {"error_list": error_list})
        if result.ok:
            messages.success(
                request, f"Saved {result.saved} figure(s) for {calc.short_label(period)}. Nothing else was changed."
            )
            return redirect(f"{reverse('performance:entry')}?period={calc.period_label(period)}")
        rows = _entry_rows(request, period, indicators, posted, result.errors)
        status = 400
    else:
        rows = _entry_rows(request, period, indicators)
        status = 200
    error_list = [(r["indicator"], f, m) for r in rows for f, m in r["errors"].items()]
    return render(
        request,
        "performance/entry.html",
        {"rows": rows, "period": period, "owed": owed, "error_list": error_list},
        status=status,
    )


_TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")


@login_required
def import_observations(request):
    require_perm(request, "performance.import_observations")
    context = {"large": services.LARGE_IMPORT_ROWS}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        if not _TOKEN.match(token):
            raise Http404
        path = importing.stash_folder() / token
        if not path.exists():
            messages.error(request, "That preview has expired: upload the file again.")
            return redirect("performance:import")
        content = path.read_bytes()
        path.unlink(missing_ok=True)
        rows = importing.read_rows(content, token)
        if services.forbidden_refs(request.user, refs={str(r.get("ref") or "").strip() for r in rows}):
            raise PermissionDenied
        result = importing.import_rows(rows, user=request.user)
        if result.ok:
            messages.success(
                request, f"Imported: {result.new} new, {result.changed} changed, {result.unchanged} unchanged."
            )
            return redirect("performance:import")
        context["result"] = result
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = "Choose a CSV or XLSX file."
            return render(request, "performance/import.html", context, status=400)
        try:
            kind = uploads.check_spreadsheet(upload)
        except ValidationError as exc:
            context["file_error"] = exc.messages[0]
            return render(request, "performance/import.html", context, status=400)
        content = upload.read()
        try:
            rows = importing.read_rows(content, f"{upload.name}.{kind}")
        except importing.ImportFileError as exc:
            context["file_error"] = str(exc)
            return render(request, "performance/import.html", context, status=400)
        denied = services.forbidden_refs(request.user, refs={str(r.get("ref") or "").strip() for r in rows})
        if denied:
            context["file_error"] = "You may not enter figures for: " + ", ".join(sorted(denied))
            return render(request, "performance/import.html", context, status=403)
        if len(rows) > services.LARGE_IMPORT_ROWS:
            job = services.start_import_job(content, f"{upload.name}.{kind}", user=request.user)
            return redirect("performance:import_job", job.pk)
        result = importing.import_rows(rows, dry_run=True, user=request.user)
        context["result"] = result
        if result.ok:
            context["token"] = Path(importing.stash_upload(content, f"{upload.name}.{kind}")).name
    failed = context.get("result") is not None and not context["result"].ok
    return render(request, "performance/import.html", context, status=400 if failed else 200)


@login_required
def import_job(request, pk):
    require_perm(request, "performance.import_observations")
    job = get_object_or_404(Job, pk=pk, kind="import_observations")
    return render(request, "performance/import_job.html", {"job": job})
