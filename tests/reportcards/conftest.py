"""A vital sign with its two officers as users, and a role's client for each part a user
can play towards a report card."""

import pytest
from django.test import Client

from core import roles
from tests.reportcards.factories import CardFactory, IndicatorFactory

# Who acts, and how they relate to the card's indicator.
ACTORS = [
    "data_owner",  # Data owner role, and the indicator's data owner
    "other_data_owner",  # Data owner role, someone else's indicator
    "lead_officer",  # the indicator's lead officer (a Data owner by role)
    "performance_officer",
    "administrator",
    "risk_owner",
    "finance_officer",
    "committee_clerk",
    "member",
]
ROLE_OF = {
    "data_owner": roles.DATA_OWNER,
    "other_data_owner": roles.DATA_OWNER,
    "lead_officer": roles.DATA_OWNER,
    "performance_officer": roles.PERFORMANCE_OFFICER,
    "administrator": roles.ADMINISTRATOR,
    "risk_owner": roles.RISK_OWNER,
    "finance_officer": roles.FINANCE_OFFICER,
    "committee_clerk": roles.COMMITTEE_CLERK,
    "member": roles.MEMBER,
}


@pytest.fixture
def indicator(db):
    return IndicatorFactory(ref="LAC 2", title="LAC with up to date Health Assessment (HA)")


@pytest.fixture
def card(indicator):
    return CardFactory(indicator=indicator)


@pytest.fixture
def actor(make_user, indicator):
    """``actor(name)`` -> a signed-in Client (``.user``) playing that part towards ``indicator``."""

    def make(name):
        user = make_user(ROLE_OF[name], username=f"{name}-u")
        if name == "data_owner":
            indicator.data_owner = user.person
            indicator.save()
        elif name == "lead_officer":
            indicator.lead_officer = user.person
            indicator.save()
        c = Client()
        c.force_login(user)
        c.user = user
        return c

    return make
