"""Every API route × every role, called with the role's own token: the answer the cases state."""

import pytest
from django.urls import reverse

from tests.api import cases as api_cases
from tests.api.helpers import ApiClient, token_for
from tests.factories import UserFactory, grant
from tests.matrix import LOGIN, ROLES, World
from tests.test_authorization_matrix import BUILDERS, _url_names, get_resolver

CASES = api_cases.CASES


def test_every_api_route_is_in_the_matrix():
    names = {name for name in _url_names(get_resolver()) if name.startswith("api:")}
    missing = sorted(names - {case.url_name for case in CASES})
    assert not missing, f"API routes without an authorization-matrix case: {missing}"


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_api_matrix(case, role, world):
    secret = None
    if role != "anonymous":
        user = world.user(role)
        if role == "delegate" and case.delegate_perm:
            user = grant(user, case.delegate_perm)
        secret = token_for(user)
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    data = case.data(world) if case.data else None
    response = ApiClient(secret).call(case.method, url, data)
    expected = case.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role}: {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:login"))
        return
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed, (
        f"{case.id} as {role}: got {response.status_code}, expected {expected}"
    )
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
