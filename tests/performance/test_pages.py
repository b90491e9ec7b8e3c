"""Pages: library, indicator, dashboard, MI report (and its exports), data entry."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from core import roles
from performance import calc
from performance.models import Indicator, Observation
from tests.utils import assert_constant_queries

from .factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db
JAN17 = date(2017, 1, 1)


def make_indicators(n, start=0):
    indicators = []
    for i in range(start, start + n):
        ind = IndicatorFactory(ref=f"Q{i:03d}", title=f"Indicator {i}")
        TargetFactory(indicator=ind, financial_year=2016, value=90)
        indicators.append(ind)
    Observation.objects.bulk_create(
        Observation(indicator=ind, period=p, value=80 + (k % 15), numerator=80 + (k % 15), denominator=100)
        for ind in indicators
        for k, p in enumerate(calc.months_back(JAN17, 13))
    )
    return indicators


def test_dashboard_page_queries_do_not_grow_from_10_to_30_indicators(role_client):
    client = role_client(roles.MEMBER)
    make_indicators(10)

    def page():
        response = client.get(reverse("performance:dashboard"), {"period": "2017-01"})
        assert response.status_code == 200
        return response

    assert_constant_queries(page, lambda: make_indicators(20, start=10))
    assert page().content.count(b'<th scope="row" class="ind">') == 30


def test_dashboard_api_queries_do_not_grow_from_10_to_30_indicators(role_client):
    client = role_client(roles.MEMBER)
    make_indicators(10)

    def listing():
        response = client.get("/api/v1/dashboard/", {"period": "2017-01", "page_size": 500})
        assert response.status_code == 200
        return response

    assert_constant_queries(listing, lambda: make_indicators(20, start=10))
    assert listing().json()["count"] == 30


def test_indicator_list_api_queries_do_not_grow(role_client):
    client = role_client(roles.MEMBER)
    make_indicators(10)
    assert_constant_queries(lambda: client.get("/api/v1/indicators/"), lambda: make_indicators(20, start=10))


def test_vital_signs_dashboard_shows_13_months_with_numerator_denominator_and_rag(role_client):
    make_indicators(1)
    page = role_client(roles.MEMBER).get(reverse("performance:dashboard"), {"period": "2017-01"}).content.decode()
    assert page.count('<th scope="col" class="num') == 14  # the target and 13 months
    assert '<th scope="col" class="num chosen">Jan-17</th>' in page  # the chosen month beside the target
    assert "Jan-16" in page and "Jan-17" in page
    assert "92 / 100" in page  # numerator / denominator under the figure
    assert 'class="num cell rag-green"' in page and 'class="num cell rag-amber"' in page
    assert "is at or above the green threshold 90" in page  # the reason, on hover


def test_indicator_page_has_chart_figures_and_history(role_client):
    ind = make_indicators(1)[0]
    page = role_client(roles.MEMBER).get(reverse("performance:indicator", args=[ind.pk]), {"period": "2017-01"})
    html = page.content.decode()
    assert '<svg role="img"' in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Process limits" in html and "Target" in html
    assert "Figures: Jan-16" in html  # the chart's text alternative
    assert reverse("core:history", args=["performance", "indicator", ind.pk]) in html
    assert "13 month linear" in html and "Year to date" in html


def test_library_filters_by_area_rag_and_owner(role_client, make_user):
    owner = make_user(roles.DATA_OWNER, username="owner1").person
    green, red = IndicatorFactory(ref="G1", area="LAC", data_owner=owner), IndicatorFactory(ref="R1", area="CIN")
    for ind, value in ((green, 95), (red, 50)):
        TargetFactory(indicator=ind, financial_year=2016, value=90)
        ObservationFactory(indicator=ind, period=JAN17, value=value)
    client = role_client(roles.MEMBER)
    url = reverse("performance:library")

    def refs(**params):
        rows = client.get(url, {"period": "2017-01", **params}).context["rows"]
        return [r.indicator.ref for r in rows]

    assert refs() == ["G1", "R1"]
    assert refs(area="CIN") == ["R1"]
    assert refs(rag="red") == ["R1"]
    assert refs(owner=owner.pk) == ["G1"]
    assert refs(q="G1") == ["G1"]


def test_mi_report_page_and_exports_follow_the_seed_layout(role_client, seeded):
    client = role_client(roles.MEMBER)
    page = client.get(reverse("performance:mi_report"), {"period": "2017-01"}).content.decode()
    for heading in ("Oct-16", "Nov-16", "Dec-16", "Jan-17", "YTD", "DOT", "RAG", "Previous YTD", "Nat. top quartile"):
        assert heading in page
    assert "28,208" in page and "23.9%" in page

    response = client.get(reverse("performance:mi_report"), {"period": "2017-01", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_ref = {r["Ref"]: r for r in rows}
    assert by_ref["2.7"]["DOT"] == "↓" and by_ref["2.7"]["RAG"] == "■"
    assert by_ref["6.4"]["RAG"] == "✖" and by_ref["7.12"]["RAG"] == "★"
    assert float(by_ref["2.1"]["YTD"]) == 28208
    assert by_ref["2.7"]["Nat. avg"] == "22.3"

    xlsx = client.get(reverse("performance:mi_report"), {"period": "2017-01", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:9] == [
        "Area",
        "Ref",
        "Indicator",
        "Good perf. is",
        "Data note",
        "Oct-16",
        "Nov-16",
        "Dec-16",
        "Jan-17",
    ]
    # every indicator active in January 2017: the MI set and 2016-17's twelve vital signs
    # (indicators a dashboard or scorecard reports print there, not in the MI report)
    assert sheet.max_row == 1 + Indicator.objects.filter(vital_sign=False, dashboard="").count() + 12


def test_observation_export_round_trips_through_the_import(role_client, seeded):
    from performance import services

    client = role_client(roles.PERFORMANCE_OFFICER)
    exported = b"".join(client.get(reverse("performance:export"), {"format": "csv"}).streaming_content)
    result = services.import_observations(exported, "export.csv", dry_run=True)
    assert result.ok, result.errors[:3]
    assert result.new == 0 and result.changed == 0 and result.unchanged == Observation.objects.count()


class TestDataEntry:
    @pytest.fixture
    def owner(self, role_client):
        client = role_client(roles.DATA_OWNER)
        person = client.user.person
        pct = IndicatorFactory(ref="CP 1", title="CP children seen", data_owner=person)
        count = IndicatorFactory(
            ref="LAC 0",
            title="Children looked after",
            unit="count",
            aggregation="latest",
            polarity="info",
            rag_method="",
            green_threshold=None,
            red_threshold=None,
            multiplier=1,
            data_owner=person,
        )
        IndicatorFactory(ref="OTHER", title="Someone else's")
        ObservationFactory(indicator=pct, period=date(2016, 12, 1), value=88.0)
        return client, pct, count

    def post(self, client, indicators, **fields):
        data = {"period": "2017-01"}
        for ind in indicators:
            for name in ("value", "numerator", "denominator", "note"):
                data[f"{name}-{ind.pk}"] = fields.get(f"{name}_{ind.ref}", "")
        return client.post(f"{reverse('performance:entry')}?period=2017-01", data)

    def test_the_grid_lists_only_the_owners_indicators(self, owner):
        client, pct, count = owner
        page = client.get(reverse("performance:entry"), {"period": "2017-01"}).content.decode()
        assert "CP children seen" in page and "Children looked after" in page and "Someone else" not in page

    def test_one_bad_figure_saves_nothing(self, owner):
        client, pct, count = owner
        response = self.post(
            client, [pct, count], **{"numerator_CP 1": "600", "denominator_CP 1": "540", "value_LAC 0": "1113"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "nothing has been saved" in html and "The numerator (600) is above the denominator (540)." in html
        assert not Observation.objects.filter(period=JAN17).exists()

        fixed = self.post(
            client, [pct, count], **{"numerator_CP 1": "487", "denominator_CP 1": "540", "value_LAC 0": "1113"}
        )
        assert fixed.status_code == 302
        saved = Observation.objects.get(indicator=pct, period=JAN17)
        assert round(saved.value, 1) == 90.2 and saved.history.get().history_user == client.user

    def test_the_grid_checks_as_you_type_without_saving(self, owner):
        client, pct, count = owner
        data = {"period": "2017-01", "check": "1", f"value-{pct.pk}": "130", f"value-{count.pk}": "1113"}
        response = client.post(f"{reverse('performance:entry')}?period=2017-01", data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "A percentage must be between 0 and 100 (got 130)." in response.content.decode()
        assert not Observation.objects.filter(period=JAN17).exists()

    def test_a_value_far_outside_the_process_limits_needs_a_confirming_note(self, owner):
        client, pct, count = owner
        for p in calc.months_back(date(2016, 12, 1), 12):
            Observation.objects.update_or_create(
                indicator=pct,
                period=p,
                breakdown_dimension="",
                breakdown_member="",
                defaults={"value": 88 + (p.month % 3)},
            )
        response = self.post(client, [pct], **{"value_CP 1": "20"})
        assert response.status_code == 400 and "far outside the usual range" in response.content.decode()
        confirmed = self.post(client, [pct], **{"value_CP 1": "20", "note_CP 1": "System outage: checked."})
        assert confirmed.status_code == 302

    def test_members_cannot_enter_figures_and_anonymous_users_sign_in(self, role_client, client):
        assert role_client(roles.MEMBER).get(reverse("performance:entry")).status_code == 403
        assert client.get(reverse("performance:entry")).status_code == 302


def test_attention_lists_figures_the_data_owner_owes(role_client):
    from performance import attention

    client = role_client(roles.DATA_OWNER)
    mine = IndicatorFactory(ref="M1", data_owner=client.user.person)
    done = IndicatorFactory(ref="M2", data_owner=client.user.person)
    ObservationFactory(indicator=done, period=JAN17, value=90)
    items = attention.items_for(client.user)
    assert [i.title for i in items] == [f"Enter M1 {mine.title} for Jan-17"]
    assert items[0].url.endswith("?period=2017-01")


def test_an_officer_marks_a_process_change(role_client):
    ind = make_indicators(1)[0]
    client = role_client(roles.PERFORMANCE_OFFICER)
    client.post(
        reverse("performance:process_change", args=[ind.pk]),
        {"change_period": "2016-10", "reason": "New recording system"},
    )
    assert ind.process_changes.get().period == date(2016, 10, 1)
    assert (
        role_client(roles.MEMBER)
        .post(reverse("performance:process_change", args=[ind.pk]), {"change_period": "2016-10", "reason": "x"})
        .status_code
        == 403
    )


def test_indicator_page_with_months_missing_says_what_is_missing(role_client):
    """The 13-month table of an indicator with gaps (the demo had 29 such pages answering 500)."""
    ind = IndicatorFactory(ref="GAP1", title="Gappy")
    for k, p in enumerate(calc.months_back(JAN17, 13)):
        if k % 4:  # Jan-16, May-16, Sep-16 and Jan-17 have no figure
            ObservationFactory(indicator=ind, period=p, value=50 + k, numerator=50 + k, denominator=100)
    response = role_client(roles.MEMBER).get(reverse("performance:indicator", args=[ind.pk]), {"period": "2017-01"})
    assert response.status_code == 200
    html = response.content.decode()
    row = html.split('href="?period=2016-05">May-16</a></th>', 1)[1].split("</tr>", 1)[0]
    assert row.count(">–<") == 4  # value, numerator, denominator and RAG: a dash each
    assert "No figure for this period." in html


def _tbody(page):
    return re.search(r"<tbody>.*?</tbody>", page, re.S).group()


def _chosen_cell(page):
    return re.search(r'<td class="([^"]*chosen[^"]*)"[^>]*data-period="2017-01">(.*?)</td>', page, re.S).groups()


def test_the_cached_dashboard_and_mi_report_show_a_changed_figure_or_target_at_once(role_client):
    """The tables are cached whole; a figure changed without signals (a bulk update) and a
    changed target are new cache keys, so the next request shows the new figure and RAG."""
    (ind,) = make_indicators(1)
    client = role_client(roles.MEMBER)

    def pages():
        dash = client.get(reverse("performance:dashboard"), {"period": "2017-01"}).content.decode()
        mi = client.get(reverse("performance:mi_report"), {"period": "2017-01"}).content.decode()
        return dash, mi

    dash, mi = pages()
    # the second request is served from the cache, the same tables (the page around them has a fresh nonce)
    assert [_tbody(p) for p in pages()] == [_tbody(dash), _tbody(mi)]
    classes, content = _chosen_cell(dash)
    assert "rag-green" in classes and "92.0%" in content and "92.0%" in mi

    Observation.objects.filter(indicator=ind, period=JAN17).update(value=50, numerator=50)
    dash, mi = pages()
    classes, content = _chosen_cell(dash)
    assert "rag-red" in classes and "50.0%" in content and "92 / 100" not in content
    assert "50.0%" in mi and "92.0%" not in mi and "<span class=\"visually-hidden\">red</span>" in mi

    ind.targets.update(value=40)  # the target column changes (the RAG is the rule's: green from 90)
    dash, mi = pages()
    assert '<td class="num">40.0%</td>' in dash and "40.0%" in mi and '<td class="num">90.0%</td>' not in dash
