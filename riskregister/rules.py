"""Who may do what with registers, risks, reviews and actions (registered by RiskregisterConfig)."""

import rules

from core.permissions import is_administrator, is_member, is_person, is_risk_owner, is_staff_user, no_object, person_of


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

PERMISSIONS = {
    "riskregister.view_risk": is_staff_user,
    "riskregister.add_risk": is_administrator | is_risk_owner,
    "riskregister.change_risk": can_review_risk,
    "riskregister.delete_risk": is_administrator,
    "riskregister.review_risk": can_review_risk,
    "riskregister.escalate_risk": is_administrator,
    "riskregister.import_risks": can_manage_registers,
    "riskregister.export_risks": is_staff_user,
    "riskregister": is_administrator,  # the admin site's module check (bands, matrix, registers)
    "riskregister.set_matrix": is_administrator,
    # Reviews are kept as recorded: added by the owner, a delegate or an administrator, never edited.
    "riskregister.view_riskreview": is_staff_user,
    "riskregister.add_riskreview": can_review_risk,
    "riskregister.change_riskreview": is_administrator,
    "riskregister.delete_riskreview": is_administrator,
}
for _model in ("register", "areaappetite", "riskband", "matrixcell"):
    PERMISSIONS[f"riskregister.view_{_model}"] = is_staff_user
    for _verb in ("add", "change", "delete"):
        PERMISSIONS[f"riskregister.{_verb}_{_model}"] = can_manage_registers
for _model in ("mitigatingaction", "risklink"):
    PERMISSIONS[f"riskregister.view_{_model}"] = is_staff_user
    for _verb in ("add", "change", "delete"):
        PERMISSIONS[f"riskregister.{_verb}_{_model}"] = can_review_risk
