"""Command-line imports take --user and the history records it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import roles

pytestmark = pytest.mark.django_db


def test_import_observations_records_the_user(make_user, tmp_path):
    from performance.models import Observation
    from tests.performance.factories import IndicatorFactory

    IndicatorFactory(ref="2.1")
    user = make_user(roles.PERFORMANCE_OFFICER, username="perf-cli")
    path = tmp_path / "f.csv"
    path.write_text("ref,period,value\n2.1,2017-01,50\n")
    call_command("import_observations", str(path), "--user", " PERF-CLI", stdout=io.StringIO())
    assert Observation.history.get().history_user == user


def test_import_budget_records_the_user(make_user):
    from finance import services
    from finance.demo import SEED_DATA
    from finance.models import BudgetLine

    services.ensure_reference_data()
    user = make_user(roles.FINANCE_OFFICER, username="fin-cli")
    call_command("import_budget", str(SEED_DATA / "revenue-2016-17-outturn.csv"), "--year", "2016-17",
                 "--period", "outturn", "--acknowledge-warnings", "--user", "fin-cli", stdout=io.StringIO())
    users = {h.history_user for h in BudgetLine.history.all()}
    assert users == {user}


def test_import_risks_records_the_user_and_checks_their_permission(make_user):
    from riskregister.models import Risk
    from tests.riskregister.conftest import SEED_REGISTER
    from tests.riskregister.factories import RegisterFactory

    RegisterFactory(name="Children's Service Risk Register")
    admin = make_user(roles.ADMINISTRATOR, username="admin-cli")
    make_user(roles.MEMBER, username="member-cli")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_risks", str(SEED_REGISTER), "--register", "Children's Service Risk Register",
                     "--user", "member-cli", stdout=io.StringIO())
    call_command("import_risks", str(SEED_REGISTER), "--register", "Children's Service Risk Register",
                 "--user", "admin-cli", stdout=io.StringIO())
    assert {h.history_user for h in Risk.history.all()} == {admin}


def test_an_unknown_user_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("ref,period,value\n2.1,2017-01,50\n")
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("import_observations", str(path), "--user", "nobody")
