"""Core's permissions: people, jobs and the ping job."""

from .permissions import is_administrator, is_committee_clerk, is_performance_officer, is_staff_user

PERMISSIONS = {
    "core.view_person": is_staff_user,
    "core.add_person": is_administrator | is_committee_clerk | is_performance_officer,
    "core.change_person": is_administrator | is_committee_clerk | is_performance_officer,
    "core.delete_person": is_administrator,
    "core.view_job": is_staff_user,
    "core.run_ping": is_administrator,
}
