"""Demo data from the seed `committee-agenda-pack-mar-2017.txt`: the Children's Services
Committee, its membership, the meeting of 24 January 2017 (minutes and questions) and the
meeting of 14 March 2017 (agenda, group meetings and its two reports), all through services.

Idempotent: a second run finds everything by name and date and changes nothing.

Where the seed is silent the demo says so: the 24 January agenda's publication date and the
questions' arrival times are not in the pack (the demo uses the deadlines), and the pack has
no exempt item, so item 9 of 14 March is a demonstration exempt item (paragraph 3).

Also not in the seed: the committee's next two meetings, dated from the day the demo is
loaded, and the demo Member user (when `create_demo_users` has made it) sitting on the
committee, so the home pages show what a clerk and a councillor see ahead of a meeting.
"""

import datetime as dt

from django.utils import timezone

from core import roles
from core.models import Person
from core.services import get_or_create_person

from . import deadlines, services
from .models import AgendaItem, Attendance, Committee, Meeting, Membership, Minutes, Report

COMMITTEE = "Children's Services Committee"
VENUE = "Edwards Room, County Hall, Martineau Lane, Norwich, Norfolk, NR1 2DH"

# (title, name, role, represents, voting, voting_limited_to) in the order of the agenda's membership list.
MEMBERS = [
    ("Mr", "R Smith", Membership.Role.CHAIR, "", True, ""),
    ("Mrs", "S Gurney", Membership.Role.VICE_CHAIR, "", True, ""),
    *[
        (t, n, Membership.Role.MEMBER, "", True, "")
        for t, n in [
            ("Mr", "A Adams"),
            ("Mr", "R Bearman"),
            ("Mrs", "J Chamberlin"),
            ("Ms", "E Corlett"),
            ("Mr", "D Crawford"),
            ("Mr", "P Gilmour"),
            ("Mr", "B Hannah"),
            ("Mr", "J Joyce"),
            ("Mr", "M Kiddle-Morris"),
            ("Mr", "J Perkins"),
            ("Ms", "C Rumsby"),
            ("Mr", "M Sands"),
            ("Mr", "B Stone"),
            ("Miss", "J Virgo"),
            ("Mr", "A White"),
        ]
    ],
    # Church representatives vote on education matters only.
    ("Mrs", "H Bates", Membership.Role.CHURCH_REP, "", True, "education"),
    ("Mr", "A Mash", Membership.Role.CHURCH_REP, "", True, "education"),
    # The pack lists the parent governor representative as non-voting.
    ("Dr", "K Byrne", Membership.Role.PARENT_GOVERNOR_REP, "", False, ""),
    ("Mr", "C Spencer", Membership.Role.CO_OPTED_ADVISOR, "Norfolk Governance Network", False, ""),
    ("Ms", "T Rainbow", Membership.Role.CO_OPTED_ADVISOR, "Special Needs Education", False, ""),
    ("Ms", "V Aldous", Membership.Role.CO_OPTED_ADVISOR, "Primary Education", False, ""),
    ("Mr", "J Mason", Membership.Role.CO_OPTED_ADVISOR, "Post-16 Education", False, ""),
    ("Ms", "C Smith", Membership.Role.CO_OPTED_ADVISOR, "Secondary Education", False, ""),
    ("Mrs", "A Best-White", Membership.Role.CO_OPTED_ADVISOR, "Schools Forum", False, ""),
    # Substitutes who attended on 24 January 2017.
    ("Mr", "D Ramsbotham", Membership.Role.SUBSTITUTE, "", True, ""),
    ("Mr", "J Childs", Membership.Role.SUBSTITUTE, "", True, ""),
    ("Mr", "B Watkins", Membership.Role.SUBSTITUTE, "", True, ""),
]

GROUP_MEETINGS = [
    ("Conservative", dt.time(9, 0), "Conservative Group Room, Ground Floor"),
    ("UK Independence Party", dt.time(9, 0), "UKIP Group Room, Ground Floor"),
    ("Labour", dt.time(9, 0), "Labour Group Room, Ground Floor"),
    ("Liberal Democrats", dt.time(9, 0), "Liberal democrats Group Room, Ground Floor"),
]

REPORT_BY = "Report by the Interim Executive Director of Children's Services."

