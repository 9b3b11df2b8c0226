"""Database outage: the styled 503 page, then service again without a restart.

On PostgreSQL the outage is real: the connection is pointed at a closed loopback port (what a
restarting server looks like to the client: connection refused), then pointed back. We chose this
over restarting the shared PostgreSQL in CI, which would break every other test run on the machine.
On SQLite (in-memory test database, which cannot be "moved") the error is injected instead.
"""

import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket is closed: nobody listens there


@pytest.mark.django_db(transaction=True)
def test_postgres_outage_gives_503_then_recovers(on_postgres, client, employee):
    client.force_login(employee)
    client.raise_request_exception = False
    assert client.get(reverse("dashboard")).status_code == 200

    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        response = client.get(reverse("dashboard"))
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "Temporarily unavailable" in response.content.decode()
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
    finally:
        connection.close()
        connection.settings_dict.update(saved)

    # The database is back: the next request reconnects, no restart needed.
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/readyz").status_code == 200


def test_database_errors_anywhere_give_the_styled_503(employee_client):
    employee_client.raise_request_exception = False
    with mock.patch(
        "intrasphere.roof.dashboard.dashboard_context",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = employee_client.get(reverse("dashboard"))
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
    assert response["X-Request-ID"]


def test_other_errors_stay_500(employee_client):
    employee_client.raise_request_exception = False
    with mock.patch("intrasphere.roof.dashboard.dashboard_context", side_effect=KeyError("bug")):
        response = employee_client.get(reverse("dashboard"))
    assert response.status_code == 500
