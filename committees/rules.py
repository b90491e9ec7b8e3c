"""Who may do what with committees, meetings, minutes and agenda packs (registered by CommitteesConfig)."""

import rules

from core.permissions import is_administrator, is_committee_clerk, is_person, is_staff_user, person_of

from . import selectors

can_clerk = is_administrator | is_committee_clerk


@rules.predicate
def is_responsible_chief_officer(user, report):
    return report is not None and is_person(user, getattr(report, "responsible_chief_officer_id", None))


@rules.predicate
def owns_action(user, action):
    return action is not None and is_person(user, getattr(action, "owner_id", None))


@rules.predicate
def minutes_open(user, obj):
    """Approved minutes are frozen: nothing in them changes any more."""
    return not selectors.minutes_frozen(obj)


@rules.predicate
def sits_on_the_packs_committee(user, build):
    """A member of the committee the pack is for, on the day of its meeting: the exempt
    items are theirs to read, not every officer's."""
    person = person_of(user)
    if person is None or build is None:
        return False
    meeting = build.meeting
    return any(
        m.is_current_on(meeting.date) for m in meeting.committee.memberships.filter(person=person)
    )


PERMISSIONS = {}
for _model in (
    "committee", "membership", "meeting", "premeeting", "agendaitem", "report", "recommendation",
    "reportsection", "appendix", "livesection", "question",
):
    PERMISSIONS[f"committees.view_{_model}"] = is_staff_user
    for _verb in ("add", "change", "delete"):
        PERMISSIONS[f"committees.{_verb}_{_model}"] = can_clerk
for _model in ("minutes", "attendance", "declaration", "minuteitem", "decision"):
    PERMISSIONS[f"committees.view_{_model}"] = is_staff_user
    for _verb in ("add", "change", "delete"):
        PERMISSIONS[f"committees.{_verb}_{_model}"] = can_clerk & minutes_open
PERMISSIONS.update({
    "committees.view_followupaction": is_staff_user,
    "committees.add_followupaction": can_clerk,
    "committees.change_followupaction": can_clerk | owns_action,
    "committees.delete_followupaction": can_clerk,
    "committees.publish_meeting": can_clerk,
    "committees.approve_minutes": can_clerk & minutes_open,
    # The responsible chief officer clears a report (or the clerk records their clearance);
    # the clerk marks it ready for the agenda.
    "committees.clear_report": can_clerk | is_responsible_chief_officer,
    "committees.ready_report": can_clerk,
    # Agenda packs: clerks build and publish; every signed-in member or officer may read drafts;
    # the restricted pack (exempt items) only the committee's members, clerks and administrators;
    # the public reads published packs through selectors.
    "committees.view_packbuild": is_staff_user,
    "committees.add_packbuild": can_clerk,
    "committees.publish_packbuild": can_clerk,
    "committees.view_restricted_pack": can_clerk | sits_on_the_packs_committee,
    "committees.view_packversion": is_staff_user,
})
