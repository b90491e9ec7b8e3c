"""Edit pages carry what they read: a stale save shows both values and loses nothing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core import roles

pytestmark = pytest.mark.django_db


def _form(page):
    """The edit form's fields as the browser would send them back."""
    html = page.content.decode()
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


@pytest.fixture
def line(db):
    from finance import services
    from finance.models import OUTTURN, BudgetArea, BudgetLine

    services.ensure_reference_data()
    period = services.get_or_open_period(services.get_or_create_year(2016), number=OUTTURN)
    area = BudgetArea.objects.get(slug="la-revenue")
    line = BudgetLine(period=period, area=area, division="Early Help", category=area.categories.first()
                      if hasattr(area, "categories") else None, approved_budget=Decimal("10"),
                      forecast_outturn=Decimal("11"))
    if line.category_id is None:
        from finance.models import BudgetCategory

        line.category = BudgetCategory.objects.first()
    services.save_line(line)
    return line


def test_two_people_saving_one_budget_line_lose_nothing(line, role_client):
    from finance.models import BudgetLine

    url = reverse("finance:line_edit", args=[line.pk])
    alice, bob = role_client(roles.FINANCE_OFFICER, username="alice"), role_client(roles.FINANCE_OFFICER,
                                                                                  username="bob")
    alice_form, bob_form = _form(alice.get(url)), _form(bob.get(url))
    assert alice_form["read_token"] == bob_form["read_token"] != "0"

    assert alice.post(url, {**alice_form, "forecast_outturn": "12.5"}).status_code == 302
    stale = bob.post(url, {**bob_form, "forecast_outturn": "9.25"})
    assert stale.status_code == 200  # refused, not saved over Alice's
    page = stale.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert "saved “12.5”, yours “9.25”" in page
    assert 'value="9.25"' in page  # Bob's own figure is still in the form
    assert BudgetLine.objects.get(pk=line.pk).forecast_outturn == Decimal("12.5")

    again = bob.post(url, {**bob_form, "forecast_outturn": "9.25", "read_token": _form(stale)["read_token"]})
    assert again.status_code == 302  # after comparing, Bob keeps his
    assert BudgetLine.objects.get(pk=line.pk).forecast_outturn == Decimal("9.25")
    assert [h.forecast_outturn for h in line.history.order_by("history_id")][-2:] == [Decimal("12.5"),
                                                                                      Decimal("9.25")]


def test_an_unchanged_token_saves_as_before(line, role_client):
    from finance.models import BudgetLine

    url = reverse("finance:line_edit", args=[line.pk])
    client = role_client(roles.FINANCE_OFFICER)
    form = _form(client.get(url))
    assert client.post(url, {**form, "reason": "Agency costs"}).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).reason == "Agency costs"


def test_the_person_page_is_protected_the_same_way(role_client):
    from tests.factories import PersonFactory

    person = PersonFactory(name="Jo Smith", job_title="Head of Service")
    url = reverse("core:person_edit", args=[person.pk])
    a, b = role_client(roles.ADMINISTRATOR, username="a1"), role_client(roles.ADMINISTRATOR, username="b1")
    fa, fb = _form(a.get(url)), _form(b.get(url))
    assert a.post(url, {**fa, "job_title": "Director"}).status_code == 302
    stale = b.post(url, {**fb, "job_title": "Assistant Director"})
    assert stale.status_code == 200 and "saved “Director”, yours “Assistant Director”" in stale.content.decode()
    person.refresh_from_db()
    assert person.job_title == "Director"


def _checked(page, data):
    """Ticked checkboxes post as "on" (the regex above skips inputs without a value)."""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page.content.decode()):
        data.setdefault(name, "on")
    return data


