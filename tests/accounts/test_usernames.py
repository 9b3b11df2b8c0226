"""Usernames are one account whatever their capitals; the migration refuses existing clashes;
`createsuperuser` makes an administrator whose role and flags agree."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Message, User
from intrasphere.models import SiteSettings
from tests.factories import DEFAULT_PASSWORD, UserFactory, grant

migration = importlib.import_module("accounts.migrations.0005_username_unique_ignoring_case")


def test_the_database_refuses_admin_in_capitals(admin_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="ADMIN", email="other@example.com")


def test_a_user_manager_cannot_create_admin_in_capitals(client, admin_user):
    client.force_login(grant(UserFactory(username="hr"), "accounts.manage_users"))
    response = client.post(
        reverse("manage:user_create"),
        {
            "username": "ADMIN",
            "first_name": "Fake",
            "last_name": "Admin",
            "email": "fake@example.com",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(username__iexact="admin").count() == 1


def test_registration_refuses_a_username_in_other_capitals(client, employee):
    SiteSettings.objects.update_or_create(pk=1, defaults={"registration_open": True})
    response = client.post(
        reverse("accounts:register"),
        {
            "username": "EMPLOYEE",
            "first_name": "E",
            "last_name": "Mployee",
            "email": "e2@example.com",
            "password1": "a-long-enough-pass-42",
            "password2": "a-long-enough-pass-42",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(username__iexact="employee").count() == 1


def test_full_clean_explains_the_clash(employee):
    with pytest.raises(ValidationError, match="usernames ignore capitals"):
        User(username="Employee", email="x@example.com", password="x").full_clean()


@pytest.mark.parametrize("spelling", ["employee", "EMPLOYEE", " Employee ", "ｅmployee"])
def test_sign_in_ignores_capitals_and_spaces(client, employee, spelling):
    response = client.post(
        reverse("accounts:login"), {"username": spelling, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(employee.pk)


def test_a_message_to_admin_reaches_admin(client, admin_user, employee):
    client.force_login(employee)
    response = client.post(
        reverse("messaging:compose"), {"recipient": "ADMIN", "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 302
    assert Message.objects.get().recipient == admin_user


def test_the_migration_finds_every_clash():
    usernames = ["admin", "ADMIN", "Admin", "bob", "alice", "ALICE"]
    assert migration.username_clashes(usernames) == [
        ["ADMIN", "Admin", "admin"],
        ["ALICE", "alice"],
    ]
    assert migration.username_clashes(["a", "b"]) == []


def test_the_migration_refuses_clashes_with_a_clear_message():
    class Users:
        class objects:  # noqa: N801 (stands for a model's manager)
            @staticmethod
            def values_list(*fields, flat=False):
                return ["admin", "ADMIN", "eve"]

    class Apps:
        @staticmethod
        def get_model(app_label, name):
            return Users

    with pytest.raises(RuntimeError, match=r"clash: ADMIN, admin\. Rename") as refusal:
        migration.refuse_clashes(Apps, None)
    assert "Nothing was changed" in str(refusal.value)


def test_the_migration_passes_without_clashes(employee, admin_user):
    from django.apps import apps

    migration.refuse_clashes(apps, None)


def test_createsuperuser_makes_an_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-pass-42")
    call_command(
        "createsuperuser",
        "--noinput",
        username="root",
        email="root@example.com",
        stdout=io.StringIO(),
    )
    root = User.objects.get(username="root")
    assert (root.role, root.is_superuser, root.is_staff) == ("admin", True, True)


def test_role_and_flags_never_disagree(db):
    by_flag = UserFactory(username="flagged", is_superuser=True)
    assert by_flag.role == "admin" and by_flag.is_staff
    by_role = UserFactory(username="roled", role="admin")
    assert by_role.is_superuser and by_role.is_staff
    by_role.role = "employee"
    by_role.is_superuser = by_role.is_staff = False
    by_role.save(update_fields=["role", "is_superuser", "is_staff"])
    by_role.refresh_from_db()
    assert (by_role.role, by_role.is_superuser) == ("employee", False)


def test_a_display_name_cannot_pass_for_someone_else(client, admin_user, employee):
    from intrasphere.models import Notification

    eve = UserFactory(username="eve", display_name="Alice Admin")
    client.force_login(eve)
    client.post(
        reverse("messaging:compose"), {"recipient": "employee", "subject": "Hi", "body": "Hello"}
    )
    client.force_login(employee)
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "Alice Admin (@eve)" in inbox
    detail = client.get(reverse("messaging:detail", args=[Message.objects.get().pk]))
    assert "Alice Admin (@eve)" in detail.content.decode()
    assert "(@eve)" in Notification.objects.get(recipient=employee).text


def test_authors_and_assignees_show_their_username_beside_a_display_name(client, employee):
    from tests.complaints.factories import ComplaintFactory
    from tests.content.factories import AnnouncementFactory

    eve = UserFactory(username="eve", display_name="Alice Admin")
    announcement = AnnouncementFactory(author=eve)
    complaint = ComplaintFactory(submitter=employee, assignee=eve)
    client.force_login(employee)
    for url in (
        reverse("content:announcement_list"),
        announcement.get_absolute_url(),
        complaint.get_absolute_url(),
        reverse("complaints:my_list"),
    ):
        assert "Alice Admin (@eve)" in client.get(url).content.decode(), url
