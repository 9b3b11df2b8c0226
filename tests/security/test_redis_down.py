"""Redis unreachable (docs/security.md): sign-in fails closed with a styled 503, nothing
reaches password hashing; the rest of the portal keeps working (sessions fall back to the
database, pages render, forms save, the general POST limit fails open)."""

from __future__ import annotations

import socket
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from intrasphere.settings import redis_caches
from tests.factories import DEFAULT_PASSWORD
from tests.security import summary


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{closed_port()}/0")
    summary.count("faults")
    return settings


def test_sign_in_fails_closed_without_hashing(client, employee, redis_down):
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "verify", autospec=True) as verify:
        response = client.post(
            reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD}
        )
    assert response.status_code == 503
    assert "Signing in is briefly unavailable" in response.content.decode()
    assert verify.call_count == 0
    assert "_auth_user_id" not in client.session
    # The admin's sign-in, registration and password reset fail closed too.
    for url in (reverse("admin:login"), reverse("accounts:password_reset")):
        assert client.post(url, {"username": "x", "email": "a@example.com"}).status_code == 503
    # The sign-in page itself renders.
    assert client.get(reverse("accounts:login")).status_code == 200


def test_the_rest_of_the_portal_keeps_working(client, employee, redis_down):
    client.force_login(employee)
    for url in (
        reverse("dashboard"),
        reverse("content:announcement_list"),
        reverse("forum:index"),
        reverse("complaints:my_list"),
        reverse("accounts:directory"),
        reverse("notifications:list"),
        reverse("search") + "?q=rules",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    response = client.post(
        reverse("messaging:compose"),
        {"recipient": "employee", "subject": "Still up", "body": "Redis is down"},
    )
    assert response.status_code in (200, 302)
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "cache": "unavailable"}
    # Signing out works, and the session is gone (from the database).
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_with_redis_back_the_limits_apply_again(client, employee, settings):
    """The same configuration against a live Redis (skipped when none runs here)."""
    url = "redis://127.0.0.1:6379/9"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = redis_caches(url, prefix="security-test")
    settings.RATELIMIT_LOGIN = "2/h"
    from django.core.cache import caches

    caches["ratelimit"].clear()
    login = reverse("accounts:login")
    for _attempt in range(2):
        assert client.post(login, {"username": "z", "password": "x"}).status_code == 200
    assert client.post(login, {"username": "z", "password": "x"}).status_code == 429
    caches["ratelimit"].clear()
