from decimal import Decimal

import factory

from finance.models import BudgetArea, BudgetCategory, BudgetLine, FinancialYear, MonitoringPeriod


class YearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("start_year",)

    start_year = 2017


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringPeriod

    year = factory.SubFactory(YearFactory)
    number = 1


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    period = factory.SubFactory(PeriodFactory)
    area = factory.LazyFunction(lambda: BudgetArea.objects.get(slug="la-revenue"))
    category = factory.LazyFunction(lambda: BudgetCategory.objects.get(name="Spending increases"))
    division = factory.Sequence(lambda n: f"Division {n}")
    approved_budget = Decimal("1.000")
    forecast_outturn = Decimal("1.250")
