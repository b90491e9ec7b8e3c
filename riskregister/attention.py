"""A risk owner's home-page items: reviews overdue or due soon, targets missed, actions overdue."""

from datetime import timedelta

from core.attention import AttentionItem
from core.permissions import person_of

from . import selectors

DUE_SOON_DAYS = 14


def items_for(user, on=None):
    person = person_of(user)
    if person is None:
        return []
    on = on or selectors.today()
    items = []
    for risk in selectors.decorate(selectors.risks_for_person(person), on):
        if risk.review_overdue:
            items.append(AttentionItem(
                area="Risk", title=f"Review {risk.risk_number}: {risk.name}", url=risk.get_absolute_url(),
                due=risk.next_review_due, overdue=True, detail="Review overdue",
            ))
        elif risk.next_review_due and risk.next_review_due <= on + timedelta(days=DUE_SOON_DAYS):
            items.append(AttentionItem(
                area="Risk", title=f"Review {risk.risk_number}: {risk.name}", url=risk.get_absolute_url(),
                due=risk.next_review_due, detail="Review due soon",
            ))
        if risk.target_missed:
            items.append(AttentionItem(
                area="Risk", title=f"{risk.risk_number} is past its target date", url=risk.get_absolute_url(),
                due=risk.target_date, overdue=True,
                detail=f"Score {risk.current_score}, target {risk.target_score} by {risk.target_date:%d %b %Y}",
            ))
    for action in selectors.overdue_actions(on=on).filter(owner=person):
        items.append(AttentionItem(
            area="Risk", title=f"Action on {action.risk.risk_number}: {action.description[:80]}",
            url=action.get_absolute_url(), due=action.due_date, overdue=True, detail="Mitigating action overdue",
        ))
    return items
