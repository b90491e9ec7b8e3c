import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core import downloads, spreadsheets, uploads
from core.models import Job
from core.permissions import require_perm

from . import calc, charts, importing, measures, sections, selectors, services
from .filtersets import IndicatorFilterSet
from .models import BenchmarkKind, Indicator
from .templatetags.perf_tags import ARROWS, RAG_SYMBOLS


def _period(request, latest):
    """The period asked for, else ``latest()`` (a query, so only run when needed)."""
    raw = request.GET.get("period") or request.POST.get("period")
    if not raw:
        return latest()
    try:
        return calc.parse_period(raw)
    except ValueError:
        default = latest()
        messages.error(request, f"'{raw}' is not a period (YYYY-MM); showing {calc.period_label(default)}.")
        return default



@login_required
def index(request):
    return render(request, "performance/index.html", {"period": selectors.latest_period()})


@login_required
def library(request):
    require_perm(request, "performance.view_indicator")
    period = _period(request, selectors.latest_period)
    filterset = IndicatorFilterSet(request.GET or None, queryset=selectors.indicators_qs())
    indicators = filterset.qs if filterset.is_bound else filterset.queryset
    rows = selectors.statuses(indicators, period)
    rag = request.GET.get("rag")
    if rag in ("green", "amber", "red"):
        rows = [r for r in rows if r.status.rag.colour == rag]
    elif rag == "none":
        rows = [r for r in rows if r.status.rag.colour is None]
    sort = request.GET.get("sort", "")
    key = LIBRARY_SORTS.get(sort.lstrip("-"))
    if key is not None:
        # Blanks last whichever way round, so a sort never opens on empty rows.
        present = [r for r in rows if key(r) is not None]
        rows = sorted(present, key=key, reverse=sort.startswith("-")) + [r for r in rows if key(r) is None]
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
            "sort": sort,
            "sort_columns": _sort_columns(request, sort),
            "headings": LIBRARY_HEADINGS,
        },
    )


_RAG_ORDER = {"red": 0, "amber": 1, "green": 2}


def _natural(ref):
    """"2.10" after "2.9", "CIN 10" after "CIN 9"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", ref) if part]
LIBRARY_SORTS = {
    "ref": lambda r: _natural(r.indicator.ref),
    "title": lambda r: r.indicator.title.lower(),
    "area": lambda r: r.indicator.area.lower() or None,
    "latest": lambda r: r.status.value,
    "rag": lambda r: _RAG_ORDER.get(r.status.rag.colour),
    "direction": lambda r: r.status.dot.direction or None,
    "owner": lambda r: str(r.indicator.data_owner) if r.indicator.data_owner else None,
}


LIBRARY_HEADINGS = [
    ("ref", "Ref", ""), ("title", "Indicator", ""), ("area", "Area", ""), ("latest", "Latest", "num"),
    ("rag", "RAG", ""), ("direction", "Direction", ""), ("owner", "Data owner", ""),
]


def _sort_columns(request, sort):
    """{column: (url that sorts by it, aria-sort value)} for the library's headings."""
    out = {}
    for column in LIBRARY_SORTS:
        params = request.GET.copy()
        ascending = sort == column
        params["sort"] = f"-{column}" if ascending else column
        state = "ascending" if ascending else "descending" if sort == f"-{column}" else "none"
        out[column] = (f"?{params.urlencode()}", state)
    return out


def chart_for(indicator, period):
    """The indicator chart as inline SVG and its text alternative."""
    data = selectors.chart_data(indicator, period)
    alt = charts.chart_alt_text(
        data["series"], title=data["title"], target=data["target"], spc=data["spc"], unit=data["unit"]
    )
    return charts.page_svg(data), alt


