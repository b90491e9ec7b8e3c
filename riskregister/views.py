from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from core import downloads, uploads
from core.permissions import require_perm

from . import charts, selectors, services
from .filtersets import RiskPageFilterSet
from .forms import ActionForm, EscalateForm, ImportForm, LinkForm, ReviewForm
from .models import MitigatingAction, Register, Risk

# Sortable columns of the register table: query value -> order_by fields.
SORTS = {
    "position": ["position", "risk_number"],
    "risk_number": ["risk_number"],
    "name": ["name"],
    "area": ["area", "risk_number"],
    "owner": ["owner__name", "risk_number"],
    "current_score": ["current_score", "risk_number"],
    "target_score": ["target_score", "risk_number"],
    "target_date": ["target_date", "risk_number"],
    "next_review_due": ["next_review_due", "risk_number"],
    "level": ["level", "risk_number"],
}


# The register page offers these; the heat map's cell filters travel as hidden fields.
PAGE_FILTERS = ("owner", "area", "band", "overdue")


def _cell_caption(params):
    for kind in ("current", "target"):
        likelihood, impact = params.get(f"{kind}_likelihood"), params.get(f"{kind}_impact")
        if likelihood and impact:
            return f"{kind} likelihood {likelihood}, impact {impact}"
    return ""



@login_required
def index(request):
    require_perm(request, "riskregister.view_register")
    registers = Register.objects.select_related("prepared_by").order_by("level", "name")
    return render(
        request,
        "riskregister/index.html",
        {
            "registers": registers,
            "overdue_reviews": selectors.overdue_reviews(),
            "missed_targets": selectors.missed_targets(),
            "overdue_actions": selectors.overdue_actions(),
        },
    )


@login_required
def register_detail(request, pk):
    register = get_object_or_404(Register.objects.select_related("prepared_by"), pk=pk)
    require_perm(request, "riskregister.view_risk")
    filterset = RiskPageFilterSet(request.GET or None, queryset=selectors.risks(register), register=register)
    sort = request.GET.get("sort", "position")
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["position"])
    order = [f"-{f}" if descending else f for f in fields]
    risks = selectors.decorate(filterset.qs.order_by(*order))
    return render(
        request,
        "riskregister/register_detail.html",
        {
            "register": register,
            "filter": filterset,
            "risks": risks,
            "sort": sort,
            "query": request.GET.copy(),
            "bands": selectors.bands(),
            "can_import": request.user.has_perm("riskregister.import_risks", register),
            "page_filters": PAGE_FILTERS,
            "cell": _cell_caption(request.GET),
        },
    )


@login_required
def heat_map(request, pk):
    register = get_object_or_404(Register, pk=pk)
    require_perm(request, "riskregister.view_risk")
    return render(
        request,
        "riskregister/heat_map.html",
        {
            "register": register,
            "maps": [
                ("current", "Current scores", selectors.heat_map_rows(register, "current")),
                ("target", "Target scores", selectors.heat_map_rows(register, "target")),
            ],
            "bands": selectors.bands(),
            "register_url": reverse("riskregister:register", args=[register.pk]),
        },
    )


@login_required
def overdue(request, pk):
    register = get_object_or_404(Register, pk=pk)
    require_perm(request, "riskregister.view_risk")
    return render(
        request,
        "riskregister/overdue.html",
        {
            "register": register,
            "overdue_reviews": selectors.overdue_reviews(register),
            "missed_targets": selectors.missed_targets(register),
            "overdue_actions": selectors.overdue_actions(register),
        },
    )


@login_required
def risk_detail(request, pk):
    try:
        risk = selectors.risk_detail(pk)
    except Risk.DoesNotExist:
        return render(request, "404.html", status=404)
    require_perm(request, "riskregister.view_risk", risk)
    selectors.decorate([risk])
    history = selectors.score_history(risk)
    points = [(d.strftime("%d %b %Y"), s, t) for d, s, t in history]
    chart = charts.score_history_chart(points) if history else None
    chart_narrow = charts.score_history_chart(points, width=charts.NARROW) if history else None
    return render(
        request,
        "riskregister/risk_detail.html",
        {
            "risk": risk,
            "chart": chart,
            "chart_narrow": chart_narrow,
            "reviews": list(risk.reviews.all())[::-1],
            "today": selectors.today(),
            "can_review": request.user.has_perm("riskregister.review_risk", risk),
            "can_escalate": request.user.has_perm("riskregister.escalate_risk", risk),
            "escalate_form": EscalateForm(risk=risk),
            "link_form": LinkForm(),
        },
    )


