"""Who may do what with budget monitoring (registered by FinanceConfig)."""

import rules

from core.permissions import is_administrator, is_finance_officer, is_staff_user, no_object


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

PERMISSIONS = {
    f"finance.view_{model}": is_staff_user
    for model in (
        "financialyear", "monitoringperiod", "budgetline", "budgetarea", "budgetblock", "budgetcategory",
        "budgetimport", "reserve", "schoolbalance",
    )
}
PERMISSIONS.update({
    "finance.add_budgetline": can_edit_budget,
    "finance.change_budgetline": can_edit_budget,
    "finance.delete_budgetline": can_edit_budget,
    "finance.add_financialyear": can_manage_budget,
    "finance.add_monitoringperiod": can_manage_budget,  # open the next period
    "finance.lock_period": can_manage_budget & period_is_open,
    "finance.reopen_period": is_administrator & (no_object | period_is_locked),
    "finance.import_budget": can_manage_budget,
    "finance.add_budgetimport": can_manage_budget,
    "finance.change_reserve": can_manage_budget,
    "finance.change_schoolbalance": can_manage_budget,
    "finance.change_budgetcategory": is_administrator,
    "finance.add_budgetcategory": is_administrator,
})
