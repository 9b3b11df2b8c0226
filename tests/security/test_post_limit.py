"""The general limit on unsafe requests (RATELIMIT_POST, per user else address): what it
counts, and that it fails open, with a warning, when its counters cannot be read."""

import logging
import socket

import pytest
from django.urls import reverse

from intrasphere.settings import redis_caches

IP = "10.5.5.5"


@pytest.fixture
def low_limit(settings):
    settings.RATELIMIT_POST = "2/m"
    return settings


def test_options_requests_never_count_nor_get_refused(employee_client, low_limit):
    url = reverse("notifications:read_all")
    for _post in range(2):
        assert employee_client.post(url, {}, REMOTE_ADDR=IP).status_code == 302
    limited = employee_client.post(url, {}, REMOTE_ADDR=IP)
    assert limited.status_code == 429
    # The refusal is a page of the portal, with the signed-in person's navigation.
    assert 'class="main-nav"' in limited.content.decode()
    for _probe in range(3):
        assert employee_client.options(reverse("dashboard"), REMOTE_ADDR=IP).status_code != 429


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_without_its_counters_the_limit_lets_posts_through_and_says_so(
    employee_client, low_limit, caplog
):
    low_limit.CACHES = redis_caches(f"redis://127.0.0.1:{_closed_port()}/0")
    caplog.set_level(logging.WARNING)
    url = reverse("notifications:read_all")
    for _post in range(4):
        assert employee_client.post(url, {}, REMOTE_ADDR=IP).status_code == 302
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "rate-limit cache unreachable: general POST limit not applied" in warnings
