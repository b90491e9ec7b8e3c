"""The workflow state machine on its own: every step from every state by every capacity."""

import pytest

from performance.reportcards import workflow as wf

CAPACITIES = [wf.DATA_OWNER, wf.LEAD_OFFICER, wf.PERFORMANCE_OFFICER, wf.PACK]
ALLOWED = {
    wf.SUBMIT: {wf.DATA_OWNER, wf.PERFORMANCE_OFFICER},
    wf.APPROVE: {wf.LEAD_OFFICER, wf.PERFORMANCE_OFFICER},
    wf.RETURN: {wf.LEAD_OFFICER, wf.PERFORMANCE_OFFICER},
    wf.PUBLISH: {wf.PACK},
}
FROM = {
    wf.SUBMIT: {wf.DRAFT},
    wf.APPROVE: {wf.SUBMITTED},
    wf.RETURN: {wf.SUBMITTED, wf.APPROVED},
    wf.PUBLISH: {wf.APPROVED, wf.PUBLISHED},
}
TO = {wf.SUBMIT: wf.SUBMITTED, wf.APPROVE: wf.APPROVED, wf.RETURN: wf.DRAFT, wf.PUBLISH: wf.PUBLISHED}


@pytest.mark.parametrize("action", list(wf.TRANSITIONS))
@pytest.mark.parametrize("capacity", CAPACITIES)
@pytest.mark.parametrize("state", wf.STATES)
def test_each_step_from_each_state_by_each_capacity(action, capacity, state):
    refused = wf.refusal(action, state, {capacity}, reason="Please add the locality figures.")
    if capacity not in ALLOWED[action]:
        assert refused.kind == "role"
        assert "Only" in refused.message
    elif state not in FROM[action]:
        assert refused.kind == "state"
        assert f"The card is {state}" in refused.message
    else:
        assert refused is None
        assert wf.target(action) == TO[action]


def test_no_capacity_is_refused_for_role_before_state():
    assert wf.refusal(wf.APPROVE, wf.DRAFT, set()).kind == "role"


def test_return_needs_a_reason():
    refused = wf.refusal(wf.RETURN, wf.SUBMITTED, {wf.LEAD_OFFICER}, reason="  ")
    assert refused.kind == "input"
    assert wf.refusal(wf.RETURN, wf.SUBMITTED, {wf.LEAD_OFFICER}, reason="Add the Q3 figures") is None


def test_refusal_names_who_may_do_it():
    assert wf.refusal(wf.SUBMIT, wf.DRAFT, {wf.LEAD_OFFICER}).message == (
        "Only the indicator's data owner or a performance officer can submit for approval this card."
    )


def test_buttons_offered_match_the_rules():
    assert [t.name for t in wf.available(wf.DRAFT, {wf.DATA_OWNER})] == [wf.SUBMIT]
    assert [t.name for t in wf.available(wf.SUBMITTED, {wf.LEAD_OFFICER})] == [wf.APPROVE, wf.RETURN]
    assert wf.available(wf.SUBMITTED, {wf.DATA_OWNER}) == []
    assert wf.available(wf.PUBLISHED, {wf.PERFORMANCE_OFFICER}) == []


def test_only_drafts_are_edited():
    assert [s for s in wf.STATES if wf.editable(s)] == [wf.DRAFT]


def test_refusals_say_exactly_what_is_wrong():
    """The messages the pages and the API show, word for word."""
    everyone = {wf.DATA_OWNER, wf.LEAD_OFFICER, wf.PERFORMANCE_OFFICER, wf.PACK}
    assert wf.refusal("delete", wf.DRAFT, everyone) == wf.Refusal("input", "'delete' is not a report card action.")
    assert wf.refusal(wf.SUBMIT, wf.APPROVED, everyone).message == (
        "The card is approved; it can be submitted only when draft.")
    assert wf.refusal(wf.APPROVE, wf.DRAFT, everyone).message == (
        "The card is draft; it can be approved only when submitted.")
    assert wf.refusal(wf.RETURN, wf.DRAFT, everyone, "why").message == (
        "The card is draft; it can be returned only when approved or submitted.")
    assert wf.refusal(wf.PUBLISH, wf.SUBMITTED, everyone).message == (
        "The card is submitted; it can be published only when approved or published.")
    assert wf.refusal(wf.SUBMIT, "archived", everyone).message == (
        "The card is archived; it can be submitted only when draft.")
    for reason in ("", "   ", None):
        assert wf.refusal(wf.RETURN, wf.SUBMITTED, everyone, reason) == wf.Refusal(
            "input", "Give a reason: the officer needs to know what to change.")
    assert wf.refusal(wf.RETURN, wf.SUBMITTED, everyone, "Figures do not match") is None


def test_returning_without_saying_why_is_refused():
    assert wf.refusal(wf.RETURN, wf.APPROVED, {wf.PERFORMANCE_OFFICER}).kind == "input"


def test_whoever_submitted_may_not_approve_the_same_submission_under_four_eyes():
    refused = wf.four_eyes_refusal(7, 7, required=True, submitted_when="3 March 2025")
    assert refused == wf.Refusal(
        "role",
        "You submitted this card on 3 March 2025, so someone else must approve it (four-eyes rule). "
        "Ask the indicator's lead officer or another performance officer.",
    )
    assert wf.four_eyes_refusal(7, 7, required=True).message.startswith(
        "You submitted this card, so someone else must approve it")
    assert wf.four_eyes_refusal(7, 8, required=True) is None  # someone else approves
    assert wf.four_eyes_refusal(7, 7, required=False) is None  # the council has switched the rule off
    assert wf.four_eyes_refusal(None, 7, required=True) is None  # no submitter on record (an imported card)
