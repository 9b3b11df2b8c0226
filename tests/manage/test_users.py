"""User management: list, create, edit, activate, deactivate (sessions end at once)."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from intrasphere.models import AuditLog
from tests.factories import DEFAULT_PASSWORD, EmployeeCategoryFactory, UserFactory, grant

USERS = "accounts.manage_users"


@pytest.fixture
def manager(db):
    return grant(UserFactory(username="manager"), USERS)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_list_search_filters_and_query_count(manager_client, django_assert_max_num_queries):
    category = EmployeeCategoryFactory(name="Field")
    for number in range(30):
        UserFactory(
            username=f"person{number}",
            department="Sales" if number % 2 else "IT",
            employee_category=category,
            is_active=number != 3,
        )
    url = reverse("manage:user_list")
    with django_assert_max_num_queries(14):
        response = manager_client.get(url)
    assert response.status_code == 200 and len(response.context["rows"]) == 20
    response = manager_client.get(url, {"department": "Sales", "active": "yes"})
    assert {p.department for p, *_ in response.context["rows"]} == {"Sales"}
    response = manager_client.get(url, {"active": "no"})
    assert [p.username for p, *_ in response.context["rows"]] == ["person3"]
    response = manager_client.get(url, {"q": "person2"})
    assert {p.username for p, *_ in response.context["rows"]} == {"person2"} | {
        f"person2{n}" for n in range(10)
    }
    response = manager_client.get(url, {"q": "no-such-person"})
    assert "No account matches" in response.content.decode()
    assert manager_client.get(url, {"page": 99}).status_code == 404
    assert manager_client.get(url, {"role": "emperor"}).status_code == 200  # bad filter ignored


def test_create_account(manager_client, manager):
    response = manager_client.post(
        reverse("manage:user_create"),
        {
            "username": "newbie",
            "first_name": "New",
            "last_name": "Bie",
            "email": "newbie@example.com",
            "employee_id": "",
            "role": "admin",  # ignored: only administrators choose roles
            "password1": "a-long-enough-secret-42",
            "password2": "a-long-enough-secret-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.role == "employee" and not user.is_superuser and user.employee_id is None
    assert user.check_password("a-long-enough-secret-42")
    assert AuditLog.objects.get(action="accounts.user.create").actor == manager


def test_create_bad_input(manager_client, employee):
    response = manager_client.post(
        reverse("manage:user_create"),
        {
            "username": employee.username,
            "email": "",
            "password1": "short",
            "password2": "different",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"username", "email", "password2"} <= set(errors)
    response = manager_client.post(
        reverse("manage:user_create"),
        {"username": "x1", "email": "x1@example.com", "password1": "123", "password2": "123"},
    )
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="x1").exists()
    assert not AuditLog.objects.exists()


def test_admin_creates_an_administrator(admin_client):
    admin_client.post(
        reverse("manage:user_create"),
        {
            "username": "second-admin",
            "email": "a2@example.com",
            "role": "admin",
            "password1": "a-long-enough-secret-42",
            "password2": "a-long-enough-secret-42",
        },
    )
    user = User.objects.get(username="second-admin")
    assert user.is_superuser and user.is_staff


def test_edit_account_and_role_field_only_for_admins(manager_client, employee):
    url = reverse("manage:user_edit", kwargs={"pk": employee.pk})
    assert "role" not in manager_client.get(url).context["form"].fields
    response = manager_client.post(
        url,
        {
            "username": employee.username,
            "first_name": "Renamed",
            "last_name": employee.last_name,
            "email": employee.email,
            "employee_id": employee.employee_id,
            "role": "admin",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.first_name == "Renamed" and employee.role == "employee"
    assert "first_name" in AuditLog.objects.get(action="accounts.user.update").summary


def test_admin_changes_role_from_the_edit_page(admin_client, employee):
    response = admin_client.post(
        reverse("manage:user_edit", kwargs={"pk": employee.pk}),
        {"username": employee.username, "email": employee.email, "role": "moderator"},
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.role == "moderator"
    assert AuditLog.objects.filter(action="accounts.user.role").exists()


def test_admin_cannot_demote_themselves_and_nothing_is_saved(admin_client, admin_user):
    response = admin_client.post(
        reverse("manage:user_edit", kwargs={"pk": admin_user.pk}),
        {"username": admin_user.username, "email": "changed@example.com", "role": "employee"},
    )
    assert response.status_code == 200
    assert "your own administrator role" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser and admin_user.email != "changed@example.com"


def test_manager_cannot_touch_an_administrator(manager_client, manager, admin_user):
    assert (
        manager_client.get(reverse("manage:user_edit", kwargs={"pk": admin_user.pk})).status_code
        == 403
    )
    url = reverse("manage:user_deactivate", kwargs={"pk": admin_user.pk})
    assert manager_client.post(url).status_code == 403
    assert User.objects.get(pk=admin_user.pk).is_active
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=manager, user=admin_user)


def _session_keys(user) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_deactivation_signs_the_user_out_at_once(manager_client, employee):
    client = Client()
    assert client.login(username=employee.username, password=DEFAULT_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200
    keys = _session_keys(employee)
    assert keys

    response = manager_client.post(reverse("manage:user_deactivate", kwargs={"pk": employee.pk}))
    assert response.status_code == 302

    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert not _session_keys(employee)
    assert all(not store(session_key=key).exists(key) for key in keys)
    assert all(store(session_key=key).load() == {} for key in keys)  # gone from the cache too
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert not client.login(username=employee.username, password=DEFAULT_PASSWORD)
    entry = AuditLog.objects.get(action="accounts.user.deactivate")
    assert entry.summary == "sessions ended: 1"


def test_deactivated_user_cannot_sign_in_through_the_form(client, admin_user, employee):
    services.user_deactivate(actor=admin_user, user=employee)
    response = client.post(
        reverse("accounts:login"), {"username": employee.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_activate_again(manager_client, admin_user, employee):
    services.user_deactivate(actor=admin_user, user=employee)
    response = manager_client.post(reverse("manage:user_activate", kwargs={"pk": employee.pk}))
    assert response.status_code == 302
    assert User.objects.get(pk=employee.pk).is_active
    assert AuditLog.objects.filter(action="accounts.user.activate").count() == 1


def test_activation_bad_input(manager_client, manager, employee):
    response = manager_client.post(
        reverse("manage:user_activate", kwargs={"pk": employee.pk}), follow=True
    )
    assert "already active" in response.content.decode()
    response = manager_client.post(
        reverse("manage:user_deactivate", kwargs={"pk": manager.pk}), follow=True
    )
    assert "your own account" in response.content.decode()
    assert User.objects.get(pk=manager.pk).is_active
    services.user_deactivate(actor=manager, user=employee)
    with pytest.raises(ValidationError, match="already deactivated"):
        services.user_deactivate(actor=manager, user=employee)
    assert AuditLog.objects.filter(action="accounts.user.deactivate").count() == 1
    assert (
        manager_client.post(reverse("manage:user_deactivate", kwargs={"pk": 99999})).status_code
        == 404
    )
