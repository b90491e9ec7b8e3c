"""The report cards' live section (the approved cards for the section's month) and the
on-publish step that freezes the cards a published pack printed."""

from __future__ import annotations

from core.documents import blocks as b
from core.documents.sections import Absent, Refused, register
from performance import charts
from performance.sections import latest_period

from . import selectors as card_selectors
from .models import ReportCard
from .services import CardRefused, publish_cards

NAME = "report_cards"


def report_cards(ctx):
    period = latest_period(ctx.as_at)
    cards = card_selectors.cards_for_pack(period)
    if not cards:
        raise Absent(f"no report card for {period:%B %Y} is approved")
    out = []
    for card in cards:
        ctx.record(NAME, card["id"])
        perf = card["performance"]
        ind = card["indicator"]
        out.append(b.Heading(f"Report card: {ind['ref']} {card['title']}", 2))
        out.append(b.KeyValues([
            ("Period", card["period"]),
            ("Latest figure", perf.get("display", "")),
            ("Target", perf.get("target_display", "")),
            ("RAG", (perf.get("rag") or "none").capitalize()),
            ("Direction of travel", (perf.get("direction") or "").capitalize()),
            ("Lead officer", card["officers"].get("lead", "")),
        ]))
        series = perf.get("series", [])
        spc = perf.get("spc")
        target = perf.get("target")
        unit = perf.get("unit", "")
        title = f"{ind['ref']} {card['title']}"

        def draw(series=series, title=title, target=target, spc=spc, unit=unit):
            return charts.indicator_chart(series, title=title, target=target, spc=spc, unit=unit)

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
        for name, label in card["section_labels"].items():
            text = card["sections"].get(name)
            if text:
                out.append(b.Para(f"**{label}**"))
                out += [b.Para(p) for p in text.split("\n\n") if p.strip()]
        actions = card.get("actions") or []
        if actions:
            out.append(b.Table("Actions", ["Action", "Owner", "Due"],
                               [[a.get("description", ""), a.get("owner_name", ""), str(a.get("due", "") or "")]
                                for a in actions], widths=[6, 2, 1.4], row_headers=False))
    return out


def freeze_cards(card_ids, *, label, user=None):
    """The cards in a published pack are frozen with it; a card no longer approved refuses
    the whole publication (nothing is half-published)."""
    try:
        publish_cards(list(ReportCard.objects.filter(pk__in=card_ids)), label, user=user)
    except CardRefused as exc:
        raise Refused(str(exc)) from exc


def register_sections():
    register(NAME, "Report cards", report_cards, on_publish=freeze_cards)
