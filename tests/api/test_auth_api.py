"""Session sign-in and registration through the API: the pages' forms, CSRF, and the pages'
own limits (the counters are shared: failures on the page count for the API and back)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from intrasphere.models import SiteSettings
from tests.factories import DEFAULT_PASSWORD, UserFactory

LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"


def post(client, url, data, ip="10.3.3.3", **extra):
    return client.post(url, data, content_type="application/json", REMOTE_ADDR=ip, **extra)


def test_a_script_signs_in_with_the_csrf_token_and_uses_the_session(employee):
    browser = Client(enforce_csrf_checks=True)
    refused = post(browser, LOGIN, {"username": "employee", "password": DEFAULT_PASSWORD})
    assert refused.status_code == 403
    assert refused.json()["type"] == "permission_denied"
    token = browser.get(LOGIN).json()["csrf_token"]
    signed_in = post(
        browser,
        LOGIN,
        {"username": "employee", "password": DEFAULT_PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert signed_in.status_code == 200, signed_in.content
    assert signed_in.json()["username"] == "employee"
    assert browser.get("/api/v1/auth/me").json()["username"] == "employee"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": "employee", "password": "wrong"}, "non_field_errors"),
        ({"username": "employee"}, "password"),
        ({"username": ["employee"], "password": "x"}, "username"),
    ],
)
def test_a_refused_sign_in_answers_400(client, employee, body, field):
    response = post(client, LOGIN, body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_deactivated_account_cannot_sign_in(client, db):
    UserFactory(username="gone", is_active=False)
    response = post(client, LOGIN, {"username": "gone", "password": DEFAULT_PASSWORD})
    assert response.status_code == 400


def test_failed_sign_ins_share_the_pages_counters(client, employee, settings):
    settings.RATELIMIT_LOGIN = "3/h"  # failures per account
    for attempt in range(2):
        page = client.post(
            reverse("accounts:login"),
            {"username": "employee", "password": "wrong"},
            REMOTE_ADDR=f"10.4.4.{attempt}",
        )
        assert page.status_code == 200
    wrong = {"username": " EMPLOYEE", "password": "y"}  # the same account, however spelt
    assert post(client, LOGIN, wrong, ip="10.4.4.9").status_code == 400
    limited = post(
        client, LOGIN, {"username": "employee", "password": DEFAULT_PASSWORD}, ip="10.4.4.10"
    )
    assert limited.status_code == 429
    assert limited.json()["type"] == "throttled"
    assert int(limited["Retry-After"]) > 0
    page = client.post(
        reverse("accounts:login"),
        {"username": "employee", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.5.0.99",
    )
    assert page.status_code == 429


def test_successful_sign_ins_are_never_limited(client, employee, settings):
    settings.RATELIMIT_LOGIN = "2/15m"
    settings.RATELIMIT_LOGIN_ADDRESS = "2/15m"
    for _attempt in range(5):  # an office behind one address
        response = post(
            client, LOGIN, {"username": "employee", "password": DEFAULT_PASSWORD}, ip="10.7.7.7"
        )
        assert response.status_code == 200
        client.post("/api/v1/auth/logout")


def registration(**extra):
    return {
        "username": "newcomer",
        "first_name": "New",
        "last_name": "Comer",
        "email": "newcomer@example.com",
        "department": "Direction",  # HR data: ignored, a user manager sets it
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
        **extra,
    }


@pytest.fixture
def open_registration(db):
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    site.registration_open = True
    site.save()


def test_registration_is_refused_while_closed(client, db):
    response = post(client, REGISTER, registration())
    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()


def test_registration_makes_a_signed_in_employee(client, open_registration):
    response = post(client, REGISTER, registration())
    assert response.status_code == 201, response.content
    person = User.objects.get(username="newcomer")
    assert person.role == User.Role.EMPLOYEE and not person.is_superuser
    assert person.department == ""
    assert client.get("/api/v1/auth/me").json()["username"] == "newcomer"


def test_registration_uses_the_pages_checks(client, open_registration):
    UserFactory(email="taken@example.com")
    response = post(client, REGISTER, registration(email="taken@example.com", password2="other"))
    assert response.status_code == 400
    assert {"email", "password2"} <= set(response.json()["errors"])


def test_registration_is_limited_per_address(client, open_registration, settings):
    settings.RATELIMIT_REGISTER = "2/h"
    for attempt in range(2):
        post(client, REGISTER, registration(username=f"n{attempt}", email="bad"), ip="10.6.6.6")
    limited = post(client, REGISTER, registration(), ip="10.6.6.6")
    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert not User.objects.filter(username="newcomer").exists()