# The business of 24 January 2017 as minuted (minute number, title, report by, minute text,
# decisions as (kind, text, votes for, votes against)).
JANUARY_BUSINESS = [
    (
        7,
        "Road Crossing Patrol",
        REPORT_BY,
        "7.1 The Committee received the report by the Interim Executive Director of Children's Services setting "
        "out the action taken since the last Children's Services Committee meeting and the responses received "
        "during the consultation process.\n"
        "7.2.1 Mrs S Gurney proposed, seconded by Mr A White, to adopt Option 2 – Continue the service as it was. "
        "This would require an additional investment of up to £140,000 although this figure may reduce in-year "
        "as employees leave the sites which were below threshold and were not replaced.\n"
        "7.2.2 Norfolk County Council's duties under the road traffic act meant that liability for providing road "
        "crossing patrols rested with the County Council.\n"
        "7.3 The proposal from Mrs Gurney, seconded by Mr White, was put to the vote.",
        [("resolved", "to adopt option 2 – to continue to operate the service as it was.", 16, 1)],
    ),
    (
        8,
        "Tobacco Control in Norfolk",
        "Report by the Director of Public Health.",
        "8.1 The Committee received the report by the Director of Public Health setting out Norfolk's Tobacco "
        "Control Strategy and Action Plan (2016) which had been developed by the Tobacco Control Alliance and "
        "approved by Communities Committee on 7 September 2016.\n"
        "8.2.2 Members fully endorsed the recommendation in the report and agreed that any measures to prevent "
        "young people from starting to smoke should be encouraged.",
        [
            (
                "resolved",
                "to:\n1. Note the harm that smoking does and support the vision of a smoke-free county.\n"
                "2. Endorse the Norfolk Tobacco Control Alliance Strategy and Action Plan, focused on its strategic "
                "priorities to: prevent young people from becoming smokers; assist every smoker to quit smoking; "
                "protect people, especially children, from tobacco related harm.",
                None,
                None,
            )
        ],
    ),
    (
        9,
        "Final Report by members of the Children's Emotional Wellbeing and Mental Health Task and Finish Group",
        "Report by the Interim Executive Director of Children's Services and the Chair of the Task and Finish Group.",
        "9.1 The Committee received the report presenting the findings from the Children's Emotional Wellbeing and "
        "Mental Health Task and Finish Group.\n9.2 In introducing the report, the Chair of the Task and Finish "
        "Group, Ms E Corlett, thanked everyone for their involvement in the production of the report.",
        [("resolved", "to agree the recommendations in the report.", None, None)],
    ),
    (
        10,
        "Performance Management Report",
        REPORT_BY,
        "10.1 The Committee received the report by the Interim Executive Director of Children's Services "
        "containing the report cards and other key performance information.\n"
        "10.3.4.1 The Interim Executive Director of Children's Services had requested a spending freeze on all "
        "unnecessary spend until the end of March 2017.",
        [
            (
                "resolved",
                "to:\n- Note the report.\n- Recommend to Policy and Resources Committee, that County Council approve "
                "the use of additional Dedicated Schools Grant reserves of £3.453m, Children's Services reserves of "
                "£0.799m and Schools reserves of £1.019m in 2016-17 as set out in section 6.8 of the report.",
                None,
                None,
            )
        ],
    ),
    (
        11,
        "Looked After Children and Edge of Care Update",
        REPORT_BY,
        "11.1 The Committee received the report by the Interim Executive Director of Children's Services providing "
        "a breakdown of the current position with regard to Looked After Children and edge of care services.",
        [("resolved", "to note the report.", None, None)],
    ),
    (
        12,
        "Strategic and Financial Planning 2017-18 to 2019-20 and Revenue Budget 2017-18",
        REPORT_BY,
        "12.1 The Committee received the report by the Interim Executive Director of Children's Services setting "
        "out proposals to inform the Council's decisions on council tax and contributing to the Council's "
        "Medium Term Financial Strategy.\nThe meeting adjourned at 12.05 noon until 12.15pm.",
        [
            (
                "resolved",
                "to note the Committee's specific budget proposals for 2017-18 to 2019-20, including the findings of "
                "public consultation; note the findings of equality and rural assessments; agree any mitigating "
                "actions proposed; agree and recommend to Policy and Resources Committee the draft Committee Revenue "
                "Budget as set out in Appendix 2 of the report; and agree and recommend the Capital Programmes and "
                "schemes relevant to this Committee as set out in Appendix 3.",
                None,
                None,
            )
        ],
    ),
    (
        13,
        "Dedicated Schools Grant (DSG)",
        REPORT_BY,
        "13.1 The Committee received the report by the Interim Executive Director of Children's Services presenting "
        "the changes to the distribution for the Dedicated Schools Grant.",
        [("resolved", "to agree the Dedicated Schools Grant Funding.", None, None)],
    ),
    (
        14,
        "Determination of Admission Arrangements 2018-19",
        REPORT_BY,
        "14.1 The Committee received the report by the Interim Executive Director of Children's Services "
        "summarising the statutory consultation outcomes and proposing no changes to Norfolk's admissions "
        "co-ordination.",
        [
            (
                "resolved",
                "to agree: the co-ordination schemes and timetables including in-year co-ordination are approved for "
                "2018-19; no changes are made to the current (2017-18) policies for 2018-19.",
                None,
                None,
            )
        ],
    ),
    (
        15,
        "The Supply of School and Childcare Places in Norfolk",
        REPORT_BY,
        "15.1 The Committee received the report by the Interim Executive Director of Children's Services setting "
        "out the Schools Local Growth and Investment Plan and the Childcare Sufficiency Assessment.\n"
        "15.2.4 The Task and Finish Group on the introduction of 30 hour childcare would report back to Committee "
        "in March 2017.",
        [
            (
                "resolved",
                "to adopt the Schools' Local Growth and Investment Plan and the Childcare Sufficiency Assessment.",
                None,
                None,
            )
        ],
    ),
    (
        16,
        "Exclusion from Schools – Interim Report by Members Task and Finish Group",
        "Report by the Chair of the Task and Finish Group and the Interim Executive Director of Children's Services.",
        "16.1 The Committee received the report setting out the interim findings of the Task and Finish Group.",
        [
            (
                "resolved",
                "to agree that a plan should be developed with the explicit intention of reducing the number of "
                "permanent exclusions in Norfolk, reducing the costs associated with exclusion and improving outcomes "
                "for pupils at risk of exclusions; and to require a report back to this Committee before the end of "
                "the current academic year.",
                None,
                None,
            )
        ],
    ),
    (
        17,
        "Corporate Safeguarding",
        REPORT_BY,
        "17.1 The Committee received the report summarising the roles and responsibilities in relation to "
        "safeguarding children across the whole Council.\n17.2.2 The Committee considered that the Safeguarding "
        "Policy should be presented to full Council to remind all Members of their responsibilities as corporate "
        "parents.",
        [
            (
                "resolved",
                "to approve the document summarising the roles and responsibilities in respect of safeguarding "
                "children; distribute the document to all elected members and senior officers; agree that all "
                "elected members should undertake mandatory awareness training on safeguarding and corporate "
                "parenting.",
                None,
                None,
            )
        ],
    ),
    (
        18,
        "Contract Pipeline for Children's Services",
        REPORT_BY,
        "18.1 The Committee received the report by the Interim Executive Director of Children's Services setting "
        "out an overview of forthcoming contract renewal dates for Children's Services.",
        [("noted", "the report.", None, None)],
    ),
]