@login_required
def indicator(request, pk):
    require_perm(request, "performance.view_indicator")
    ind = get_object_or_404(selectors.indicators_qs(), pk=pk)
    period = _period(request, lambda: selectors.latest_period([ind]))
    window, compare_to = _window_and_comparison(request, ind, period)
    st, extra = selectors.statuses_with_measures([ind], period, window=window, compare_to=compare_to)[0]
    periods = calc.months_back(period, 13)
    months = []
    for p in periods:
        point, rag = calc.cell(st.spec, st.series, p)
        months.append({"period": p, "point": point, "rag": rag})
    svg, alt = chart_for(ind, period)
    benchmarks = [(BenchmarkKind(kind).label, b) for kind, b in extra.benchmarks.items()]
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
            "breakdown_tables": [_table_for_page(t) for t in sections.indicator_breakdown_tables(ind, period)],
            "periods": periods,
            "targets": ind.targets.all(),
            "process_changes": ind.process_changes.all(),
            "can_change": request.user.has_perm("performance.change_indicator", ind),
            "can_enter": request.user.has_perm("performance.add_observation", ind),
            "arrow": ARROWS.get(st.status.dot.direction, "–"),
            "extra": extra,
            "window": window,
            "compare_to": compare_to,
            "point": st.series.get(period),
        },
    )


def _table_for_page(table):
    """A document table (as the packs print it) as plain rows for the page's template."""
    rows = []
    for n, row in enumerate(table.rows):
        cells = [{"text": c.printed() if hasattr(c, "printed") else str(c), "num": i in table.numeric}
                 for i, c in enumerate(row)]
        rows.append({"head": cells[0]["text"], "cells": cells[1:], "bold": n in table.bold_rows})
    return {"caption": table.caption, "header": table.header, "rows": rows, "key": table.key}


