from datetime import date

import factory

from performance.models import Indicator, Observation, Target
from performance.reportcards.models import ReportCard, ReportingCycle
from tests.factories import PersonFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("ref",)

    ref = factory.Sequence(lambda n: f"T {n}")
    title = factory.LazyAttribute(lambda o: f"Indicator {o.ref}")
    area = "Looked After Children"
    polarity = "high"
    unit = "percentage"
    aggregation = "ratio"
    multiplier = 100
    vital_sign = True
    rag_method = "relative"
    tolerance_pct = 10
    lead_officer = factory.SubFactory(PersonFactory)
    data_owner = factory.SubFactory(PersonFactory)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    financial_year = 2018
    value = 100.0


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2019, 1, 1)
    value = 50.0


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportCard

    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2019, 1, 1)
    why_important = "Children need plans."
    success_looks_like = "- All children have a plan."
    background = "Plans improved."
    actions = factory.LazyFunction(lambda: [
        {"description": "Review plans every 12 weeks", "owner": None, "due_date": "2019-03-31", "done": False}
    ])


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCycle
        django_get_or_create = ("period",)

    period = date(2019, 1, 1)
    commentary_due = date(2019, 2, 20)
