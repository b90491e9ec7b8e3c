"""Who may do what: the one place, used by pages (rules' PermissionRequiredMixin,
``user.has_perm``) and by the API (``RulesPermission``).

Permissions are named like Django's model permissions (``app.verb_model``) and
checked with the object where there is one, so object-level rules (a data owner
and *their* indicators) sit beside the role rules.
Anonymous users get no permission here; public pages and API endpoints that show
published material say so explicitly with ``AllowAny`` and filter in selectors.
"""

import rules
from rest_framework import permissions as drf_permissions

from . import roles

# --- roles -----------------------------------------------------------------

is_administrator = rules.is_superuser | rules.is_group_member(roles.ADMINISTRATOR)
is_performance_officer = rules.is_group_member(roles.PERFORMANCE_OFFICER)
is_data_owner = rules.is_group_member(roles.DATA_OWNER)
is_risk_owner = rules.is_group_member(roles.RISK_OWNER)
is_finance_officer = rules.is_group_member(roles.FINANCE_OFFICER)
is_committee_clerk = rules.is_group_member(roles.COMMITTEE_CLERK)
is_member = rules.is_group_member(roles.MEMBER)
is_staff_user = rules.is_authenticated  # every signed-in role may read internal material


@rules.predicate
def no_object(user, obj):
    return obj is None


def person_of(user):
    return getattr(user, "person", None) if user and user.is_authenticated else None


def is_person(user, person_id):
    person = person_of(user)
    return person is not None and person_id is not None and person.pk == person_id


# --- core ------------------------------------------------------------------

rules.add_perm("core.view_person", is_staff_user)
rules.add_perm("core.add_person", is_administrator | is_committee_clerk | is_performance_officer)
rules.add_perm("core.change_person", is_administrator | is_committee_clerk | is_performance_officer)
rules.add_perm("core.delete_person", is_administrator)
rules.add_perm("core.view_job", is_staff_user)
rules.add_perm("core.run_ping", is_administrator)


# --- performance -----------------------------------------------------------


@rules.predicate
def owns_indicator_data(user, obj):
    """The data owner of the indicator (or of an observation's indicator)."""
    if obj is None:
        return False
    indicator = getattr(obj, "indicator", obj)
    return is_person(user, getattr(indicator, "data_owner_id", None))


@rules.predicate
def leads_indicator(user, obj):
    if obj is None:
        return False
    indicator = getattr(obj, "indicator", obj)
    return is_person(user, getattr(indicator, "lead_officer_id", None))


# Without an object (lists, "add" buttons) the role decides; with one, ownership too.
can_enter_figures = is_administrator | is_performance_officer | (is_data_owner & (no_object | owns_indicator_data))

rules.add_perm("performance.view_indicator", is_staff_user)
rules.add_perm("performance.add_indicator", is_administrator | is_performance_officer)
rules.add_perm("performance.change_indicator", is_administrator | is_performance_officer)
rules.add_perm("performance.delete_indicator", is_administrator)
rules.add_perm("performance.view_observation", is_staff_user)
rules.add_perm("performance.add_observation", can_enter_figures)
rules.add_perm("performance.change_observation", can_enter_figures)
# Whoever may enter a figure may take it back; the history keeps it (and who deleted it).
rules.add_perm("performance.delete_observation", can_enter_figures)
rules.add_perm("performance.import_observations", is_administrator | is_performance_officer | is_data_owner)
rules.add_perm("performance.view_population", is_staff_user)
rules.add_perm("performance.add_population", is_administrator | is_performance_officer)
rules.add_perm("performance.change_population", is_administrator | is_performance_officer)
rules.add_perm("performance.delete_population", is_administrator | is_performance_officer)


# --- performance: report cards ---------------------------------------------
# Who may make each workflow step is written once, in performance/reportcards/workflow.py;
# these predicates say which capacities a user holds towards a card.


def reportcard_capacities(user, card):
    from performance.reportcards import workflow

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
        from performance.reportcards import workflow

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

