"""Reads for report cards: lists, the card's "Performance" drawn from the data, the
exception report, what changed since last period, and plain data for agenda packs."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q

from core.models import Person
from performance import calc, charts
from performance import selectors as perf_selectors

from . import deadlines, text, textdiff, workflow
from .models import TEXT_SECTIONS, CardTransition, ConflictDraft, ReportCard, ReportingCycle

CHART_PERIODS = 13


def cards():
    return ReportCard.objects.select_related(
        "indicator", "indicator__lead_officer", "indicator__data_owner"
    ).prefetch_related(
        Prefetch("transitions", queryset=CardTransition.objects.select_related("by")),
        "indicator__targets",
        "indicator__process_changes",
    )


def last_approved_before(indicator, period: date):
    """The latest approved (or published) card of an earlier period: a new card starts from its text."""
    return (
        ReportCard.objects.filter(
            indicator=indicator, period__lt=period, status__in=[workflow.APPROVED, workflow.PUBLISHED]
        )
        .order_by("-period")
        .first()
    )


def previous_card(card):
    return card.started_from or last_approved_before(card.indicator, card.period)


def cycle_for(period: date):
    return ReportingCycle.objects.filter(period=period).first()


def due_dates(periods) -> dict:
    return dict(ReportingCycle.objects.filter(period__in=set(periods)).values_list("period", "commentary_due"))


# --- "Performance": drawn from the data, never typed -------------------------


def _series(indicators, period: date) -> dict:
    """Figures per indicator id, enough history for SPC limits and year-to-date (one query)."""
    return perf_selectors.series_for([i.pk for i in indicators], perf_selectors.history_start(period), period)


def performance(indicator, period: date, series=None, *, chart=True) -> dict:
    """The card's Performance section as plain data, with the chart as inline SVG (unless ``chart=False``)."""
    spec = perf_selectors.spec_for(indicator)
    if series is None:
        series = _series([indicator], period).get(indicator.pk, {})
    status = calc.status(spec, series, period)
    step = calc.MONTHS_PER_PERIOD.get(indicator.frequency, 1)
    periods = [calc.add_months(period, -step * k) for k in range(CHART_PERIODS - 1, -1, -1)]
    points = []
    for p in periods:
        point, rag = calc.cell(spec, series, p)
        points.append({
            "period": calc.period_label(p),
            "label": calc.short_label(p),
            "value": point.value if point else None,
            "numerator": point.numerator if point else None,
            "denominator": point.denominator if point else None,
            "rag": rag.colour,
            "display": calc.fmt(point.value if point else None, indicator.unit),
        })
    spc = {"mean": status.spc.mean, "lower": status.spc.lower, "upper": status.spc.upper, "trial": status.spc.trial}
    title = indicator.title
    out = {
        "period": calc.period_label(period),
        "unit": indicator.unit,
        "value": status.value,
        "display": calc.fmt(status.value, indicator.unit),
        "target": status.target,
        "target_display": calc.fmt(status.target, indicator.unit) if status.target is not None else "",
        "rag": status.rag.colour,
        "rag_explanation": status.rag.explanation,
        "direction": status.dot.direction,
        "direction_explanation": status.dot.explanation,
        "exception": status.exception.exception,
        "exception_reasons": list(status.exception.reasons),
        "series": points,
        "spc": spc,
        "alt_text": charts.chart_alt_text(points, title=title, target=status.target, spc=spc, unit=indicator.unit),
    }
    if chart:
        # The performance app's chart inputs, so the card draws exactly what the agenda pack prints.
        data = perf_selectors.chart_data(indicator, period)
        out["svg"] = charts.page_svg(data)
    return out


def performance_for_cards(cards) -> dict[int, dict]:
    """Figures (no chart) for many cards: one observation query per distinct period."""
    by_period: dict[date, list] = {}
    for c in cards:
        by_period.setdefault(c.period, []).append(c)
    out = {}
    for period, group in by_period.items():
        series = _series([c.indicator for c in group], period)
        for c in group:
            out[c.pk] = performance(c.indicator, period, series.get(c.indicator_id, {}), chart=False)
    return out


# --- the card page -----------------------------------------------------------


def sections(card) -> list[dict]:
    return [
        {"name": name, "label": label, "text": getattr(card, name), "html": text.render(getattr(card, name))}
        for name, label in TEXT_SECTIONS
    ]


def actions(card) -> list[dict]:
    ids = {a.get("owner") for a in card.actions if a.get("owner")}
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)} if ids else {}
    out = []
    for a in card.actions:
        owner = people.get(a.get("owner"))
        out.append({**a, "owner_name": str(owner) if owner else "", "html": text.render(a.get("description", ""))})
    return out


def officers(card) -> dict:
    ind = card.indicator
    return {"lead": ind.lead_officer, "data": ind.data_owner}


def changes_since_last(card) -> dict:
    """Side-by-side rows per section against the previous period's approved card."""
    prev = previous_card(card)
    rows = []
    for name, label in [*TEXT_SECTIONS, ("actions", "Action required")]:
        if name == "actions":
            before = "\n".join(_action_line(a) for a in (prev.actions if prev else []))
            after = "\n".join(_action_line(a) for a in card.actions)
        else:
            before, after = (getattr(prev, name) if prev else ""), getattr(card, name)
        rows.append({
            "name": name, "label": label, "changed": textdiff.changed(before, after),
            "rows": textdiff.side_by_side(text.normalise(before), text.normalise(after)),
        })
    return {"previous": prev, "sections": rows}


