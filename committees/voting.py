"""Who may vote on an item, and whether a meeting is quorate. Pure functions, no Django.

The council's committees are quorate when a quarter of the voting places are filled by
voting members present, and never fewer than three (the usual rule in English councils'
standing orders); a committee may set its own number instead.
"""

import math

MINIMUM_QUORUM = 3

GENERAL = "general"
EDUCATION = "education"


def may_vote(voting, voting_limited_to, business_kind):
    """A voting member votes on everything unless limited to one kind of business
    (church and parent governor representatives: education only)."""
    if not voting:
        return False
    return not voting_limited_to or voting_limited_to == business_kind


def quorum_required(voting_places, fixed=None):
    if fixed:
        return fixed
    return max(MINIMUM_QUORUM, math.ceil(voting_places / 4))
