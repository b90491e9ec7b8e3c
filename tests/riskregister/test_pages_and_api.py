"""The register table, heat map, risk page and the API: filters, heat-map counts, constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from core import roles
from riskregister.models import MatrixCell, RiskBand
from tests.factories import PersonFactory
from tests.riskregister.factories import ActionFactory, RiskFactory
from tests.utils import assert_constant_queries, breadcrumbs

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(role_client):
    return role_client(roles.MEMBER)


@pytest.fixture
def risks(register, matrix):
    alice, bob = PersonFactory(name="Alice Owner"), PersonFactory(name="Bob Owner")
    return {
        "high": RiskFactory(register=register, owner=alice, current_likelihood=3, current_impact=5,
                            next_review_due=date(2000, 1, 1)),
        "medium": RiskFactory(register=register, owner=bob, current_likelihood=4, current_impact=3,
                              area="Education", next_review_due=date(2099, 1, 1)),
        "low": RiskFactory(register=register, owner=bob, current_likelihood=1, current_impact=2),
    }


def numbers(response):
    return [r.risk_number for r in response.context["risks"]]


def test_register_page_filters_by_owner_area_band_and_overdue(member, register, risks):
    url = reverse("riskregister:register", args=[register.pk])
    assert len(numbers(member.get(url))) == 3
    assert numbers(member.get(url, {"owner": risks["high"].owner_id})) == [risks["high"].risk_number]
    assert numbers(member.get(url, {"area": "Education"})) == [risks["medium"].risk_number]
    assert numbers(member.get(url, {"band": "High"})) == [risks["high"].risk_number]
    assert numbers(member.get(url, {"overdue": "true"})) == [risks["high"].risk_number]
    assert set(numbers(member.get(url, {"overdue": "false"}))) == {risks["medium"].risk_number,
                                                                   risks["low"].risk_number}


def test_register_page_sorts_by_score(member, register, risks):
    url = reverse("riskregister:register", args=[register.pk])
    assert [r.current_score for r in member.get(url, {"sort": "-current_score"}).context["risks"]] == [15, 12, 2]
    assert [r.current_score for r in member.get(url, {"sort": "current_score"}).context["risks"]] == [2, 12, 15]


def test_register_page_queries_do_not_grow_with_risks(member, register, risks):
    url = reverse("riskregister:register", args=[register.pk])

    def grow():
        for _ in range(5):
            RiskFactory(register=register, owner=PersonFactory())

    assert_constant_queries(lambda: member.get(url), grow)


def test_api_risks_list_queries_do_not_grow(member, register, risks):
    def grow():
        for _ in range(5):
            RiskFactory(register=register, owner=PersonFactory())

    assert_constant_queries(lambda: member.get("/api/v1/risks/"), grow)


def test_bands_come_from_the_administrators_matrix(member, register, risks):
    extreme = RiskBand.objects.create(name="Extreme", colour="#6f0000", rank=9)
    MatrixCell.objects.filter(likelihood=3, impact=5).update(band=extreme)
    url = reverse("riskregister:register", args=[register.pk])
    assert numbers(member.get(url, {"band": "Extreme"})) == [risks["high"].risk_number]
    assert numbers(member.get(url, {"band": "High"})) == []
    assert ".band-extreme { background-color: #6f0000; color: #ffffff; }" in member.get(
        reverse("riskregister:bands_css")).content.decode()


def test_heat_map_page_counts_and_links(member, register, risks):
    response = member.get(reverse("riskregister:heat_map", args=[register.pk]))
    current = {kind: rows for kind, _t, rows in response.context["maps"]}["current"]
    cell = next(c for row in current for c in row["cells"] if (c["likelihood"], c["impact"]) == (3, 5))
    assert cell["count"] == 1 and cell["band"].name == "High"
    assert b"?current_likelihood=3&amp;current_impact=5" in response.content
    # The band reads without colour: a letter in every cell, and the key says what it stands for.
    cell_html = response.content.decode().split('data-likelihood="3" data-impact="5"', 1)[1].split("</td>", 1)[0]
    assert '<span class="band-mark" aria-hidden="true">H</span>' in cell_html
    assert '<abbr class="band-mark" title="High">H</abbr> High' in response.content.decode()
    linked = member.get(reverse("riskregister:register", args=[register.pk]),
                        {"current_likelihood": 3, "current_impact": 5})
    assert numbers(linked) == [risks["high"].risk_number]


def test_risk_page_has_chart_reviews_actions_and_history(role_client, register, risks):
    admin = role_client(roles.ADMINISTRATOR)
    from riskregister import services

    risk = risks["medium"]
    services.record_review(risk, user=admin.user, likelihood=4, impact=3, reviewed_on=date(2017, 2, 28))
    services.record_review(risk, user=admin.user, likelihood=2, impact=3, reviewed_on=date(2017, 5, 28))
    ActionFactory(risk=risk, description="Embed the monthly SEN transport budget meeting")
    response = admin.get(reverse("riskregister:risk", args=[risk.pk]))
    content = response.content.decode()
    assert "<svg" in content and "<polyline" in content
    assert len(response.context["reviews"]) == 2
    assert "Improving" in content
    assert "Embed the monthly SEN transport budget meeting" in content
    assert reverse("core:history", args=["riskregister", "risk", risk.pk]) in content


def test_anonymous_is_sent_to_login(client, register):
    response = client.get(reverse("riskregister:register", args=[register.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_api_risk_fields_are_the_seed_columns(member, register, risks):
    data = member.get(f"/api/v1/risks/{risks['medium'].pk}/").json()
    for field in ["risk_number", "name", "current_likelihood", "current_impact", "current_score",
                  "target_likelihood", "target_impact", "target_score", "target_date", "direction_of_travel",
                  "prospects"]:
        assert field in data
    assert data["current_score"] == 12 and data["direction_of_travel"] is None and data["band"] == "Medium"


def test_api_filters_by_register_owner_band_and_overdue(member, register, risks):
    def got(**params):
        return [r["risk_number"] for r in member.get("/api/v1/risks/", params).json()["results"]]

    assert len(got(register=register.pk)) == 3
    assert got(owner=risks["high"].owner_id) == [risks["high"].risk_number]
    assert got(band="High") == [risks["high"].risk_number]
    assert got(overdue="true") == [risks["high"].risk_number]


def test_api_heat_map_counts(member, register, risks):
    data = member.get("/api/v1/risks/heat-map/", {"register": register.pk}).json()
    cells = {(c["likelihood"], c["impact"]): c for c in data["cells"]}
    assert len(cells) == 25
    assert cells[(3, 5)]["count"] == 1 and cells[(3, 5)]["band"] == "High"
    assert cells[(4, 3)]["count"] == 1
    target = member.get("/api/v1/risks/heat-map/", {"register": register.pk, "kind": "target"}).json()
    assert {(c["likelihood"], c["impact"]): c["count"] for c in target["cells"]}[(2, 2)] == 3
    assert member.get("/api/v1/risks/heat-map/", {"kind": "sideways"}).status_code == 400


def test_api_actions_overdue_filter(member, register):
    late = ActionFactory(risk__register=register, due_date=date(2000, 1, 1))
    ActionFactory(risk__register=register, due_date=date(2099, 1, 1))
    data = member.get("/api/v1/actions/", {"overdue": "true"}).json()
    assert [a["id"] for a in data["results"]] == [late.pk]
    assert data["results"][0]["overdue"] is True


def test_api_registers_and_reviews_read(member, register, risks):
    assert member.get("/api/v1/registers/").json()["results"][0]["name"] == register.name
    assert member.get("/api/v1/reviews/", {"register": register.pk}).status_code == 200
    assert member.post("/api/v1/registers/", {"name": "x"}, content_type="application/json").status_code == 403


def test_owner_adds_and_edits_an_action_on_their_risk(owner_client, register):
    risk = RiskFactory(register=register, owner=owner_client.user.person)
    response = owner_client.post(reverse("riskregister:action_add", args=[risk.pk]), {
        "description": "Recruit transport invest-to-save post", "due_date": "2017-06-30", "status": "open",
    })
    assert response.status_code == 302
    assert risk.actions.get().description == "Recruit transport invest-to-save post"
    other = RiskFactory(register=register)
    assert owner_client.get(reverse("riskregister:action_add", args=[other.pk])).status_code == 403


def test_administrator_sets_band_names_colours_and_cells(role_client, register, risks):
    admin = role_client(roles.ADMINISTRATOR)
    url = reverse("riskregister:matrix")
    assert admin.get(url).status_code == 200
    bands = list(RiskBand.objects.order_by("rank"))
    data = {"bands-TOTAL_FORMS": len(bands) + 1, "bands-INITIAL_FORMS": len(bands),
            "bands-MIN_NUM_FORMS": 0, "bands-MAX_NUM_FORMS": 1000, "save_bands": "1"}
    for i, band in enumerate(bands):
        data.update({f"bands-{i}-id": band.pk, f"bands-{i}-name": band.name, f"bands-{i}-colour": band.colour,
                     f"bands-{i}-rank": band.rank})
    n = len(bands)
    data.update({f"bands-{n}-name": "Extreme", f"bands-{n}-colour": "#6f0000", f"bands-{n}-rank": 9})
    assert admin.post(url, data).status_code == 302
    extreme = RiskBand.objects.get(name="Extreme")

    cells = {f"cell_{c.likelihood}_{c.impact}": c.band_id for c in MatrixCell.objects.all()}
    cells["cell_3_5"] = extreme.pk
    cells["save_matrix"] = "1"
    assert admin.post(url, cells).status_code == 302
    assert MatrixCell.objects.get(likelihood=3, impact=5).band == extreme
    assert MatrixCell.objects.get(likelihood=3, impact=5).history.latest().history_user == admin.user
    filtered = admin.get(reverse("riskregister:register", args=[register.pk]), {"band": "Extreme"})
    assert numbers(filtered) == [risks["high"].risk_number]


def test_only_administrators_change_the_matrix(role_client, matrix):
    owner = role_client(roles.RISK_OWNER)
    assert owner.get(reverse("riskregister:matrix")).status_code == 200  # may look
    assert owner.post(reverse("riskregister:matrix"), {"save_matrix": "1"}).status_code == 403


def test_pages_below_a_register_lead_back_to_it_in_the_breadcrumbs(role_client, register, risks):
    admin = role_client(roles.ADMINISTRATOR)
    risk = risks["high"]
    home = [("Home", "/"), ("Risks", reverse("riskregister:index"))]
    to_register = [*home, (register.name, register.get_absolute_url())]
    to_risk = [*to_register, (f"{risk.risk_number} {risk.name}", risk.get_absolute_url())]
    expected = {
        register.get_absolute_url(): home,
        reverse("riskregister:matrix"): home,
        reverse("riskregister:heat_map", args=[register.pk]): to_register,
        reverse("riskregister:overdue", args=[register.pk]): to_register,
        reverse("riskregister:import", args=[register.pk]): to_register,
        risk.get_absolute_url(): to_register,
        reverse("riskregister:review", args=[risk.pk]): to_risk,
        reverse("riskregister:action_add", args=[risk.pk]): to_risk,
    }
    for url, crumbs in expected.items():
        response = admin.get(url)
        assert response.status_code == 200, url
        assert breadcrumbs(response) == crumbs, url
