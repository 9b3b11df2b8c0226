"""API matrix cases: the signed-in person, messages, employee categories, settings, rights."""

from django.core.files.base import ContentFile

from accounts import services
from tests.api.cases import admin_only, needs, pk, signed_in
from tests.factories import EmployeeCategoryFactory, MessageFactory, UserFactory
from tests.matrix import Case

CATEGORIES = "accounts.manage_employee_categories"


def _with_photo(person):
    person.avatar.save("a.png", ContentFile(b"\x89PNG fake"), save=True)
    return person


OBJECTS = {
    "api_private_message": lambda w: MessageFactory(
        sender=UserFactory(username="a-writer"), recipient=UserFactory(username="a-reader")
    ),
    "api_message_to_employee": lambda w: MessageFactory(
        sender=w.user("admin"), recipient=w.user("employee")
    ),
    "api_photographed": lambda w: _with_photo(UserFactory(username="a-photographed")),
    "api_category": lambda w: EmployeeCategoryFactory(name="API category"),
    "api_grant_target": lambda w: UserFactory(username="a-target"),
    "api_grant": lambda w: services.permission_grant(
        actor=w.user("admin"),
        user=UserFactory(username="a-granted"),
        codename="content.manage_events",
    ),
}

CASES = [
    Case("api:auth-me", signed_in()),
    Case("api:auth-me", signed_in(), method="PATCH", data=lambda w: {"phone": "0102030405"}),
    Case("api:auth-password", signed_in(400), method="PUT", data=lambda w: {"old_password": "x"}),
    Case("api:auth-logout", signed_in(204), method="POST"),
    Case(
        "api:person-avatar",
        signed_in(),
        kwargs=lambda w: {"username": w.get("api_photographed").username},
    ),
    Case(
        "api:person-avatar",
        signed_in(404),
        kwargs=lambda w: {"username": w.user("employee").username},
        label="no photo",
    ),
    Case("api:message-list", signed_in()),
    Case("api:message-list", signed_in(), query="box=sent", label="sent"),
    Case(
        "api:message-list",
        signed_in(201),
        method="POST",
        data=lambda w: {
            "recipient": w.get("api_private_message").recipient.username,
            "subject": "Hi",
            "body": "Hello",
        },
    ),
    Case(
        "api:message-list",
        signed_in(400),
        method="POST",
        data=lambda w: {"recipient": "nobody-here", "subject": "Hi", "body": "Hello"},
        label="bad input",
    ),
    Case("api:message-detail", signed_in(404), kwargs=pk("api_private_message"), label="others"),
    Case(
        "api:message-detail",
        {**signed_in(404), "employee": 200, "admin": 200},
        kwargs=pk("api_message_to_employee"),
    ),
    Case(
        "api:message-read",
        signed_in(404),
        method="PUT",
        kwargs=pk("api_private_message"),
        label="others",
    ),
    Case(
        "api:message-read",
        {**signed_in(404), "employee": 200, "admin": 200},
        method="PUT",
        kwargs=pk("api_message_to_employee"),
    ),
    Case("api:employee-category-list", needs(CATEGORIES)),
    Case(
        "api:employee-category-list",
        needs(CATEGORIES, ok=201),
        method="POST",
        data=lambda w: {"name": "Field staff", "description": ""},
    ),
    Case("api:employee-category-detail", needs(CATEGORIES), kwargs=pk("api_category")),
    Case(
        "api:employee-category-detail",
        needs(CATEGORIES),
        method="PATCH",
        kwargs=pk("api_category"),
        data=lambda w: {"description": "Renamed"},
    ),
    Case(
        "api:employee-category-detail",
        needs(CATEGORIES),
        method="PUT",
        kwargs=pk("api_category"),
        data=lambda w: {"name": "API category 2", "description": ""},
    ),
    Case(
        "api:employee-category-detail",
        needs(CATEGORIES, ok=204),
        method="DELETE",
        kwargs=pk("api_category"),
    ),
    Case("api:system-settings", admin_only()),
    Case(
        "api:system-settings",
        admin_only(),
        method="PATCH",
        data=lambda w: {"site_name": "Our intranet"},
    ),
    Case(
        "api:system-settings",
        admin_only(),
        method="PUT",
        data=lambda w: {"site_name": "Our intranet", "registration_open": False},
    ),
    Case("api:permission-list", admin_only()),
    Case(
        "api:permission-list",
        admin_only(201),
        method="POST",
        data=lambda w: {"user": w.get("api_grant_target").username, "right": CATEGORIES},
    ),
    Case("api:permission-detail", admin_only(), kwargs=lambda w: {"pk": w.user("employee").pk}),
    Case("api:permission-detail", admin_only(), method="DELETE", kwargs=pk("api_grant")),
    Case("api:permission-check", signed_in(), query=f"perm={CATEGORIES}"),
    Case(
        "api:permission-check",
        {**signed_in(404), "delegate": 200, "admin": 200},  # the delegate asks about themselves
        query=f"perm={CATEGORIES}&user=a-delegate",
        label="someone else",
    ),
    Case("api:permission-check", signed_in(400), query="perm=nothing", label="bad input"),
]
