from datetime import date

import factory

from riskregister.models import Level, MitigatingAction, Register, Risk
from tests.factories import PersonFactory


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register

    name = factory.Sequence(lambda n: f"Register {n}")
    level = Level.DEPARTMENTAL


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    register = factory.SubFactory(RegisterFactory)
    level = Level.DEPARTMENTAL
    risk_number = factory.Sequence(lambda n: f"RM{20000 + n}")
    area = "Children's Services"
    name = factory.Sequence(lambda n: f"Risk {n}")
    owner = factory.SubFactory(PersonFactory)
    date_entered = date(2016, 1, 1)
    current_likelihood = 3
    current_impact = 4
    target_likelihood = 2
    target_impact = 2
    target_date = date(2017, 3, 31)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MitigatingAction

    risk = factory.SubFactory(RiskFactory)
    description = "Review the transport network"
    due_date = date(2017, 3, 31)