rules.add_perm("performance.view_reportcard", is_staff_user)
rules.add_perm("performance.add_reportcard", writes_card)
rules.add_perm("performance.change_reportcard", writes_card & card_not_frozen)
rules.add_perm("performance.delete_reportcard", is_administrator & card_not_frozen)
rules.add_perm("performance.submit_reportcard", _may_transition("submit"))
rules.add_perm("performance.approve_reportcard", _may_transition("approve"))
rules.add_perm("performance.return_reportcard", _may_transition("return"))
rules.add_perm("performance.publish_reportcard", is_administrator | is_committee_clerk | is_performance_officer)
rules.add_perm("performance.view_reportingcycle", is_staff_user)
rules.add_perm("performance.add_reportingcycle", is_administrator | is_performance_officer)
rules.add_perm("performance.change_reportingcycle", is_administrator | is_performance_officer)
rules.add_perm("performance.delete_reportingcycle", is_administrator | is_performance_officer)


# --- risk register ---------------------------------------------------------


@rules.predicate
def owns_risk(user, risk):
    if risk is None:
        return False
    risk = getattr(risk, "risk", risk)
    if is_person(user, getattr(risk, "owner_id", None)):
        return True
    person = person_of(user)
    delegates = getattr(risk, "delegates", None)
    return person is not None and delegates is not None and delegates.filter(pk=person.pk).exists()


# A delegate need not hold the Risk owner role; being named on the risk is enough.
# Members (councillors) read only, even if named.
can_review_risk = is_administrator | (~is_member & ((is_risk_owner & no_object) | owns_risk))
can_manage_registers = is_administrator

rules.add_perm("riskregister.view_risk", is_staff_user)
rules.add_perm("riskregister.add_risk", is_administrator | is_risk_owner)
rules.add_perm("riskregister.change_risk", can_review_risk)
rules.add_perm("riskregister.delete_risk", is_administrator)
rules.add_perm("riskregister.review_risk", can_review_risk)
rules.add_perm("riskregister.escalate_risk", is_administrator)
rules.add_perm("riskregister.import_risks", can_manage_registers)
rules.add_perm("riskregister.export_risks", is_staff_user)
rules.add_perm("riskregister", is_administrator)  # the admin site's module check (bands, matrix, registers)
rules.add_perm("riskregister.set_matrix", is_administrator)
for _model in ("register", "areaappetite", "riskband", "matrixcell"):
    rules.add_perm(f"riskregister.view_{_model}", is_staff_user)
    rules.add_perm(f"riskregister.add_{_model}", can_manage_registers)
    rules.add_perm(f"riskregister.change_{_model}", can_manage_registers)
    rules.add_perm(f"riskregister.delete_{_model}", can_manage_registers)
# Reviews are kept as recorded: added by the owner, a delegate or an administrator, never edited.
rules.add_perm("riskregister.view_riskreview", is_staff_user)
rules.add_perm("riskregister.add_riskreview", can_review_risk)
rules.add_perm("riskregister.change_riskreview", is_administrator)
rules.add_perm("riskregister.delete_riskreview", is_administrator)
for _model in ("mitigatingaction", "risklink"):
    rules.add_perm(f"riskregister.view_{_model}", is_staff_user)
    rules.add_perm(f"riskregister.add_{_model}", can_review_risk)
    rules.add_perm(f"riskregister.change_{_model}", can_review_risk)
    rules.add_perm(f"riskregister.delete_{_model}", can_review_risk)


# --- finance ---------------------------------------------------------------


@rules.predicate
def period_is_open(user, obj):
    """Budget lines (and periods) change only while their period is open; a locked period
    keeps the figures it was reported with."""
    if obj is None:
        return True
    period = getattr(obj, "period", obj)
    return not getattr(period, "locked", False)


@rules.predicate
def period_is_locked(user, obj):
    return obj is not None and getattr(obj, "locked", False)


can_manage_budget = is_administrator | is_finance_officer
can_edit_budget = can_manage_budget & period_is_open

for _model in ("financialyear", "monitoringperiod", "budgetline", "budgetarea", "budgetblock", "budgetcategory",
               "budgetimport", "reserve", "schoolbalance"):
    rules.add_perm(f"finance.view_{_model}", is_staff_user)