@login_required
def review(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("register", "owner"), pk=pk)
    require_perm(request, "riskregister.review_risk", risk)
    form = ReviewForm.for_risk(risk, request.POST or None, today=selectors.today())
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(risk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Review of {risk.risk_number} recorded.")
            return redirect(risk)
    return render(request, "riskregister/review_form.html", {"risk": risk, "form": form})


@login_required
def action_edit(request, pk, action_pk=None):
    risk = get_object_or_404(Risk, pk=pk)
    action = get_object_or_404(MitigatingAction, pk=action_pk, risk=risk) if action_pk else MitigatingAction(risk=risk)
    verb = "change" if action_pk else "add"
    require_perm(request, f"riskregister.{verb}_mitigatingaction", risk)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.save_action(form.save(commit=False))
        messages.success(request, "Mitigating action saved.")
        return redirect(risk)
    return render(request, "riskregister/action_form.html", {"risk": risk, "form": form, "action": action})


@login_required
@require_POST
def link_add(request, pk):
    risk = get_object_or_404(Risk, pk=pk)
    require_perm(request, "riskregister.add_risklink", risk)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link(
                risk, kind=form.cleaned_data["kind"], ref=form.cleaned_data["ref"], note=form.cleaned_data["note"]
            )
            messages.success(request, "Link added.")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, "Give the kind of link and its reference.")
    return redirect(risk)


@login_required
@require_POST
def escalate(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("register"), pk=pk)
    require_perm(request, "riskregister.escalate_risk", risk)
    form = EscalateForm(request.POST, risk=risk)
    if form.is_valid():
        try:
            services.escalate(risk, to_register=form.cleaned_data["to_register"], user=request.user,
                              reason=form.cleaned_data["reason"])
            messages.success(request, f"{risk.risk_number} escalated to {form.cleaned_data['to_register']}.")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, "Choose the register to escalate to.")
    return redirect(risk)


STAGED_KIND = "risks"


@login_required
def import_register(request, pk):
    """Upload -> preview (nothing kept, errors by row) -> confirm (all rows or none)."""
    register = get_object_or_404(Register, pk=pk)
    require_perm(request, "riskregister.import_risks", register)
    form = ImportForm()
    context = {"register": register, "form": form}
    if request.method == "POST" and "confirm" in request.POST:
        staged = uploads.staged(request.POST.get("token"), kind=STAGED_KIND, user=request.user)
        if staged is None or staged.params.get("register") != register.pk:
            messages.error(request, "That upload has expired; choose the file again.")
            return redirect("riskregister:import", pk=register.pk)
        outcome = services.import_register(
            register, uploads.read_staged(staged), staged.params["format"], user=request.user, dry_run=False
        )
        if outcome.written:
            uploads.discard(staged)
            messages.success(request, f"Imported {len(outcome.preview)} risk(s) into {register}.")
            return redirect(register)
        context["outcome"] = outcome
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                fmt = uploads.check_spreadsheet(upload)
                content = upload.read()
                outcome = services.import_register(register, content, fmt, user=request.user, dry_run=True)
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                context["outcome"] = outcome
                if outcome.ok:
                    staged = uploads.stage(
                        content, kind=STAGED_KIND, filename=f"{upload.name}.{fmt}", user=request.user,
                        params={"register": register.pk, "format": fmt}, preview=outcome.as_dict(),
                    )
                    context.update(token=staged.pk, format=fmt)
    return render(request, "riskregister/import.html", context)


@login_required
def export_register(request, pk, fmt):
    register = get_object_or_404(Register, pk=pk)
    require_perm(request, "riskregister.export_risks", register)
    return downloads.response(
        fmt, services.export_columns(), services.export_rows(register), filename=slugify(register.name),
        sheet=register.name,
    )


def bands_css(request):
    """The administrator's band colours as classes: the strict CSP allows no style attributes."""
    lines = []
    for band in selectors.bands():
        cls = f"band-{slugify(band.name)}"
        lines.append(f".{cls} {{ background-color: {band.colour}; color: {band.text_colour}; }}")
        lines.append(f".{cls} a {{ color: {band.text_colour}; }}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/css")
    response["Cache-Control"] = "max-age=60"
    return response


@login_required
def matrix(request):
    """The administrator names the bands, sets their colours and places each of the 25 cells."""
    from .forms import BandFormSet, MatrixForm
    from .models import RiskBand

    require_perm(request, "riskregister.view_riskband")
    can_edit = request.user.has_perm("riskregister.set_matrix")
    if can_edit:
        services.ensure_default_matrix()  # saved rows to edit, even after the tables were emptied
    bands_qs = RiskBand.objects.all()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "save_bands" in request.POST:
            formset = BandFormSet(request.POST, queryset=bands_qs, prefix="bands")
            if formset.is_valid():
                formset.save()
                messages.success(request, "Bands saved.")
                return redirect("riskregister:matrix")
            form = MatrixForm(bands=bands_qs, current=selectors.matrix())
        else:
            formset = BandFormSet(queryset=bands_qs, prefix="bands")
            form = MatrixForm(request.POST, bands=bands_qs, current=selectors.matrix())
            if form.is_valid():
                try:
                    services.set_matrix(form.cells(), user=request.user)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, "Matrix saved.")
                    return redirect("riskregister:matrix")
    else:
        formset = BandFormSet(queryset=bands_qs, prefix="bands")
        form = MatrixForm(bands=bands_qs, current=selectors.matrix())
    return render(
        request,
        "riskregister/matrix.html",
        {"formset": formset, "form": form, "can_edit": can_edit, "grid": _grid(selectors.matrix())},
    )


def _grid(the_matrix):
    return [
        {"impact": impact, "cells": [the_matrix.get((likelihood, impact)) for likelihood in range(1, 6)]}
        for impact in range(5, 0, -1)
    ]
