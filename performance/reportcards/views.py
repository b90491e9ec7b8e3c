"""Report card pages: list, card, edit (with conflict handling), changes since last period,
workflow steps, exception report and reporting cycles. Logic lives in services/selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.permissions import require_perm
from performance import calc

from . import selectors, services, text, workflow
from .forms import ActionFormSet, CardForm, CommentForm, CycleForm, ExceptionCardForm, StartCardForm, action_initial
from .models import TEXT_SECTIONS, ConflictDraft, ReportingCycle
from .rules import reportcard_capacities

_HTTP = {"role": 403, "state": 409, "input": 400}



def _period_param(request, default=None):
    raw = request.GET.get("period") or ""
    try:
        return calc.parse_period(raw) if raw else default
    except ValueError:
        messages.error(request, f"'{raw}' is not a period: write YYYY-MM.")
        return default


@login_required
def card_list(request):
    require_perm(request, "performance.view_reportcard")
    qs = selectors.cards()
    period = _period_param(request)
    if period:
        qs = qs.filter(period=period)
    status = request.GET.get("status") or ""
    if status in workflow.STATES:
        qs = qs.filter(status=status)
    form = StartCardForm()
    return render(request, "performance/reportcards/list.html", {
        "cards": qs[:500], "period": calc.period_label(period) if period else "", "status": status,
        "states": workflow.STATE_LABELS, "form": form,
        "can_start": request.user.has_perm("performance.add_reportcard"),
        "periods": [calc.period_label(p) for p in selectors.ReportCard.objects.dates("period", "month", "DESC")[:24]],
    })


@login_required
@require_POST
def card_start(request):
    require_perm(request, "performance.add_reportcard")
    form = StartCardForm(request.POST)
    if form.is_valid():
        try:
            card = services.start_card(
                form.cleaned_data["indicator"], period=form.cleaned_data["period"], user=request.user
            )
        except services.CardRefused as exc:
            if exc.kind == "role":
                raise PermissionDenied(exc.message)
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Card started" + (
                f" from the approved card for {card.started_from.period_label}." if card.started_from else "."))
            return redirect("performance:reportcard_edit", card.pk)
    return render(request, "performance/reportcards/list.html", {
        "cards": selectors.cards()[:500], "form": form, "can_start": True, "states": workflow.STATE_LABELS,
    }, status=400)


@login_required
def card_detail(request, pk):
    card = get_object_or_404(selectors.cards(), pk=pk)
    require_perm(request, "performance.view_reportcard", card)
    caps = reportcard_capacities(request.user, card)
    if request.user.is_superuser:
        caps = {workflow.DATA_OWNER, workflow.LEAD_OFFICER, workflow.PERFORMANCE_OFFICER}
    return render(request, "performance/reportcards/detail.html", {
        "card": card,
        "sections": selectors.sections(card),
        "actions": selectors.actions(card),
        "officers": selectors.officers(card),
        "performance": selectors.performance(card.indicator, card.period),
        "transitions": card.transitions.all(),
        "sign_off": selectors.sign_off(card),
        "available": workflow.available(card.status, caps),
        "can_edit": card.editable and request.user.has_perm("performance.change_reportcard", card),
        "conflicts": selectors.open_conflicts(card, request.user),
        "cycle": selectors.cycle_for(card.period),
        "comment_form": CommentForm(),
    })


def _card_data(form, formset):
    data = {name: form.cleaned_data.get(name, "") for name, _ in TEXT_SECTIONS}
    data["actions"] = [a for a in (f.as_action() for f in formset.forms if f.cleaned_data) if a]
    return data


@login_required
def card_edit(request, pk):
    card = get_object_or_404(selectors.cards(), pk=pk)
    require_perm(request, "performance.change_reportcard", card)
    if not card.editable:
        messages.error(request, f"The card is {card.get_status_display().lower()}; only a draft can be edited.")
        return redirect(card)
    conflict = None
    status = 200
    if request.method == "POST":
        form = CardForm(request.POST)
        formset = ActionFormSet(request.POST, prefix="actions")
        if form.is_valid() and formset.is_valid():
            data = _card_data(form, formset)
            try:
                services.save_card(card, data=data, version=form.cleaned_data["version"], user=request.user)
            except services.EditConflict as exc:
                conflict = _conflict_context(exc)
                # The form keeps the editor's text; saving again now overwrites deliberately.
                post = request.POST.copy()
                post["version"] = exc.current.version
                form = CardForm(post)
                formset = ActionFormSet(post, prefix="actions")
                form.is_valid()
                formset.is_valid()
                status = 409
            except services.CardRefused as exc:
                if exc.kind == "role":
                    raise PermissionDenied(exc.message)
                form.add_error(None, exc.message)
                status = _HTTP[exc.kind]
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            else:
                messages.success(request, "Card saved.")
                return redirect(card)
        else:
            status = 400
    else:
        draft_id = request.GET.get("draft")
        draft = ConflictDraft.objects.filter(pk=draft_id, card=card, author=request.user).first() if draft_id else None
        source = draft.data if draft else {name: getattr(card, name) for name in services.EDITABLE_FIELDS}
        form = CardForm(initial={**{n: source.get(n, "") for n, _ in TEXT_SECTIONS}, "version": card.version})
        formset = ActionFormSet(prefix="actions", initial=action_initial(source.get("actions", [])))
    return render(request, "performance/reportcards/edit.html", {
        "card": card, "form": form, "formset": formset, "conflict": conflict,
        "performance": selectors.performance(card.indicator, card.period),
        "preview": _preview(request.POST if request.method == "POST" else None, card),
    }, status=status)


def _preview(post, card):
    """The card's text as the committee will read it: from the editor's unsaved text when
    given (``post``), else from the card."""
    if post is None:
        return {"sections": selectors.sections(card), "actions": [a["html"] for a in selectors.actions(card)]}
    sections = [{"name": n, "label": label, "text": post.get(n, ""), "html": text.render(post.get(n, ""))}
                for n, label in TEXT_SECTIONS]
    actions = [text.render(value) for key, value in sorted(post.items())
               if key.startswith("actions-") and key.endswith("-description") and value.strip()]
    return {"sections": sections, "actions": actions}


@login_required
@require_POST
def card_preview(request, pk):
    """The editor's live preview (htmx): formatted text, nothing saved."""
    card = get_object_or_404(selectors.cards(), pk=pk)
    require_perm(request, "performance.change_reportcard", card)
    return render(request, "performance/reportcards/_preview.html", {"preview": _preview(request.POST, card)})