rules.add_perm("finance.add_budgetline", can_edit_budget)
rules.add_perm("finance.change_budgetline", can_edit_budget)
rules.add_perm("finance.delete_budgetline", can_edit_budget)
rules.add_perm("finance.add_financialyear", can_manage_budget)
rules.add_perm("finance.add_monitoringperiod", can_manage_budget)  # open the next period
rules.add_perm("finance.lock_period", can_manage_budget & period_is_open)
rules.add_perm("finance.reopen_period", is_administrator & (no_object | period_is_locked))
rules.add_perm("finance.import_budget", can_manage_budget)
rules.add_perm("finance.add_budgetimport", can_manage_budget)
rules.add_perm("finance.change_reserve", can_manage_budget)
rules.add_perm("finance.change_schoolbalance", can_manage_budget)
rules.add_perm("finance.change_budgetcategory", is_administrator)
rules.add_perm("finance.add_budgetcategory", is_administrator)


# --- committees ------------------------------------------------------------

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
    if obj is None:
        return True
    minutes = getattr(obj, "minutes", None) if not hasattr(obj, "frozen") else obj
    if minutes is None and hasattr(obj, "minute_item"):
        minutes = obj.minute_item.minutes
    return not getattr(minutes, "frozen", False)


for _model in (
    "committee", "membership", "meeting", "premeeting", "agendaitem", "report", "recommendation",
    "reportsection", "appendix", "livesection", "question",
):
    rules.add_perm(f"committees.view_{_model}", is_staff_user)
    rules.add_perm(f"committees.add_{_model}", can_clerk)
    rules.add_perm(f"committees.change_{_model}", can_clerk)
    rules.add_perm(f"committees.delete_{_model}", can_clerk)
for _model in ("minutes", "attendance", "declaration", "minuteitem", "decision"):
    rules.add_perm(f"committees.view_{_model}", is_staff_user)
    rules.add_perm(f"committees.add_{_model}", can_clerk & minutes_open)
    rules.add_perm(f"committees.change_{_model}", can_clerk & minutes_open)
    rules.add_perm(f"committees.delete_{_model}", can_clerk & minutes_open)
rules.add_perm("committees.view_followupaction", is_staff_user)
rules.add_perm("committees.add_followupaction", can_clerk)
rules.add_perm("committees.change_followupaction", can_clerk | owns_action)
rules.add_perm("committees.delete_followupaction", can_clerk)
rules.add_perm("committees.publish_meeting", can_clerk)
rules.add_perm("committees.approve_minutes", can_clerk & minutes_open)
# The responsible chief officer clears a report (or the clerk records their clearance);
# the clerk marks it ready for the agenda.
rules.add_perm("committees.clear_report", can_clerk | is_responsible_chief_officer)
rules.add_perm("committees.ready_report", can_clerk)

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


# Agenda packs: clerks build and publish; every signed-in member or officer may read drafts;
# the restricted pack (exempt items) only the committee's members, clerks and administrators;
# the public reads published packs through selectors.
rules.add_perm("committees.view_packbuild", is_staff_user)
rules.add_perm("committees.add_packbuild", can_clerk)
rules.add_perm("committees.publish_packbuild", can_clerk)
rules.add_perm("committees.view_restricted_pack", can_clerk | sits_on_the_packs_committee)
rules.add_perm("committees.view_packversion", is_staff_user)


# --- the API's view of the same rules --------------------------------------

_ACTION_VERB = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RulesPermission(drf_permissions.BasePermission):
    """Checks ``app.verb_model`` from this module for every API request.

    A viewset may name a custom permission per action in ``action_permissions``
    (e.g. ``{"approve": "performance.approve_reportcard"}``).
    """

    def _perm(self, request, view):
        action_perms = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None)
        if action in action_perms:
            return action_perms[action]
        model = view.get_queryset().model
        verb = _ACTION_VERB.get(request.method, "change")
        return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        return request.user.has_perm(self._perm(request, view), None) or self._object_level_possible(request, view)

    def _object_level_possible(self, request, view):
        # Detail routes are decided on the object itself.
        return bool(
            getattr(view, "kwargs", {}).get(
                getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
            )
        )

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm(self._perm(request, view), obj)
