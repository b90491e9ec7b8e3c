"""A report's live sections show, on its web page, the figures the agenda pack prints."""

import datetime as dt

import pytest
from django.urls import reverse

from committees import services
from committees.models import LiveSection
from core import roles
from riskregister import services as risk_services
from tests.riskregister.factories import RiskFactory

from .factories import committee_with_members, ready_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_with_risk_section():
    risk_services.ensure_default_matrix()
    RiskFactory(risk_number="RM14284", name="Home to school transport", date_entered=dt.date(2016, 1, 1))
    committee, _people = committee_with_members()
    meeting = services.create_meeting(committee, date=dt.date(2017, 3, 14), start_time=dt.time(10, 0),
                                      venue="Edwards Room")
    report = ready_report(meeting, "Risk management")
    LiveSection.objects.create(report=report, kind="risk_register", as_at=dt.date(2017, 3, 1))
    LiveSection.objects.create(report=report, kind="budget_tables", as_at=dt.date(2017, 3, 1))
    return report


def test_a_live_risk_register_section_shows_the_register_as_at_its_date(role_client, report_with_risk_section):
    page = role_client(roles.MEMBER).get(reverse("committees:report", args=[report_with_risk_section.pk]))
    html = page.content.decode()
    assert "RM14284" in html and "Home to school transport" in html
    assert '<th scope="col">Current score</th>' in html


def test_a_live_section_without_data_says_what_is_missing_instead_of_inventing_figures(
    role_client, report_with_risk_section
):
    page = role_client(roles.MEMBER).get(reverse("committees:report", args=[report_with_risk_section.pk]))
    assert "Budget tables as at 01 March 2017 is not included" in page.content.decode()
