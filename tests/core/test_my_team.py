"""My team (the roof): a manager sees each direct report's mandatory-training obligations,
overdue items and compliance, and reminds one of them (a notification to that person only)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intrasphere.models import AuditLog, Notification
from tests.factories import UserFactory
from tests.training.factories import CertificateFactory, TrainingFactory, seat

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team():
    today = timezone.localdate()
    boss = UserFactory(username="boss")
    fire = TrainingFactory(
        title="Fire", is_mandatory=True, deadline_date=today - datetime.timedelta(days=1)
    )
    TrainingFactory(
        title="Forklift",
        is_mandatory=True,
        audience_restricted=True,
        audience_departments="|Warehouse|",
    )
    done = UserFactory(username="done", last_name="Done", manager=boss)
    seat(fire, done, status="completed", progress=100)
    CertificateFactory(training=fire, user=done, expires_at=None)
    late = UserFactory(username="late", last_name="Late", department="Warehouse", manager=boss)
    UserFactory(username="elsewhere", manager=UserFactory())
    return {"boss": boss, "done": done, "late": late}


def test_a_manager_sees_each_report_s_obligations(team):
    response = signed_in(team["boss"]).get(reverse("my_team"))
    rows = {row.person.username: row for row in response.context["rows"]}
    assert set(rows) == {"done", "late"}
    assert (rows["done"].compliant, rows["done"].total, rows["done"].late) == (1, 1, 0)
    late = rows["late"]
    assert (late.compliant, late.total, late.late) == (0, 2, 1)
    assert [(o.training.title, o.state) for o in late.pending] == [
        ("Fire", "overdue"),
        ("Forklift", "not_started"),
    ]
    html = response.content.decode()
    assert "0 of 2 compliant" in html and "Remind" in html


def test_remind_notifies_that_report_only(team):
    client = signed_in(team["boss"])
    response = client.post(reverse("team_remind", args=["late"]), follow=True)
    assert "was reminded" in response.content.decode()
    notification = Notification.objects.get()
    assert notification.recipient == team["late"]
    assert "Fire (overdue)" in notification.text and "Forklift" in notification.text
    assert AuditLog.objects.filter(action="accounts.team.remind").count() == 1


def test_nothing_pending_sends_nothing(team):
    response = signed_in(team["boss"]).post(reverse("team_remind", args=["done"]), follow=True)
    assert "has nothing pending" in response.content.decode()
    assert not Notification.objects.exists()


def test_only_the_manager_may_remind(team):
    for person in (UserFactory(), team["late"]):
        response = signed_in(person).post(reverse("team_remind", args=["late"]))
        assert response.status_code == 403
    assert not Notification.objects.exists()


def test_without_reports_the_page_says_so():
    response = signed_in(UserFactory()).get(reverse("my_team"))
    assert response.status_code == 200 and "Nobody reports to you" in response.content.decode()


@pytest.mark.parametrize("reports", [5, 50])
def test_my_team_query_count_does_not_grow(reports, django_assert_max_num_queries):
    boss = UserFactory()
    fire = TrainingFactory(is_mandatory=True, max_participants=100)
    for index in range(reports):
        person = UserFactory(manager=boss)
        if index % 2:
            seat(fire, person, progress=10)
    client = signed_in(boss)
    client.get(reverse("my_team"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("my_team")).status_code == 200
