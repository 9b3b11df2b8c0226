"""The accounts domain through the API: messages, categories, settings and rights, with the
pages' rules (recipient checks, audit, rights in force at each request)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import EmployeeCategory, Message, PermissionGrant
from intrasphere.models import AuditLog, SiteSettings
from tests.api.helpers import ApiClient, token_for
from tests.factories import MessageFactory, UserFactory


def test_a_message_sent_through_the_api_reaches_its_recipient(employee):
    colleague = UserFactory(username="colleague")
    client = ApiClient(token_for(employee))
    sent = client.post(
        "/api/v1/messages", {"recipient": "colleague", "subject": "Lunch", "body": "At noon?"}
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["recipient"]["username"] == "colleague"
    reader = ApiClient(token_for(colleague))
    inbox = reader.get("/api/v1/messages").json()
    assert [m["subject"] for m in inbox["results"]] == ["Lunch"]
    assert inbox["results"][0]["read_at"] is None
    read = reader.put(f"/api/v1/messages/{sent.json()['id']}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    outbox = client.get("/api/v1/messages", {"box": "sent"}).json()
    assert outbox["count"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"recipient": "employee", "subject": "Me", "body": "x"}, "recipient"),
        ({"recipient": "nobody", "subject": "x", "body": "x"}, "recipient"),
        ({"recipient": "colleague", "subject": "   ", "body": "x"}, "subject"),
        ({"recipient": "colleague", "subject": "x", "body": "y" * 20001}, "body"),
        ({"recipient": ["colleague"], "subject": "x", "body": "x"}, "recipient"),
    ],
)
def test_a_refused_message_is_not_sent(employee, body, field):
    UserFactory(username="colleague")
    response = ApiClient(token_for(employee)).post("/api/v1/messages", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Message.objects.exists()


def test_message_lists_cost_the_same_queries_for_5_and_50_messages(employee):
    client = ApiClient(token_for(employee))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/messages", {"page_size": 100}).status_code == 200
        return len(queries)

    MessageFactory.create_batch(5, recipient=employee)
    count()  # the token's first use of the minute also notes its last use
    few = count()
    MessageFactory.create_batch(45, recipient=employee)
    assert count() == few <= 15


def test_employee_categories_are_managed_through_the_api_and_audited(employee):
    from tests.factories import grant

    manager = grant(employee, "accounts.manage_employee_categories")
    client = ApiClient(token_for(manager))
    made = client.post("/api/v1/employee-categories", {"name": "Field staff"})
    assert made.status_code == 201
    pk = made.json()["id"]
    duplicate = client.post("/api/v1/employee-categories", {"name": "Field staff"})
    assert duplicate.status_code == 400
    assert "name" in duplicate.json()["errors"]
    assert (
        client.patch(f"/api/v1/employee-categories/{pk}", {"description": "Out"}).json()[
            "description"
        ]
        == "Out"
    )
    assert client.delete(f"/api/v1/employee-categories/{pk}").status_code == 204
    assert not EmployeeCategory.objects.exists()
    assert AuditLog.objects.filter(actor=manager).count() >= 3


def test_system_settings_through_the_api(admin_user):
    client = ApiClient(token_for(admin_user))
    assert client.patch("/api/v1/system-settings", {"contact_email": "bad"}).status_code == 400
    changed = client.patch("/api/v1/system-settings", {"site_name": "Our intranet"})
    assert changed.status_code == 200
    assert SiteSettings.load(fresh=True).site_name == "Our intranet"
    assert changed.json()["registration_open"] is False


def test_a_right_granted_through_the_api_works_at_once_and_stops_when_revoked(admin_user):
    person = UserFactory(username="person")
    person_api = ApiClient(token_for(person))
    assert person_api.get("/api/v1/employee-categories").status_code == 403
    admin_api = ApiClient(token_for(admin_user))
    granted = admin_api.post(
        "/api/v1/permissions",
        {"user": "person", "right": "accounts.manage_employee_categories"},
    )
    assert granted.status_code == 201, granted.content
    assert person_api.get("/api/v1/employee-categories").status_code == 200
    held = admin_api.get(f"/api/v1/permissions/{person.pk}").json()
    assert {"right": "accounts.manage_employee_categories", "source": "grant"}.items() <= held[
        0
    ].items()
    check = person_api.get(
        "/api/v1/permissions/check", {"perm": "accounts.manage_employee_categories"}
    )
    assert check.json()["granted"] is True
    grant_id = PermissionGrant.objects.get(user=person).pk
    assert admin_api.delete(f"/api/v1/permissions/{grant_id}").json()["status"] == "revoked"
    assert person_api.get("/api/v1/employee-categories").status_code == 403


def test_a_grant_refused_by_the_rules_answers_400(admin_user):
    client = ApiClient(token_for(admin_user))
    inactive = UserFactory(username="gone", is_active=False)
    response = client.post(
        "/api/v1/permissions", {"user": inactive.username, "right": "content.manage_events"}
    )
    assert response.status_code == 400
    assert "user" in response.json()["errors"]
    assert (
        client.post("/api/v1/permissions", {"user": "gone", "right": "no.such_right"}).status_code
        == 400
    )
    assert not PermissionGrant.objects.exists()