def test_two_reviews_of_one_risk_lose_neither(role_client):
    from riskregister import services
    from riskregister.models import Risk
    from tests.riskregister.factories import RiskFactory

    services.ensure_default_matrix()
    risk = RiskFactory(current_likelihood=3, current_impact=4)
    url = reverse("riskregister:review", args=[risk.pk])
    alice = role_client(roles.ADMINISTRATOR, username="alice", first_name="Alice", last_name="Ames")
    bob = role_client(roles.ADMINISTRATOR, username="bob")
    alice_form, bob_form = _form(alice.get(url)), _form(bob.get(url))
    assert alice_form["read_token"] == bob_form["read_token"] != ""

    alice_form["prospects"] = bob_form["prospects"] = "amber"
    assert alice.post(url, {**alice_form, "likelihood": "2", "impact": "2"}).status_code == 302
    stale = bob.post(url, {**bob_form, "likelihood": "4", "impact": "5", "progress_update": "Worse"})

    assert stale.status_code == 200  # refused: Bob had not seen Alice's review
    page = stale.content.decode()
    assert "Someone else saved this after you opened it" in page and "Alice Ames" in page
    assert "Current likelihood (1-5): saved “2”, yours “4”" in page
    assert "Current impact (1-5): saved “2”, yours “5”" in page
    assert _form(stale)["progress_update"] == "Worse"  # his own text is still in the form
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact) == (2, 2)
    assert risk.reviews.count() == 1

    again = bob.post(url, {**bob_form, "likelihood": "4", "impact": "5", "progress_update": "Worse",
                           "read_token": _form(stale)["read_token"]})
    assert again.status_code == 302  # after comparing, Bob records his
    risk = Risk.objects.get(pk=risk.pk)
    assert (risk.current_likelihood, risk.current_impact) == (4, 5)
    assert [(r.likelihood, r.impact) for r in risk.reviews.order_by("pk")] == [(2, 2), (4, 5)]


def test_the_indicator_edit_page_keeps_both_edits(role_client):
    from performance.models import Indicator
    from tests.performance.factories import IndicatorFactory

    indicator = IndicatorFactory(ref="2.1", title="Re-referrals within 12 months")
    url = reverse("admin:performance_indicator_change", args=[indicator.pk])
    a = role_client(roles.ADMINISTRATOR, username="a1", is_staff=True, is_superuser=True)
    b = role_client(roles.ADMINISTRATOR, username="b1", is_staff=True, is_superuser=True)
    page_a, page_b = a.get(url), b.get(url)
    fa, fb = _checked(page_a, _form(page_a)), _checked(page_b, _form(page_b))
    assert fa["read_token"] == fb["read_token"] != "0"

    assert a.post(url, {**fa, "title": "Re-referrals (12 months)"}).status_code == 302
    stale = b.post(url, {**fb, "title": "Repeat referrals", "green_threshold": "95"})

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert "saved “Re-referrals (12 months)”, yours “Repeat referrals”" in page
    assert 'value="Repeat referrals"' in page
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert indicator.title == "Re-referrals (12 months)" and indicator.green_threshold == 90

    again = b.post(url, {**fb, "title": "Repeat referrals", "green_threshold": "95",
                         "read_token": _form(stale)["read_token"]})
    assert again.status_code == 302
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert (indicator.title, indicator.green_threshold) == ("Repeat referrals", 95)
    assert [h.title for h in indicator.history.order_by("history_id")][-2:] == ["Re-referrals (12 months)",
                                                                                 "Repeat referrals"]


def test_every_admin_edit_page_for_a_record_with_history_carries_what_it_read(role_client):
    from django.contrib import admin
    from simple_history.models import registered_models

    from core.forms import StaleEditMixin

    historied = set(registered_models.values())
    guarded = {m for m, a in admin.site._registry.items() if issubclass(a.form, StaleEditMixin)}
    unguarded = sorted(m._meta.label for m in admin.site._registry if m in historied and m not in guarded)
    assert unguarded == []
    assert len(guarded) > 20

    # And the token is on the page, whichever fields the admin names.
    from tests.factories import PersonFactory

    person = PersonFactory()
    client = role_client(roles.ADMINISTRATOR, username="root", is_staff=True, is_superuser=True)
    page = client.get(reverse("admin:core_person_change", args=[person.pk]))
    assert 'name="read_token"' in page.content.decode()


