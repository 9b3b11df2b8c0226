"""Every rate limit, deterministically: login (per IP, per username), admin login, registration,
password reset, the general POST limit; the client address; a flood never reaches hashing."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from intrasphere.models import SiteSettings
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.security import summary


def post(client, url, data, ip="10.1.1.1", **extra):
    return client.post(url, data, REMOTE_ADDR=ip, **extra)


def login(client, username, password="wrong", ip="10.1.1.1", url=None, **extra):
    url = url or reverse("accounts:login")
    return post(client, url, {"username": username, "password": password}, ip=ip, **extra)


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_LOGIN = "3/h"  # an hour: no window ends during a test
    settings.RATELIMIT_LOGIN_ADDRESS = "3/h"
    settings.RATELIMIT_REGISTER = "2/m"
    settings.RATELIMIT_PASSWORD_RESET = "2/m"
    settings.RATELIMIT_POST = "4/m"
    return settings


def assert_limited(response):
    summary.count("rate_limits")
    assert response.status_code == 429, response.status_code
    assert "Too many attempts" in response.content.decode()


def test_login_per_ip(client, employee, limits):
    for attempt in range(3):
        assert login(client, f"nobody{attempt}").status_code == 200
    assert_limited(login(client, "employee", DEFAULT_PASSWORD))
    # Another address is not affected.
    assert login(client, "employee", DEFAULT_PASSWORD, ip="10.9.9.9").status_code == 302


def test_login_per_username_across_addresses(client, employee, limits):
    for attempt in range(3):
        assert login(client, "employee", ip=f"10.2.0.{attempt}").status_code == 200
    assert_limited(login(client, "employee", DEFAULT_PASSWORD, ip="10.2.0.99"))
    assert login(client, "someone-else", ip="10.2.0.99").status_code == 200


def test_admin_login_is_limited_too(client, admin_user, limits):
    url = reverse("admin:login")
    for attempt in range(3):
        assert login(client, f"admin{attempt}", url=url).status_code == 200
    assert_limited(login(client, "admin", DEFAULT_PASSWORD, url=url))


def test_registration(client, db, limits):
    SiteSettings.objects.update_or_create(pk=1, defaults={"registration_open": True})
    url = reverse("accounts:register")
    for _attempt in range(2):
        assert post(client, url, {"username": ""}).status_code == 200
    assert_limited(post(client, url, {"username": ""}))


def test_password_reset(client, db, limits):
    url = reverse("accounts:password_reset")
    for _attempt in range(2):
        assert post(client, url, {"email": "a@example.com"}).status_code == 302
    assert_limited(post(client, url, {"email": "a@example.com"}))


def test_general_post_limit_is_per_user_when_signed_in(client, employee, limits):
    client.force_login(employee)
    url = reverse("notifications:read_all")
    for _attempt in range(4):
        assert post(client, url, {}).status_code == 302
    assert_limited(post(client, url, {}))
    # Someone else from the same address still may post.
    client.force_login(UserFactory(username="colleague"))
    assert post(client, url, {}).status_code == 302


def test_general_post_limit_is_per_address_for_anonymous_requests(client, db, limits):
    limits.RATELIMIT_PASSWORD_RESET = "100/m"
    url = reverse("accounts:password_reset")
    for _attempt in range(4):
        assert post(client, url, {"email": "a@example.com"}).status_code == 302
    assert_limited(post(client, url, {"email": "a@example.com"}))
    assert post(client, url, {"email": "a@example.com"}, ip="10.7.7.7").status_code == 302


def test_sign_in_is_left_to_its_own_limits_by_the_general_one(client, employee, limits):
    """An office behind one address: many successful sign-ins pass the general POST limit."""
    limits.RATELIMIT_LOGIN_ADDRESS = "100/h"
    for _attempt in range(10):
        assert login(client, "employee", DEFAULT_PASSWORD).status_code == 302
        client.logout()


def test_spoofed_forwarded_for_is_ignored_without_a_trusted_proxy(client, employee, limits):
    for attempt in range(3):
        login(client, f"x{attempt}", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    assert_limited(login(client, "y", HTTP_X_FORWARDED_FOR="198.51.100.7"))


def test_forwarded_for_is_the_key_behind_a_configured_proxy(client, employee, limits):
    limits.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    for attempt in range(3):
        login(client, f"x{attempt}", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # One client behind the proxy is limited, whatever proxy address it came through…
    assert_limited(login(client, "y", ip="10.3.3.3", HTTP_X_FORWARDED_FOR="203.0.113.5"))
    # …and another client behind the same proxy is not.
    assert login(client, "y", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_a_login_flood_never_reaches_password_hashing(client, employee, limits):
    hasher = type(get_hasher())
    with (
        mock.patch.object(hasher, "verify", autospec=True, side_effect=hasher.verify) as verify,
        mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode,
    ):
        for attempt in range(3):
            login(client, "employee" if attempt % 2 else f"ghost{attempt}")
        allowed = verify.call_count + encode.call_count
        assert allowed >= 3  # the allowed attempts do hash (unknown users too: timing)
        for attempt in range(200):
            response = login(client, f"flood{attempt}" if attempt % 2 else "employee")
            assert response.status_code == 429
        summary.count("rate_limits", 200)
        assert verify.call_count + encode.call_count == allowed
