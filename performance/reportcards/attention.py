"""Report card tasks for the home page (called from performance/attention.py)."""

from django.urls import reverse
from django.utils import timezone

from core.attention import AttentionItem

from . import selectors


def items_for(user, today=None):
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    items = []
    for t in selectors.tasks_for(user, today):
        card = t["card"]
        name = f"{card.indicator.ref} {card.indicator.title} ({card.period_label})"
        url = reverse("performance:reportcard", args=[card.pk])
        if t["kind"] == "approve":
            items.append(AttentionItem("Report cards", f"Approve report card: {name}", url, t["due"], False,
                                       "Submitted; waiting for approval."))
            continue
        detail = {"overdue": "Commentary overdue.", "due_soon": "Commentary due soon."}.get(t["status"] or "", "")
        if t["kind"] == "returned":
            title = f"Returned for changes: {name}"
            detail = (f"Reason: {t['reason']} " + detail).strip()
        else:
            title = f"Write report card: {name}"
        items.append(AttentionItem("Report cards", title, url, t["due"], t["overdue"], detail))
    return items
