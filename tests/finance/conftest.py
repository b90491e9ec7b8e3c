import io
from decimal import Decimal

import pytest

from core import roles
from finance import demo, services
from finance.models import OUTTURN, BudgetArea, BudgetCategory, MonitoringPeriod

SEED = demo.SEED_DATA


class _Out(io.StringIO):
    def write(self, text):
        return super().write(text + "\n")


@pytest.fixture
def reference(db):
    services.ensure_reference_data()


@pytest.fixture
def seed_year(reference):
    """2016-17 as the committee pack reports it, loaded through the import path."""
    demo.load(_Out())
    year = services.get_or_create_year(2016)
    return year


@pytest.fixture
def outturn(seed_year):
    return MonitoringPeriod.objects.get(year=seed_year, number=OUTTURN)


@pytest.fixture
def revenue(reference):
    return BudgetArea.objects.get(slug="la-revenue")


@pytest.fixture
def schools(reference):
    return BudgetArea.objects.get(slug="schools")


@pytest.fixture
def increases(reference):
    return BudgetCategory.objects.get(name="Spending increases")


@pytest.fixture
def finance_client(role_client):
    return role_client(roles.FINANCE_OFFICER)


@pytest.fixture
def admin_client(role_client):
    return role_client(roles.ADMINISTRATOR)


@pytest.fixture
def member_client(role_client):
    return role_client(roles.MEMBER)


def D(text):
    return Decimal(text)
