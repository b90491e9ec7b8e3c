"""The seeds' report cards, loaded through the report card services.

- The March 2019 performance monitoring report's seven cards (data to January 2019).
- The March 2017 integrated report's Troubled Families Payment by Results card (the update
  report of w/c 20 February 2017), printed after the Early Help dashboard's tables.
- The March 2017 integrated report's card for the rate of looked-after children (the
  quarterly vital sign LAC 5, December 2016),
  with the January 2017 MI report's definition and performance analysis for LAC.

Workflow states are set by the same steps users take (submit, approve as the demo
performance officer), leaving the CIN plan card (the red one) in draft for the demo data
owner and the health assessment card submitted for approval. Idempotent: a card that
exists is left as it is.
"""

from datetime import date

from django.contrib.auth import get_user_model

from core.services import get_or_create_person
from performance.models import Indicator

from . import services, workflow
from .models import ReportCard

JAN_19, JAN_17, DEC_16, FEB_17 = date(2019, 1, 1), date(2017, 1, 1), date(2016, 12, 1), date(2017, 2, 1)

CYCLES = [
    (JAN_19, date(2019, 2, 20), "Children's Services Committee, 12 March 2019"),
    (JAN_17, date(2017, 2, 22), "Children's Services Committee, 14 March 2017"),
    (DEC_16, date(2017, 2, 22), "Children's Services Committee, 14 March 2017 (quarterly vital signs)"),
    (FEB_17, date(2017, 2, 24), "Children's Services Committee, 14 March 2017 (Troubled Families update)"),
]

