"""Who may do what with indicators and figures (registered by PerformanceConfig)."""

import rules

from core.permissions import (
    is_administrator,
    is_data_owner,
    is_performance_officer,
    is_person,
    is_staff_user,
    no_object,
)


@rules.predicate
def owns_indicator_data(user, obj):
    """The data owner of the indicator (or of an observation's or card's indicator)."""
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

PERMISSIONS = {
    "performance.view_indicator": is_staff_user,
    "performance.add_indicator": is_administrator | is_performance_officer,
    "performance.change_indicator": is_administrator | is_performance_officer,
    "performance.delete_indicator": is_administrator,
    "performance.view_observation": is_staff_user,
    "performance.add_observation": can_enter_figures,
    "performance.change_observation": can_enter_figures,
    # Whoever may enter a figure may take it back; the history keeps it (and who deleted it).
    "performance.delete_observation": can_enter_figures,
    "performance.import_observations": is_administrator | is_performance_officer | is_data_owner,
    "performance.view_population": is_staff_user,
    "performance.add_population": is_administrator | is_performance_officer,
    "performance.change_population": is_administrator | is_performance_officer,
    "performance.delete_population": is_administrator | is_performance_officer,
}
