"""The publish checklist: what the clerk must see (and may acknowledge with a reason) before
a built pack is published. Each area's section adds its own checks through the registry
(draft report cards, budget lines without reasons, exceptions the text and the figures
disagree on); the meeting's own come from here (late agenda, reports not cleared, sections
printed without data)."""

from __future__ import annotations

from core.documents import sections as registry

from .. import deadlines
from ..models import Report
from . import sections


def _report_text(report):
    parts = [report.executive_summary, *(s.body for s in report.sections.all()),
             *(r.text for r in report.recommendations.all())]
    return "\n\n".join(p for p in parts if p)


def checklist(build) -> list[str]:
    """Warnings for ``build``, in the order the clerk reads them; empty when all is in order."""
    meeting = build.meeting
    items = sections.pack_items(meeting, build.item_ids)
    out = []
    status = deadlines.publication_status(meeting.date, meeting.date, meeting.agenda_published_on)
    late_items = [i for i in items if i.late]
    if status == deadlines.PUBLISHED_LATE and not any(i.urgency_reason.strip() for i in late_items):
        out.append(f"The agenda was published on {meeting.agenda_published_on:%d %B %Y}, after the deadline of "
                   f"{deadlines.publish_agenda_by(meeting.date):%d %B %Y}, and no reason of urgency is recorded.")
    for item in late_items:
        if not item.urgency_reason.strip():
            out.append(f"Item {item.number} ({item.title}) was added late without a reason of urgency.")
    for item in items:  # cleared but not yet marked ready for the agenda (uncleared ones are withheld below)
        report = item.report
        if report is not None and report.status == Report.Status.CLEARED:
            out.append(f"Item {item.number}: the report “{report.title}” is cleared but not marked ready for "
                       "the agenda.")
    out += [note if note.startswith(sections.WITHHELD) else f"A section has no data: {note}" for note in build.notes]
    for item in items:
        if item.report is None or (item.exempt):
            continue
        text = _report_text(item.report)
        for live in item.report.live_sections.all():
            section = registry.get(live.kind)
            if section is None or section.checks is None:
                continue
            ctx = registry.Context(as_at=live.as_at, meeting=meeting, public=True, text=text)
            out += [f"Item {item.number}, {live.title or section.label}: {w}" for w in section.checks(ctx)]
    return list(dict.fromkeys(out))
