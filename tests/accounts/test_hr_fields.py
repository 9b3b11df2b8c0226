"""HR data (department, position, employee id, category) decides audiences and mandatory
trainings: the person never sets it (profile, API, registration); user managers do, audited."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.models import User
from intrasphere.models import AuditLog, SiteSettings
from tests.factories import EmployeeCategoryFactory, UserFactory, grant

HR_POST = {"department": "Direction", "position": "CEO", "employee_id": "X-1"}


def test_an_employee_posting_hr_fields_to_the_profile_changes_nothing(employee_client, employee):
    response = employee_client.post(
        reverse("accounts:profile_edit"),
        {
            "first_name": "Emma",
            "last_name": "Employee",
            "email": "employee@example.com",
            "employee_category": EmployeeCategoryFactory(name="Managers").pk,
            **HR_POST,
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.department, employee.position) == ("Operations", "Analyst")
    assert employee.employee_id != "X-1" and employee.employee_category is None
    page = employee_client.get(reverse("accounts:profile_edit")).content.decode()
    assert 'name="department"' not in page and 'name="position"' not in page


def test_the_api_ignores_hr_fields_too(employee_client, employee):
    response = employee_client.patch(
        "/api/v1/auth/me",
        data=json.dumps({"phone": "+33 1", **HR_POST}),
        content_type="application/json",
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.phone == "+33 1"
    assert employee.department == "Operations"


def test_registration_leaves_hr_fields_empty(client, db):
    SiteSettings.objects.update_or_create(pk=1, defaults={"registration_open": True})
    response = client.post(
        reverse("accounts:register"),
        {
            "username": "newcomer",
            "first_name": "Nina",
            "last_name": "Newcomer",
            "email": "nina@example.com",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            **HR_POST,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert (user.department, user.position, user.employee_id) == ("", "", None)
    assert 'name="department"' not in client.get(reverse("accounts:register")).content.decode()


@pytest.fixture
def manager_client(client, db):
    client.force_login(grant(UserFactory(username="hr"), "accounts.manage_users"))
    return client


def test_a_user_manager_sets_hr_fields_and_the_audit_log_says_before_and_after(
    manager_client, employee
):
    response = manager_client.post(
        reverse("manage:user_edit", args=[employee.pk]),
        {
            "username": employee.username,
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "email": employee.email,
            "employee_id": "E-42",
            "department": "Direction",
            "position": "Assistant",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert (employee.department, employee.position) == ("Direction", "Assistant")
    entry = AuditLog.objects.get(action="accounts.user.update", target_id=str(employee.pk))
    assert entry.actor_label == "hr"
    assert "department: 'Operations' → 'Direction'" in entry.summary
