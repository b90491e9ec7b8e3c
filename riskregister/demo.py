"""Demo data: the Children's Service Risk Register from the March 2017 agenda pack (its four
risks and their February 2017 reviews), loaded through the import path, plus a corporate
register to escalate to. Idempotent."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from core import roles
from core.services import get_or_create_person

from . import services
from .models import Level, MitigatingAction, Register, Risk, RiskLink

SEED_FILE = Path(__file__).parent / "demo_data" / "childrens-services-risk-register-feb-2017.tsv"
REGISTER_NAME = "Children's Service Risk Register"
CORPORATE_NAME = "Corporate Risk Register"
SEED_RISKS = ["RM14284", "RM14147", "RM14157", "RM14148"]

# What the risks concern elsewhere: indicator refs as the MI report numbers them; budget lines by
# their division of service, the name finance's lines keep from one monitoring period to the next.
LINKS = [
    ("RM14284", RiskLink.Kind.BUDGET_LINE, "Mainstream Home to School/College transport", "Transport overspend"),
    ("RM14284", RiskLink.Kind.BUDGET_LINE, "Post 16 Home to School/College transport", "Transport overspend"),
    ("RM14148", RiskLink.Kind.INDICATOR, "11.1", "Maximum caseload of social workers in key safeguarding teams"),
    ("RM14148", RiskLink.Kind.INDICATOR, "11.4", "Maximum number of cases per qualified social worker in Assessment"),
    ("RM14147", RiskLink.Kind.INDICATOR, "4.5", "S47s with concerns substantiated and continuing risk"),
]


@transaction.atomic
def load(stdout):
    services.ensure_default_matrix()
    register, _ = Register.objects.update_or_create(
        name=REGISTER_NAME,
        defaults={
            "level": Level.DEPARTMENTAL,
            "prepared_by": get_or_create_person("Don Evans"),
            "date_updated": date(2017, 2, 1),
            "next_update_due": date(2017, 2, 28),
        },
    )
    Register.objects.get_or_create(name=CORPORATE_NAME, defaults={"level": Level.CORPORATE, "appetite": 12})

    if Risk.objects.filter(risk_number__in=SEED_RISKS).count() < len(SEED_RISKS):
        outcome = services.import_register(register, SEED_FILE.read_bytes(), "tsv", dry_run=False)
        if outcome.errors:
            raise RuntimeError("The seed register did not import: " + "; ".join(outcome.errors))
        stdout.write(f"  {REGISTER_NAME}: {len(outcome.preview)} risks imported")

    for risk in Risk.objects.filter(risk_number__in=SEED_RISKS):
        if not risk.actions.exists():
            # The register's "tasks to mitigate" become trackable actions, due by the target date.
            for sentence in (s.strip() for s in risk.tasks_to_mitigate.split(". ")):
                if len(sentence.split()) >= 4 and not sentence.startswith("Overall risk treatment"):
                    MitigatingAction.objects.create(
                        risk=risk, description=sentence.rstrip(".") + ".", owner=risk.owner,
                        due_date=risk.target_date, status=MitigatingAction.Status.IN_PROGRESS,
                    )
    for number, kind, ref, note in LINKS:
        risk = Risk.objects.filter(risk_number=number).first()
        if risk:
            RiskLink.objects.get_or_create(risk=risk, kind=kind, ref=ref, defaults={"note": note})

    # The demo "Risk owner" signs in and sees a risk of their own: RM14284 passes to them,
    # and its seed owner stays on it as a delegate.
    riskowner = get_user_model().objects.filter(username=roles.DEMO_USERNAMES[roles.RISK_OWNER]).first()
    person = getattr(riskowner, "person", None) if riskowner else None
    transport = Risk.objects.filter(risk_number="RM14284").first()
    if person and transport and transport.owner_id != person.pk:
        seed_owner = transport.owner
        transport.owner = person
        transport.save()
        transport.delegates.add(seed_owner)
        stdout.write(f"  RM14284 owned by {person} (demo user {riskowner.username}); {seed_owner} is a delegate")
