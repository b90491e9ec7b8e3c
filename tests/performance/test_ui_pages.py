"""Issue 18 on the performance pages: the library sorts by any column and tells "not
collected" from "no figure yet"; the entry grid shows last month and the target, groups
rows by area and lists only what is still owed unless asked for all; the dashboard filters."""

from datetime import date

import pytest
from django.urls import reverse

from core import roles
from performance.models import Observation

from .factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db
JAN17, DEC16 = date(2017, 1, 1), date(2016, 12, 1)


@pytest.fixture
def three():
    high = IndicatorFactory(ref="2.10", title="Zebra", area="Assessments", vital_sign=True)
    low = IndicatorFactory(ref="2.9", title="Aardvark", area="Referrals", vital_sign=True)
    off = IndicatorFactory(ref="2.11", title="Not this month", area="Referrals", vital_sign=True)
    ObservationFactory(indicator=high, period=JAN17, value=95.0)
    ObservationFactory(indicator=low, period=JAN17, value=40.0)
    ObservationFactory(indicator=low, period=DEC16, value=42.5)
    Observation.objects.create(indicator=off, period=JAN17, value=None, no_data_expected=True)
    TargetFactory(indicator=low, financial_year=2016, value=90)
    return high, low, off


def _order(html, names):
    return sorted(names, key=html.index)


def test_library_sorts_by_column_both_ways_and_blanks_last(role_client, three):
    client = role_client(roles.MEMBER)
    url = reverse("performance:library")
    html = client.get(url, {"period": "2017-01", "sort": "ref"}).content.decode()
    assert _order(html, ["Aardvark", "Zebra"]) == ["Aardvark", "Zebra"]  # 2.9 before 2.10
    assert 'aria-sort="ascending"' in html
    html = client.get(url, {"period": "2017-01", "sort": "-latest"}).content.decode()
    assert _order(html, ["Zebra", "Aardvark", "Not this month"]) == ["Zebra", "Aardvark", "Not this month"]
    assert 'aria-sort="descending"' in html
    html = client.get(url, {"period": "2017-01", "sort": "latest"}).content.decode()
    assert _order(html, ["Zebra", "Aardvark", "Not this month"]) == ["Aardvark", "Zebra", "Not this month"]


def test_library_tells_not_collected_from_no_figure_yet(role_client, three):
    IndicatorFactory(ref="2.12", title="Still to come", area="Referrals")
    html = role_client(roles.MEMBER).get(reverse("performance:library"), {"period": "2017-01"}).content.decode()
    assert "Not collected" in html and "No figure yet" in html


def test_entry_grid_shows_last_month_and_target_grouped_by_area_and_owed_first(role_client, three):
    high, low, off = three
    client = role_client(roles.PERFORMANCE_OFFICER)
    IndicatorFactory(ref="2.12", title="Still to come", area="Referrals")
    html = client.get(reverse("performance:entry"), {"period": "2017-01"}).content.decode()
    assert "Still to come" in html and "Zebra" not in html  # only what is owed by default
    assert 'scope="colgroup"' in html and ">Referrals<" in html
    every = client.get(reverse("performance:entry"), {"period": "2017-01", "show": "all"}).content.decode()
    assert "Zebra" in every and ">Assessments<" in every
    row = every[every.index(f'id="value-{low.pk}"') - 1500: every.index(f'id="value-{low.pk}"')]
    assert "42.5%" in row and "90.0%" in row  # last month and the target beside the boxes
    assert every.index(">Assessments<") < every.index(">Referrals<")


def test_dashboard_filters_by_area_and_rag(role_client, three):
    client = role_client(roles.MEMBER)
    url = reverse("performance:dashboard")
    html = client.get(url, {"period": "2017-01", "area": "Assessments"}).content.decode()
    assert "Zebra" in html and "Aardvark" not in html
    html = client.get(url, {"period": "2017-01", "rag": "red"}).content.decode()
    assert "Aardvark" in html and "Zebra" not in html
    assert '<abbr class="rl" title="red">R</abbr>' in html  # a letter as well as the colour
