"""The 14 March 2017 Children's Services Committee (the seed's agenda pack), made through the
committees services: members, the 24 January minutes with their questions and replies, the two
reports, an appendix PDF, live sections, and one exempt item whose content must stay restricted."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.pdfgen import canvas

from committees import services
from committees.models import Membership
from core.models import Person

EXEMPT_SECRET = "Confidential placement costs for provider Q7"

MEMBERS = [
    ("Mr", "R Smith", Membership.Role.CHAIR, ""), ("Mr", "A Adams", Membership.Role.MEMBER, ""),
    ("Mr", "R Bearman", Membership.Role.MEMBER, ""), ("Mrs", "J Chamberlin", Membership.Role.MEMBER, ""),
    ("Ms", "E Corlett", Membership.Role.MEMBER, ""), ("Mrs", "S Gurney", Membership.Role.VICE_CHAIR, ""),
    ("Mrs", "H Bates", Membership.Role.CHURCH_REP, ""), ("Mrs", "K Byrne", Membership.Role.PARENT_GOVERNOR_REP, ""),
    ("Mr", "C Spencer", Membership.Role.CO_OPTED_ADVISOR, "Norfolk Governance Network"),
]


def appendix_pdf(pages, title="Appendix", size=None):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size or (595.27, 841.89))
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 14)
        c.drawString(72, 760, f"{title} - sheet {n} of {pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def person(title, name, **kw):
    return Person.objects.get_or_create(name=name, defaults={"title": title, **kw})[0]


def make_meeting(appendix_pages=3, live_kinds=()):
    committee = services.save_committee(
        "Children's Services Committee",
        contact_officer_name="Julie Mortimer",
        contact_officer_phone="01603 223055",
        contact_officer_email="committees@norfolk.gov.uk",
        default_venue="Edwards Room, County Hall, Martineau Lane, Norwich, Norfolk, NR1 2DH",
        default_start_time=dt.time(10, 0),
    )
    for title, name, role, represents in MEMBERS:
        services.add_member(committee, person=person(title, name, kind=Person.Kind.COUNCILLOR), role=role,
                            represents=represents)
    january = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    road = services.add_item(january, title="Road Crossing Patrol",
                             report_by="Report by the Interim Executive Director.")
    services.receive_question(january, asker_name="M Chenery",
                              text="Will the Committee listen to the concerns of parishioners?",
                              received_at=timezone.make_aware(dt.datetime(2017, 1, 10, 9, 0)))
    minutes = services.draft_minutes(january)
    services.save_minute_item(minutes, number=7, title="Road Crossing Patrol",
                              body="The Committee received the report setting out the consultation responses.",
                              agenda_item=road)
    question = january.questions.first()
    services.reply_to_question(question, reply="All the points raised in the consultation were taken into account.")
    services.publish_draft_minutes(minutes, today=dt.date(2017, 3, 6))  # with the next meeting's papers, as the demo

    director = person("Mr", "Matt Dunkley", job_title="Interim Executive Director Children's Services")
    contact = person("Mr", "Don Evans", job_title="Performance Officer", phone="01603 223909",
                     email="don.evans@norfolk.gov.uk")
    march = services.create_meeting(committee, date=dt.date(2017, 3, 14),
                                    pre_meetings=[("Conservative", dt.time(9, 0), "Conservative Group Room")])
    safelives = services.save_report(
        "Working with Safelives addressing domestic abuse through partnership working",
        meeting=march, responsible_chief_officer=director, officer_contact=contact,
        strategic_impact="Multi-agency partnership working is the most effective approach to domestic abuse.",
        executive_summary="Norfolk Community Safety Partnership and Safelives have secured £2 million Big Lottery "
                          "funding to pilot a Beacon Project.",
        recommendations=["To note and endorse Children's Services involvement in the Beacon Project."],
        sections=[("Proposal (or options)", "Norfolk has been agreed as a beacon site for SafeLives. " * 30),
                  ("Evidence", "Children exposed to domestic abuse suffer adverse effects. " * 40)],
        financial_implications="The total funding to the 5 partners is £833000 over five years.",
    )
    ipr = services.save_report(
        "Integrated Performance & Finance Monitoring report",
        meeting=march, responsible_chief_officer=director, officer_contact=contact,
        executive_summary="This report gives the Committee information on the key areas of performance.",
        recommendations=["Review and comment on the performance and financial information."],
        sections=[("Introduction", "The performance of Children's Services is reported monthly. " * 20),
                  ("Impact of Support For Education Improvement", "The scorecard is at Appendix 1. " * 20),
                  ("Financial Implications", "The forecast outturn is shown below. " * 10),
                  ("Issues, risks and innovation", "Appendix 4 shows the current list of risks. " * 5)],
    )
    for kind, after in live_kinds:
        services.add_live_section(ipr, kind=kind, as_at=dt.date(2017, 2, 28), after_section=after)
    upload = SimpleUploadedFile("scorecard.pdf", appendix_pdf(appendix_pages, "Education Improvement Scorecard"),
                                content_type="application/pdf")
    services.add_appendix(ipr, title="Education Improvement Plan Scorecard", upload=upload)
    placements = services.save_report(
        "Residential placement contract award", meeting=march, responsible_chief_officer=director,
        executive_summary=EXEMPT_SECRET,
        sections=[("Commercial terms", EXEMPT_SECRET + " are set out here.")],
    )
    for report in (safelives, ipr, placements):
        services.clear_report(report, by=director)
        services.mark_report_ready(report)
    services.add_item(march, title=safelives.title, report=safelives,
                      report_by="Report by the Interim Executive Director of Children's Services.")
    services.add_item(march, title="Integrated Performance and Finance Monitoring 2016-17", report=ipr,
                      report_by="Report by the Interim Executive Director of Children's Services.")
    services.add_item(march, title="Residential placement contract award", report=placements, exempt=True,
                      exempt_paragraph=3, report_by="Report by the Interim Executive Director.")
    services.publish_agenda(march, today=dt.date(2017, 3, 6))
    march.refresh_from_db()
    return march


LIVE_ALL = [("vital_signs_dashboard", 1), ("report_cards", 1),
            ("mi_report", 1), ("exception_list", 1),
            ("budget_tables", 3), ("risk_register", 4)]


DEMO_EXEMPT_TEXT = "Bidders' prices and the evaluation scores for each tender."


def load_demo_meeting(appendix_pages=4):
    """The demo 14 March 2017 meeting as `manage.py loaddemo` makes it (with the performance, report
    card, risk and budget demo data it draws on), plus the scorecard appendix the seed merges in."""
    from committees.models import Meeting
    from core.registries import demo_loaders
    from core.services import ensure_demo_users

    ensure_demo_users("demo-pass-for-tests")
    for loader in demo_loaders():  # what loaddemo runs, in its order
        loader.load(io.StringIO())
    meeting = Meeting.objects.get(date=dt.date(2017, 3, 14))
    report = meeting.reports.get(title__startswith="Integrated")
    if not report.appendices.exists():
        upload = SimpleUploadedFile("scorecard.pdf", appendix_pdf(appendix_pages, "Education Improvement Scorecard"),
                                    content_type="application/pdf")
        services.add_appendix(report, title="Education Improvement Plan Scorecard", upload=upload)
    return meeting
