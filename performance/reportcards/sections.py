"""The report cards' live section (the approved cards for the section's month) and the
on-publish step that freezes the cards a published pack printed."""

from __future__ import annotations

from datetime import date

from core.documents import blocks as b
from core.documents.sections import Absent, Refused, register
from performance import calc, charts
from performance.models import Indicator
from performance.sections import latest_period

from . import selectors as card_selectors
from . import workflow
from .models import ReportCard
from .services import CardRefused, publish_cards

NAME = "report_cards"


def _cards(as_at):
    """Approved cards for the latest month with figures, and for the latest quarter or term
    of the vital signs reported less often (the LAC rate's card is December's in a January pack).
    Cards of a dashboard's indicators print with that dashboard (the Troubled Families card
    after the Early Help tables), not here."""
    period = latest_period(as_at)
    cards = [c for c in card_selectors.cards_for_pack(period) if not _on_dashboard(c)]
    earlier = (ReportCard.objects.filter(period__gt=calc.add_months(period, -4), period__lt=period,
                                         status__in=[workflow.APPROVED, workflow.PUBLISHED],
                                         indicator__dashboard="")
               .exclude(indicator__frequency="monthly"))
    for p in sorted({c.period for c in earlier}, reverse=True):
        refs = [c.indicator.ref for c in earlier.select_related("indicator") if c.period == p]
        cards += card_selectors.cards_for_pack(p, indicator_refs=refs)
    return period, cards


def _on_dashboard(card):
    return Indicator.objects.filter(ref=card["indicator"]["ref"]).exclude(dashboard="").exists()


def report_cards(ctx):
    period, cards = _cards(ctx.as_at)
    if not cards:
        raise Absent(f"no report card for {period:%B %Y} is approved")
    return _card_blocks(ctx, cards)


def dashboard_cards(ctx, indicators):
    """The approved cards of a dashboard's indicators, each the latest on or before the section's
    date within the last quarter (the Troubled Families update after the Early Help tables)."""
    rows = (ReportCard.objects.filter(indicator__in=indicators, period__lte=ctx.as_at,
                                      period__gt=calc.add_months(ctx.as_at.replace(day=1), -3),
                                      status__in=[workflow.APPROVED, workflow.PUBLISHED])
            .order_by("indicator_id", "-period").values_list("indicator__ref", "period"))
    seen = {}
    for ref, p in rows:
        seen.setdefault(ref, p)  # the latest card of each indicator
    cards = []
    for p in sorted(set(seen.values())):
        cards += card_selectors.cards_for_pack(p, indicator_refs=[r for r, q in seen.items() if q == p])
    return _card_blocks(ctx, cards)


def _card_blocks(ctx, cards):
    found = Indicator.objects.filter(ref__in=[c["indicator"]["ref"] for c in cards])
    notes = dict(found.values_list("ref", "target_note"))
    vital = set(found.filter(vital_sign=True).values_list("ref", flat=True))
    out = []
    for card in cards:
        ctx.record(NAME, card["id"])
        perf = card["performance"]
        ind = card["indicator"]
        target_text = notes.get(ind["ref"]) or perf.get("target_display", "")
        out.append(b.Heading(f"Report card: {card['title']}", 2))
        out.append(b.KeyValues([
            ("Vital sign" if ind["ref"] in vital else "Indicator", f"{ind['ref']} {card['title']}"),
            ("Period", _month(card["period"])),
            ("Latest figure", perf.get("display", "")),
            ("Target", target_text),
            ("RAG", (perf.get("rag") or "").capitalize() or "Not rated"),
            ("Direction of travel", (perf.get("direction") or "").capitalize()),
            ("Responsible officers", _officers(card["officers"])),
        ]))
        out += _why_first(card)
        out += _performance(card, perf, ind, target_text)
        out += _text_after(card)
        actions = card.get("actions") or []
        if actions:
            out.append(b.Table("Action required", ["Action", "Owner", "Due"],
                               [[a.get("description", ""), a.get("owner_name", ""), _day(a.get("due"))]
                                for a in actions], row_headers=False,
                               empty="No actions are recorded on this card."))
    return out


