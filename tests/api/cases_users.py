"""API matrix cases: sign-in and registration, and user management (/manage/users/ rules)."""

from intrasphere.services import notification_send
from tests.api.cases import admin_only, needs, signed_in
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.matrix import ROLES, Case

MU = "accounts.manage_users"


def anyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def pk(name):
    return lambda w: {"pk": w.get(name).pk}


def new_user(w):
    return {
        "username": "a-new",
        "first_name": "New",
        "last_name": "Person",
        "email": "new@example.com",
        "role": "employee",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
    }


OBJECTS = {
    "api_managed": lambda w: UserFactory(username="a-managed", department="Finance"),
    "api_inactive": lambda w: UserFactory(username="a-inactive", is_active=False),
    "api_other_admin": lambda w: UserFactory(
        username="a-admin2", role="admin", is_superuser=True, is_staff=True
    ),
    "api_notification": lambda w: notification_send(
        recipients=[w.user("employee")], kind="test", message="Hello", url="/"
    )[0],
}

CASES = [
    Case("api:auth-login", anyone(200)),
    Case(
        "api:auth-login",
        anyone(400),
        method="POST",
        data=lambda w: {"username": "nobody", "password": "wrong"},
        label="bad input",
    ),
    Case(
        "api:auth-login",
        anyone(200),
        method="POST",
        data=lambda w: {"username": w.get("api_managed").username, "password": DEFAULT_PASSWORD},
    ),
    # Registration is closed by default (tests/api/test_auth_api.py opens it).
    Case("api:auth-register", anyone(403), method="POST", data=new_user),
    Case("api:user-list", needs(MU)),
    Case("api:user-list", needs(MU), query="q=managed&active=yes", label="search"),
    Case("api:user-list", needs(MU, ok=400), query="role=king", label="bad filter"),
    Case("api:user-list", needs(MU, ok=201), method="POST", data=new_user),
    Case(
        "api:user-list",
        needs(MU, ok=400),
        method="POST",
        data=lambda w: {**new_user(w), "password2": "another one"},
        label="bad input",
    ),
    Case("api:user-detail", needs(MU), kwargs=pk("api_managed")),
    Case("api:user-detail", needs(MU, ok=404), kwargs=lambda w: {"pk": 999999}, label="unknown"),
    Case(
        "api:user-detail",
        needs(MU),
        method="PATCH",
        kwargs=pk("api_managed"),
        data=lambda w: {"position": "Lead"},
    ),
    Case(
        "api:user-detail",
        needs(MU),
        method="PUT",
        kwargs=pk("api_managed"),
        data=lambda w: {
            "username": "a-managed",
            "email": "managed@example.com",
            "role": "employee",
        },
    ),
    # Only an administrator changes an administrator.
    Case(
        "api:user-detail",
        admin_only(),
        method="PATCH",
        kwargs=pk("api_other_admin"),
        data=lambda w: {"position": "Boss"},
        label="an administrator",
    ),
    Case("api:user-activate", needs(MU), method="PUT", kwargs=pk("api_inactive")),
    Case(
        "api:user-activate",
        needs(MU, ok=400),
        method="PUT",
        kwargs=pk("api_managed"),
        label="already active",
    ),
    Case("api:user-deactivate", needs(MU), method="PUT", kwargs=pk("api_managed")),
    Case(
        "api:user-deactivate",
        admin_only(),
        method="PUT",
        kwargs=pk("api_other_admin"),
        label="an administrator",
    ),
    # The composed reads: figures, search, notifications.
    Case("api:stats", signed_in()),
    Case("api:search", signed_in(), query="q=news"),
    Case("api:search", signed_in(), query="q=news&type=announcements", label="one group"),
    Case("api:search", signed_in(400), query="q=", label="no words"),
    Case("api:notification-list", signed_in()),
    Case(
        "api:notification-read",
        {**signed_in(404), "employee": 200},
        method="PUT",
        kwargs=pk("api_notification"),
    ),
    Case("api:notification-read-all", signed_in(), method="POST"),
]
