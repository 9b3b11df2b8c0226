"""Sessions: rotated at sign-in, gone after sign-out, cookies locked down."""

import json
import re
import subprocess
import sys
from importlib import import_module

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def test_session_is_gone_after_logout(client, employee):
    client.post(reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD})
    key = client.session.session_key
    assert _store()().exists(key)
    client.post(reverse("accounts:logout"))
    assert not _store()().exists(key)


def test_session_cookie_is_httponly_and_samesite(client, employee):
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_session_key_is_rotated_at_login(client, employee):
    client.get(reverse("accounts:login"))
    session = client.session
    session["before_login"] = True
    session.save()
    anonymous_key = session.session_key
    client.post(reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD})
    assert client.session.session_key != anonymous_key
    assert not _store()().exists(anonymous_key)


def test_password_reset_by_email_ends_every_session(
    client, employee, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    assert elsewhere.login(username="employee", password=DEFAULT_PASSWORD)
    assert elsewhere.get(reverse("dashboard")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": employee.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    form_url = client.get(link.group(1))["Location"]
    new = "An0ther-long-passphrase!"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    response = elsewhere.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_when_configured(client, employee):
    response = client.get(reverse("accounts:login"))
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    response = client.post(
        reverse("accounts:login"), {"username": "employee", "password": DEFAULT_PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_production_settings_lock_cookies_down():
    """DEBUG off (production): Secure, HttpOnly and SameSite on both cookies, HSTS on."""
    from tests.accounts.test_deploy import BASE_DIR, production_env

    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        True, True, "Lax", True, True, "Lax", True, True, True,
    ]  # fmt: skip
