"""One normal form for typed identifiers, applied before any permission check.

The bypass this guards against: the check compared the ref as sent (" 2.1"), the write
stripped it ("2.1") and overwrote a figure the sender did not own.
"""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core import identifiers, roles
from performance.models import Observation
from tests.performance.factories import IndicatorFactory, ObservationFactory

# Each is how a data owner might spell someone else's "CIN 2.1" to slip past a check.
DISGUISES = [
    " CIN 2.1",  # leading space
    "CIN 2.1\t",  # trailing tab
    "cin 2.1",  # case
    "CIN\t 2.1",  # inner whitespace run
    "ＣＩＮ ２．１",  # full-width look-alikes (NFKC)
    "CIN\u00a02.1",  # no-break space
    "\u200bCIN 2.1",  # zero-width space
]


@pytest.mark.parametrize("typed", DISGUISES)
def test_every_disguise_cleans_to_the_stored_identifier(typed):
    assert identifiers.resolver(["CIN 2.1", "2.1"])(typed) == "CIN 2.1"


def test_an_unknown_identifier_is_cleaned_but_not_invented():
    assert identifiers.resolver(["2.1"])("  2.10\t") == "2.10"
    assert identifiers.key(None) == ""


@pytest.fixture
def owner_and_foreign(db, make_user):
    owner = make_user(roles.DATA_OWNER)
    IndicatorFactory(ref="mine", data_owner=owner.person)
    foreign = IndicatorFactory(ref="CIN 2.1")
    ObservationFactory(indicator=foreign, period=date(2017, 1, 1), value=60)
    return owner, foreign


@pytest.mark.parametrize("typed", DISGUISES)
def test_bulk_upsert_refuses_a_disguised_ref_the_owner_does_not_own(owner_and_foreign, typed):
    owner, foreign = owner_and_foreign
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        "/api/v1/observations/bulk/", [{"indicator": typed, "period": "2017-01", "value": 50}], format="json"
    )
    assert response.status_code == 403, response.json()
    assert response.json()["errors"][0]["message"] == "You may not enter figures for indicator 'CIN 2.1'."
    assert Observation.objects.get(indicator=foreign).value == 60


@pytest.mark.parametrize("typed", DISGUISES)
def test_single_create_refuses_a_disguised_ref(owner_and_foreign, typed):
    owner, foreign = owner_and_foreign
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        "/api/v1/observations/", {"indicator": typed, "period": "2017-01", "value": 50}, format="json"
    )
    assert response.status_code == 403, response.json()
    assert Observation.objects.get(indicator=foreign).value == 60


@pytest.mark.parametrize("typed", DISGUISES)
def test_the_entry_grid_refuses_a_disguised_ref(owner_and_foreign, client, typed):
    from performance import services

    owner, foreign = owner_and_foreign
    result = services.save_month(owner, period=date(2017, 1, 1), entries=[{"ref": typed, "value": "50"}])
    assert result.errors == {"CIN 2.1": {"value": "You may not enter figures for this indicator."}}
    assert Observation.objects.get(indicator=foreign).value == 60


@pytest.mark.parametrize("typed", [" CIN 2.1", "cin 2.1", "ＣＩＮ ２．１"])
def test_the_import_page_refuses_a_disguised_ref(owner_and_foreign, client, typed):
    owner, foreign = owner_and_foreign
    client.force_login(owner)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("f.csv", f"ref,period,value\n{typed},2017-01,50\n".encode())
    response = client.post(reverse("performance:import"), {"file": upload})
    assert response.status_code in (403, 400)
    assert Observation.objects.get(indicator=foreign).value == 60


def test_the_owner_may_still_write_their_own_with_a_disguised_ref(owner_and_foreign):
    owner, _ = owner_and_foreign
    client = APIClient()
    client.force_authenticate(owner)
    response = client.post(
        "/api/v1/observations/bulk/", [{"indicator": " MINE\t", "period": "2017-01", "value": 5}], format="json"
    )
    assert response.status_code == 200, response.json()
    assert Observation.objects.get(indicator__ref="mine").value == 5


# --- risk numbers ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["rm14284", " RM14284 ", "ＲＭ14284"])
def test_a_reimported_risk_number_in_another_spelling_updates_the_same_risk(db, typed):
    from riskregister import services
    from riskregister.models import Risk
    from tests.riskregister.conftest import SEED_REGISTER
    from tests.riskregister.factories import RegisterFactory

    register = RegisterFactory(name="Children's Service Risk Register")
    seed = SEED_REGISTER.read_bytes()
    assert services.import_register(register, seed, "tsv", dry_run=False).ok
    again = seed.decode().replace("RM14284", typed, 1).encode()
    outcome = services.import_register(register, again, "tsv", dry_run=False)
    assert outcome.ok, outcome.errors
    assert Risk.objects.count() == 4
    assert sorted(Risk.objects.values_list("risk_number", flat=True)) == ["RM14147", "RM14148", "RM14157", "RM14284"]


def test_a_risk_number_from_another_register_is_refused_naming_it(db):
    from riskregister import services
    from riskregister.models import Risk
    from tests.riskregister.conftest import SEED_REGISTER
    from tests.riskregister.factories import RegisterFactory, RiskFactory

    other = RegisterFactory(name="Corporate Risk Register")
    RiskFactory(register=other, risk_number="RM14284", name="Someone else's")
    register = RegisterFactory(name="Children's Service Risk Register")
    outcome = services.import_register(register, SEED_REGISTER.read_bytes(), "tsv", dry_run=False)
    assert not outcome.written
    assert any("RM14284 is on the register 'Corporate Risk Register'" in e for e in outcome.errors), outcome.errors
    assert Risk.objects.get(risk_number="RM14284").name == "Someone else's"


# --- division names ----------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["looked after children - agency fostering", "Looked After Children -\tAgency Fostering"]
)
def test_a_reimported_division_in_another_spelling_updates_the_same_line(db, typed):
    from finance import importing, services
    from finance.demo import SEED_DATA
    from finance.models import OUTTURN, BudgetArea, BudgetLine

    services.ensure_reference_data()
    year = services.get_or_create_year(2016)
    period = services.get_or_open_period(year, number=OUTTURN)
    revenue = BudgetArea.objects.get(slug="la-revenue")
    seed = (SEED_DATA / "revenue-2016-17-outturn.csv").read_bytes()
    first = importing.import_table(content=seed, filename="r.csv", year=year, period=period, area=revenue,
                                   acknowledge=True)
    assert first.errors == [] and first.new == 27
    again = seed.decode().replace("Looked After Children - Agency Fostering", typed, 1).encode()
    second = importing.import_table(content=again, filename="r.csv", year=year, period=period, area=revenue,
                                    acknowledge=True)
    assert second.errors == [] and second.new == 0
    assert BudgetLine.objects.filter(period=period).count() == 27
