"""Users, figures, search and notifications through the API: the manage pages' rule of who
may change whom, the dashboard's figures, the search's visibility, my notifications only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from intrasphere.models import AuditLog, Notification
from intrasphere.roof import dashboard
from intrasphere.services import notification_send
from tests.api.helpers import ApiClient, token_for
from tests.content.factories import AnnouncementFactory
from tests.factories import UserFactory, grant


@pytest.fixture
def user_manager(db):
    return grant(UserFactory(username="hr"), "accounts.manage_users")


def new_person(**extra):
    return {
        "username": "newbie",
        "first_name": "New",
        "last_name": "Bie",
        "email": "newbie@example.com",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
        **extra,
    }


def test_a_user_manager_creates_searches_and_edits_accounts(user_manager):
    api = ApiClient(token_for(user_manager))
    made = api.post("/api/v1/users", new_person(role="admin"))  # no role for non-admins
    assert made.status_code == 201, made.content
    person = User.objects.get(username="newbie")
    assert person.role == User.Role.EMPLOYEE and not person.is_superuser
    found = api.get("/api/v1/users", {"q": "newbie", "active": "yes"}).json()
    assert [row["username"] for row in found["results"]] == ["newbie"]
    changed = api.patch(f"/api/v1/users/{person.pk}", {"position": "Analyst"})
    assert changed.json()["position"] == "Analyst"
    assert changed.json()["email"] == "newbie@example.com"  # PATCH keeps the rest
    assert AuditLog.objects.filter(action="accounts.user.update", actor=user_manager).exists()


def test_only_an_administrator_changes_an_administrator(user_manager, admin_user):
    api = ApiClient(token_for(user_manager))
    assert api.patch(f"/api/v1/users/{admin_user.pk}", {"position": "x"}).status_code == 403
    assert api.put(f"/api/v1/users/{admin_user.pk}/deactivate").status_code == 403
    assert User.objects.get(pk=admin_user.pk).is_active


def test_an_administrator_sets_roles(admin_user):
    api = ApiClient(token_for(admin_user))
    made = api.post("/api/v1/users", new_person(role="moderator"))
    assert made.status_code == 201, made.content
    assert made.json()["role"] == "moderator"


def test_a_deactivated_account_loses_its_token_at_once(user_manager):
    person = UserFactory(username="leaving")
    their_api = ApiClient(token_for(person))
    assert their_api.get("/api/v1/auth/me").status_code == 200
    api = ApiClient(token_for(user_manager))
    done = api.put(f"/api/v1/users/{person.pk}/deactivate")
    assert done.status_code == 200
    assert done.json()["is_active"] is False
    assert their_api.get("/api/v1/auth/me").status_code == 401
    again = api.put(f"/api/v1/users/{person.pk}/deactivate")
    assert again.status_code == 400
    assert api.put(f"/api/v1/users/{person.pk}/activate").json()["is_active"] is True


def test_a_user_manager_cannot_deactivate_themselves(user_manager):
    response = ApiClient(token_for(user_manager)).put(f"/api/v1/users/{user_manager.pk}/deactivate")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body, field",
    [
        (new_person(password2="different"), "password2"),
        (new_person(email="not an email"), "email"),
        (new_person(username=""), "username"),
        (new_person(employee_category=999999), "employee_category"),
        (new_person(username={"a": 1}), "username"),
    ],
)
def test_a_refused_account_answers_400(user_manager, body, field):
    response = ApiClient(token_for(user_manager)).post("/api/v1/users", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not User.objects.filter(username="newbie").exists()


def test_an_employee_may_not_list_accounts(employee):
    assert ApiClient(token_for(employee)).get("/api/v1/users").status_code == 403


def test_stats_are_the_dashboards_figures(employee):
    AnnouncementFactory.create_batch(3)
    AnnouncementFactory(audience_departments="|Finance|", audience_restricted=True)
    stats = ApiClient(token_for(employee)).get("/api/v1/stats").json()
    figures = {row["key"]: row["value"] for row in stats}
    assert figures["announcements"] == 3  # not the one meant for Finance
    tiles = dashboard.stats_tiles(employee)
    assert [row["value"] for row in stats] == [value for _label, value, _url in tiles]
    assert "open_complaints" not in figures  # only for those who handle complaints


def test_stats_labels_follow_the_language_and_keys_do_not(employee):
    api = ApiClient(token_for(employee))
    french = api.get("/api/v1/stats", HTTP_ACCEPT_LANGUAGE="fr").json()
    english = api.get("/api/v1/stats", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [row["key"] for row in french] == [row["key"] for row in english]


def test_search_shows_only_what_the_caller_may_see(employee):
    AnnouncementFactory(title="Quarterly budget")
    AnnouncementFactory(
        title="Secret budget", audience_departments="|Finance|", audience_restricted=True
    )
    api = ApiClient(token_for(employee))
    groups = api.get("/api/v1/search", {"q": "budget"}).json()
    titles = [hit["title"] for group in groups for hit in group["hits"]]
    assert "Quarterly budget" in titles and "Secret budget" not in titles
    key = next(group["key"] for group in groups if group["hits"])
    page = api.get("/api/v1/search", {"q": "budget", "type": key}).json()
    assert page["count"] == 1
    assert api.get("/api/v1/search", {"q": "budget", "type": "nope"}).status_code == 400
    assert api.get("/api/v1/search").status_code == 400


def test_notifications_are_mine_only(employee):
    mine = notification_send(recipients=[employee], kind="t", message="Mine", url="/")[0]
    theirs = notification_send(recipients=[UserFactory()], kind="t", message="No", url="/")[0]
    api = ApiClient(token_for(employee))
    listed = api.get("/api/v1/notifications").json()
    assert [row["message"] for row in listed["results"]] == ["Mine"]
    assert api.put(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert api.put(f"/api/v1/notifications/{mine.pk}/read").json()["read_at"] is not None
    assert api.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 0
    notification_send(recipients=[employee], kind="t", message="More", url="/")
    assert api.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def _same_queries(client, url, add_rows):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page_size": 100}).status_code == 200
        return len(queries)

    add_rows(5)
    count()  # the token's first use notes its last use
    few = count()
    add_rows(45)
    assert count() == few <= 15


def test_the_user_list_costs_the_same_queries_for_5_and_50(user_manager):
    _same_queries(
        ApiClient(token_for(user_manager)),
        "/api/v1/users",
        lambda n: UserFactory.create_batch(n, employee_category=None),
    )


def test_the_notification_list_costs_the_same_queries_for_5_and_50(employee):
    _same_queries(
        ApiClient(token_for(employee)),
        "/api/v1/notifications",
        lambda n: notification_send(recipients=[employee] * n, kind="t", message="x"),
    )
