"""Hostile bodies on every write of the forum, helpdesk and training API: wrong JSON types,
huge values, nulls, a list or a string instead of an object — a 400 (or the usual 403/404),
never a 500, always in the problem+json shape."""

import pytest
from django.urls import reverse

from tests.api import cases as api_cases  # first: it loads every cases_<app> module
from tests.api import cases_complaints, cases_forum, cases_training
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory
from tests.matrix import World
from tests.test_authorization_matrix import BUILDERS

WRITES = [
    case
    for module in (cases_forum, cases_complaints, cases_training)
    for case in module.CASES
    if case.method != "GET" and case.data is not None and not case.label
]


def _bodies(data: dict) -> list:
    keys = list(data) or ["x"]
    return [
        [data],
        "just a string",
        {key: {"$gt": ""} for key in keys},
        {key: [["nested"]] for key in keys},
        dict.fromkeys(keys, "x" * 100000),
        dict.fromkeys(keys, 10**30),
        dict.fromkeys(keys, -(10**30)),
        dict.fromkeys(keys),
        dict.fromkeys(keys, True),
        dict.fromkeys(keys, "\x00"),
        {**data, "unknown_field": "ignored"},
    ]


@pytest.fixture
def world(db):
    world = World(builders={**BUILDERS, **api_cases.OBJECTS})
    world.users = {
        "employee": UserFactory(username="a-employee"),
        "moderator": UserFactory(username="a-moderator", role="moderator"),
        "delegate": UserFactory(username="a-delegate"),
        "admin": UserFactory(username="a-admin", role="admin", is_superuser=True, is_staff=True),
    }
    return world


@pytest.mark.parametrize("case", WRITES, ids=[case.id for case in WRITES])
def test_hostile_bodies_never_break_a_write(case, world):
    client = ApiClient(token_for(world.user("admin")))
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(case.url_name, kwargs=kwargs)
    for body in _bodies(case.data(world)):
        response = client.call(case.method, url, body)
        assert response.status_code < 500, (case.id, body if len(str(body)) < 200 else "huge")
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", case.id
