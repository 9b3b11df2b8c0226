"""One error shape a client can program against: type, title, status, detail (and errors)."""

import pytest
from django.test import Client

from tests.api.helpers import ApiClient, token_for

ME = "/api/v1/auth/me"
SHAPE = {"type", "title", "status", "detail"}


def test_401_without_credentials_says_how_to_authenticate(db):
    response = Client().get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) == SHAPE
    assert response.json()["type"] == "not_authenticated"


def test_unknown_routes_answer_json_404(employee):
    response = ApiClient(token_for(employee)).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "type": "not_found",
        "title": "Not found.",
        "status": 404,
        "detail": "Not found.",
    }


def test_405_for_a_method_a_route_does_not_take(employee):
    response = ApiClient(token_for(employee)).delete(ME)
    assert response.status_code == 405
    assert response.json()["type"] == "method_not_allowed"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"phone": {"nested": True}}, "phone"),
        ({"phone": ["a", "b"]}, "phone"),
        ({"first_name": "x" * 10_000}, "first_name"),
        ({"email_notifications": {"x": 1}}, "email_notifications"),
    ],
)
def test_bad_input_gets_400_with_field_messages_and_changes_nothing(employee, body, field):
    before = (employee.email, employee.phone, employee.first_name)
    response = ApiClient(token_for(employee)).patch(ME, body)
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["type"] == "validation_error"
    assert field in payload["errors"]
    assert all(isinstance(message, str) for message in payload["errors"][field])
    employee.refresh_from_db()
    assert (employee.email, employee.phone, employee.first_name) == before


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b'"text"', b"null", b"\xff\xfe"])
def test_bodies_that_are_not_a_json_object_get_400(employee, raw):
    client = Client()
    response = client.patch(
        ME,
        raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(employee)}"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_fields_are_ignored(employee):
    response = ApiClient(token_for(employee)).patch(ME, {"is_superuser": True, "role": "admin"})
    assert response.status_code == 200
    employee.refresh_from_db()
    assert not employee.is_superuser
    assert employee.role == "employee"


def test_a_session_needs_the_csrf_token_for_unsafe_methods(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.patch(ME, {"phone": "1"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]
    assert client.get(ME).status_code == 200


def test_password_change_through_the_api_uses_the_pages_checks(employee):
    from tests.factories import DEFAULT_PASSWORD

    client = ApiClient(token_for(employee))
    weak = client.put(
        "/api/v1/auth/password",
        {"old_password": DEFAULT_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 400
    assert "new_password2" in weak.json()["errors"]
    good = client.put(
        "/api/v1/auth/password",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a-much-longer-passphrase-42",
            "new_password2": "a-much-longer-passphrase-42",
        },
    )
    assert good.status_code == 204
    employee.refresh_from_db()
    assert employee.check_password("a-much-longer-passphrase-42")
