import factory

from performance import models


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    ref = factory.Sequence(lambda n: f"T{n}")
    title = factory.Sequence(lambda n: f"Test indicator {n}")
    area = "Testing"
    polarity = "high"
    unit = "percentage"
    aggregation = "ratio"
    multiplier = 100
    rag_method = "thresholds"
    green_threshold = 90
    red_threshold = 80
    vital_sign = True


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    indicator = factory.SubFactory(IndicatorFactory)
    financial_year = 2016
    value = 90


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.Faker("date_between", start_date="-2y", end_date="today")
    value = 85.0