SAFELIVES = {
    "title": "Working with Safelives addressing domestic abuse through partnership working",
    "strategic_impact": (
        "A wide body of local and national research evidences that children and families exposed to domestic abuse "
        "suffer a range of adverse physical and mental health, social, wellbeing and behavioural effects. To achieve "
        "the best possible outcomes for children and families affected by domestic abuse (DA) it is recognised that "
        "multi-agency partnership working at both an operational and strategic level is the most effective "
        "approach.\n\nThe SafeLives project is a 5 year programme of work which will involve joint working in the "
        "development and piloting of improved approaches to domestic abuse and safeguarding our children and "
        "families in Norfolk."
    ),
    "executive_summary": (
        "Norfolk Community Safety Partnership in partnership with Safelives have secured £2 million Big Lottery "
        "funding to pilot a Beacon Project to mobilise an innovative partnership approach to DA with Norfolk "
        "Children's Services, Norfolk Constabulary, Police and Crime Commissioner, Public Health, Norfolk Adult "
        "Services.\n\nThe Beacon Project comprises 3 elements: One Front Door; Penta interventions; Drive "
        "Perpetrator programme.\n\nNorfolk partners will provide funding and resources to match the Big Lottery "
        "funding. The total funding is £833,000 over five years which is divided across the five partners."
    ),
    "recommendations": [
        "To note and endorse Children's Services involvement in the partnership and involvement in the Beacon Project."
    ],
    "sections": [
        (
            "Proposal (or options)",
            "1.1 Norfolk has been agreed as a beacon site for National DA charity SafeLives, which will bring £2m Big "
            "Lottery funding into the county. The Beacon Project is a 5 year programme of work will involve joint "
            "working in the development and piloting of improved approaches to domestic abuse and safeguarding.",
        ),
        (
            "Evidence",
            "2.1 There are several difficulties that are important to tackle in improving Norfolk's response to DA: "
            "very limited provision of perpetrator programmes for changing behaviour; effective communications for "
            "partnership issues such as DA is under-developed.",
        ),
    ],
    "financial_implications": (
        "3.1 It is proposed that £833000 is divided by 5 and up to 50 % can be paid in kind and rest in cash.\n"
        "3.3 The resource from Children's Service is: 2017-2018 £11,186; 2018-2019 £48,552; 2019-2020 £56,406; "
        "2020-2021 £44,506; 2021-2022 £5,950; of which 50% can be in kind and 50% in cash.\n"
        "3.4 Funding for this project has been confirmed within the budget."
    ),
    "issues_risks_innovation": (
        "4.1 Partnership working is at the heart of this project. For Children's Services not to proceed with "
        "involvement there is clear risk of not integrating outcomes for children and families and reputational "
        "risk to the organisation.\n4.2 As part of mobilisation planning we need to consider the impact of increase "
        "in referrals into our social work and early help system."
    ),
}

