"""Mandatory enrolment of groups, the compliance matrix, its drill-down and CSV."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intrasphere.models import SiteSettings
from tests.factories import EmployeeCategoryFactory, UserFactory, grant
from tests.training.factories import TrainingFactory, seat
from training.models import Participant

Status = Participant.Status


@pytest.fixture
def manager_client(client, db):
    client.force_login(grant(UserFactory(username="boss"), "training.manage_trainings"))
    return client


def test_enrol_a_department(manager_client):
    training = TrainingFactory(is_mandatory=True, max_participants=10)
    for i in range(3):
        UserFactory(username=f"sales{i}", department="Sales")
    UserFactory(username="inactive", department="Sales", is_active=False)
    UserFactory(username="it", department="IT")
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = manager_client.post(
        reverse("training:training_enrol", args=[training.pk]),
        {"department": "Sales", "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.participant_count == 3
    assert set(Participant.objects.values_list("due_date", flat=True)) == {due}
    # Again: nobody is enrolled twice.
    manager_client.post(
        reverse("training:training_enrol", args=[training.pk]),
        {"department": "Sales", "due_date": due.isoformat()},
    )
    training.refresh_from_db()
    assert training.participant_count == 3 and Participant.objects.count() == 3


def test_enrol_a_category(manager_client):
    category = EmployeeCategoryFactory(name="Drivers")
    training = TrainingFactory(is_mandatory=True)
    UserFactory(username="d1", employee_category=category)
    manager_client.post(
        reverse("training:training_enrol", args=[training.pk]),
        {"category": category.pk, "due_date": "2030-01-01"},
    )
    assert Participant.objects.get().user.username == "d1"


def test_enrol_bad_input_saves_nothing(manager_client):
    training = TrainingFactory(is_mandatory=True, max_participants=2)
    for i in range(3):
        UserFactory(username=f"ops{i}", department="Ops")
    url = reverse("training:training_enrol", args=[training.pk])
    response = manager_client.post(url, {"due_date": "2030-01-01"})
    assert "Choose a department" in response.content.decode()
    response = manager_client.post(url, {"department": "Ops", "due_date": "not a date"})
    assert response.status_code == 200 and "due_date" in response.context["form"].errors
    response = manager_client.post(url, {"department": "Ops", "due_date": "2030-01-01"})
    assert "needs 3 seats but only 2 are free" in response.content.decode()
    assert not Participant.objects.exists()


def test_employee_cannot_enrol(employee_client):
    training = TrainingFactory()
    url = reverse("training:training_enrol", args=[training.pk])
    assert employee_client.post(url, {"department": "Ops"}).status_code == 403


def test_matrix_counts_drill_down_and_csv(manager_client, django_assert_max_num_queries):
    today = timezone.localdate()
    fire = TrainingFactory(title="Fire", is_mandatory=True, max_participants=50)
    gdpr = TrainingFactory(title="GDPR", is_mandatory=True, max_participants=50)
    TrainingFactory(title="Optional")
    for i in range(4):
        seat(fire, UserFactory(username=f"s{i}", department="Sales"), status=Status.COMPLETED)
    for i in range(2):
        seat(
            fire,
            UserFactory(username=f"o{i}", department="Sales"),
            due_date=today - datetime.timedelta(days=1),
        )
    seat(gdpr, UserFactory(username="it1", department="IT"), due_date=today)
    SiteSettings.load()  # the row a running portal has (its first page would create it)
    with django_assert_max_num_queries(15):
        response = manager_client.get(reverse("training:compliance"))
    rows = dict(response.context["rows"])
    assert [t.title for t in response.context["trainings"]] == ["Fire", "GDPR"]
    sales_fire = rows["Sales"][0][1]
    assert (sales_fire.compliant, sales_fire.in_progress, sales_fire.overdue) == (4, 0, 2)
    it_gdpr = rows["IT"][1][1]
    assert (it_gdpr.compliant, it_gdpr.not_started, it_gdpr.overdue) == (0, 1, 0)
    detail = manager_client.get(
        reverse("training:compliance_detail", args=[fire.pk]) + "?department=Sales"
    )
    assert len(detail.context["page"].object_list) == 6
    assert "Overdue" in detail.content.decode()
    csv_body = manager_client.get(reverse("training:compliance") + "?format=csv").content.decode()
    # compliant, in progress, not started, overdue, expired, total
    assert "Sales,Fire,4,0,0,2,0,6" in csv_body


def test_obligations_show_due_and_overdue(employee_client, employee):
    today = timezone.localdate()
    seat(
        TrainingFactory(title="Overdue one"), employee, due_date=today - datetime.timedelta(days=2)
    )
    seat(TrainingFactory(title="Soon one"), employee, due_date=today + datetime.timedelta(days=2))
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert "Overdue one" in body and "was due" in body
    assert "Soon one" in body


def test_drill_down_query_count(manager_client, django_assert_max_num_queries):
    fire = TrainingFactory(title="Fire", is_mandatory=True, max_participants=50)
    for i in range(30):
        seat(fire, UserFactory(username=f"s{i}", department="Sales"))
    url = reverse("training:compliance_detail", args=[fire.pk]) + "?department=Sales"
    with django_assert_max_num_queries(15):
        response = manager_client.get(url)
    assert len(response.context["page"].object_list) == 20
