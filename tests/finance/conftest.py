import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from core import roles
from finance import demo, services
from finance.models import OUTTURN, BudgetArea, BudgetCategory, MonitoringPeriod

SEED = demo.SEED_DATA


class _Out(io.StringIO):
    def write(self, text):
        return super().write(text + "\n")


def _pks(models):
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}


def _rows(models, keep):
    """Each model's rows whose pk passes ``keep(model, pk)``, as field values."""
    found = {}
    for model in models:
        rows = [row for row in model._base_manager.order_by("pk").values() if keep(model, row[model._meta.pk.attname])]
        if rows:
            found[model] = rows
    return found


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker):
    """The reference data and the 2016-17 seed, imported once per test session through the import
    path (as ``loaddemo`` does), then rolled back; kept as the rows each added, so a test gets them
    back with a few bulk inserts instead of importing the seed's tables again."""
    models = apps.get_models(include_auto_created=True)
    with django_db_blocker.unblock(), transaction.atomic():
        empty = _pks(models)
        services.ensure_reference_data()
        with_reference = _pks(models)
        demo.load(_Out())
        reference_rows = _rows(models, lambda model, pk: pk in with_reference[model] and pk not in empty[model])
        seed_rows = _rows(models, lambda model, pk: pk not in with_reference[model])
        transaction.set_rollback(True)
    return reference_rows, seed_rows


def _restore(rows_by_model):
    for model, rows in rows_by_model.items():
        model._base_manager.bulk_create(model(**row) for row in rows)
    # PostgreSQL: the next row anyone adds must not take a restored row's id.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows_by_model)):
            cursor.execute(sql)


@pytest.fixture
def reference(db, _seed_rows):
    _restore(_seed_rows[0])


@pytest.fixture
def seed_year(reference, _seed_rows):
    """2016-17 as the committee pack reports it, loaded through the import path (once a session)."""
    _restore(_seed_rows[1])
    return services.get_or_create_year(2016)


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
