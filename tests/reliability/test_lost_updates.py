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