def _action_line(a) -> str:
    due = f" (due {a['due_date']})" if a.get("due_date") else ""
    done = " [done]" if a.get("done") else ""
    return f"- {a.get('description', '')}{due}{done}"


def open_conflicts(card, user):
    return ConflictDraft.objects.filter(card=card, author=user, resolved=False)


# --- exception report ---------------------------------------------------------


def exception_report(period: date) -> dict:
    """Vital signs that meet the exception criteria for ``period`` (with reasons and their cards),
    and the cards officers added by hand for others."""
    indicators = perf_selectors.active_on(perf_selectors.indicators_qs().filter(vital_sign=True), period)
    results = perf_selectors.statuses(indicators, period)
    existing = {c.indicator_id: c for c in ReportCard.objects.filter(period=period, indicator__vital_sign=True)}
    picked, manual, others = [], [], []
    for result in results:
        ind, status = result.indicator, result.status
        card = existing.get(ind.pk)
        row = {
            "indicator": ind, "card": card, "reasons": list(status.exception.reasons),
            "explanation": status.exception.explanation, "value": calc.fmt(status.value, ind.unit),
            "rag": status.rag.colour,
        }
        if status.exception.exception:
            picked.append(row)
        elif card is not None and card.manual_exception_reason:
            row["reasons"] = [f"added by an officer: {card.manual_exception_reason}"]
            manual.append(row)
        else:
            others.append(row)
    return {"period": period, "picked": picked, "manual": manual, "others": others}


# --- home page -----------------------------------------------------------------


def tasks_for(user, today: date) -> list[dict]:
    """Cards this user should act on: drafts they own (with deadlines), cards returned to them,
    and submitted cards waiting for their approval."""
    person = getattr(user, "person", None)
    is_perf = user.groups.filter(name="Performance officer").exists()
    if person is None and not is_perf:
        return []
    q_write = Q(indicator__data_owner=person) if person else Q(pk__in=[])
    q_review = Q(indicator__lead_officer=person) if person else Q(pk__in=[])
    if is_perf:
        q_review = Q()
    drafts = list(cards().filter(q_write, status=workflow.DRAFT))
    waiting = list(cards().filter(q_review, status=workflow.SUBMITTED))
    dues = due_dates([c.period for c in drafts + waiting])
    out = []
    for c in drafts:
        due = dues.get(c.period)
        state = deadlines.due_status(today, due)
        last = c.transitions.all()
        returned = last[len(last) - 1] if last and last[len(last) - 1].action == workflow.RETURN else None
        out.append({
            "card": c, "kind": "returned" if returned else "write", "due": due, "status": state,
            "overdue": state == "overdue", "reason": returned.comment if returned else "",
        })
    for c in waiting:
        out.append({"card": c, "kind": "approve", "due": dues.get(c.period), "status": None, "overdue": False,
                    "reason": ""})
    return out


# --- agenda packs ----------------------------------------------------------------


def cards_for_pack(period, indicator_refs=None) -> list[dict]:
    """Plain data for the agenda pack: each card's sections, actions, officers and chart series.

    ``period`` is a date or "YYYY-MM"; only approved and published cards go into a pack.
    """
    period = calc.parse_period(period)
    qs = cards().filter(period=period, status__in=[workflow.APPROVED, workflow.PUBLISHED])
    if indicator_refs:
        qs = qs.filter(indicator__ref__in=list(indicator_refs))
    qs = list(qs)
    series = _series([c.indicator for c in qs], period)
    out = []
    for c in qs:
        perf = performance(c.indicator, period, series.get(c.indicator_id, {}), chart=False)
        ind = c.indicator
        out.append({
            "id": c.pk,
            "indicator": {"ref": ind.ref, "title": ind.title, "unit": ind.unit, "polarity": ind.polarity},
            "period": c.period_label,
            "status": c.status,
            "version": c.version,
            "title": ind.title,
            "sections": {name: getattr(c, name) for name, _ in TEXT_SECTIONS},
            "section_labels": dict(TEXT_SECTIONS),
            "actions": actions(c),
            "officers": {
                "lead": str(ind.lead_officer) if ind.lead_officer else "",
                "data": str(ind.data_owner) if ind.data_owner else "",
            },
            "performance": perf,
            "chart": perf_selectors.chart_data(ind, period),  # charts.indicator_chart(**chart) draws it
            "manual_exception_reason": c.manual_exception_reason,
        })
    return out


def sign_off(card):
    """Who submitted the card's current submission and who approved it: {"submitted": step,
    "approved": step} (either missing), from the workflow steps already on the card."""
    steps = list(card.transitions.all())
    out = {}
    for step in steps:
        if step.action == "submit":
            out = {"submitted": step}
        elif step.action == "approve" and "submitted" in out:
            out["approved"] = step
        elif step.action == "return":
            out = {}
    return out
