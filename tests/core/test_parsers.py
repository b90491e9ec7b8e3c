"""A JSON body nested a thousand deep is a 400 that says why, on every endpoint."""

import pytest

from core import roles
from core.parsers import MAX_DEPTH, depth_exceeds

DEEP = "[" * 1000 + "]" * 1000


def test_depth_is_measured_without_recursion():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    assert depth_exceeds(deep)
    assert not depth_exceeds([{"ref": "2.1", "period": "2017-01"}])
    shallow = {"a": [[[]]]}
    assert not depth_exceeds(shallow, limit=4) and depth_exceeds(shallow, limit=3)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (roles.PERFORMANCE_OFFICER, "/api/v1/observations/bulk/"),
        (roles.FINANCE_OFFICER, "/api/v1/budget-lines/bulk/"),
        (roles.ADMINISTRATOR, "/api/v1/people/"),
    ],
)
def test_a_body_nested_1000_deep_is_a_clear_400(role_client, role, path):
    response = role_client(role).post(path, DEEP, content_type="application/json")
    assert response.status_code == 400
    assert f"more than {MAX_DEPTH} levels deep" in response.content.decode()


def test_a_body_just_deeper_than_the_limit_is_refused_too(role_client):
    body = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    response = role_client(roles.PERFORMANCE_OFFICER).post("/api/v1/observations/bulk/", body,
                                                           content_type="application/json")
    assert response.status_code == 400 and "levels deep" in response.content.decode()
