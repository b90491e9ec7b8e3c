"""Reads for the risk register: the matrix, registers and their risks with computed flags,
overdue lists, heat maps, the committee's register rows and links for other areas."""

from datetime import date

from django.db.models import F, Max, Prefetch, Q
from django.utils import timezone

from . import scoring
from .models import AreaAppetite, Level, MatrixCell, MitigatingAction, Risk, RiskBand, RiskLink, RiskReview

# The seed register's columns, in its order: import, export and the committee pack use them.
COLUMNS = [
    "CDGSTP",
    "Area",
    "Risk Number",
    "Risk Name",
    "Risk Description",
    "Date entered on risk register",
    "Current Likelihood",
    "Current Impact",
    "Current Risk Score",
    "Tasks to mitigate the risk",
    "Progress update",
    "Target Likelihood",
    "Target Impact",
    "Target Risk Score",
    "Target Date",
    "Current Direction of Travel of Risk",
    "Prospects of meeting Target Risk Score by Target Date",
    "Risk Owner",
    "Reviewed and/or updated by",
    "Date of review and/or update",
]
DATE_FORMAT = "%d/%m/%Y"


def today():
    return timezone.localdate()


def bands():
    """The administrator's bands, or the default ones (unsaved) before any are set."""
    saved = list(RiskBand.objects.all())
    if saved:
        return saved
    return [
        RiskBand(name=name, colour=colour, rank=rank)
        for rank, (name, colour, _l, _h) in enumerate(scoring.DEFAULT_BANDS)
    ]


def matrix():
    """{(likelihood, impact): RiskBand}: the administrator's 5x5 matrix, or the default one."""
    cells = {(c.likelihood, c.impact): c.band for c in MatrixCell.objects.select_related("band")}
    if cells:
        return cells
    by_name = {b.name: b for b in bands()}
    return {cell: by_name[name] for cell, name in scoring.default_matrix().items()}


def matrix_token() -> str:
    """What a matrix form read: the latest history record of any cell ("0" if none)."""
    latest = MatrixCell.history.aggregate(latest=Max("history_id"))["latest"]
    return str(latest or 0)


def band_cells_q(band_name, prefix="current", the_matrix=None):
    """A filter for risks whose cell is in the named band (the matrix decides, not a score range)."""
    the_matrix = the_matrix if the_matrix is not None else matrix()
    q = Q(pk__in=[])
    for (likelihood, impact), band in the_matrix.items():
        if band is not None and band.name.lower() == str(band_name).lower():
            q |= Q(**{f"{prefix}_likelihood": likelihood, f"{prefix}_impact": impact})
    return q


def overdue_q(on=None):
    on = on or today()
    return Q(next_review_due__lt=on)


def target_missed_q(on=None):
    on = on or today()
    return Q(target_date__lt=on, current_score__gt=F("target_score"))


def risks(register=None):
    qs = Risk.objects.select_related("register", "owner").order_by("position", "risk_number")
    if register is not None:
        qs = qs.filter(register=register)
    return qs


def decorate(risk_list, on=None):
    """Give each risk its band, target band, appetite and overdue flags (two queries in all)."""
    on = on or today()
    risk_list = list(risk_list)
    the_matrix = matrix()
    register_ids = {r.register_id for r in risk_list}
    area_appetite = {
        (a.register_id, a.area): a.appetite for a in AreaAppetite.objects.filter(register_id__in=register_ids)
    }
    for r in risk_list:
        r.band = scoring.band_for(r.current_likelihood, r.current_impact, the_matrix)
        r.target_band = scoring.band_for(r.target_likelihood, r.target_impact, the_matrix)
        r.appetite = area_appetite.get((r.register_id, r.area), r.register.appetite)
        r.above_appetite = scoring.above_appetite(r.current_score, r.appetite)
        r.review_overdue = scoring.review_overdue(r.next_review_due, on)
        r.target_missed = scoring.target_missed(r.target_date, r.current_score, r.target_score, on)
    return risk_list


def risk_detail(pk):
    return (
        Risk.objects.select_related("register", "owner")
        .prefetch_related(
            "delegates",
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.select_related("reviewed_by").order_by("reviewed_on", "created"),
            ),
            Prefetch("actions", queryset=MitigatingAction.objects.select_related("owner")),
            "links",
            "escalations__from_register",
            "escalations__to_register",
        )
        .get(pk=pk)
    )


def score_history(risk):
    """(date, current score, target score) per review, oldest first, for the chart."""
    return [(r.reviewed_on, r.score, r.target_score) for r in risk.reviews.all()]


def overdue_reviews(register=None, on=None):
    return decorate(risks(register).filter(overdue_q(on)).order_by("next_review_due"), on)


def missed_targets(register=None, on=None):
    return decorate(risks(register).filter(target_missed_q(on)).order_by("target_date"), on)