def _window_and_comparison(request, ind, period):
    """The page's window (asked for, else the indicator's own) and comparison period (asked
    for, else the March that closed the previous financial year: "against last March")."""
    window = _window_param(request, default=ind.window_months)
    try:
        compare_to = calc.parse_period(request.GET["compare_to"]) if request.GET.get("compare_to") else None
    except ValueError as exc:
        messages.error(request, f"Compare with: {exc}")
        compare_to = None
    if compare_to is None:
        compare_to = date(calc.financial_year(period), 3, 1)
    return window, compare_to


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
    areas = sorted({a for a in qs.values_list("area", flat=True) if a})
    period = _period(request, lambda: selectors.latest_period(qs))
    area = request.GET.get("area", "")
    if area:
        qs = qs.filter(area=area)
    qs = selectors.active_on(qs, period)
    rag = request.GET.get("rag", "")
    rag = rag if rag in ("green", "amber", "red", "none") else ""  # anything else is no filter (and no new cache key)

    def table():
        periods, rows = selectors.dashboard(qs, period)
        if rag in ("green", "amber", "red"):
            rows = [r for r in rows if r.status.rag.colour == rag]
        elif rag == "none":
            rows = [r for r in rows if r.status.rag.colour is None]
        body = render_to_string("performance/includes/dashboard_rows.html", {"rows": rows, "period": period})
        return {"count": len(rows), "body": mark_safe(body)}  # noqa: S308 (our own template's output)

    # The table is the same for everyone who may see the page (no per-role content), so its
    # key is what it is drawn from and the filters, not the user.
    return render(
        request,
        "performance/dashboard.html",
        {
            "periods": calc.months_back(period, 13),
            "table": selectors.cached_page(selectors.page_key(qs, period, "dashboard", rag), table),
            "period": period,
            "show_all": show_all,
            "areas": areas,
            "area": area,
            "rag": rag,
        },
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


def _mi_indicators(period):
    # Indicators a dashboard or scorecard reports (Early Help, Education) are printed there.
    return selectors.active_on(selectors.indicators_qs().filter(dashboard=""), period)


def _mi_rows(period, window=None):
    return selectors.mi_report(_mi_indicators(period), period, window=window)


def _window_param(request, default=None):
    """``?window=N`` for a page (``default`` when it is not given); a bad one is said and ignored."""
    try:
        window = int(request.GET.get("window") or default or 0) or None
    except ValueError:
        window = None
    if window is not None and measures.check_window(window):
        messages.error(request, measures.check_window(window))
        window = None
    return window


@login_required
def mi_report(request):
    require_perm(request, "performance.view_indicator")
    period = _period(request, selectors.latest_period)
    window = _window_param(request)  # the report's own, else each indicator's
    fmt = request.GET.get("format")
    if fmt:
        return _mi_export(period, *_mi_rows(period, window), fmt, window)  # an unknown format is a 404

    def table():
        four, rows = _mi_rows(period, window)
        show_windows = bool(window) or any(r.window for r in rows)
        body = render_to_string(
            "performance/includes/mi_rows.html",
            {"rows": rows, "period": period, "window": window, "show_windows": show_windows},
        )
        return {"show_windows": show_windows, "body": mark_safe(body)}  # noqa: S308 (our own template's output)

    return render(
        request,
        "performance/mi_report.html",
        {
            "period": period,
            "four": calc.months_back(period, 4),
            "window": window,
            "table": selectors.cached_page(selectors.page_key(_mi_indicators(period), period, "mi", window), table),
        },
    )


def _mi_export(period, four, rows, fmt, window=None):
    months = {f"m{i}": calc.short_label(p) for i, p in enumerate(four)}
    text = {"Area", "Ref", "Indicator", "Good perf. is", "Data note", "DOT", "RAG"}
    columns = [
        spreadsheets.Column(h.format(**months), "text" if h in text else "number") for h in MI_HEADERS
    ]
    with_windows = bool(window) or any(r.window for r in rows)
    if with_windows:
        columns += [
            spreadsheets.Column(f"{window or 'N'} month cumulative / average", "number"),
            spreadsheets.Column(f"Previous {window or 'N'} months", "number"),
        ]
    polarity = {"high": "High", "low": "Low", "info": "Info"}

    def lines():
        for row in rows:
            ind, st = row.indicator, row.status
            rule = ind.rag_rule or {}
            # Figures as the report prints them: a percentage is stored as 23.8 and shown "23.8%".
            fmt = '0.0"%"' if ind.unit == "percentage" else "General"

            def figure(value, fmt=fmt):
                return None if value is None else spreadsheets.Formatted(value, fmt)

            yield [
                ind.area,
                ind.ref,
                ind.title,
                polarity[ind.polarity],
                ind.data_note or ind.get_unit_display(),
                *[figure(p.value if p else None) for p in row.last_four],
                figure(st.ytd.value if ind.aggregation != "latest" else None),
                figure(st.target),
                ARROWS.get(st.dot.direction, "-") if ind.polarity != "info" else "-",
                RAG_SYMBOLS.get(st.rag.colour, ""),
                figure(rule.get("red")),
                figure(rule.get("green")),
                figure(st.previous_ytd.value if ind.aggregation != "latest" else None),
                *[figure(row.benchmarks[k].value if k in row.benchmarks else None) for k in BenchmarkKind.values],
                *(
                    [figure(row.window and row.window.value), figure(row.prior_window and row.prior_window.value)]
                    if with_windows
                    else []
                ),
            ]

    return downloads.response(
        fmt, columns, lines(), filename=f"mi-report-{calc.period_label(period)}",
        sheet=f"MI {calc.period_label(period)}",
    )


@login_required
def export_observations(request):
    require_perm(request, "performance.view_observation")
    fmt = request.GET.get("format", "csv")
    if fmt not in spreadsheets.FORMATS:
        raise Http404
    qs = services.observations_for_export(request.GET.get("ref"))
    if fmt == "xlsx" and qs.count() > services.XLSX_INLINE_ROWS:
        # A workbook is finished only at its end and takes minutes for 600,000 rows: the worker writes it.
        job = services.start_export_job(user=request.user, ref=request.GET.get("ref"))
        return redirect(job)
    return downloads.response(
        fmt, importing.EXPORT_COLUMNS, importing.export_rows(qs), filename="observations", sheet="Observations",
        stream=True,
    )


@login_required
def export_download(request, pk):
    """A large export the worker wrote, for the user who asked for it (until it expires)."""
    require_perm(request, "performance.view_observation")
    staged = uploads.staged(pk, kind=services.EXPORT_KIND, user=request.user)
    if staged is None:
        raise Http404("That export has expired: export again.")
    return FileResponse(staged.file.open("rb"), as_attachment=True, filename=staged.filename,
                        content_type=spreadsheets.CONTENT_TYPES["xlsx"])


def _entry_rows(request, period, indicators, posted=None, errors=None):
    previous = calc.add_months(period, -1)
    data = selectors.series_for([i.pk for i in indicators], previous, period)
    tokens = selectors.entry_tokens([i.pk for i in indicators], period)
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
        if values.get("read") is None:  # a fresh page (or a script that sent none): what is stored now
            values = {**values, "read": selectors.entry_token(tokens, ind.pk)}
        rows.append(
            {
                "indicator": ind,
                "stored": point,
                "last": data.get(ind.pk, {}).get(previous),
                "target": selectors.spec_for(ind).target_for(period),
                "values": values,
                "errors": (errors or {}).get(ind.ref, {}),
            }
        )
    return rows


@login_required
def entry(request):
    require_perm(request, "performance.add_observation")
    owner = request.GET.get("owner") if request.user.has_perm("performance.change_indicator") else None
    indicators = list(selectors.entry_indicators(request.user, owner=owner).order_by("sort_order", "ref"))
    period = _period(request, lambda: selectors.latest_period(indicators or None))
    indicators = list(
        selectors.active_on(selectors.indicators_qs().filter(pk__in=[i.pk for i in indicators]), period).order_by(
            "area", "sort_order", "ref"
        )
    )
    owed = set(selectors.owed(getattr(request.user, "person", None), period).values_list("pk", flat=True))
    # "Only what I owe" (no figure yet for the month) unless asked for all; the POST carries the choice.
    show_all = (request.POST.get("show") or request.GET.get("show")) == "all"
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
                "read": request.POST.get(f"read-{ind.pk}"),
            }
        result = services.save_month(request.user, period=period, entries=list(posted.values()), check_only=check_only)
        for ref, token in result.tokens.items():
            posted[ref]["read"] = token  # refused as stale: saving again overwrites knowingly
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
        if not show_all:
            rows = [r for r in rows if r["stored"] is None or r["errors"]]
        status = 400
    else:
        rows = _entry_rows(request, period, indicators)
        status = 200
    total = len(rows)
    if not show_all and request.method != "POST":
        rows = [r for r in rows if r["stored"] is None]
    error_list = [(r["indicator"], f, m) for r in rows for f, m in r["errors"].items()]
    return render(
        request,
        "performance/entry.html",
        {"rows": rows, "period": period, "owed": owed, "error_list": error_list, "show_all": show_all,
         "total": total},
        status=status,
    )