def test_two_clerks_editing_one_minute_lose_neither(role_client):
    import datetime as dt

    from committees import services
    from committees.models import MinuteItem
    from tests.committees.factories import committee_with_members

    committee = committee_with_members()[0]
    meeting = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    services.add_item(meeting, title="Budget")
    item = services.draft_minutes(meeting).items.first()
    url = reverse("committees:minute_item_edit", args=[item.pk])
    a, b = role_client(roles.COMMITTEE_CLERK, username="c1"), role_client(roles.COMMITTEE_CLERK, username="c2")
    fa, fb = _form(a.get(url)), _form(b.get(url))

    assert a.post(url, {**fa, "body": "The committee noted the budget."}).status_code == 302
    stale = b.post(url, {**fb, "body": "The committee agreed the budget."})

    assert stale.status_code == 200
    assert "saved “The committee noted the budget.”, yours “The committee agreed the budget.”" in (
        stale.content.decode())
    assert MinuteItem.objects.get(pk=item.pk).body == "The committee noted the budget."
    again = b.post(url, {**fb, "body": "The committee agreed the budget.", "read_token": _form(stale)["read_token"]})
    assert again.status_code == 302
    assert MinuteItem.objects.get(pk=item.pk).body == "The committee agreed the budget."


def test_two_replies_to_one_question_lose_neither(role_client):
    import datetime as dt

    from committees import services
    from committees.models import Question
    from tests.committees.factories import committee_with_members

    committee = committee_with_members()[0]
    meeting = services.create_meeting(committee, date=dt.date(2017, 1, 24))
    question = Question.objects.create(meeting=meeting, asker_name="A resident", text="When will the bus run?",
                                       received_at=dt.datetime(2017, 1, 10, 9, 0, tzinfo=dt.UTC))
    url = reverse("committees:question_reply", args=[question.pk])
    a, b = role_client(roles.COMMITTEE_CLERK, username="c1"), role_client(roles.COMMITTEE_CLERK, username="c2")
    fa, fb = _form(a.get(url)), _form(b.get(url))
    assert fa["read_token"] not in ("", "0")

    assert a.post(url, {**fa, "reply": "From September."}).status_code == 302
    stale = b.post(url, {**fb, "reply": "Next year."})

    assert stale.status_code == 200 and "saved “From September.”, yours “Next year.”" in stale.content.decode()
    assert Question.objects.get(pk=question.pk).reply == "From September."


def test_two_people_entering_one_month_lose_no_figure(role_client):
    """The entry grid carries, per row, what it read: a figure changed by someone else after
    the grid was opened is not overwritten; the save is refused naming the row, with both
    values and who changed it, and every figure typed is still in the form."""
    from datetime import date

    from performance.models import Observation
    from tests.performance.factories import IndicatorFactory, ObservationFactory

    url = f"{reverse('performance:entry')}?period=2017-01&show=all"
    alice = role_client(roles.DATA_OWNER, username="alice", first_name="Alice", last_name="Able")
    bob = role_client(roles.ADMINISTRATOR, username="bob")
    seen = IndicatorFactory(ref="CP 1", title="CP children seen", data_owner=alice.user.person)
    other = IndicatorFactory(ref="CP 2", title="CP plans reviewed", data_owner=alice.user.person)
    ObservationFactory(indicator=seen, period=date(2017, 1, 1), value=50.0)
    alice_form, bob_form = _form(alice.get(url)), _form(bob.get(url))
    assert bob_form[f"value-{seen.pk}"] == "50"

    assert alice.post(url, {**alice_form, f"value-{seen.pk}": "60"}).status_code == 302
    stale = bob.post(url, {**bob_form, f"value-{seen.pk}": "70", f"value-{other.pk}": "55"})

    assert stale.status_code == 400
    page = stale.content.decode()
    assert "nothing has been saved" in page
    assert "CP 1" in re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert "Someone else saved this figure after you opened the page (Alice Able" in page
    assert "saved “60”, yours “70”" in page
    figures = {o.indicator_id: o.value for o in Observation.objects.filter(period=date(2017, 1, 1))}
    assert figures == {seen.pk: 60.0}  # Alice's figure stands; Bob's other figure waits with his
    again = _form(stale)
    assert again[f"value-{seen.pk}"] == "70" and again[f"value-{other.pk}"] == "55"

    # Saving again after comparing overwrites knowingly.
    assert bob.post(url, again).status_code == 302
    figures = {o.indicator_id: o.value for o in Observation.objects.filter(period=date(2017, 1, 1))}
    assert figures == {seen.pk: 70.0, other.pk: 55.0}


