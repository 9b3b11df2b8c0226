"""Request ids and structured logs: one JSON line per request, errors with their traceback."""

import json
import logging

import pytest
from django.urls import reverse

from intrasphere.logging import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines():
    """Capture records the way production prints them (JSON formatter + request id filter)."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "intrasphere.request"]


def test_one_json_line_per_request(employee_client, employee, json_lines):
    response = employee_client.get(reverse("dashboard"), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    [line] = _request_lines(json_lines)
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == employee.pk
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["client_ip"] == "192.0.2.10"
    assert line["time"].endswith("+00:00")


def test_anonymous_request_has_no_user_id(client, db, json_lines):
    client.get(reverse("accounts:login"))
    [line] = _request_lines(json_lines)
    assert line["user_id"] is None


def test_well_formed_request_id_is_kept(client, db):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="abc-123_def.456")
    assert response["X-Request-ID"] == "abc-123_def.456"


@pytest.mark.parametrize(
    "bad",
    ["short", "x" * 200, "abc def ghi", "abc\r\nSet-Cookie: x=1", "<script>alert(1)</script>"],
)
def test_malformed_request_id_is_replaced(client, db, bad):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_errors_are_logged_as_json_with_traceback(admin_client, json_lines, monkeypatch):
    def boom(user):
        raise ValueError("kaboom")

    monkeypatch.setattr("intrasphere.roof.dashboard.dashboard_context", boom)
    admin_client.raise_request_exception = False
    response = admin_client.get(reverse("dashboard"))
    assert response.status_code == 500
    [error] = [line for line in json_lines if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert "ValueError: kaboom" in error["traceback"]
    assert error["request_id"] == response["X-Request-ID"]
    assert _request_lines(json_lines)[0]["status"] == 500


def test_health_probes_log_at_debug_only(client, db, json_lines):
    client.get("/healthz")
    assert _request_lines(json_lines) == []


def test_the_line_reads_method_path_and_status(employee_client, json_lines):
    employee_client.get(reverse("forum:index"))
    [line] = _request_lines(json_lines)
    assert line["message"] == "GET /forum/ 200"


def test_an_api_call_is_logged_with_the_tokens_owner(employee, json_lines):
    from tests.api.helpers import ApiClient, token_for

    response = ApiClient(token_for(employee)).get("/api/v1/auth/me")
    assert response.status_code == 200
    [line] = _request_lines(json_lines)
    assert line["user_id"] == employee.pk


def test_the_duration_is_in_milliseconds_to_a_tenth(employee_client, json_lines, monkeypatch):
    ticks = iter(range(1, 1000))
    # A clock that moves 123.456 ms at each reading: the request reads it twice.
    monkeypatch.setattr("time.perf_counter", lambda: next(ticks) * 0.123456)
    employee_client.get(reverse("forum:index"))
    [line] = _request_lines(json_lines)
    assert line["duration_ms"] == 123.5
