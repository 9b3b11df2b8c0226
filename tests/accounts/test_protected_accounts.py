"""Who may change what about a person: a user manager may not change the email, username or
password state of an account holding a role or right the manager does not hold (a moderator, a
complaint handler), and sees why; administrators may. Every change is audited, admin included."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from accounts import services
from accounts.models import User
from intrasphere.models import AuditLog
from tests.complaints.factories import ComplaintFactory
from tests.factories import UserFactory, grant


@pytest.fixture
def manager(db):
    return grant(UserFactory(username="hr"), "accounts.manage_users")


def edit_data(person: User, **changes) -> dict:
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "employee_id": person.employee_id or "",
        "department": person.department,
        "position": person.position,
    }
    return {**data, **changes}


def test_a_manager_cannot_change_a_moderators_email(client, manager, moderator):
    client.force_login(manager)
    page = client.get(reverse("manage:user_edit", args=[moderator.pk])).content.decode()
    assert "only an administrator may change their email" in page
    response = client.post(
        reverse("manage:user_edit", args=[moderator.pk]),
        edit_data(moderator, email="hr@example.com", username="hr-owned", department="Sales"),
    )
    assert response.status_code == 302
    moderator.refresh_from_db()
    assert (moderator.email, moderator.username) == ("moderator@example.com", "moderator")
    assert moderator.department == "Sales"  # HR data stays the manager's to set
    assert "email" not in AuditLog.objects.get(action="accounts.user.update").summary


def test_the_service_refuses_it_whatever_the_form(manager, moderator):
    with pytest.raises(ValidationError, match="only an administrator"):
        services.user_update(actor=manager, user=moderator, changes={"email": "hr@example.com"})
    moderator.refresh_from_db()
    assert moderator.email == "moderator@example.com"


def test_a_manager_changes_a_plain_employees_email_audited(client, manager, employee):
    client.force_login(manager)
    response = client.post(
        reverse("manage:user_edit", args=[employee.pk]),
        edit_data(employee, email="new@example.com"),
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.email == "new@example.com"
    entry = AuditLog.objects.get(action="accounts.user.update")
    assert entry.actor == manager
    assert "email: 'employee@example.com' → 'new@example.com'" in entry.summary


def test_a_complaint_handler_is_protected(manager, admin_user):
    handler = UserFactory(username="handler")
    services.permission_grant(
        actor=admin_user, user=handler, codename="complaints.manage_complaints"
    )
    with pytest.raises(ValidationError, match="complaints.manage_complaints"):
        services.user_update(actor=manager, user=handler, changes={"email": "hr@example.com"})


def test_an_assignee_of_one_complaint_is_protected(manager):
    assignee = UserFactory(username="assignee")
    assign_perm("complaints.manage_complaints", assignee, ComplaintFactory())
    with pytest.raises(ValidationError, match="rights you do not hold"):
        services.user_update(actor=manager, user=assignee, changes={"username": "taken-over"})


def test_a_deactivated_moderator_stays_protected(manager, moderator):
    User.objects.filter(pk=moderator.pk).update(is_active=False)
    moderator.refresh_from_db()
    with pytest.raises(ValidationError):
        services.user_update(actor=manager, user=moderator, changes={"email": "hr@example.com"})


def test_an_administrator_may_change_a_moderators_email(client, admin_user, moderator):
    client.force_login(admin_user)
    response = client.post(
        reverse("manage:user_edit", args=[moderator.pk]),
        {**edit_data(moderator, email="mod2@example.com"), "role": "moderator"},
    )
    assert response.status_code == 302
    moderator.refresh_from_db()
    assert moderator.email == "mod2@example.com"


def test_changes_in_the_django_admin_are_audited(client, admin_user, employee):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[employee.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "department": "Direction",
            "date_joined_0": employee.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": employee.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data["is_active"] = "on"
    data.pop("email_notifications", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditLog.objects.get(action="accounts.user.update", actor=admin_user)
    assert "department: Operations → Direction" in entry.summary


def test_a_password_set_in_the_django_admin_is_audited(client, admin_user, employee):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[employee.pk])
    response = client.post(
        url, {"password1": "a-long-new-pass-4242", "password2": "a-long-new-pass-4242"}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="accounts.password.admin_set", actor=admin_user).exists()


# --- the refusal's reasons, word for word, and who is not protected ---------------------------

CREDENTIALS_ONLY_BY_ADMIN = "only an administrator may change their email, username or password."


def refusal(actor: User, target: User) -> str | None:
    """The message `services.user_update` refuses an email change with (None: changed)."""
    try:
        services.user_update(actor=actor, user=target, changes={"email": "new@example.com"})
    except ValidationError as error:
        return " ".join(error.messages)
    target.refresh_from_db()
    assert target.email == "new@example.com"
    return None


def test_a_role_the_manager_does_not_have_is_named_in_the_refusal(manager, moderator):
    assert refusal(manager, moderator) == f"moderator is a moderator: {CREDENTIALS_ONLY_BY_ADMIN}"


def test_every_right_the_manager_lacks_is_named_in_the_refusal(manager, admin_user):
    person = UserFactory(username="person")
    for codename in ("content.manage_documents", "complaints.manage_complaints"):
        services.permission_grant(actor=admin_user, user=person, codename=codename)
    assert refusal(manager, person) == (
        "person holds rights you do not hold (complaints.manage_complaints, "
        f"content.manage_documents): {CREDENTIALS_ONLY_BY_ADMIN}"
    )


def test_a_moderator_who_manages_users_changes_moderators_and_employees(moderator):
    manager = grant(UserFactory(username="mod-hr", role="moderator"), "accounts.manage_users")
    assert refusal(manager, moderator) is None
    assert refusal(manager, UserFactory(username="plain")) is None


def test_a_fellow_user_manager_is_not_protected_from_a_user_manager(manager):
    fellow = grant(UserFactory(username="hr2"), "accounts.manage_users")
    assert refusal(manager, fellow) is None


def test_a_manager_cannot_invite_an_administrator_without_a_password(
    client, manager, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://intranet.example.com"
    admin = UserFactory(username="boss", role="admin")
    admin.set_unusable_password()
    admin.save()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("manage:user_invite_selected"), {"users": [admin.pk]}, follow=True
        )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Only an administrator may change an administrator's sign-in details."]
    admin.refresh_from_db()
    assert admin.invited_at is None