IPF = {
    "title": "Integrated Performance & Finance Monitoring report",
    "strategic_impact": (
        "Robust performance and risk management is key to ensuring that the organisation works both efficiently and "
        "effectively to develop and deliver services that represent good value for money and which meet identified "
        "need."
    ),
    "executive_summary": (
        "Performance is reported on an exception basis, meaning that only those vital signs that are performing "
        "poorly or where performance is deteriorating are presented to committee.\n\nThe only indicator which meets "
        "the exception requirement for this report is 'Rate of Looked After Children'.\n\nIn addition to vital "
        "signs performance, this report and its appendices contain other key performance information via the "
        "Education Scorecard, Early Help Dashboard and the Monthly Management Information (MI) Report."
    ),
    "recommendations": [
        "Review and comment on the performance data, information and analysis presented in the vital sign report "
        "cards and determine whether the recommended actions identified are appropriate or whether another course "
        "of action is required."
    ],
    "sections": [
        (
            "Introduction",
            "1.1.1 The performance dashboard provides a quick overview of Red/Amber/Green rated performance across all "
            "12 vital signs over a rolling 12 month period.\n1.2.3 Vital signs are reported to committee on an "
            "exceptions basis.",
        ),
        (
            "Impact of Support For Education Improvement (Scorecard at Appendix 1)",
            "2.1.1 The percentage of schools judged to be Good or Outstanding remains in line with the national "
            "average at 89%.",
        ),
        ("Early Help", "3.1 Across January 2017, we received 239 referrals into Early Help Family Focus."),
        ("Social Work (MI Report at Appendix 1 & 2)", ""),
    ],
    "financial_implications": (
        "5.4 The Children's Services revenue budget shows a projected £9.998 million overspend for the year. The "
        "level of projected school LMS balances at 31 March 2017 is £13.202 million. The level of unused reserves "
        "and provisions at 31 March 2017 total £7.750 million."
    ),
    "issues_risks_innovation": (
        "6.1 Appendix 4 shows the current list of children's services risks and mitigations.\n6.2 These risks are "
        "regularly reviewed and updated as appropriate by the CS Leadership Team."
    ),
    # (kind, title, as at, after section)
    "live": [
        ("vital_signs_dashboard", "Performance dashboard", dt.date(2017, 1, 31), 1),
        ("exception_list", "Vital signs meeting the exception criteria", dt.date(2017, 1, 31), 1),
        ("early_help_dashboard", "Early Help Management Overview Dashboard, January 2017, and the Troubled "
         "Families update", dt.date(2017, 2, 28), 3),
        ("report_cards", "Report card: Rate of Looked-After Children", dt.date(2017, 1, 31), 4),
        ("budget_tables", "Revenue, capital, reserves and school balances", dt.date(2017, 3, 14), None),
        ("education_scorecard", "Education Improvement Plan Scorecard (Appendix 1)", dt.date(2017, 1, 31), None),
        ("mi_report", "Monthly Management Information report (Appendix 3)", dt.date(2017, 1, 31), None),
        ("risk_register", "Children's Services risk register (Appendix 4)", dt.date(2017, 2, 28), None),
    ],
}


