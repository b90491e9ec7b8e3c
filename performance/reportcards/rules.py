"""Who may do what with report cards (registered by PerformanceConfig).

Who may make each workflow step is written once, in ``workflow.py``; the predicates here say
which capacities a user holds towards a card.
"""

import rules

from core.permissions import (
    is_administrator,
    is_committee_clerk,
    is_data_owner,
    is_performance_officer,
    is_staff_user,
    no_object,
)
from performance.rules import leads_indicator, owns_indicator_data

from . import workflow


def reportcard_capacities(user, card):
    caps = set()
    if is_performance_officer(user):
        caps.add(workflow.PERFORMANCE_OFFICER)
    if card is not None:
        if owns_indicator_data(user, card):
            caps.add(workflow.DATA_OWNER)
        if leads_indicator(user, card):
            caps.add(workflow.LEAD_OFFICER)
    return caps


def _may_transition(action):
    @rules.predicate(name=f"may_{action}_reportcard")
    def may(user, card):
        if card is None:  # lists and buttons: the role that can do it somewhere
            return bool(is_performance_officer(user) or (action == "submit" and is_data_owner(user)))
        return workflow.role_allows(action, reportcard_capacities(user, card))

    return may


@rules.predicate
def card_not_frozen(user, card):
    """Published cards are frozen; other states are refused by the workflow with its reason."""
    return card is None or getattr(card, "status", None) != "published"


writes_card = is_administrator | is_performance_officer | owns_indicator_data | leads_indicator | (
    no_object & is_data_owner
)

PERMISSIONS = {
    "performance.view_reportcard": is_staff_user,
    "performance.add_reportcard": writes_card,
    "performance.change_reportcard": writes_card & card_not_frozen,
    "performance.delete_reportcard": is_administrator & card_not_frozen,
    "performance.submit_reportcard": _may_transition("submit"),
    "performance.approve_reportcard": _may_transition("approve"),
    "performance.return_reportcard": _may_transition("return"),
    "performance.publish_reportcard": is_administrator | is_committee_clerk | is_performance_officer,
    "performance.view_reportingcycle": is_staff_user,
    "performance.add_reportingcycle": is_administrator | is_performance_officer,
    "performance.change_reportingcycle": is_administrator | is_performance_officer,
    "performance.delete_reportingcycle": is_administrator | is_performance_officer,
}
