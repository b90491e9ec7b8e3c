"""The product's roles. Each is a Django group created by core's data migration."""

ADMINISTRATOR = "Administrator"
PERFORMANCE_OFFICER = "Performance officer"
DATA_OWNER = "Data owner"
RISK_OWNER = "Risk owner"
FINANCE_OFFICER = "Finance officer"
COMMITTEE_CLERK = "Committee clerk"
MEMBER = "Member"

ALL_ROLES = [
    ADMINISTRATOR,
    PERFORMANCE_OFFICER,
    DATA_OWNER,
    RISK_OWNER,
    FINANCE_OFFICER,
    COMMITTEE_CLERK,
    MEMBER,
]

# Demo login names, one per role (make demo prints their password in DEBUG).
DEMO_USERNAMES = {
    ADMINISTRATOR: "admin",
    PERFORMANCE_OFFICER: "perf",
    DATA_OWNER: "dataowner",
    RISK_OWNER: "riskowner",
    FINANCE_OFFICER: "finance",
    COMMITTEE_CLERK: "clerk",
    MEMBER: "member",
}