def _person(title, name, kind=Person.Kind.COUNCILLOR, **extra):
    person = get_or_create_person(name, title=title, kind=kind, **extra)
    return person


def _members(committee):
    people = {}
    for order, (title, name, role, represents, voting, limited) in enumerate(MEMBERS, start=1):
        kind = (
            Person.Kind.ADVISOR
            if role
            in (
                Membership.Role.CO_OPTED_ADVISOR,
                Membership.Role.CHURCH_REP,
                Membership.Role.PARENT_GOVERNOR_REP,
            )
            else Person.Kind.COUNCILLOR
        )
        person = _person(title, name, kind, organisation=represents)
        services.add_member(
            committee,
            person=person,
            role=role,
            voting=voting,
            voting_limited_to=limited,
            represents=represents,
            order=order,
        )
        people[name] = person
    return people


def _january(committee, people, dunkley):
    day = dt.date(2017, 1, 24)
    meeting = Meeting.objects.filter(committee=committee, date=day).first()
    if meeting is not None:
        return meeting
    meeting = services.create_meeting(committee, date=day, start_time=dt.time(10, 0),
                                      venue="Edwards Room, County Hall, Norwich")
    items = {}
    for number, title, report_by, _body, _decisions in JANUARY_BUSINESS:
        items[number] = services.add_item(meeting, title=title, report_by=report_by)
    # The pack does not give this agenda's publication date: the demo uses the latest lawful one.
    services.publish_agenda(meeting, today=deadlines.publish_agenda_by(day))
    services.mark_held(meeting)

    # Questions: the pack gives no arrival times; the demo records them at the deadline.
    received = timezone.make_aware(deadlines.questions_deadline(day))
    q = services.receive_question(
        meeting,
        asker_name="Mr Richard Doyle",
        text="Are the committee happy with the data/evidence used to decide Colman Road / South Parks Avenue doesn't "
        "need a crossing patrol, and would they be happy to see more children driven to school?",
        received_at=received,
    )
    services.reply_to_question(
        q,
        reply="The controlled crossings by their very nature offer a safe form of crossing for pedestrians, "
        "traffic is held "
        "at a red light to allow pedestrians to safely cross. Having a Road Crossing Patrol on the site can cause "
        "confusion to motorists and pedestrians.\n\nThis is why we have offered road safety awareness training to the "
        "pupils (and parents if they want it) to make their walk to school, with their parent or carer, safe.",
    )
    q = services.receive_question(
        meeting,
        asker_name="Michael Chenery of Horsbrugh",
        text="When the two crossing patrols at Heacham Infant and Junior Schools were being evaluated, how much "
        "recognition "
        "was given to the planned development of up to 100 new houses off Cheney Hill?",
        received_at=received,
        kind="member",
    )
    services.reply_to_question(
        q,
        reply="We can only monitor sites based on the here and now and not speculate on what might happen in "
        "the future. "
        "There is already a flashing 20mph School sign to slow traffic down.\n\nAt this time the site does not meet "
        "the national threshold.",
        supplementary="Mr Chenery asked the Committee if it had listened to the concerns of parishioners and "
        "families. The Chairman replied that all the points raised in the responses to the consultation had been "
        "taken into account.",
    )

    minutes = services.draft_minutes(meeting)
    minutes.preamble = (
        "The Committee welcomed Mr Chris Spencer to his first Committee meeting since being appointed Chairman of "
        "the Norfolk Governance Network."
    )
    minutes.save(update_fields=["preamble"])
    for name in ("P Gilmour", "D Crawford", "J Joyce", "A Mash", "H Bates", "V Aldous", "J Mason"):
        services.record_attendance(minutes, person=people[name], kind=Attendance.Kind.APOLOGIES)
    # Ms T Rainbow is neither present nor among the apologies in the seed's minutes.
    services.remove_attendance(minutes, person=people["T Rainbow"])
    for sub, absent in (("D Ramsbotham", "P Gilmour"), ("J Childs", "D Crawford"), ("B Watkins", "J Joyce")):
        services.record_attendance(minutes, person=people[sub], kind=Attendance.Kind.SUBSTITUTE,
                                   substitute_for=people[absent])
    services.record_attendance(minutes, person=dunkley, kind=Attendance.Kind.OFFICER,
                               capacity="Interim Executive Director")
    services.declare_interest(
        minutes, person=people["C Spencer"], description="An other interest as he was a Director of the Engage Trust."
    )
    services.declare_interest(
        minutes,
        person=people["E Corlett"],
        description="An other interest as she was a volunteer with Homestart, whose contract with Norfolk "
        "County Council was out "
        "to tender.",
        agenda_item=items[18],
    )
    standard_minutes = {
        1: ("Apologies and substitutions", "1.1 Apologies were received as recorded above."),
        2: (
            "Minutes",
            "2.1 The minutes of the meeting held on 16 November 2016, including the exempt minutes, were agreed as an "
            "accurate record by the Committee and signed by the Chair, subject to paragraph 15.2.2 being amended.",
        ),
        3: ("Declarations of Interest", "As recorded above."),
        4: (
            "Items of Urgent Business",
            "4.1 OSCA Awards. The Committee agreed that the Chairman should send a congratulatory letter to both "
            "winners.\n4.2 Interim Executive Director Children's Services.\n4.3 Looked After children and Care "
            "Leavers Strategy Workshop.\n4.4 Task and Finish Groups.\n4.5 Permanent Executive Director of "
            "Children's Services.",
        ),
        5: ("Public Question Time", "5.1 The public question received and its response is attached at Appendix 1."),
        6: (
            "Local Member Issues/Member Questions",
            "6.1 One question was received from M Chenery of Horsburgh. The question and response can be found at "
            "Appendix 1.",
        ),
    }
    for number, (title, body) in standard_minutes.items():
        services.save_minute_item(minutes, number=number, title=title, body=body)
    mi4 = minutes.items.get(number=4)
    decision = services.record_decision(
        mi4,
        text="that the Chairman should send a congratulatory letter to both winners in recognition of their "
        "outstanding "
        "work for Children's Services.",
        kind="agreed",
    )
    services.add_action(decision, description="Send congratulatory letters to the OSCA award winners.",
                        owner=people["R Smith"])
    for number, title, _report_by, body, decisions in JANUARY_BUSINESS:
        mi = services.save_minute_item(minutes, number=number, title=title, body=body, agenda_item=items[number])
        for kind, text, votes_for, votes_against in decisions:
            services.record_decision(mi, text=text, kind=kind, votes_for=votes_for, votes_against=votes_against)
    services.close_meeting(minutes, closing_time=dt.time(13, 25))
    # Published, subject to approval, with the next meeting's papers.
    services.publish_draft_minutes(minutes, today=dt.date(2017, 3, 6))
    return meeting


