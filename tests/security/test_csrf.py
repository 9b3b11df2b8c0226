"""CSRF: every unsafe request of the authorization matrix is refused without a token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_authorization_matrix import CASES, world  # noqa: F401 - the world fixture

UNSAFE_CASES = [case for case in CASES if case.method.upper() not in ("GET", "HEAD", "OPTIONS")]


def test_the_matrix_has_unsafe_cases():
    assert UNSAFE_CASES


@pytest.mark.parametrize("case", UNSAFE_CASES, ids=[case.id for case in UNSAFE_CASES])
def test_unsafe_request_without_csrf_token_is_refused(case, world):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("admin"))
    kwargs = case.kwargs(world) if case.kwargs else {}
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method.lower())(reverse(case.url_name, kwargs=kwargs), data)
    assert response.status_code == 403, f"{case.id}: {response.status_code}"
    assert "This form has expired" in response.content.decode()
