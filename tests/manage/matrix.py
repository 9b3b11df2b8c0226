"""Matrix cases for the /manage/ pages (rights, users, categories, settings, audit log)."""

from accounts.models import PermissionGrant
from accounts.services import permission_grant
from tests.factories import EmployeeCategoryFactory, UserFactory
from tests.matrix import Case, admin_only, needs

USERS = "accounts.manage_users"
CATEGORIES = "accounts.manage_employee_categories"
PRIVACY = "accounts.handle_privacy_requests"


def _grant(world) -> PermissionGrant:
    return permission_grant(actor=world.user("admin"), user=world.get("target"), codename=USERS)


OBJECTS = {
    "target": lambda w: UserFactory(username="m-target"),
    "inactive": lambda w: UserFactory(username="m-inactive", is_active=False),
    "grant": _grant,
    "employee_category": lambda w: EmployeeCategoryFactory(name="Matrix category"),
}


def _post_only(url_name: str, perm: str | None, kwargs) -> Case:
    """GET on a POST-only URL: 405 for those who pass the guard, 403/login for others."""
    expect = needs(perm, ok=405) if perm else admin_only(405)
    return Case(url_name, expect, kwargs=kwargs, label="GET refused")


def _target(w):
    return {"pk": w.get("target").pk}


def _admin(w):
    return {"pk": w.user("admin").pk}


def _category(w):
    return {"pk": w.get("employee_category").pk}