def _report(meeting, data, dunkley, contact):
    report = Report.objects.filter(title=data["title"], meeting=meeting).first()
    if report is not None:
        return report
    fields = {
        k: data[k]
        for k in ("strategic_impact", "executive_summary", "financial_implications", "issues_risks_innovation")
    }
    report = services.save_report(
        data["title"],
        meeting=meeting,
        responsible_chief_officer=dunkley,
        officer_contact=contact,
        recommendations=data["recommendations"],
        sections=data["sections"],
        **fields,
    )
    for kind, title, as_at, after in data.get("live", []):
        services.add_live_section(report, kind=kind, as_at=as_at, title=title, after_section=after)
    services.clear_report(report, by=dunkley)
    services.mark_report_ready(report)
    return report


def _march(committee, dunkley):
    day = dt.date(2017, 3, 14)
    meeting = Meeting.objects.filter(committee=committee, date=day).first()
    if meeting is not None:
        return meeting
    meeting = services.create_meeting(committee, date=day, start_time=dt.time(10, 0), venue=VENUE,
                                      pre_meetings=GROUP_MEETINGS)
    westmacott = get_or_create_person(
        "Julie Westmacott", kind=Person.Kind.OFFICER, email="julie.westmacott@norfolk.gov.uk"
    )
    evans = get_or_create_person(
        "Don Evans", kind=Person.Kind.OFFICER, email="don.evans@norfolk.gov.uk", phone="223909"
    )
    safelives = _report(meeting, SAFELIVES, dunkley, westmacott)
    ipf = _report(meeting, IPF, dunkley, evans)
    services.add_item(meeting, title=safelives.title, report=safelives, report_by=REPORT_BY, presenter=dunkley)
    services.add_item(
        meeting,
        title="Integrated Performance and Finance Monitoring 2016-17",
        report=ipf,
        report_by=REPORT_BY,
        presenter=evans,
        business_kind="education",
    )
    # Not in the seed: the pack has no exempt item, so the demo adds one to show how they appear.
    exempt_report = services.save_report(
        "Residential placements contract: tender evaluation (demonstration exempt item)",
        meeting=meeting,
        responsible_chief_officer=dunkley,
        executive_summary="Bidders' prices and the evaluation scores for each tender.",
        recommendations=["Award the contract to the highest scoring bidder."],
    )
    services.clear_report(exempt_report, by=dunkley)
    services.mark_report_ready(exempt_report)
    services.add_item(
        meeting,
        title="Residential placements contract: tender evaluation",
        report=exempt_report,
        report_by=REPORT_BY,
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P3,
    )
    services.publish_agenda(meeting, today=dt.date(2017, 3, 6))  # "Date Agenda Published: 06 March 2017"
    return meeting


