import datetime as dt

import factory

from committees import services
from committees.models import Committee, Membership
from tests.factories import PersonFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    contact_officer_name = "Julie Mortimer"
    contact_officer_phone = "01603 223055"
    contact_officer_email = "committees@example.gov.uk"
    default_venue = "Edwards Room, County Hall"
    default_start_time = dt.time(10, 0)


def committee_with_members(councillors=8, church_reps=2, advisors=1):
    committee = CommitteeFactory()
    people = {"councillors": [], "church": [], "advisors": []}
    for i in range(councillors):
        role = Membership.Role.CHAIR if i == 0 else Membership.Role.MEMBER
        p = PersonFactory(kind="councillor")
        services.add_member(committee, person=p, role=role)
        people["councillors"].append(p)
    for _ in range(church_reps):
        p = PersonFactory(kind="advisor")
        services.add_member(committee, person=p, role=Membership.Role.CHURCH_REP)
        people["church"].append(p)
    for _ in range(advisors):
        p = PersonFactory(kind="advisor")
        services.add_member(committee, person=p, role=Membership.Role.CO_OPTED_ADVISOR, represents="Schools Forum")
        people["advisors"].append(p)
    return committee, people


def ready_report(meeting, title="A report", chief=None, **fields):
    chief = chief or PersonFactory()
    report = services.save_report(
        title, meeting=meeting, responsible_chief_officer=chief, recommendations=["Note the report."], **fields
    )
    services.clear_report(report, by=chief)
    services.mark_report_ready(report)
    return report
