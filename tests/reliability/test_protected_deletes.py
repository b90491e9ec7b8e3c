"""Deleting anything that holds figures is refused, naming what holds it (archive instead), and
every change a delete makes to other records (``SET_NULL``) is in their history."""

from datetime import date

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from core import roles
from tests.factories import PersonFactory
from tests.performance.factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_deleting_an_indicator_with_figures_is_refused_with_409_naming_them(role_client):
    from performance.models import Observation

    indicator = IndicatorFactory(ref="2.1", title="Re-referrals")
    for month in (1, 2, 3):
        ObservationFactory(indicator=indicator, period=date(2017, month, 1))
    TargetFactory(indicator=indicator)

    response = role_client(roles.ADMINISTRATOR).delete(f"/api/v1/indicators/{indicator.pk}/")

    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["held_by"] == ["3 observations", "1 target"]
    assert "Indicator “" in body["detail"] and "3 observations, 1 target still hold it" in body["detail"]
    assert "Active to" in body["detail"]  # how to retire it instead
    assert Observation.objects.filter(indicator=indicator).count() == 3


def test_an_indicator_is_retired_by_its_active_to_date_instead(role_client):
    from performance import selectors

    indicator = IndicatorFactory(ref="9.9")
    ObservationFactory(indicator=indicator, period=date(2017, 1, 1))
    client = role_client(roles.ADMINISTRATOR)
    response = client.patch(f"/api/v1/indicators/{indicator.pk}/", {"active_to": "2017-03-31"},
                            content_type="application/json")
    assert response.status_code == 200, response.json()
    from performance.models import Indicator

    assert indicator not in selectors.active_on(Indicator.objects.all(), date(2017, 4, 1))
    assert indicator in selectors.active_on(Indicator.objects.all(), date(2017, 3, 1))
    indicator.refresh_from_db()
    assert indicator.active_to == date(2017, 3, 31)


def test_deleting_a_lead_officer_is_refused_and_they_can_be_archived(role_client):
    from riskregister.forms import ActionForm

    person = PersonFactory(name="Jo Lead")
    indicator = IndicatorFactory(lead_officer=person, data_owner=person)
    client = role_client(roles.ADMINISTRATOR)

    response = client.delete(f"/api/v1/people/{person.pk}/")

    assert response.status_code == 409
    assert response.json()["held_by"] == ["1 indicator"]  # lead officer and data owner of the one
    assert "Archive them instead" in response.json()["detail"]
    indicator.refresh_from_db()
    assert indicator.lead_officer == person and indicator.data_owner == person
    assert indicator.history.count() == 1  # nothing blanked behind the history's back

    archived = client.patch(f"/api/v1/people/{person.pk}/", {"archived": True}, content_type="application/json")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    person.refresh_from_db()
    assert person.archived and person.history.first().archived
    assert person not in ActionForm().fields["owner"].queryset  # no longer offered


def test_the_admin_shows_what_holds_a_person_and_keeps_them(role_client):
    person = PersonFactory(name="Sam Owner")
    IndicatorFactory(ref="4.4", lead_officer=person)
    client = role_client(roles.ADMINISTRATOR, is_staff=True, is_superuser=True)

    page = client.post(reverse("admin:core_person_delete", args=[person.pk]), {"post": "yes"})

    assert page.status_code == 200
    assert "protected related objects" in page.content.decode()
    assert "Archive them instead" in page.content.decode()
    assert type(person).objects.filter(pk=person.pk).exists()


def test_the_admin_names_a_few_of_an_indicators_figures_not_all(role_client):
    indicator = IndicatorFactory(ref="5.5")
    for month in range(1, 13):
        for year in (2015, 2016):
            ObservationFactory(indicator=indicator, period=date(year, month, 1))
    client = role_client(roles.ADMINISTRATOR, is_staff=True, is_superuser=True)

    page = client.get(reverse("admin:performance_indicator_delete", args=[indicator.pk])).content.decode()

    assert "… and 4 more" in page and "set “Active to”" in page
    assert indicator.observations.count() == 24


def test_deleting_a_period_with_lines_or_a_risk_with_reviews_is_refused(role_client):
    from finance import services as finance_services
    from riskregister import services as risk_services
    from tests.finance.factories import LineFactory
    from tests.riskregister.factories import RiskFactory

    finance_services.ensure_reference_data()
    line = LineFactory()
    with pytest.raises(ProtectedError):
        line.period.delete()
    assert type(line).objects.filter(pk=line.pk).exists()

    risk_services.ensure_default_matrix()
    risk = RiskFactory()
    risk_services.record_review(risk, likelihood=2, impact=3, target_likelihood=1, target_impact=2,
                                reviewed_on=date(2017, 2, 1), check_permission=False)
    response = role_client(roles.ADMINISTRATOR).delete(f"/api/v1/risks/{risk.pk}/")
    assert response.status_code == 409  # was 400 (a validation error) before
    assert response.json()["held_by"] == ["1 risk review"]
    assert type(risk).objects.filter(pk=risk.pk).exists()


def test_deleting_a_user_records_the_blanked_link_in_the_persons_history(make_user):
    from core.acting import acting_as

    admin = make_user(roles.ADMINISTRATOR, username="boss")
    leaver = make_user(roles.DATA_OWNER, username="leaver")
    person = leaver.person
    before = person.history.count()

    with acting_as(admin):
        leaver.delete()

    person.refresh_from_db()
    assert person.user is None
    latest = person.history.order_by("-history_id").first()
    assert person.history.count() == before + 1
    assert latest.user_id is None and latest.history_type == "~"
    assert latest.history_user == admin
    assert "deleted" in latest.history_change_reason


def test_deleting_a_meeting_records_the_report_losing_it(make_user):
    from core.acting import acting_as
    from tests.committees.factories import CommitteeFactory

    committee = CommitteeFactory()
    meeting = committee.meetings.create(date=date(2017, 3, 1), start_time="10:00")
    from committees.models import Report

    report = Report.objects.create(title="Budget monitoring", meeting=meeting)
    clerk = make_user(roles.COMMITTEE_CLERK, username="clerk1")

    with acting_as(clerk):
        meeting.delete()

    latest = report.history.order_by("-history_id").first()
    assert latest.meeting_id is None and latest.history_user == clerk


def test_the_default_risk_matrix_is_written_with_history():
    from riskregister import services
    from riskregister.models import MatrixCell

    MatrixCell.objects.all().delete()
    MatrixCell.history.all().delete()
    services.ensure_default_matrix()
    assert MatrixCell.objects.count() == 25
    assert MatrixCell.history.filter(history_type="+").count() == 25