def _demo_member(committee, today):
    """The demo Member user's person sits on the committee from today (so not on the seed's
    2017 meetings' lists)."""
    person = Person.objects.filter(user__username=roles.DEMO_USERNAMES[roles.MEMBER]).first()
    if person is not None and not committee.memberships.filter(person=person).exists():
        services.add_member(committee, person=person, role=Membership.Role.MEMBER, start_date=today)


def _coming(committee, today):
    """The next two meetings, made once (a committee with a meeting ahead keeps it): one whose
    agenda is not yet published with its deadline at risk, and one published a month ahead
    carrying a late item (with its reason of urgency)."""
    if committee.meetings.filter(date__gte=today).exists():
        return
    soon = today + dt.timedelta(days=1)
    while soon.weekday() >= 5 or deadlines.publication_status(soon, today) != deadlines.AT_RISK:
        soon += dt.timedelta(days=1)
    services.create_meeting(committee, date=soon, start_time=dt.time(10, 0), venue=VENUE)
    later = today + dt.timedelta(days=28 + (1 - (today + dt.timedelta(days=28)).weekday()) % 7)  # a Tuesday
    meeting = services.create_meeting(committee, date=later, start_time=dt.time(10, 0), venue=VENUE)
    services.add_item(meeting, title="Children's Services budget: consultation responses",
                      report_by="Report by the Executive Director of Children's Services")
    services.publish_agenda(meeting, today=today)
    services.add_item(meeting, title="Ofsted focused visit: the Council's response",
                      report_by="Report by the Executive Director of Children's Services",
                      urgency_reason="The inspection letter came after the agenda was published, and the "
                      "response is due before the Committee next meets.")


def load(stdout):
    committee = (
        services.save_committee(
            COMMITTEE,
            terms_of_reference=(
                "The Committee's terms of reference are in the Council's Constitution (not part of the seed agenda "
                "pack): the Council's functions for children's social care, early help and education."
            ),
            contact_officer_name="Julie Mortimer",
            contact_officer_phone="01603 223055",
            contact_officer_email="committees@norfolk.gov.uk",
            default_venue=VENUE,
            default_start_time=dt.time(10, 0),
        )
        if not Committee.objects.filter(name=COMMITTEE).exists()
        else Committee.objects.get(name=COMMITTEE)
    )
    people = _members(committee)
    for name, _start, _room in GROUP_MEETINGS:
        # The seed names the political groups (their group meetings); members' groups are not in it.
        services.save_political_group(name, short_name="UKIP" if name == "UK Independence Party" else "")
    dunkley = get_or_create_person(
        "Matt Dunkley", kind=Person.Kind.OFFICER, job_title="Interim Executive Director Children's Services"
    )
    _january(committee, people, dunkley)
    _march(committee, dunkley)
    today = timezone.localdate()
    _demo_member(committee, today)
    _coming(committee, today)
    stdout.write(
        f"  {committee}: {committee.memberships.count()} memberships, {committee.meetings.count()} meetings, "
        f"{Minutes.objects.filter(meeting__committee=committee).count()} sets of minutes"
    )
