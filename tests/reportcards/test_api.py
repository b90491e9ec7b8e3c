"""/api/v1/report-cards/: create by indicator ref and period, sections, status, version,
actions, history; PATCH with the version read, 409 on a stale one."""

import pytest

from core import roles
from performance.reportcards.models import ConflictDraft, ReportCard
from performance.reportcards.services import transition
from tests.reportcards.factories import CardFactory, IndicatorFactory
from tests.utils import problem_fields

pytestmark = pytest.mark.django_db

URL = "/api/v1/report-cards/"


@pytest.fixture
def perf(role_client):
    return role_client(roles.PERFORMANCE_OFFICER)


@pytest.fixture
def ind27(db):
    return IndicatorFactory(ref="2.7", title="Re-referrals - % (in-month)", polarity="low")


def test_create_by_ref_and_period(perf, ind27):
    r = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["indicator"] == "2.7"
    assert body["period"] == "2017-01"
    assert body["status"] == "draft"
    assert body["version"] == 1
    for field in ("why_important", "success_looks_like", "background", "actions", "history"):
        assert field in body
    assert body["actions"] == []
    assert body["lead_officer"]["name"] == str(ind27.lead_officer)
    assert [h["change"] for h in body["history"]] == ["created"]


def test_create_twice_or_with_bad_input_says_what_is_wrong(perf, ind27):
    perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json")
    again = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json")
    assert again.status_code == 409  # the card exists: a conflict with what is stored
    assert "already a report card for 2.7 2017-01" in again.json()["detail"]
    bad = perf.post(URL, {"indicator": "9.99", "period": "Jan 2017"}, content_type="application/json").json()
    assert "9.99" in str(problem_fields(bad)["indicator"])
    assert "YYYY-MM" in str(problem_fields(bad)["period"])


def test_member_cannot_create(role_client, ind27):
    member = role_client(roles.MEMBER)
    r = member.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json")
    assert r.status_code == 403
    assert not ReportCard.objects.exists()


def test_patch_saves_sections_and_actions_and_raises_version(perf, ind27):
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    actions = [{"description": "Dip-sample contacts", "owner": ind27.data_owner.pk, "due_date": "2017-03-31",
                "done": False}]
    r = perf.patch(f"{URL}{card['id']}/", {"version": 1, "background": "- Re-referrals fell", "actions": actions},
                   content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["version"] == 2
    assert body["background"] == "- Re-referrals fell"
    assert body["actions"] == actions
    assert [h["version"] for h in body["history"]] == [2, 1]


def test_patch_without_version_is_refused(perf, ind27):
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    r = perf.patch(f"{URL}{card['id']}/", {"background": "x"}, content_type="application/json")
    assert r.status_code == 400
    assert "version" in problem_fields(r.json())


def test_stale_patch_gets_409_with_current_text_and_keeps_the_loser(perf, role_client, ind27):
    other = role_client(roles.PERFORMANCE_OFFICER, username="perf-two")
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    first = perf.patch(f"{URL}{card['id']}/", {"version": 1, "background": "Text from the first officer"},
                       content_type="application/json")
    assert first.status_code == 200
    stale = other.patch(f"{URL}{card['id']}/", {"version": 1, "background": "Text from the second officer"},
                        content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["background"] == "Text from the first officer"
    assert body["current"]["version"] == 2
    assert body["yours"]["background"] == "Text from the second officer"
    assert ReportCard.objects.get().background == "Text from the first officer"
    draft = ConflictDraft.objects.get()
    assert draft.author == other.user and draft.data["background"] == "Text from the second officer"


def test_invalid_actions_name_the_item_and_field(perf, ind27):
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    r = perf.patch(f"{URL}{card['id']}/", {"version": 1, "actions": [
        {"description": "ok", "owner": None, "due_date": None, "done": False},
        {"description": "Meet <b>partners</b>", "owner": 99999, "due_date": "2017-02-30", "done": False},
    ]}, content_type="application/json")
    assert r.status_code == 400
    errors = problem_fields(r.json())
    assert "actions[1].due_date" in errors
    assert ReportCard.objects.get().version == 1


def test_html_in_a_section_is_refused(perf, ind27):
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    r = perf.patch(f"{URL}{card['id']}/", {"version": 1, "why_important": "<script>x</script>"},
                   content_type="application/json")
    assert r.status_code == 400
    assert "Raw HTML is not accepted" in problem_fields(r.json())["why_important"][0]


def test_submitted_card_is_not_edited_and_published_is_frozen(perf, ind27):
    card = CardFactory(indicator=ind27, status="submitted")
    r = perf.patch(f"{URL}{card.pk}/", {"version": 1, "background": "x"}, content_type="application/json")
    assert r.status_code == 409
    assert "only a draft can be edited" in r.json()["detail"]
    ReportCard.objects.filter(pk=card.pk).update(status="published")
    assert perf.patch(f"{URL}{card.pk}/", {"version": 1, "background": "x"},
                      content_type="application/json").status_code == 403


def test_list_filters(perf, ind27):
    other = IndicatorFactory(ref="7.2")
    CardFactory(indicator=ind27)
    CardFactory(indicator=other, period="2017-01-01")
    assert [c["indicator"] for c in perf.get(URL + "?indicator=7.2").json()["results"]] == ["7.2"]
    assert [c["period"] for c in perf.get(URL + "?period=2017-01").json()["results"]] == ["2017-01"]
    assert perf.get(URL + "?status=approved").json()["count"] == 0


def test_list_queries_do_not_grow_with_cards(perf):
    from tests.utils import assert_constant_queries

    CardFactory()

    def more():
        for _ in range(4):
            c = CardFactory()
            transition(c, action="submit", user=perf.user)

    assert assert_constant_queries(lambda: perf.get(URL), more) > 0


def test_performance_is_drawn_from_the_figures_and_read_only(perf, ind27):
    from datetime import date

    from tests.reportcards.factories import ObservationFactory, TargetFactory

    TargetFactory(indicator=ind27, financial_year=2016, value=20)
    ObservationFactory(indicator=ind27, period=date(2016, 12, 1), value=20.0, numerator=None, denominator=None)
    ObservationFactory(indicator=ind27, period=date(2017, 1, 1), value=23.8, numerator=None, denominator=None)
    card = perf.post(URL, {"indicator": "2.7", "period": "2017-01"}, content_type="application/json").json()
    figures = card["performance"]
    assert (figures["period"], figures["value"], figures["target"]) == ("2017-01", 23.8, 20)
    assert figures["display"] == "23.8%"
    assert [(p["label"], p["value"]) for p in figures["series"][-2:]] == [("Dec-16", 20.0), ("Jan-17", 23.8)]
    assert perf.get(URL).json()["results"][0]["performance"] == figures
    r = perf.patch(f"{URL}{card['id']}/", {"version": 1, "performance": {"value": 1}}, content_type="application/json")
    assert r.status_code == 400 and "performance" in problem_fields(r.json())
    assert perf.get(f"{URL}{card['id']}/").json()["performance"]["value"] == 23.8
