"""The report card workflow as plain data: states, transitions, who may make each.

No Django here: the service asks ``refusal(...)`` before changing anything, and the
pages and the API turn a refusal's ``kind`` into their answer ("role" -> 403,
"state" -> 409, "input" -> 400).

    draft --submit--> submitted --approve--> approved --publish--> published (frozen)
      ^                   |                     |
      +------return-------+---------------------+
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SUBMITTED, APPROVED, PUBLISHED = "draft", "submitted", "approved", "published"
STATES = (DRAFT, SUBMITTED, APPROVED, PUBLISHED)
STATE_LABELS = {DRAFT: "Draft", SUBMITTED: "Submitted", APPROVED: "Approved", PUBLISHED: "Published"}

# Capacities a person can hold towards one card (worked out from roles and the indicator).
DATA_OWNER = "data_owner"  # the data owner of the card's indicator
LEAD_OFFICER = "lead_officer"  # the lead officer of the card's indicator
PERFORMANCE_OFFICER = "performance_officer"  # anyone in the Performance officer role
PACK = "pack"  # publishing an agenda pack that contains the card
CAPACITY_LABELS = {
    DATA_OWNER: "the indicator's data owner",
    LEAD_OFFICER: "the indicator's lead officer",
    PERFORMANCE_OFFICER: "a performance officer",
    PACK: "publishing the agenda pack that contains it",
}

SUBMIT, APPROVE, RETURN, PUBLISH = "submit", "approve", "return", "publish"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    by: frozenset[str]
    needs_reason: bool = False


TRANSITIONS = {
    SUBMIT: Transition(SUBMIT, "Submit for approval", frozenset({DRAFT}), SUBMITTED,
                       frozenset({DATA_OWNER, PERFORMANCE_OFFICER})),
    APPROVE: Transition(APPROVE, "Approve", frozenset({SUBMITTED}), APPROVED,
                        frozenset({LEAD_OFFICER, PERFORMANCE_OFFICER})),
    RETURN: Transition(RETURN, "Return for changes", frozenset({SUBMITTED, APPROVED}), DRAFT,
                       frozenset({LEAD_OFFICER, PERFORMANCE_OFFICER}), needs_reason=True),
    PUBLISH: Transition(PUBLISH, "Publish", frozenset({APPROVED, PUBLISHED}), PUBLISHED, frozenset({PACK})),
}

# Only a draft is edited; a submitted card waits for its reviewer, approved and published ones are frozen.
EDITABLE_STATES = frozenset({DRAFT})


@dataclass(frozen=True)
class Refusal:
    kind: str  # "role", "state" or "input"
    message: str


def _who(by) -> str:
    names = [CAPACITY_LABELS[c] for c in sorted(by)]
    return " or ".join(names)


def role_allows(action: str, capacities) -> bool:
    return bool(TRANSITIONS[action].by & set(capacities))


def refusal(action: str, state: str, capacities, reason: str = "") -> Refusal | None:
    """Why ``action`` cannot happen now, or None when it can. Role is checked first."""
    t = TRANSITIONS.get(action)
    if t is None:
        return Refusal("input", f"'{action}' is not a report card action.")
    if not role_allows(action, capacities):
        return Refusal("role", f"Only {_who(t.by)} can {t.label.lower()} this card.")
    if state not in t.sources:
        allowed = " or ".join(STATE_LABELS[s].lower() for s in sorted(t.sources))
        now = STATE_LABELS.get(state, state).lower()
        return Refusal("state", f"The card is {now}; it can be {_past(action)} only when {allowed}.")
    if t.needs_reason and not (reason or "").strip():
        return Refusal("input", "Give a reason: the officer needs to know what to change.")
    return None


def _past(action: str) -> str:
    return {SUBMIT: "submitted", APPROVE: "approved", RETURN: "returned", PUBLISH: "published"}[action]


def target(action: str) -> str:
    return TRANSITIONS[action].target


def available(state: str, capacities) -> list[Transition]:
    """The transitions this person could make now (for buttons)."""
    return [
        t for name, t in TRANSITIONS.items()
        if name != PUBLISH and state in t.sources and role_allows(name, capacities)
    ]


def editable(state: str) -> bool:
    return state in EDITABLE_STATES


def four_eyes_refusal(submitted_by, approver, *, required: bool, submitted_when: str = "") -> Refusal | None:
    """Whoever submitted a card may not approve that same submission while the council
    keeps the four-eyes rule (``required``); ``submitted_by``/``approver`` are user ids."""
    if not required or submitted_by is None or submitted_by != approver:
        return None
    when = f" on {submitted_when}" if submitted_when else ""
    return Refusal(
        "role",
        f"You submitted this card{when}, so someone else must approve it (four-eyes rule). "
        "Ask the indicator's lead officer or another performance officer.",
    )
