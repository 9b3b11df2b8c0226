"""Self-registration: open or closed by the site setting, rate-limited, confirmation email."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_register
from intrasphere.models import AuditLog, SiteSettings
from tests.factories import UserFactory


@pytest.fixture
def registration_open(db):
    site = SiteSettings.load()
    site.registration_open = True
    site.save()
    return site


def form_data(username="newcomer", **overrides):
    return {
        "username": username,
        "first_name": "Nina",
        "last_name": "Newcomer",
        "email": f"{username}@example.com",
        "department": "Finance",
        "position": "Controller",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        **overrides,
    }


def test_registration_closed_shows_a_friendly_page_and_creates_nothing(client, db):
    response = client.get(reverse("accounts:register"))
    assert response.status_code == 403
    assert "Registration is closed" in response.content.decode()
    response = client.post(reverse("accounts:register"), form_data())
    assert response.status_code == 403
    assert not User.objects.filter(username="newcomer").exists()


def test_login_page_links_to_registration_only_when_open(client, db):
    assert (
        reverse("accounts:register") not in client.get(reverse("accounts:login")).content.decode()
    )
    site = SiteSettings.load()
    site.registration_open = True
    site.save()
    assert reverse("accounts:register") in client.get(reverse("accounts:login")).content.decode()


def test_registration_open_creates_an_employee_signs_in_and_emails(
    client, registration_open, django_capture_on_commit_callbacks
):
    assert client.get(reverse("accounts:register")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(username="newcomer")
    assert user.role == User.Role.EMPLOYEE
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.department == "" and user.position == ""  # HR data: a user manager sets it
    assert user.check_password("a-long-and-unusual-passphrase")
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditLog.objects.filter(action="accounts.user.register", actor=user).exists()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["newcomer@example.com"]
    assert "newcomer" in email.body
    assert email.alternatives and email.alternatives[0][1] == "text/html"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something-else-entirely"}, "didn’t match"),
        ({"password1": "12345678", "password2": "12345678"}, "too common"),
        ({"email": "not-an-email"}, "valid email"),
        ({"first_name": ""}, "This field is required"),
        ({"username": "bad name!"}, "Enter a valid username"),
    ],
)
def test_registration_bad_input_rerenders_with_a_message(
    client, registration_open, overrides, message
):
    response = client.post(reverse("accounts:register"), form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username__in=["newcomer", "bad name!"]).exists()


def test_registration_refuses_a_taken_username_or_email(client, registration_open):
    UserFactory(username="taken", email="taken@example.com")
    response = client.post(reverse("accounts:register"), form_data(username="taken"))
    assert "already exists" in response.content.decode()
    response = client.post(
        reverse("accounts:register"), form_data(username="other", email="TAKEN@example.com")
    )
    assert "already uses this email" in response.content.decode()
    assert User.objects.count() == 1


def test_fourth_registration_from_one_address_answers_429(client, registration_open):
    for index in range(3):
        response = client.post(reverse("accounts:register"), form_data(f"person{index}"))
        assert response.status_code == 302
        client.logout()
    response = client.post(reverse("accounts:register"), form_data("person3"))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not User.objects.filter(username="person3").exists()


def test_signed_in_users_are_sent_home(employee_client, registration_open):
    response = employee_client.get(reverse("accounts:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_register_service_refuses_a_duplicate_username(db):
    UserFactory(username="taken")
    with pytest.raises(ValidationError):
        user_register(
            username="taken",
            password="a-long-and-unusual-passphrase",
            email="x@example.com",
            first_name="X",
            last_name="Y",
        )
    assert User.objects.filter(username="taken").count() == 1
