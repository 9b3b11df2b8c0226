"""Password change (other sessions end), reset by email, hash upgrade at login."""

import re

from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from intrasphere import settings as production_settings
from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "another-quite-long-passphrase"


def signed_in_client(username, password=DEFAULT_PASSWORD):
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": username, "password": password}
        ).status_code
        == 302
    )
    return client


def test_password_change_keeps_this_session_and_ends_the_others(employee):
    here = signed_in_client("employee")
    elsewhere = signed_in_client("employee")
    assert here.get(reverse("accounts:password_change")).status_code == 200
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert here.get(reverse("dashboard")).status_code == 200
    response = elsewhere.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert AuditLog.objects.filter(action="accounts.password.change", actor=employee).exists()


def test_password_change_bad_input_rerenders(employee_client, employee):
    response = employee_client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    employee.refresh_from_db()
    assert employee.check_password(DEFAULT_PASSWORD)


def test_password_reset_by_email(client, employee, django_capture_on_commit_callbacks):
    assert client.get(reverse("accounts:password_reset")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": employee.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [employee.email]
    assert "IntraSphere" in email.subject
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", email.body).group(1)
    assert link in html
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session marker
    set_password_url = response["Location"]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert AuditLog.objects.filter(action="accounts.password.reset", actor=employee).exists()
    # The link works once.
    response = client.get(link)
    assert "no longer works" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_bad_input_rerenders(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "not an email"})
    assert response.status_code == 200
    assert "valid email" in response.content.decode()


def test_password_reset_requests_are_rate_limited_per_address(client, db, settings):
    settings.RATELIMIT_PASSWORD_RESET = "2/h"
    for _attempt in range(2):
        response = client.post(reverse("accounts:password_reset"), {"email": "a@example.com"})
        assert response.status_code == 302
    response = client.post(reverse("accounts:password_reset"), {"email": "a@example.com"})
    assert response.status_code == 429


def test_sixth_admin_login_attempt_answers_429(client, admin_user):
    url = reverse("admin:login")
    for _attempt in range(5):
        response = client.post(url, {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": "admin", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_still_works(client, admin_user):
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS)
def test_an_older_hash_is_upgraded_at_the_next_login(client, db):
    user = UserFactory(username="legacy")
    User.objects.filter(pk=user.pk).update(
        password=make_password("legacy-passphrase-42", hasher="pbkdf2_sha256")
    )
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
    response = client.post(
        reverse("accounts:login"), {"username": "legacy", "password": "legacy-passphrase-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("bcrypt_sha256$")
    assert user.check_password("legacy-passphrase-42")
