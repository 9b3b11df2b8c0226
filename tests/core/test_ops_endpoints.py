"""/healthz, /readyz and /metrics: cheap, unauthenticated probes and a guarded metrics page."""

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


def test_healthz_needs_no_database(client):
    # No `db` fixture: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_readyz_is_503_when_the_database_is_down(client, db):
    with mock.patch("intrasphere.health.connection") as conn:
        conn.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "cache": "ok"}


def test_readyz_is_503_when_the_cache_is_down(client, db):
    with mock.patch("intrasphere.health.cache") as cache:
        cache.set.side_effect = ConnectionError("redis down")
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}


def test_readyz_can_stay_ready_without_the_cache(client, db, settings):
    """Redis is shared by every instance and not needed to serve pages (docs/security.md)."""
    settings.READYZ_REQUIRE_CACHE = False
    with mock.patch("intrasphere.health.cache") as cache:
        cache.set.side_effect = ConnectionError("redis down")
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"] == "unavailable"


def test_probes_skip_host_checks_https_redirects_and_rate_limits(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.RATELIMIT_POST = "1/m"
    probe = Client(HTTP_HOST="10.0.0.7:8000")  # a load balancer probing by IP, over HTTP
    for _ in range(3):
        assert probe.get("/healthz").status_code == 200
        assert probe.get("/readyz").status_code == 200
        assert probe.post("/healthz").status_code == 200


def test_metrics_denied_by_default(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.parametrize("header", ["Bearer wrong-token", "Basic c2VjcmV0", "secret-token"])
def test_metrics_denied_with_a_bad_token(client, db, settings, header):
    settings.METRICS_TOKEN = "secret-token"
    assert client.get("/metrics", HTTP_AUTHORIZATION=header).status_code == 403


def test_metrics_with_the_token(client, db, settings):
    settings.METRICS_TOKEN = "secret-token"
    client.get("/accounts/login/")  # one counted request
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer secret-token")
    assert response.status_code == 200
    body = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert 'view="accounts:login"' in body
    assert "django_db_execute_total" in body
    assert "intrasphere_mail_queue_length 0.0" in body
    assert "intrasphere_mail_failed 0.0" in body


@pytest.mark.parametrize(
    ("allowed", "remote", "status"),
    [
        (["10.1.2.3"], "10.1.2.3", 200),
        (["10.1.0.0/16"], "10.1.9.9", 200),
        (["10.1.0.0/16"], "10.2.0.1", 403),
        (["10.1.2.3"], "not-an-ip", 403),
    ],
)
def test_metrics_allow_list(db, settings, allowed, remote, status):
    settings.METRICS_ALLOWED_IPS = allowed
    client = Client(REMOTE_ADDR=remote)
    assert client.get("/metrics").status_code == status


def test_metrics_ignores_a_spoofed_forwarded_header(db, settings):
    settings.METRICS_ALLOWED_IPS = ["10.1.2.3"]
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert client.get("/metrics").status_code == 403


def test_probe_bodies_are_short_json(client, db):
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response["Content-Type"] == "application/json"
        assert len(response.content) < 200
        json.loads(response.content)