CARDS = [
    {
        "ref": "EH 1", "period": JAN_19, "state": workflow.APPROVED,
        "why_important": "Our Early Help services are designed to support and empower families to make lasting "
        "changes which will enable them to thrive and to meet any challenges/difficulties via their own reserves "
        "and/or use of universal services.",
        "success_looks_like": "Less than 20% of children referred to early help will have had a previous referral.",
        "background": "Relatively low numbers of referrals into Early Help services can make re-referral rates "
        "volatile. However, over the past 12 months as recording & reporting has been refined, there has been an "
        "overall reduction in the number of cases being referred back to Early Help services.",
        "actions": [
            "Continue to monitor re-referral rates",
            "Continue to develop and embed the Early Help offer and ensure support for families is informed by "
            "effective plans and supported by effective services.",
        ],
    },
    {
        "ref": "CP 1", "period": JAN_19, "state": workflow.APPROVED,
        "why_important": "A successful CP Plan outcome is not just about reducing risk at a particular point in "
        "time but is about ensuring that children who have been subject to CP intervention stay safe after the plan "
        "has ended.",
        "success_looks_like": "- The percentage of children starting a CP Plan for a second/subsequent time in "
        "Norfolk is below that of similar local authorities within England at 10-15%.\n- At the same time, the "
        "percentage should not be too low as children who need the support should not be prevented from starting "
        "a CP Plan simply because they have previously had one.",
        "background": "- Month-to-month variation continues within what we would consider to be a normal range.\n"
        "- There are no specific locality concerns and bigger fluctuations tend to be more linked to 2nd or "
        "subsequent plans for large sibling groups.\n- Current performance is within our target range and on a par "
        "with top quartile national performance.",
        "actions": [
            "Continue to focus on the quality of CP Plans to ensure that families' needs are understood and that "
            "appropriate and effective support is identified.",
        ],
    },
    {
        "ref": "CP 2", "period": JAN_19, "state": workflow.APPROVED,
        "why_important": "To ensure the safety and well-being of children on Child Protection Plans, it is "
        "important they are visited regularly by an experienced, qualified social worker.",
        "success_looks_like": "Almost all children subject to Child Protection Plans will be seen in timescale and "
        "only in exceptional circumstances will there be delays in social work visits.",
        "background": "- Over 80% of children on CP plans were seen within 20 working days and the visits have been "
        "recorded.\n- There are ongoing issues with recording which result in children who have been seen within "
        "the statutory timescales appearing not to have been. Managers and workers are being reminded of the "
        "recording requirements and performance is expected to improve over the coming months.",
        "actions": [
            "Continue to focus on this area through management discussions, supervision, team/locality meetings "
            "and the Performance and Challenge Board.",
        ],
    },
    {
        "ref": "CIN 4", "period": JAN_19, "state": workflow.DRAFT,
        "why_important": "Our Section 17 CIN services are designed to support and empower families to make changes "
        "enabling them to thrive and meet any challenges / difficulties via their own reserves and/or use of "
        "universal services. A good quality CIN Plan that is regularly updated to reflect the changing needs of "
        "children and families is essential in achieving this outcome.",
        "success_looks_like": "- Almost all Section 17 CIN have a plan that has been reviewed within the previous "
        "12-weeks.\n- The target is for 97.5% of Section 17 Children in Need have a timely CIN Plan by the end of "
        "March 2019.",
        "background": "- The % of CIN with an up to date plan has increased over the past quarter but is still "
        "significantly below target.\n- Our focus on clearing backlogs of assessments will continue to impact "
        "performance on CIN indicators and as a result we will continue to see fluctuation in performance until "
        "that activity has been completed.\n- Performance in relation to CIN with up to date plans in FIT teams "
        "continues to be strong with nearly 80% of children who have been assessed as being in need have a timely "
        "plan in place.",
        "actions": ["Managers to ensure Section 17 CIN have plans reviewed at a frequency of no more than 12 weeks"],
    },
    {
        "ref": "LAC 1", "period": JAN_19, "state": workflow.APPROVED,
        "why_important": "A good quality care plan which is regularly reviewed and updated to reflect changes in a "
        "child's life is an essential part of ensuring Looked-After Children receive the correct services and "
        "support to achieve their full potential.",
        "success_looks_like": "- All LAC will have a plan which effectively addresses their needs and supports them "
        "to reach their potential.\n- LAC will achieve their potential",
        "background": "- The apparent anomaly in May 2018 would appear to be due to data issues when the previous "
        "social care recording system ceased to be used.\n- Our performance in relation to Looked After Children "
        "having up to date Care Plans remains good.",
        "actions": [
            "Continue to focus on improving the quality of plans through management discussions, supervision, "
            "team/locality meetings and the Performance and Challenge Board.",
            "Ensure that care plans are regularly addressed through our LAC thematic work",
        ],
    },
    {
        "ref": "LAC 2", "period": JAN_19, "state": workflow.SUBMITTED,
        "why_important": "Looked-After Children are among the most vulnerable in our society, a great many of whom "
        "have experienced neglect or abuse. Regular Health Assessments ensure that any emerging health issues are "
        "identified and appropriately managed.",
        "success_looks_like": "- Almost all children who have been looked-after for 12 months or more will have had "
        "their health assessment in timescale, in line with the top performing 25% of local authorities in "
        "England.\n- The target is for 97.5% of children who have been looked-after for 12 or more months to have "
        "had a timely Health Assessment by the end of March 2019.",
        "background": "Capacity issues for health partners, combined with increases in LAC starters requiring "
        "initial health assessments has seen performance in this area decline between April & December 2017; "
        "however, activity since the start of 2018 has seen sustained performance improvement over the last 12 "
        "months.",
        "actions": [
            "QA LAC Health Hub to work with health partners to highlight those children & young people due / "
            "overdue a health assessment",
            "Continue to focus on HAs as a specific KPI",
        ],
    },
    {
        "ref": "CL 2", "period": JAN_19, "state": workflow.APPROVED,
        "why_important": "As corporate parents, Norfolk county Council has high aspirations for young people "
        "formerly in our dare. High levels of engagement in education, employment or training among our care "
        "leavers improves their outcomes both in terms of their self-esteem and life goals.",
        "success_looks_like": "The percentage of 19-21 year-old care leavers engaged in some form of employment, "
        "education or training will be well-above the national average, showing Norfolk.",
        "background": "- At the end of March 2017, data submitted to the Department for Education suggest only 46% "
        "of Norfolk's 19-21 year-old care leavers were engaged in employment, education or training (compared with "
        "around 55% across England).\n- By summer 2017, a combination of improvements in caserecording and "
        "focussed work with young people and education providers resulted in Norfolk's performance in this area "
        "peaking at over 62.5% in September. While there has been a slight decrease since then, this is consistent "
        "with courses finishing at the end of the academic year and natural turnover as young people review their "
        "choice of course over time.\n- 29 young people were engaged in post-A Level (equivalent to degree-level) "
        "education as at the end of July 2018, a reduction of 2 from the same period in 2017",
        "actions": [
            "Continue to work relentlessly with education providers, young people and partners to identify and "
            "resolve barriers to participation.",
        ],
    },
    {
        # The 2016-17 vital sign (quarterly), reported for the quarter to December 2016.
        "ref": "LAC 5", "period": DEC_16, "state": workflow.APPROVED, "lead": "Cathy Mouser", "data": "Don Evans",
        "why_important": "Norfolk has many more LAC than its statistical neighbours and we have implemented a "
        "strategy to reduce the levels of LAC. LAC rate per 10k is a key indicator in assessing the success of that "
        "investment. The LAC rate also provides an indication of the success of the wider children's system.",
        "success_looks_like": "- The rate of Looked-After Children per 10k 0-17s is in line with rates in other "
        "similar local authorities within England (around 53 as at March 2015 and recent trends have shown that "
        "LAC rates among similar authorities are rising, from around 48 in 2013).",
        "background": "- Historically Norfolk has had a high rate of LAC, peaking at around 69 per 10k under-18s in "
        "2014.\n- Focussed intervention from summer 2014 saw the LAC rate fall consistently to a low point of "
        "62.5.\n- A significant increase in LAC numbers over a number of months has seen the rate rise to 65.5.",
        "actions": [
            "Establish a targeted service to reduce the numbers of adolescents entering our care.",
            "Continue to strengthen Norfolk's Early Help offer and social work practice to ensure families receive "
            "help as soon as it is required, working to enhance their strengths & overcome issues so they can remain "
            "together.",
            "Where appropriate and desired, work with current LAC and their families to enable them to have the "
            "skills & understanding to live together again.",
            "Focus at all times on permanence for children by robustly exploring alternatives to care for all "
            "children.",
        ],
        "definition": "Looked After Children are those children who have become the responsibility of the Local "
        "Authority. This can happen voluntarily by parents (section 20) or through Care Proceedings",
        "performance_analysis": "There has been an increase of 68 children who are LAC over the past year. We do "
        "know that in Norwich we had two very large sibling groups come into our care in a short space of time, "
        "which has contributed to part of this increase. Ultimately in recent months we have seen more children "
        "come into care than those who cease being looked after. What we also know from external scrutiny is that "
        "when children come into our care it is the right decision, however we do need scrutiny of earlier work "
        "with families to see if the events that lead to accommodation could have been prevented or whether we are "
        "proactive enough regarding promoting permanency options for children that will result in them ceasing to "
        "be looked after. There is ongoing work taking place to scrutinise the data surrounding our Looked After "
        "Children Cohort to help investigate what the practice issues may be and the strategy needed regarding "
        "Edge of Care Services.",
    },
    {
        # Not a vital sign: the Early Help section's update, "w/c 20th February 2017".
        "ref": "TF 1", "period": FEB_17, "state": workflow.APPROVED,
        "why_important": "The Troubled Families programme aims to achieve better outcomes for hard pressed families "
        "facing multiple problems that in turn lead to a reduction in demand for costly and reactive public "
        "services. This programme is a core component of our Early Help offer.\n\nThe Troubled Families grant is "
        "worth up to £11,920,000 to Norfolk over five years from April 2015 – March 2020. For 2016/17 this means a "
        "maximum funding of £3,147,700.00",
        "success_looks_like": "- Meeting the PbR claim projection for 2016/17 to be able evidence significant and "
        "sustained progress for families with multiple problems\n- Continued evidence to support whole family "
        "approach to supporting our most vulnerable families",
        "background": "Progress:\n\n- Families claimed through PbR to date: 574\n- Target number of families for "
        "March 17: 395\n- Total year end figure projection: 969 (65% of total claimable families)\n\nThe expansion "
        "of the qualifying criteria from 2 to 6 measurable outcomes means achieving 100% in this programme is "
        "proving a significant challenge for Norfolk and the eastern region.\n\nAdditional capacity has been drawn "
        "from across Early Help to support meeting the ambitious year-end target.",
        "actions": [
            "Collect/collate core data from Education, Police and DWP is by w/c 20th Feb for initial data submission "
            "w/c 27th Feb",
            "Commence PbR activity w/c 6th March",
            "Review progress on a weekly basis",
            "More accurately profiling of the number of families required in 17/18 to attach to the programme",
            "Review programme delivery and improvements needed for 17/18 to include: Review of DOREIS capability to "
            "deliver comprehensive reporting required, setting PbR claim projection targets, revisiting EH delivery "
            "model to support the above",
        ],
    },
]


