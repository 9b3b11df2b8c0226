"""Only unsafe requests count toward the POST limits: page views (GET, HEAD) never use up the
general limit, nor the registration and password-reset pages' own limits."""

import pytest
from django.urls import reverse

from intrasphere.models import SiteSettings

IP = "10.4.4.4"


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_REGISTER = "2/m"
    settings.RATELIMIT_PASSWORD_RESET = "2/m"
    settings.RATELIMIT_POST = "3/m"
    settings.RATELIMIT_LOGIN = "100/m"
    return settings


def test_page_views_never_reach_the_general_post_limit(employee_client, limits):
    for _view in range(10):
        assert employee_client.get(reverse("dashboard"), REMOTE_ADDR=IP).status_code == 200
        assert employee_client.head(reverse("dashboard"), REMOTE_ADDR=IP).status_code == 200
    url = reverse("notifications:read_all")
    # The POST allowance is whole after the page views…
    for _post in range(3):
        assert employee_client.post(url, {}, REMOTE_ADDR=IP).status_code == 302
    # …and it is enforced: the next POST is refused, page views still are not.
    assert employee_client.post(url, {}, REMOTE_ADDR=IP).status_code == 429
    assert employee_client.get(reverse("dashboard"), REMOTE_ADDR=IP).status_code == 200


def test_sign_in_page_views_never_count_as_failed_attempts(client, db, limits):
    """Sign-in has its own limit on failed attempts per address (accounts.signin_limits)."""
    limits.RATELIMIT_LOGIN_ADDRESS = "3/h"
    login = reverse("accounts:login")
    for _view in range(10):
        assert client.get(login, REMOTE_ADDR=IP).status_code == 200
    for attempt in range(3):
        response = client.post(login, {"username": f"n{attempt}", "password": "x"}, REMOTE_ADDR=IP)
        assert response.status_code == 200
    response = client.post(login, {"username": "n9", "password": "x"}, REMOTE_ADDR=IP)
    assert response.status_code == 429


def test_registration_page_views_do_not_use_up_its_limit(client, db, limits):
    SiteSettings.objects.update_or_create(pk=1, defaults={"registration_open": True})
    url = reverse("accounts:register")
    for _view in range(6):
        assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    for _attempt in range(2):
        assert client.post(url, {"username": ""}, REMOTE_ADDR=IP).status_code == 200
    assert client.post(url, {"username": ""}, REMOTE_ADDR=IP).status_code == 429


def test_password_reset_page_views_do_not_use_up_its_limit(client, db, limits):
    url = reverse("accounts:password_reset")
    for _view in range(6):
        assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    for _attempt in range(2):
        assert client.post(url, {"email": "a@example.com"}, REMOTE_ADDR=IP).status_code == 302
    assert client.post(url, {"email": "a@example.com"}, REMOTE_ADDR=IP).status_code == 429


def test_health_and_api_paths_are_left_to_their_own_limits(employee_client, limits):
    url = reverse("notifications:read_all")
    for _post in range(3):
        employee_client.post(url, {}, REMOTE_ADDR=IP)
    # Over the general limit, a POST to the API is answered by the API (401/403/405, not 429).
    assert employee_client.post("/api/", {}, REMOTE_ADDR=IP).status_code != 429
