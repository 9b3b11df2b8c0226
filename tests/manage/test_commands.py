"""Ops commands: grant_permission, revoke_permission, deactivate_user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import PermissionGrant, User
from intrasphere.models import AuditLog
from tests.factories import EmployeeCategoryFactory, UserFactory

USERS = "accounts.manage_users"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_grant_and_revoke(admin_user, employee):
    out = run(
        "grant_permission", employee.username, USERS, "--expires", "2999-12-31", "--actor", "admin"
    )
    assert "Granted" in out and "by admin" in out
    grant = PermissionGrant.objects.get()
    assert grant.granted_by == admin_user and grant.expires_at.year == 2999
    assert User.objects.get(pk=employee.pk).has_perm(USERS)
    assert "Revoked" in run("revoke_permission", employee.username, USERS, "--actor", "admin")
    assert not User.objects.get(pk=employee.pk).has_perm(USERS)
    assert AuditLog.objects.filter(actor=admin_user).count() == 2


def test_actor_option(admin_user, employee):
    second = UserFactory(username="second", role="admin", is_superuser=True)
    run("grant_permission", employee.username, USERS, "--actor", "second")
    assert PermissionGrant.objects.get().granted_by == second
    with pytest.raises(CommandError, match="No active administrator"):
        run("grant_permission", employee.username, USERS, "--actor", employee.username)


def test_scoped_grant(admin_user, employee, scoped_categories):
    category = EmployeeCategoryFactory(name="Ops scope")
    run("grant_permission", employee.username, scoped_categories, "--scope-id", str(category.pk))
    assert User.objects.get(pk=employee.pk).has_perm(scoped_categories, category)
    with pytest.raises(CommandError, match="No employee category has the id"):
        run("grant_permission", employee.username, scoped_categories, "--scope-id", "999")
    with pytest.raises(CommandError, match="cannot be limited"):
        run("grant_permission", employee.username, USERS, "--scope-id", str(category.pk))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("grant_permission", "nobody", USERS), "No account has the username"),
        (("grant_permission", "employee", "content.nope"), "not a right that can be delegated"),
        (("grant_permission", "employee", USERS, "--expires", "2001-01-01"), "in the future"),
        (("grant_permission", "employee", USERS, "--expires", "soon"), "Cannot read the expiry"),
        (("revoke_permission", "employee", USERS), "holds no unrevoked grant"),
        (("revoke_permission", "--grant", "999"), "No grant has the number"),
        (("revoke_permission",), "Give either --grant"),
        (("deactivate_user", "nobody"), "No account has the username"),
        (("deactivate_user", "admin", "--actor", "admin"), "your own account"),
        (("deactivate_user", "employee", "--actor", "employee"), "No active administrator"),
    ],
)
def test_bad_input(admin_user, employee, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not PermissionGrant.objects.exists() and not AuditLog.objects.exists()


def test_revoke_by_number_twice(admin_user, employee):
    run("grant_permission", employee.username, USERS)
    number = str(PermissionGrant.objects.get().pk)
    run("revoke_permission", "--grant", number)
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke_permission", "--grant", number)


def test_deactivate_user(admin_user, employee):
    assert "deactivated" in run("deactivate_user", employee.username)
    assert not User.objects.get(pk=employee.pk).is_active
    with pytest.raises(CommandError, match="already deactivated"):
        run("deactivate_user", employee.username)


def test_without_actor_the_system_acts(admin_user, employee):
    """No guessed administrator: the audit log says `system`, and the first superuser (here
    `admin`, as an `ops` account would be) can be deactivated like anyone."""
    run("grant_permission", employee.username, USERS)
    grant = PermissionGrant.objects.get()
    assert grant.granted_by is None
    run("revoke_permission", "--grant", str(grant.pk))
    assert "by system" in run("deactivate_user", "admin")
    assert not User.objects.get(pk=admin_user.pk).is_active
    entries = AuditLog.objects.order_by("pk")
    assert [(e.action, e.actor, e.actor_label) for e in entries] == [
        ("accounts.permission.grant", None, "system"),
        ("accounts.permission.revoke", None, "system"),
        ("accounts.user.deactivate", None, "system"),
    ]
    assert not AuditLog.objects.filter(actor=admin_user).exists()


def test_seed_demo_grants_only_existing_rights_once(db, settings, monkeypatch):
    from accounts import demo

    settings.DEBUG = True
    monkeypatch.setattr(demo, "DEMO_GRANTS", [*demo.DEMO_GRANTS, ("pierre.dubois", USERS)])
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    grants = PermissionGrant.objects.filter(user__username="pierre.dubois")
    assert [grant.perm for grant in grants] == [USERS]  # content.* skipped when absent


def test_expires_date_means_the_end_of_that_day_in_the_portal_time_zone(
    admin_user, employee, settings
):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    settings.TIME_ZONE = "Pacific/Auckland"  # far from UTC: a UTC midnight would show here
    with timezone.override(ZoneInfo("Pacific/Auckland")):
        run("grant_permission", employee.username, USERS, "--expires", "2999-12-31")
        grant = PermissionGrant.objects.get()
        local = timezone.localtime(grant.expires_at)
        assert (local.date().isoformat(), local.time().isoformat()) == (
            "2999-12-31",
            "23:59:59.999999",
        )
        run("revoke_permission", "--grant", str(grant.pk))
        run("grant_permission", employee.username, USERS, "--expires", "2999-12-31T18:00")
        exact = timezone.localtime(PermissionGrant.objects.latest("pk").expires_at)
        assert exact.isoformat() == "2999-12-31T18:00:00+13:00"