@login_required
def import_observations(request):
    require_perm(request, "performance.import_observations")
    context = {"large": services.LARGE_IMPORT_ROWS}
    if request.method == "POST" and request.POST.get("token"):
        staged = uploads.staged(request.POST["token"], kind=importing.STAGED_KIND, user=request.user)
        if staged is None:
            messages.error(request, "That preview has expired: upload the file again.")
            return redirect("performance:import")
        content = uploads.read_staged(staged)
        try:
            _count, refs = importing.scan_file(content, staged.filename)
        except spreadsheets.SheetError as exc:
            context["file_error"] = str(exc)
            return render(request, "performance/import.html", context, status=400)
        if services.forbidden_refs(request.user, refs=refs):
            raise PermissionDenied
        # What the preview showed was read when the file was staged; nothing changed since may be lost.
        result = importing.import_file(content, staged.filename, user=request.user, staged_at=staged.created)
        if result.ok:
            uploads.discard(staged)
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
        filename = f"{upload.name}.{kind}"
        try:
            count, refs = importing.scan_file(content, filename)
        except spreadsheets.SheetError as exc:
            context["file_error"] = str(exc)
            return render(request, "performance/import.html", context, status=400)
        denied = services.forbidden_refs(request.user, refs={r.strip() for r in refs})
        if denied:
            context["file_error"] = "You may not enter figures for: " + ", ".join(sorted(denied))
            return render(request, "performance/import.html", context, status=403)
        if count > services.LARGE_IMPORT_ROWS:
            job = services.start_import_job(content, filename, user=request.user, rows=count)
            return redirect("performance:import_job", job.pk)
        result = importing.import_file(content, filename, dry_run=True, user=request.user)
        context["result"] = result
        if result.ok:
            staged = uploads.stage(
                content, kind=importing.STAGED_KIND, filename=filename, user=request.user,
                preview={"total": result.total, "new": result.new, "changed": result.changed,
                         "unchanged": result.unchanged},
            )
            context["token"] = staged.pk
    failed = context.get("result") is not None and not context["result"].ok
    return render(request, "performance/import.html", context, status=400 if failed else 200)


@login_required
def import_job(request, pk):
    require_perm(request, "performance.import_observations")
    job = get_object_or_404(Job, pk=pk, kind="import_observations")
    return render(request, "performance/import_job.html", {"job": job})
