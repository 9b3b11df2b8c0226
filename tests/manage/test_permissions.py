"""Delegated rights: grant, revoke, expiry, scoped grants, roles and the permission pages."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from accounts import selectors, services
from accounts.models import EmployeeCategory, PermissionGrant, User
from intrasphere.models import AuditLog
from tests.factories import EmployeeCategoryFactory, UserFactory, lapsed_grant

USERS = "accounts.manage_users"


def fresh(user: User) -> User:
    """A new instance: the backends cache rights on the user object for one request."""
    return User.objects.get(pk=user.pk)


def snapshot():
    return (
        PermissionGrant.objects.count(),
        AuditLog.objects.count(),
        UserObjectPermission.objects.count(),
    )


# --- Global grants -----------------------------------------------------------------------------


def test_grant_gives_the_right_records_who_and_is_audited(admin_user, employee, rf):
    request = rf.post("/", REMOTE_ADDR="10.0.0.7")
    grant = services.permission_grant(
        actor=admin_user, user=employee, codename=USERS, request=request
    )
    assert fresh(employee).has_perm(USERS)
    assert grant.granted_by == admin_user and grant.granted_at is not None
    entry = AuditLog.objects.get(action="accounts.permission.grant")
    assert entry.actor == admin_user and entry.ip_address == "10.0.0.7"
    assert "accounts.manage_users" in entry.summary
    assert not employee.user_permissions.exists()  # grants are not copied into user_permissions


def test_revoke_ends_the_right_and_is_audited(admin_user, employee):
    grant = services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    services.permission_revoke(actor=admin_user, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_by == admin_user and grant.revoked_at is not None
    assert not fresh(employee).has_perm(USERS)
    assert AuditLog.objects.filter(action="accounts.permission.revoke").count() == 1


def test_expired_grant_stops_working_without_any_job(admin_user, employee):
    """Given two hours ago for one hour: expired now, with no task having run."""
    t0 = timezone.now() - timedelta(hours=2)
    grant = services.permission_grant(
        actor=admin_user,
        user=employee,
        codename=USERS,
        expires_at=t0 + timedelta(hours=1),
        now=t0,
    )
    assert grant.status(now=t0 + timedelta(minutes=30)) == "active"
    assert grant.status() == "expired"
    assert not fresh(employee).has_perm(USERS)
    assert list(PermissionGrant.objects.active(now=t0 + timedelta(minutes=59))) == [grant]
    assert not PermissionGrant.objects.active().exists()
    # An expired grant can be renewed.
    services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    assert fresh(employee).has_perm(USERS)


def test_grant_with_future_expiry_works_until_then(admin_user, employee):
    services.permission_grant(
        actor=admin_user,
        user=employee,
        codename=USERS,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert fresh(employee).has_perm(USERS)


def test_deactivated_user_holds_no_granted_right(admin_user, employee):
    services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    User.objects.filter(pk=employee.pk).update(is_active=False)
    assert not fresh(employee).has_perm(USERS)


# --- Bad input: a clear message and nothing changed -------------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("inactive", "deactivated"),
        ("unknown user", "does not exist"),
        ("unknown right", "not a right that can be delegated"),
        ("not delegable", "not a right that can be delegated"),
        ("past expiry", "must be in the future"),
        ("twice", "already holds this right"),
        ("administrator", "already holds every right"),
    ],
)
def test_bad_grants_are_refused_and_change_nothing(case, message, admin_user, employee):
    kwargs = {"actor": admin_user, "user": employee, "codename": USERS}
    if case == "inactive":
        kwargs["user"] = UserFactory(username="gone", is_active=False)
    elif case == "unknown user":
        kwargs["user"] = User(username="never-saved")
    elif case == "unknown right":
        kwargs["codename"] = "content.no_such_right"
    elif case == "not delegable":
        kwargs["codename"] = "auth.add_user"
    elif case == "past expiry":
        kwargs["expires_at"] = timezone.now() - timedelta(minutes=1)
    elif case == "twice":
        services.permission_grant(**kwargs)
    elif case == "administrator":
        kwargs["user"] = UserFactory(username="other-admin", role="admin", is_superuser=True)
    before = snapshot()
    with pytest.raises(ValidationError, match=message):
        services.permission_grant(**kwargs)
    assert snapshot() == before


def test_right_whose_permission_row_is_missing_is_refused(admin_user, employee, monkeypatch):
    from accounts import permissions
    from accounts.permissions import DelegableRight

    monkeypatch.setattr(
        permissions,
        "DELEGABLE_RIGHTS",
        [*permissions.DELEGABLE_RIGHTS, DelegableRight("accounts.manage_nothing", "Nothing")],
    )
    assert "accounts.manage_nothing" not in [r.perm for r, _p in permissions.available_rights()]
    with pytest.raises(ValidationError, match="does not exist in this installation"):
        services.permission_grant(
            actor=admin_user, user=employee, codename="accounts.manage_nothing"
        )


def test_revoking_twice_is_refused(admin_user, employee):
    grant = services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    services.permission_revoke(actor=admin_user, grant=grant)
    before = snapshot()
    with pytest.raises(ValidationError, match="already revoked"):
        services.permission_revoke(actor=admin_user, grant=grant)
    assert snapshot() == before


def test_only_administrators_grant_and_revoke(admin_user, employee):
    delegate = UserFactory(username="delegate")
    services.permission_grant(actor=admin_user, user=delegate, codename=USERS)
    delegate = fresh(delegate)
    with pytest.raises(PermissionDenied):
        services.permission_grant(actor=delegate, user=employee, codename=USERS)
    grant = PermissionGrant.objects.get()
    with pytest.raises(PermissionDenied):
        services.permission_revoke(actor=delegate, grant=grant)
    assert PermissionGrant.objects.get().revoked_at is None


# --- Scoped grants (guardian object permissions) ----------------------------------------------


def test_scoped_grant_is_an_object_permission(admin_user, employee, scoped_categories):
    mine, other = EmployeeCategoryFactory(name="Mine"), EmployeeCategoryFactory(name="Other")
    grant = services.permission_grant(
        actor=admin_user, user=employee, codename=scoped_categories, scope=mine
    )
    assert grant.scope_label == "Mine"
    user = fresh(employee)
    assert user.has_perm(scoped_categories, mine)
    assert not user.has_perm(scoped_categories, other)
    assert not user.has_perm(scoped_categories)  # not a global right
    assert UserObjectPermission.objects.filter(user=employee, object_pk=str(mine.pk)).exists()
    objects = selectors.objects_for_user(user, scoped_categories, EmployeeCategory.objects.all())
    assert list(objects) == [mine]

    services.permission_revoke(actor=admin_user, grant=grant)
    assert not fresh(employee).has_perm(scoped_categories, mine)
    assert not UserObjectPermission.objects.filter(user=employee).exists()


def test_expired_scoped_grant_stops_working(admin_user, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Scope")
    lapsed_grant(actor=admin_user, user=employee, codename=scoped_categories, scope=category)
    # The guardian row is still there, but the expired grant no longer backs it.
    assert UserObjectPermission.objects.filter(user=employee).exists()
    user = fresh(employee)
    assert not user.has_perm(scoped_categories, category)
    assert "manage_employee_categories" not in user.get_all_permissions(category)
    objects = selectors.objects_for_user(user, scoped_categories, EmployeeCategory.objects.all())
    assert not objects.exists()
    # Renewing makes it work again.
    services.permission_grant(
        actor=admin_user, user=employee, codename=scoped_categories, scope=category
    )
    assert fresh(employee).has_perm(scoped_categories, category)


def test_object_rights_from_other_modules_are_untouched(admin_user, employee, scoped_categories):
    """An object right given directly (an instructor, an assignee…) is not a grant."""
    category = EmployeeCategoryFactory(name="Direct")
    assign_perm(scoped_categories, employee, category)
    assert fresh(employee).has_perm(scoped_categories, category)
    with pytest.raises(ValidationError, match="by another route"):
        services.permission_grant(
            actor=admin_user, user=employee, codename=scoped_categories, scope=category
        )


def test_scope_must_match_the_right(admin_user, employee, scoped_categories):
    other_user = UserFactory(username="not-a-category")
    before = snapshot()
    with pytest.raises(ValidationError, match="cannot be limited"):
        services.permission_grant(actor=admin_user, user=employee, codename=USERS, scope=other_user)
    with pytest.raises(ValidationError, match="cannot be limited"):
        services.permission_grant(
            actor=admin_user, user=employee, codename=scoped_categories, scope=other_user
        )
    assert snapshot() == before


# --- Roles -------------------------------------------------------------------------------------


def test_role_change_keeps_superuser_and_staff_in_sync(admin_user, employee):
    user = services.user_set_role(actor=admin_user, user=employee, role="admin")
    assert user.is_superuser and user.is_staff and fresh(employee).has_perm(USERS)
    user = services.user_set_role(actor=admin_user, user=employee, role="moderator")
    assert not user.is_superuser and not user.is_staff and not fresh(employee).has_perm(USERS)
    assert fresh(employee).role == "moderator"
    entries = AuditLog.objects.filter(action="accounts.user.role", target_id=str(employee.pk))
    assert entries.count() == 2


def test_role_change_bad_input(admin_user, employee):
    with pytest.raises(ValidationError, match="Unknown role"):
        services.user_set_role(actor=admin_user, user=employee, role="king")
    with pytest.raises(ValidationError, match="your own administrator role"):
        services.user_set_role(actor=admin_user, user=admin_user, role="employee")
    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=employee, user=employee, role="admin")
    assert not AuditLog.objects.exists()
    assert fresh(admin_user).is_superuser and not fresh(employee).is_superuser


def test_moderator_role_defaults_still_apply(moderator):
    from accounts.backends import RoleBackend

    assert RoleBackend().get_all_permissions(moderator) == {
        "forum.validate_topics",
        "forum.validate_posts",
    }


# --- Pages -------------------------------------------------------------------------------------


def test_grant_page_grants(admin_client, employee):
    response = admin_client.post(
        reverse("manage:permission_grant"),
        {"user": employee.username, "right": USERS, "expires_at": ""},
    )
    assert response.status_code == 302
    assert fresh(employee).has_perm(USERS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"user": "nobody", "right": USERS}, "No colleague matches “nobody”"),
        ({"user": "employee", "right": "auth.add_user"}, "Select a valid choice"),
        ({"user": "employee", "right": USERS, "expires_at": "2001-01-01T10:00"}, "in the future"),
        ({"user": "employee", "right": USERS, "expires_at": "tomorrow"}, "Enter a valid date"),
    ],
)
def test_grant_page_bad_input(admin_client, employee, data, message):
    response = admin_client.post(reverse("manage:permission_grant"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PermissionGrant.objects.exists()


def test_grant_page_inactive_user(admin_client):
    UserFactory(username="sleeping", is_active=False)
    response = admin_client.post(
        reverse("manage:permission_grant"), {"user": "sleeping", "right": USERS}
    )
    assert "This account is deactivated." in response.content.decode()
    assert not PermissionGrant.objects.exists()


def test_grant_page_twice_shows_the_service_message(admin_client, admin_user, employee):
    services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    response = admin_client.post(
        reverse("manage:permission_grant"), {"user": employee.username, "right": USERS}
    )
    assert response.status_code == 200
    assert "already holds this right" in response.content.decode()
    assert PermissionGrant.objects.count() == 1


def test_grant_page_with_scope(admin_client, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Scoped")
    page = admin_client.get(reverse("manage:permission_grant")).content.decode()
    assert f"accounts.EmployeeCategory:{category.pk}" in page
    response = admin_client.post(
        reverse("manage:permission_grant"),
        {
            "user": employee.username,
            "right": scoped_categories,
            "scope": f"accounts.EmployeeCategory:{category.pk}",
        },
    )
    assert response.status_code == 302
    assert fresh(employee).has_perm(scoped_categories, category)


def test_grant_page_refuses_a_scope_for_a_global_right(admin_client, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Scoped")
    response = admin_client.post(
        reverse("manage:permission_grant"),
        {
            "user": employee.username,
            "right": USERS,
            "scope": f"accounts.EmployeeCategory:{category.pk}",
        },
    )
    assert "cannot be limited" in response.content.decode()
    assert not PermissionGrant.objects.exists()


def test_revoke_page_and_revoking_twice(admin_client, admin_user, employee):
    grant = services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    url = reverse("manage:permission_revoke", kwargs={"pk": grant.pk})
    assert admin_client.get(url).status_code == 405
    assert admin_client.post(url).status_code == 302
    response = admin_client.post(url, follow=True)
    assert "already revoked" in response.content.decode()
    assert AuditLog.objects.filter(action="accounts.permission.revoke").count() == 1


def test_permission_list_filters_and_query_count(
    admin_client, admin_user, django_assert_max_num_queries
):
    for number in range(30):
        services.permission_grant(
            actor=admin_user, user=UserFactory(username=f"holder{number}"), codename=USERS
        )
    services.permission_revoke(actor=admin_user, grant=PermissionGrant.objects.first())
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("manage:permission_list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 20
    response = admin_client.get(reverse("manage:permission_list"), {"user": "holder1"})
    assert {g.user.username for g, _l, _s in response.context["rows"]} <= {
        f"holder{n}" for n in [1, *range(10, 20)]
    }
    response = admin_client.get(reverse("manage:permission_list"), {"status": "revoked"})
    assert len(response.context["rows"]) == 1
    response = admin_client.get(
        reverse("manage:permission_list"), {"right": "accounts.manage_employee_categories"}
    )
    assert "No grants" in response.content.decode()


def test_check_page_explains_every_right(admin_client, admin_user, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Explained")
    expiry = timezone.now() + timedelta(days=3)
    services.permission_grant(actor=admin_user, user=employee, codename=USERS, expires_at=expiry)
    services.permission_grant(
        actor=admin_user, user=employee, codename=scoped_categories, scope=category
    )
    response = admin_client.get(reverse("manage:permission_check"), {"user": employee.username})
    rows = response.context["rows"]
    assert {(row["right"].perm, row["source"]) for row in rows} == {
        (USERS, "grant"),
        (scoped_categories, "grant"),
    }
    assert next(r for r in rows if r["right"].perm == USERS)["expires_at"] == expiry
    assert "Explained" in response.content.decode()

    response = admin_client.get(reverse("manage:permission_check"), {"user": admin_user.username})
    assert {row["source"] for row in response.context["rows"]} == {"admin"}
    response = admin_client.get(reverse("manage:permission_check"), {"user": "nobody"})
    assert "No colleague matches “nobody”" in response.content.decode()


def test_check_page_shows_direct_and_object_rights(admin_client, employee):
    category = EmployeeCategoryFactory(name="Direct object")
    assign_perm("accounts.manage_employee_categories", employee, category)
    employee.user_permissions.add(Permission.objects.get(codename="manage_users"))
    response = admin_client.get(reverse("manage:permission_check"), {"user": employee.username})
    sources = {(row["right"].perm, row["source"]) for row in response.context["rows"]}
    assert sources == {(USERS, "direct"), ("accounts.manage_employee_categories", "object")}


def test_manage_nav_entry_only_for_those_who_may(client, employee, admin_user):
    client.force_login(employee)
    assert reverse("manage:index") not in client.get(reverse("dashboard")).content.decode()
    services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    page = client.get(reverse("manage:index")).content.decode()
    assert reverse("manage:user_list") in page
    assert reverse("manage:permission_list") not in page
    assert reverse("manage:index") in client.get(reverse("dashboard")).content.decode()


# --- Concurrency and the admin ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_parallel_grants_of_the_same_right_make_one_grant(on_postgres):
    """Two admins grant the same right at the same moment: the user row lock serialises them."""
    import threading

    from django.db import connection

    admin = UserFactory(username="p-admin", role="admin", is_superuser=True, is_staff=True)
    target = UserFactory(username="p-target")
    barrier, outcomes = threading.Barrier(2), []

    def attempt():
        try:
            barrier.wait()
            services.permission_grant(actor=admin, user=target, codename=USERS)
            outcomes.append("granted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["granted", "refused"]
    assert PermissionGrant.objects.filter(user=target).count() == 1


def test_admin_pages_for_grants_and_categories(admin_client, admin_user, employee):
    services.permission_grant(actor=admin_user, user=employee, codename=USERS)
    category = EmployeeCategoryFactory(name="Admin page")
    assert admin_client.get(reverse("admin:accounts_permissiongrant_changelist")).status_code == 200
    grant = PermissionGrant.objects.get()
    change = admin_client.get(reverse("admin:accounts_permissiongrant_change", args=[grant.pk]))
    assert change.status_code == 200  # view only
    assert admin_client.get(reverse("admin:accounts_permissiongrant_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_permissiongrant_changelist"),
        {"action": "revoke_selected", "_selected_action": [grant.pk]},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == admin_user
    url = reverse("admin:accounts_employeecategory_permissions", args=[category.pk])
    assert admin_client.get(url).status_code == 200  # guardian's object permissions page


def test_admin_role_change_goes_through_the_service(admin_client, employee):
    url = reverse("admin:accounts_user_change", args=[employee.pk])
    data = {
        "username": employee.username,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "email": employee.email,
        "is_active": "on",
        "role": "admin",
        "employee_id": employee.employee_id,
        "department": employee.department,
        "position": employee.position,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee.refresh_from_db()
    assert employee.role == "admin" and employee.is_superuser and employee.is_staff
    assert AuditLog.objects.filter(action="accounts.user.role").exists()


def test_check_page_shows_rights_from_the_role(admin_client, moderator, monkeypatch):
    """Moderators' default rights (forum ones in production) are explained as the role."""
    from accounts import selectors as accounts_selectors

    monkeypatch.setattr(accounts_selectors, "ROLE_PERMISSIONS", {"moderator": frozenset({USERS})})
    response = admin_client.get(reverse("manage:permission_check"), {"user": moderator.username})
    assert [(row["right"].perm, row["source"]) for row in response.context["rows"]] == [
        (USERS, "role")
    ]
    assert "Moderator role" in response.content.decode()


def test_revoking_a_grant_whose_object_was_deleted(admin_user, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Deleted later")
    grant = services.permission_grant(
        actor=admin_user, user=employee, codename=scoped_categories, scope=category
    )
    category.delete()
    services.permission_revoke(actor=admin_user, grant=grant)
    assert not UserObjectPermission.objects.exists()
    assert PermissionGrant.objects.get().revoked_at is not None