def _month(label):
    """"2016-12" as the pack prints months: "December 2016"."""
    try:
        return date.fromisoformat(f"{label}-01").strftime("%B %Y")
    except (TypeError, ValueError):
        return label or ""


def _day(value):
    """A due date as the site prints dates ("04 Nov 2015"); blank when none is set."""
    if not value:
        return ""
    try:
        return (value if isinstance(value, date) else date.fromisoformat(str(value))).strftime("%d %b %Y")
    except ValueError:
        return str(value)


def _officers(officers):
    lead, data = officers.get("lead", ""), officers.get("data", "")
    if not lead and not data:
        return "Not named on the card"
    return f"Lead: {lead or 'not named'}   Data: {data or 'not named'}"


_FIRST = ("why_important",)


def _why_first(card):
    out = []
    for name in _FIRST:
        text = card["sections"].get(name)
        if text:
            out.append(b.Heading(card["section_labels"][name], 2, bookmark=False))
            out += b.paragraphs(text)
    return out


def _text_after(card):
    out = []
    for name, label in card["section_labels"].items():
        text = card["sections"].get(name)
        if text and name not in _FIRST:
            out.append(b.Heading(label, 2, bookmark=False))
            out += b.paragraphs(text)
    return out


def _performance(card, perf, ind, target_text):
    """The figures as a table (periods across), and the chart when there is a line to draw."""
    series = perf.get("series", [])
    shown = [p for p in series if p.get("value") is not None]
    out = [b.Heading("Performance", 2, bookmark=False)]
    if not shown:
        out.append(b.Para(f"There are no figures for {ind['ref']} in the periods to {card['period']}.", "note"))
        return out
    out.append(b.Table(f"{ind['ref']} {card['title']}: figures (target {target_text})",
                       ["Period"] + [p["label"] for p in shown],
                       [["Figure"] + [b.Cell(p["display"], p.get("rag")) for p in shown]],
                       numeric=set(range(1, len(shown) + 1)), landscape=False))
    if len(shown) < 2:
        out.append(b.Para(f"With one figure ({shown[0]['display']} in {shown[0]['label']}) there is no trend "
                          "to chart yet.", "note"))
        return out
    spc, target, unit = perf.get("spc"), perf.get("target"), perf.get("unit", "")
    title = f"{ind['ref']} {card['title']}"

    def draw(series=series, title=title, target=target, spc=spc, unit=unit, **size):
        return charts.indicator_chart(series, title=title, target=target, spc=spc, unit=unit, **size)

    out.append(b.Chart(
        slug=f"card-{card['id']}",
        title=title,
        drawing=draw,
        alt=charts.chart_alt_text(series, title=title, target=target, spc=spc, unit=unit),
        csv_header=["period", "value", "numerator", "denominator", "rag", "target"],
        csv_rows=[[p.get("period"), p.get("value"), p.get("numerator"), p.get("denominator"), p.get("rag"),
                   target] for p in series],
        svg=lambda draw=draw, title=title: charts.to_svg(draw(), title=title),
    ))
    return out


def freeze_cards(card_ids, *, label, user=None):
    """The cards in a published pack are frozen with it; a card no longer approved refuses
    the whole publication (nothing is half-published)."""
    try:
        publish_cards(list(ReportCard.objects.filter(pk__in=card_ids)), label, user=user)
    except CardRefused as exc:
        raise Refused(str(exc)) from exc


def unfinished_cards(ctx):
    """Cards for the months the section reports that are still in draft or awaiting approval:
    the pack prints approved cards only, so these are missing from it."""
    try:
        period = latest_period(ctx.as_at)
    except Absent:
        return []
    pending = (ReportCard.objects.filter(period__gt=calc.add_months(period, -4), period__lte=period,
                                         status__in=[workflow.DRAFT, workflow.SUBMITTED])
               .select_related("indicator").order_by("indicator__sort_order", "indicator__ref"))
    return [f"the report card {c.indicator.ref} {c.indicator.title} ({c.period:%B %Y}) is still "
            f"{c.get_status_display().lower()}, so the pack does not print it." for c in pending
            if c.period == period or c.indicator.frequency != "monthly"]


def register_sections():
    register(NAME, "Report cards", report_cards, on_publish=freeze_cards, checks=unfinished_cards)