def test_a_figure_first_entered_by_someone_else_meanwhile_is_not_overwritten(role_client):
    from datetime import date

    from performance.models import Observation
    from tests.performance.factories import IndicatorFactory

    url = f"{reverse('performance:entry')}?period=2017-01"
    alice = role_client(roles.DATA_OWNER, username="alice")
    bob = role_client(roles.ADMINISTRATOR, username="bob")
    seen = IndicatorFactory(ref="CP 1", title="CP children seen", data_owner=alice.user.person)
    alice_form, bob_form = _form(alice.get(url)), _form(bob.get(url))

    assert alice.post(url, {**alice_form, f"value-{seen.pk}": "60"}).status_code == 302
    stale = bob.post(url, {**bob_form, f"value-{seen.pk}": "70"})
    assert stale.status_code == 400 and "saved “60”, yours “70”" in stale.content.decode()
    assert Observation.objects.get(indicator=seen, period=date(2017, 1, 1)).value == 60.0


def test_moving_an_agenda_item_records_every_renumbering_with_who_did_it(make_user):
    """Renumbering the other items is in the history too, with the user, and only for the
    items whose number changed."""
    import datetime as dt

    from committees import services
    from committees.models import AgendaItem
    from tests.committees.factories import committee_with_members

    clerk = make_user(roles.COMMITTEE_CLERK, username="clerk")
    meeting = services.create_meeting(committee_with_members()[0], date=dt.date(2017, 3, 14))
    a, b, c = (services.add_item(meeting, title=t) for t in "ABC")
    first = meeting.items.order_by("number").first()
    before = {i.pk: i.history.count() for i in meeting.items.all()}

    services.move_item(c, new_number=a.number, user=clerk)

    numbers = dict(meeting.items.values_list("title", "number"))
    assert (numbers["C"], numbers["A"], numbers["B"]) == (a.number, a.number + 1, a.number + 2)
    for item in (a, b, c):
        latest = AgendaItem.history.filter(id=item.pk).order_by("-history_id").first()
        assert latest.number == numbers[item.title] and latest.history_user == clerk
        assert item.history.count() == before[item.pk] + 1
    assert first.history.count() == before[first.pk]  # not moved: no history row


def test_two_administrators_saving_the_risk_matrix_lose_no_cell(role_client):
    from riskregister import services
    from riskregister.models import MatrixCell, RiskBand

    services.ensure_default_matrix()
    url = reverse("riskregister:matrix")
    alice = role_client(roles.ADMINISTRATOR, username="alice", first_name="Alice", last_name="Able")
    bob = role_client(roles.ADMINISTRATOR, username="bob")

    def cells(client):
        page = client.get(url).content.decode()
        form = page[page.index("<h2>Cells</h2>"):]
        data = dict(re.findall(r'<select name="(cell_\d_\d)"[^>]*>.*?<option value="(\d+)"[^>]*selected', form, re.S))
        data.update(dict(re.findall(r'<input type="hidden" name="(read_token)" value="([^"]*)"', form)))
        return {**data, "save_matrix": "1"}

    alice_cells, bob_cells = cells(alice), cells(bob)
    assert len([k for k in bob_cells if k.startswith("cell_")]) == 25 and bob_cells["read_token"]
    bands = {b.name: b.pk for b in RiskBand.objects.all()}
    before = MatrixCell.objects.get(likelihood=1, impact=1).band.name
    other = next(name for name in bands if name != before)
    assert alice.post(url, {**alice_cells, "cell_1_1": bands[other]}).status_code == 302

    top = MatrixCell.objects.get(likelihood=5, impact=5).band.name
    mine = next(name for name in bands if name != top)
    stale = bob.post(url, {**bob_cells, "cell_5_5": bands[mine]})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else saved the matrix after you opened it (Alice Able" in page
    assert f"Likelihood 1, impact 1: saved “{other}”, yours “{before}”" in page
    assert MatrixCell.objects.get(likelihood=1, impact=1).band.name == other  # Alice's cell stands
    assert MatrixCell.objects.get(likelihood=5, impact=5).band_id != bands[mine]  # nothing of Bob's saved
    assert re.search(rf'<select name="cell_5_5"[^>]*>.*?<option value="{bands[mine]}" selected', page, re.S)

    token = re.search(r'<input type="hidden" name="read_token" value="([^"]*)"', page[page.index("<h2>Cells</h2>"):])
    assert bob.post(url, {**bob_cells, "cell_5_5": bands[mine], "read_token": token.group(1)}).status_code == 302
    assert MatrixCell.objects.get(likelihood=5, impact=5).band_id == bands[mine]