CASES = [
    # The hub: a moderator opens it for the forum's moderation queue (intrasphere.manage_links).
    Case("manage:index", needs(USERS, moderator=200)),
    Case("manage:index", needs(CATEGORIES, moderator=200), label="categories delegate"),
    # Delegated rights: administrators only.
    Case("manage:permission_list", admin_only()),
    Case(
        "manage:permission_list",
        admin_only(),
        query="user=m-&right=accounts.manage_users&status=all",
        label="filtered",
    ),
    Case("manage:permission_grant", admin_only()),
    Case(
        "manage:permission_grant",
        admin_only(302),
        method="POST",
        data=lambda w: {"user": w.get("target").username, "right": USERS},
    ),
    Case(
        "manage:permission_grant",
        admin_only(200),
        method="POST",
        data=lambda w: {"user": "nobody", "right": USERS},
        label="bad input",
    ),
    Case("manage:permission_check", admin_only()),
    Case("manage:permission_check", admin_only(), query="user=m-employee", label="user"),
    Case(
        "manage:permission_revoke",
        admin_only(302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("grant").pk},
    ),
    Case(
        "manage:permission_revoke",
        admin_only(404),
        method="POST",
        kwargs=lambda w: {"pk": 999999},
        label="unknown",
    ),
    _post_only("manage:permission_revoke", None, lambda w: {"pk": w.get("grant").pk}),
    # Users: holders of accounts.manage_users.
    Case("manage:user_list", needs(USERS)),
    Case("manage:user_list", needs(USERS), query="q=m-&role=employee&active=yes", label="filtered"),
    Case("manage:user_create", needs(USERS)),
    Case(
        "manage:user_create",
        needs(USERS, ok=302),
        method="POST",
        data=lambda w: {
            "username": "m-new",
            "first_name": "New",
            "last_name": "Person",
            "email": "m-new@example.com",
            "role": "employee",
            "password1": "a-long-enough-secret-42",
            "password2": "a-long-enough-secret-42",
        },
    ),
    Case("manage:user_edit", needs(USERS), kwargs=_target),
    Case(
        "manage:user_edit",
        needs(USERS, ok=302),
        method="POST",
        kwargs=_target,
        data=lambda w: {
            "username": "m-target",
            "first_name": "Target",
            "last_name": "Renamed",
            "email": "m-target@example.com",
            "role": "employee",
        },
    ),
    # A user manager may not touch an administrator; an administrator may.
    Case(
        "manage:user_edit",
        {**needs(USERS, denied=403), "delegate": 403},
        kwargs=_admin,
        label="administrator",
    ),
    Case(
        "manage:user_edit", needs(USERS, ok=404), kwargs=lambda w: {"pk": 999999}, label="unknown"
    ),
    Case(
        "manage:user_deactivate",
        needs(USERS, ok=302),
        method="POST",
        kwargs=_target,
    ),
    Case(
        "manage:user_deactivate",
        {**needs(USERS, ok=302), "delegate": 403},
        method="POST",
        kwargs=lambda w: {
            "pk": UserFactory(username="m-other-admin", role="admin", is_superuser=True).pk
        },
        label="administrator",
    ),
    _post_only("manage:user_deactivate", USERS, _target),
    # Resetting someone's second factor: administrators only (tests/accounts/test_second_factor.py).
    Case("manage:user_second_factor_reset", admin_only(302), method="POST", kwargs=_target),
    _post_only("manage:user_second_factor_reset", None, _target),
    # Anonymisation and exports for someone (issue #27): administrators and the holders of
    # accounts.handle_privacy_requests.
    Case("manage:user_anonymise", needs(PRIVACY), kwargs=_target),
    Case("manage:privacy_requests", needs(PRIVACY)),
    Case("manage:privacy_requests", needs(PRIVACY), query="q=m-target", label="search"),
    Case("manage:privacy_requests", needs(PRIVACY), query="q=%00%ff", label="bad input"),
    Case("manage:index", needs(PRIVACY, moderator=200), label="privacy delegate"),
    Case(
        "manage:user_anonymise",
        needs(PRIVACY, ok=302),
        method="POST",
        kwargs=lambda w: {"pk": UserFactory(username="m-leaver").pk},
        data=lambda w: {"reason": "left"},
    ),
    Case("manage:user_export", needs(PRIVACY), kwargs=_target),
    Case(
        "manage:user_export",
        needs(PRIVACY),
        method="POST",
        kwargs=_target,
        data=lambda w: {"reason": "Access request #12"},
    ),
    Case(
        "manage:user_export",
        needs(PRIVACY),
        method="POST",
        kwargs=_target,
        data=lambda w: {"reason": ""},
        label="bad input",
    ),
    Case(
        "manage:user_activate",
        needs(USERS, ok=302),
        method="POST",
        kwargs=lambda w: {"pk": w.get("inactive").pk},
    ),
    _post_only("manage:user_activate", USERS, lambda w: {"pk": w.get("inactive").pk}),
    Case("manage:user_invite", needs(USERS, ok=302), method="POST", kwargs=_target),
    _post_only("manage:user_invite", USERS, _target),
    Case(
        "manage:user_invite_selected",
        needs(USERS, ok=302),
        method="POST",
        data=lambda w: {"users": [_target(w)["pk"]]},
    ),
    # Employee categories: holders of accounts.manage_employee_categories.
    Case("manage:category_list", needs(CATEGORIES)),
    Case("manage:category_create", needs(CATEGORIES)),
    Case(
        "manage:category_create",
        needs(CATEGORIES, ok=302),
        method="POST",
        data=lambda w: {"name": "Field staff", "description": ""},
    ),
    Case("manage:category_edit", needs(CATEGORIES), kwargs=_category),
    Case(
        "manage:category_edit",
        needs(CATEGORIES, ok=302),
        method="POST",
        kwargs=_category,
        data=lambda w: {"name": "Renamed", "description": "x"},
    ),
    Case(
        "manage:category_edit",
        needs(CATEGORIES, ok=404),
        kwargs=lambda w: {"pk": 999999},
        label="unknown",
    ),
    Case("manage:category_delete", needs(CATEGORIES), kwargs=_category),
    Case("manage:category_delete", needs(CATEGORIES, ok=302), method="POST", kwargs=_category),
    # Site settings and audit log: administrators only.
    Case("manage:settings", admin_only()),
    Case(
        "manage:settings",
        admin_only(302),
        method="POST",
        data=lambda w: {"site_name": "Matrix", "contact_email": "", "welcome_message": ""},
    ),
    Case("manage:audit_log", admin_only()),
    Case(
        "manage:audit_log",
        admin_only(),
        query="action=settings.update&date_from=2020-01-01",
        label="filtered",
    ),
    Case("manage:audit_log", admin_only(), query="date_from=not-a-date", label="bad input"),
]
