"""CSRF through the API: every unsafe route of the API matrix, called with a session and no
CSRF token, is refused (403, problem+json) — a bearer token needs none (test_matrix.py)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.api import cases as api_cases
from tests.api.test_matrix import world  # noqa: F401 - the world fixture

UNSAFE = [case for case in api_cases.CASES if case.method.upper() not in ("GET", "HEAD")]


@pytest.mark.parametrize("case", UNSAFE, ids=[case.id for case in UNSAFE])
def test_a_session_write_without_the_csrf_token_is_refused(case, world):  # noqa: F811
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.user("admin"))
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    body = json.dumps(case.data(world) if case.data else {})
    response = getattr(browser, case.method.lower())(url, body, content_type="application/json")
    assert response.status_code == 403, f"{case.id}: {response.status_code}"
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]
