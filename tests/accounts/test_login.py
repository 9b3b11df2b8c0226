"""Sign-in and sign-out: messages, rate limits, session handling."""

from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def login(client, username, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_login_success_redirects_to_dashboard_and_rotates_session(client, employee):
    client.get(reverse("accounts:login"))
    before = client.session.session_key
    response = login(client, "employee", DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.session.session_key != before
    assert client.get(reverse("dashboard")).status_code == 200


def test_login_failure_shows_a_clear_message(client, employee):
    response = login(client, "employee", "wrong")
    assert response.status_code == 200
    assert "Wrong username or password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_are_limited_past_the_address_threshold(
    client, employee, settings
):
    settings.RATELIMIT_LOGIN_ADDRESS = "5/15m"
    for attempt in range(5):
        assert login(client, f"someone{attempt}", "wrong").status_code == 200
    response = login(client, "employee", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_bad_logins_for_one_username_are_limited_across_addresses(client, employee):
    for attempt in range(5):
        login(client, "employee", "wrong", REMOTE_ADDR=f"10.0.0.{attempt + 1}")
    response = login(client, "employee", DEFAULT_PASSWORD, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429


def test_spoofed_forwarded_for_does_not_change_the_key(client, employee, settings):
    settings.RATELIMIT_LOGIN_ADDRESS = "5/15m"
    for attempt in range(5):
        login(client, f"x{attempt}", "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{attempt}")
    response = login(client, "y", "wrong", HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429


def test_showing_the_form_does_not_count(client, db):
    for _attempt in range(10):
        assert client.get(reverse("accounts:login")).status_code == 200


def test_logout_needs_post_and_ends_the_session(employee_client):
    assert employee_client.get(reverse("accounts:logout")).status_code == 405
    response = employee_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert employee_client.get(reverse("dashboard")).status_code == 302


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_page_shows_the_portal_name(client, db):
    from intrasphere.models import SiteSettings

    site = SiteSettings.load()
    site.site_name = "Acme Portal"
    site.save()
    body = client.get(reverse("accounts:login")).content.decode()
    assert "<title>Sign in · Acme Portal</title>" in body


def test_login_page_shows_the_site_name(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "<title>Sign in · IntraSphere</title>" in body
    assert "Welcome to IntraSphere, your company portal." in body
