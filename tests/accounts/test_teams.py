"""Teams: a manager on each person (manage users page, admin rule, CSV import), reporting cycles
refused with a clear message and nothing saved, the person page's reporting line and direct
reports, and the org chart a branch at a time (10,000 people within the query budget)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.user_csv import read_user_rows, users_import
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def user_manager():
    return grant(UserFactory(username="hr"), "accounts.manage_users")


def edit(client, person, **changes):
    data = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email or f"{person.username}@example.com",
        "employee_id": person.employee_id or "",
        **changes,
    }
    return client.post(reverse("manage:user_edit", kwargs={"pk": person.pk}), data)


def test_a_user_manager_sets_the_manager_by_username(user_manager):
    boss, clerk = UserFactory(username="boss"), UserFactory(username="clerk")
    response = edit(signed_in(user_manager), clerk, manager_username="BOSS")
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.manager == boss
    page = signed_in(user_manager).get(reverse("manage:user_edit", kwargs={"pk": clerk.pk}))
    assert page.context["form"]["manager_username"].value() == "boss"
    edit(signed_in(user_manager), clerk, manager_username="")
    clerk.refresh_from_db()
    assert clerk.manager is None


@pytest.mark.parametrize(
    ("manager", "message"),
    [
        ("nobody", "No active person has this username."),
        ("self", "A person cannot be their own manager."),
        ("report", "a reporting line cannot go round in a circle"),
    ],
)
def test_bad_managers_are_refused_and_nothing_is_saved(user_manager, manager, message):
    top = UserFactory(username="top", first_name="Ann")
    middle = UserFactory(username="middle", manager=top)
    UserFactory(username="report", manager=middle)
    username = {"self": "top"}.get(manager, manager)
    response = edit(signed_in(user_manager), top, manager_username=username, first_name="Changed")
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["manager_username"])
    top.refresh_from_db()
    assert top.manager is None and top.first_name == "Ann"


def test_the_model_refuses_a_cycle_however_it_is_saved():
    """The admin and the services call full_clean: the rule is the model's."""
    top = UserFactory()
    below = UserFactory(manager=top)
    top.manager = below
    with pytest.raises(ValidationError) as refused:
        top.full_clean(exclude=["password"])
    assert "circle" in str(refused.value.message_dict["manager"])


def import_csv(text: str, **options):
    return users_import(rows=read_user_rows(io.StringIO(text)), **options)


def test_the_import_sets_managers_even_later_in_the_file():
    report = import_csv(
        "employee_id,username,manager_employee_id\nE2,clerk,E1\nE1,boss,\nE3,intern,E2\n"
    )
    assert report.saved and not report.errors
    managers = dict(User.objects.values_list("username", "manager__username"))
    assert managers == {"clerk": "boss", "boss": None, "intern": "clerk"}
    again = import_csv("employee_id,username,manager_employee_id\nE2,clerk,E1\n")
    assert again.unchanged == 1 and again.managers_changed == 0


def test_the_import_refuses_a_cycle_or_an_unknown_manager_and_saves_nothing():
    UserFactory(username="boss", employee_id="E1")
    report = import_csv(
        "employee_id,username,manager_employee_id\nE1,boss,E2\nE2,clerk,E1\nE3,intern,E9\n"
    )
    assert not report.saved
    lines = dict(report.errors)
    assert "circle" in lines[3] and "nobody has employee_id 'E9'" in lines[4]
    assert not User.objects.filter(manager__isnull=False).exists()
    assert not User.objects.filter(username="intern").exists()


def test_the_person_page_shows_the_reporting_line_and_the_direct_reports():
    ceo = UserFactory(first_name="Cleo", last_name="Ceo")
    head = UserFactory(first_name="Hugo", last_name="Head", manager=ceo)
    person = UserFactory(first_name="Pia", last_name="Person", manager=head)
    UserFactory(first_name="Rita", last_name="Report", manager=person)
    UserFactory(first_name="Gone", last_name="Report", manager=person, is_active=False)
    page = signed_in(UserFactory()).get(person.get_absolute_url()).content.decode()
    assert "Reports to" in page and page.index("Hugo Head") < page.index("Cleo Ceo")
    assert "Direct reports" in page and "Rita Report" in page and "Gone Report" not in page


def test_the_org_chart_shows_one_branch_at_a_time():
    ceo = UserFactory(username="ceo", last_name="Ceo")
    head = UserFactory(username="head", last_name="Head", manager=ceo)
    UserFactory(username="clerk", last_name="Clerk", manager=head)
    client = signed_in(UserFactory(username="viewer", last_name="Viewer"))
    url = reverse("accounts:org_chart")
    top = client.get(url)
    assert {p.username for p in top.context["page"]} == {"ceo", "viewer"}
    assert "1 direct report" in top.content.decode()
    branch = client.get(url, {"person": "head"})
    assert [p.username for p in branch.context["line"]] == ["ceo"]
    assert [p.username for p in branch.context["page"]] == ["clerk"]
    found = client.get(url, {"q": "clerk"})
    assert [p.username for p in found.context["page"]] == ["clerk"]
    assert client.get(url, {"person": "nobody"}).status_code == 404


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_org_chart_of_10000_people_stays_within_the_query_budget():
    """A four-level company of 10,000: every view of the chart reads a page of one branch."""
    ceo = UserFactory(username="ceo")
    heads = User.objects.bulk_create(
        [User(username=f"head{i}", manager=ceo, password="!") for i in range(10)]
    )
    leads = User.objects.bulk_create(
        [User(username=f"lead{i}", manager=heads[i % 10], password="!") for i in range(100)]
    )
    User.objects.bulk_create(
        [User(username=f"p{i}", manager=leads[i % 100], password="!") for i in range(9889)],
        batch_size=2000,
    )
    assert User.objects.count() >= 10_000
    client = signed_in(ceo)
    url = reverse("accounts:org_chart")
    client.get(url)
    for params in ({}, {"person": "ceo"}, {"person": "lead7"}, {"q": "p99"}):
        assert count_queries(client, url, params) <= 15, params
    page = client.get(url, {"person": "lead7"})
    assert [p.username for p in page.context["line"]] == ["ceo", "head7"]
    assert page.context["page"].paginator.count == 99


@pytest.mark.parametrize("reports", [5, 50])
def test_the_org_chart_query_count_does_not_grow(reports):
    boss = UserFactory(username="boss")
    for _ in range(reports):
        UserFactory(manager=boss)
    client = signed_in(boss)
    url = reverse("accounts:org_chart")
    client.get(url)
    assert count_queries(client, url, {"person": "boss"}) <= 15
    assert count_queries(client, boss.get_absolute_url(), {}) <= 15


def test_the_api_sets_the_manager_and_refuses_a_cycle(user_manager):
    from rest_framework.test import APIClient

    top, below = UserFactory(username="top"), UserFactory(username="below")
    client = APIClient()
    client.force_authenticate(user_manager)
    url = reverse("api:user-detail", args=[below.pk])
    assert client.patch(url, {"manager_username": "top"}, format="json").status_code == 200
    below.refresh_from_db()
    assert below.manager == top
    refused = client.patch(
        reverse("api:user-detail", args=[top.pk]), {"manager_username": "below"}, format="json"
    )
    assert refused.status_code == 400 and "circle" in str(refused.json())
    top.refresh_from_db()
    assert top.manager is None