def _conflict_context(exc):
    current, yours = exc.current, exc.draft.data
    rows = []
    for name, label in TEXT_SECTIONS:
        theirs, mine = getattr(current, name), yours.get(name, "")
        rows.append({"label": label, "theirs": theirs, "yours": mine, "differs": (theirs or "") != (mine or "")})
    theirs_actions = "\n".join(selectors._action_line(a) for a in current.actions)
    yours_actions = "\n".join(selectors._action_line(a) for a in yours.get("actions", []))
    rows.append({"label": "Action required", "theirs": theirs_actions, "yours": yours_actions,
                 "differs": theirs_actions != yours_actions})
    last = current.history.first()
    return {"message": str(exc), "rows": rows, "draft": exc.draft, "current": current,
            "by": last.history_user if last else None, "at": last.history_date if last else None}


@login_required
@require_POST
def conflict_dismiss(request, pk, draft_pk):
    draft = get_object_or_404(ConflictDraft, pk=draft_pk, card_id=pk)
    try:
        services.dismiss_conflict(draft, user=request.user)
    except services.CardRefused as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, "Unsaved text dismissed.")
    return redirect("performance:reportcard", pk)


@login_required
def card_changes(request, pk):
    card = get_object_or_404(selectors.cards(), pk=pk)
    require_perm(request, "performance.view_reportcard", card)
    return render(request, "performance/reportcards/changes.html", {"card": card, **selectors.changes_since_last(card)})


@login_required
@require_POST
def card_transition(request, pk, action):
    card = get_object_or_404(selectors.cards(), pk=pk)
    require_perm(request, "performance.view_reportcard", card)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect(card)
    try:
        services.transition(card, action=action, user=request.user, comment=comment)
    except services.CardRefused as exc:
        if exc.kind == "role":
            raise PermissionDenied(exc.message)
        messages.error(request, exc.message)
        response = redirect(card)
        if exc.kind == "state":
            response = render(request, "performance/reportcards/refused.html", {"card": card, "message": exc.message},
                              status=409)
        return response
    label = {"submit": "submitted for approval", "approve": "approved", "return": "returned for changes"}[action]
    messages.success(request, f"Card {label}.")
    return redirect(card)


@login_required
def exception_report(request):
    require_perm(request, "performance.view_reportcard")
    latest = selectors.ReportCard.objects.order_by("-period").values_list("period", flat=True).first()
    period = _period_param(request, latest or calc.add_months(timezone.localdate().replace(day=1), -1))
    form = ExceptionCardForm()
    status = 200
    if request.method == "POST":
        require_perm(request, "performance.add_reportcard")
        form = ExceptionCardForm(request.POST)
        if form.is_valid():
            try:
                card = services.add_exception_card(form.cleaned_data["indicator"], period=period,
                                                   reason=form.cleaned_data["reason"], user=request.user)
            except services.CardRefused as exc:
                if exc.kind == "role":
                    raise PermissionDenied(exc.message)
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, f"{card.indicator.ref} added to the exception report.")
                return redirect(f"{request.path}?period={calc.period_label(period)}")
        else:
            status = 400
    report = selectors.exception_report(period)
    return render(request, "performance/reportcards/exceptions.html", {
        **report, "period_label": calc.period_label(period), "form": form,
        "can_add": request.user.has_perm("performance.add_reportcard"),
    }, status=status)


@login_required
def cycles(request):
    require_perm(request, "performance.view_reportingcycle")
    form = CycleForm()
    status = 200
    if request.method == "POST":
        require_perm(request, "performance.add_reportingcycle")
        form = CycleForm(request.POST)
        if form.is_valid():
            services.set_cycle(form.cleaned_data["period"], commentary_due=form.cleaned_data["commentary_due"],
                               note=form.cleaned_data["note"], user=request.user)
            messages.success(request, "Reporting cycle saved.")
            return redirect("performance:reportcard_cycles")
        status = 400
    return render(request, "performance/reportcards/cycles.html", {
        "cycles": ReportingCycle.objects.all(), "form": form,
        "can_add": request.user.has_perm("performance.add_reportingcycle"),
    }, status=status)