def load(stdout):
    User = get_user_model()
    perf = User.objects.filter(username="perf").first()
    for period, due, note in CYCLES:
        services.set_cycle(period, commentary_due=due, note=note)
    made = skipped = 0
    for spec in CARDS:
        indicator = Indicator.objects.filter(ref=spec["ref"]).first()
        if indicator is None:
            stdout.write(f"  report card {spec['ref']}: no such indicator, skipped")
            skipped += 1
            continue
        if ReportCard.objects.filter(indicator=indicator, period=spec["period"]).exists():
            continue
        _officers(indicator, spec)
        card = services.start_card(indicator, period=spec["period"], user=perf, check_permission=False)
        data = {k: spec.get(k, "") for k in ("why_important", "success_looks_like", "background", "definition",
                                             "performance_analysis")}
        data["actions"] = [
            {"description": a, "owner": indicator.lead_officer_id, "due_date": None, "done": False}
            for a in spec["actions"]
        ]
        if perf is None:
            # Without the demo users the text is still loaded; the workflow waits for a person.
            card.version += 1
            for k, v in services.clean_sections(data).items():
                setattr(card, k, v)
            card.save()
        else:
            card = services.save_card(card, data=data, version=card.version, user=perf)
            if spec["state"] in (workflow.SUBMITTED, workflow.APPROVED):
                services.transition(card, action=workflow.SUBMIT, user=perf, comment="Commentary for committee")
            if spec["state"] == workflow.APPROVED:
                # The seed's lead officer approved (four eyes); they have no login in the demo.
                services.record_past_approval(card, by_name=str(indicator.lead_officer or "Lead officer"),
                                              comment="Approved for the committee report")
        made += 1
    stdout.write(f"  report cards: {made} new, {skipped} skipped")


def _officers(indicator, spec):
    """The seed's named officers where the indicator has none (the 2017 LAC rate card names its own)."""
    changed = False
    if spec.get("lead") and (indicator.lead_officer is None or indicator.lead_officer.name != spec["lead"]):
        indicator.lead_officer = get_or_create_person(spec["lead"], job_title="Lead officer")
        changed = True
    if spec.get("data") and (indicator.data_owner is None or indicator.data_owner.name != spec["data"]):
        indicator.data_owner = get_or_create_person(spec["data"], job_title="Data owner")
        changed = True
    if changed:
        indicator.save()