def overdue_actions(register=None, on=None):
    on = on or today()
    qs = (
        MitigatingAction.objects.select_related("risk", "owner")
        .filter(due_date__lt=on)
        .exclude(status__in=[MitigatingAction.Status.DONE, MitigatingAction.Status.CANCELLED])
        .order_by("due_date")
    )
    if register is not None:
        qs = qs.filter(risk__register=register)
    return qs


def risks_for_person(person):
    return risks().filter(Q(owner=person) | Q(delegates=person)).distinct()


def risks_needing_reminder(on):
    """Risks whose review falls due within their register's reminder window, not yet reminded."""
    candidates = (
        Risk.objects.select_related("register", "owner", "owner__user")
        .filter(next_review_due__gte=on)
        .exclude(reminders__due=F("next_review_due"))
    )
    return [r for r in candidates if scoring.reminder_due(r.next_review_due, on, r.register.reminder_days_before)]


def heat_map_counts(register=None, kind="current"):
    """Counts per cell of the 5x5 matrix: ``grid[impact][likelihood]``, for current or target scores."""
    pairs = risks(register).values_list(f"{kind}_likelihood", f"{kind}_impact")
    return scoring.heat_map(pairs)


def heat_map_rows(register=None, kind="current"):
    """Rows for the page and API: impact 5 at the top, likelihood 1-5 across, with each cell's band."""
    grid = heat_map_counts(register, kind)
    the_matrix = matrix()
    return [
        {
            "impact": impact,
            "cells": [
                {"likelihood": likelihood, "impact": impact, "count": grid[impact][likelihood],
                 "band": the_matrix.get((likelihood, impact))}
                for likelihood in scoring.SCALE
            ],
        }
        for impact in reversed(scoring.SCALE)
    ]


def indicator_refs_affecting_corporate_risk(min_score):
    """Indicator refs linked to a corporate risk scoring ``min_score`` or more.

    For the performance area's exception reporting ("performance is adversely affecting one
    of the council's corporate risks"). Corporate means held at level C, on whatever register.
    """
    return set(
        RiskLink.objects.filter(
            kind=RiskLink.Kind.INDICATOR,
            risk__current_score__gte=min_score,
        )
        .filter(Q(risk__level=Level.CORPORATE) | Q(risk__register__level=Level.CORPORATE))
        .values_list("ref", flat=True)
    )


def budget_line_keys_for_risks(min_score=1):
    return set(
        RiskLink.objects.filter(kind=RiskLink.Kind.BUDGET_LINE, risk__current_score__gte=min_score).values_list(
            "ref", flat=True
        )
    )


def _fmt_date(d):
    return d.strftime(DATE_FORMAT) if d else ""


def row_for(risk, review=None, *, fmt_date=_fmt_date):
    """One row in the seed's column order; with ``review``, the risk as that review left it.
    ``fmt_date`` shows the dates (as dd/mm/yyyy text unless a spreadsheet wants dates)."""
    src = review
    if src is None:
        likelihood, impact, score_ = risk.current_likelihood, risk.current_impact, risk.current_score
        t_l, t_i, t_s, t_date = risk.target_likelihood, risk.target_impact, risk.target_score, risk.target_date
        progress, direction, prospects = risk.progress_update, risk.direction_of_travel, risk.prospects
        reviewer, reviewed_on = risk.reviewer, risk.date_of_last_review
    else:
        likelihood, impact, score_ = src.likelihood, src.impact, src.score
        t_l, t_i, t_s, t_date = src.target_likelihood, src.target_impact, src.target_score, src.target_date
        progress = src.progress_update or risk.progress_update
        direction, prospects = src.direction_of_travel, src.prospects
        reviewer, reviewed_on = src.reviewer_names, src.reviewed_on
    return [
        risk.level,
        risk.area,
        risk.risk_number,
        risk.name,
        risk.description,
        fmt_date(risk.date_entered),
        likelihood,
        impact,
        score_,
        risk.tasks_to_mitigate,
        progress,
        t_l,
        t_i,
        t_s,
        fmt_date(t_date),
        (direction or "").capitalize(),
        (prospects or "").capitalize(),
        risk.owner.name,
        reviewer,
        fmt_date(reviewed_on),
    ]


def register_rows(register, as_at: date | None = None, *, dates_as_text=True):
    """The register as plain rows in ``COLUMNS`` order (strings and ints), e.g. for the
    committee pack's table. With ``as_at``, each risk as its last review on or before that
    date left it; risks entered later are left out."""
    qs = risks(register).prefetch_related(
        Prefetch("reviews", queryset=RiskReview.objects.order_by("reviewed_on", "created", "pk"))
    )
    fmt_date = _fmt_date if dates_as_text else (lambda d: d)
    rows = []
    for risk in qs:
        if as_at is None:
            rows.append(row_for(risk, fmt_date=fmt_date))
            continue
        if risk.date_entered and risk.date_entered > as_at:
            continue
        earlier = [r for r in risk.reviews.all() if r.reviewed_on <= as_at]
        rows.append(row_for(risk, earlier[-1], fmt_date=fmt_date) if earlier else row_for(risk, fmt_date=fmt_date))
    return rows
