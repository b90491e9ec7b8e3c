from pathlib import Path

import pytest

from core import roles
from riskregister import services

SEED_REGISTER = Path(__file__).resolve().parents[2] / "riskregister" / "demo_data" / (
    "childrens-services-risk-register-feb-2017.tsv"
)


@pytest.fixture
def seed_register_bytes():
    """The register exactly as the March 2017 agenda pack prints it (title rows, header, four risks)."""
    return SEED_REGISTER.read_bytes()


@pytest.fixture
def register(db):
    from tests.riskregister.factories import RegisterFactory

    return RegisterFactory(name="Children's Service Risk Register")


@pytest.fixture
def matrix(db):
    services.ensure_default_matrix()


@pytest.fixture
def owner_client(role_client):
    return role_client(roles.RISK_OWNER)
