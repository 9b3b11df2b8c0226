"""The compliance figures, pinned cell by cell through the matrix page, its CSV, its drill-down
and the dashboard's completion chart data: an empty cell shows nothing done, cancelled and
waitlisted people count nowhere, a participant at 1 % is in progress.

The trainings here have a restricted audience naming nobody: only the people seated in them
hold the obligation (audiences: tests/training/test_mandatory_audience.py)."""

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.training.factories import TrainingFactory, seat
from training import selectors
from training.models import Participant

pytestmark = pytest.mark.django_db
Status = Participant.Status
MANAGE = "training.manage_trainings"


def completion_of(user):
    """The dashboard's completion charts' figures for `user` (as the dashboard reads them)."""
    seated = selectors.seated_participations(user=user)
    return selectors.dashboard_completion(user=user, seated=seated)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager():
    return grant(UserFactory(username="boss"), MANAGE)


@pytest.fixture
def world():
    today = timezone.localdate()
    fire = TrainingFactory(title="Fire safety", is_mandatory=True, audience_restricted=True)
    privacy = TrainingFactory(title="Privacy", is_mandatory=True, audience_restricted=True)
    optional = TrainingFactory(title="Watercolour", is_mandatory=False)

    def person(name, department):
        return UserFactory(username=name, last_name=name.title(), department=department)

    seat(fire, person("done", "Sales"), status=Status.COMPLETED, due_date=today.replace(year=2000))
    seat(fire, person("later", "Sales"), due_date=today + datetime.timedelta(days=3))
    seat(fire, person("today", "Sales"), due_date=today)
    seat(fire, person("late", "Sales"), due_date=today - datetime.timedelta(days=1))
    seat(fire, person("undated", "Sales"))
    seat(fire, person("gone", "Sales"), status=Status.CANCELLED)
    seat(fire, person("waiting", "Sales"), status=Status.WAITLISTED)
    seat(privacy, person("it", "IT"), status=Status.COMPLETED)
    seat(privacy, person("nodept", ""))
    seat(optional, person("artist", "Sales"), status=Status.COMPLETED)
    return {"fire": fire, "privacy": privacy, "optional": optional}


def csv_rows(client) -> list[list[str]]:
    response = client.get(reverse("training:compliance"), {"format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_matrix_counts_each_cell(manager, world):
    rows = csv_rows(signed_in(manager))
    assert rows[0] == [
        "Department",
        "Training",
        "Compliant",
        "In progress",
        "Not started",
        "Overdue",
        "Expired",
        "Total",
    ]
    assert rows[1:] == [
        ["(none)", "Fire safety", "0", "0", "0", "0", "0", "0"],
        ["(none)", "Privacy", "0", "0", "1", "0", "0", "1"],
        ["IT", "Fire safety", "0", "0", "0", "0", "0", "0"],
        ["IT", "Privacy", "1", "0", "0", "0", "0", "1"],
        ["Sales", "Fire safety", "1", "0", "3", "1", "0", "5"],
        ["Sales", "Privacy", "0", "0", "0", "0", "0", "0"],
    ]


def test_an_empty_cell_shows_nothing_done(manager, world):
    response = signed_in(manager).get(reverse("training:compliance"))
    assert response.status_code == 200
    rows = dict(response.context["rows"])
    sales = {training.title: cell for training, cell in rows["Sales"]}
    empty = sales["Privacy"]
    assert empty.total == 0
    full = sales["Fire safety"]
    assert (full.compliant, full.not_started, full.overdue) == (1, 3, 1)
    assert [t.title for t in response.context["trainings"]] == ["Fire safety", "Privacy"]
    body = response.content.decode()
    # One link per figure above 0: Sales/Fire (3), IT/Privacy, (none)/Privacy.
    assert len(re.findall(r"/trainings/compliance/\d+/\?department=", body)) == 5
    assert "Watercolour" not in body


def test_the_drill_down_lists_the_counted_people_only(manager, world):
    client = signed_in(manager)
    url = reverse("training:compliance_detail", args=[world["fire"].pk])
    response = client.get(url, {"department": "Sales"})
    assert response.status_code == 200
    names = [person.username for person, _obligation in response.context["page"]]
    assert names == ["done", "late", "later", "today", "undated"]  # by last name
    nodept = client.get(reverse("training:compliance_detail", args=[world["privacy"].pk]))
    assert [person.username for person, _o in nodept.context["page"]] == ["nodept"]


def test_the_matrix_is_for_managers_of_every_training(world):
    instructor = UserFactory()
    assign_perm(MANAGE, instructor, world["fire"])
    for person in (UserFactory(), instructor):
        client = signed_in(person)
        assert client.get(reverse("training:compliance")).status_code == 403
        detail = reverse("training:compliance_detail", args=[world["fire"].pk])
        assert client.get(detail, {"department": "Sales"}).status_code == 403


def test_no_obligation_shows_the_empty_state(manager):
    TrainingFactory(is_mandatory=True, audience_restricted=True)
    response = signed_in(manager).get(reverse("training:compliance"))
    assert response.context["rows"] == []
    assert "Nobody holds a mandatory training yet" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "progress", "bucket"),
    [
        (Status.REGISTERED, 0, "not_started"),
        (Status.REGISTERED, 1, "in_progress"),
        (Status.REGISTERED, 99, "in_progress"),
        (Status.COMPLETED, 100, "compliant"),
        (Status.COMPLETED, 0, "compliant"),
    ],
)
def test_every_mandatory_participant_is_in_one_bucket(manager, status, progress, bucket):
    training = TrainingFactory(is_mandatory=True, audience_restricted=True)
    seat(training, UserFactory(), status=status, progress=progress)
    seat(training, UserFactory(), status=Status.CANCELLED, progress=50)
    seat(training, UserFactory(), status=Status.WAITLISTED)
    seat(TrainingFactory(is_mandatory=False), UserFactory(), progress=30)
    mandatory = completion_of(manager)["mandatory"]
    counts = dict(mandatory.figures())
    assert counts == {key: int(key == bucket) for key in counts}


def test_my_own_completion_buckets(employee):
    for status, progress in [
        (Status.COMPLETED, 100),
        (Status.REGISTERED, 1),
        (Status.REGISTERED, 0),
        (Status.REGISTERED, 0),
        (Status.CANCELLED, 40),
    ]:
        seat(TrainingFactory(), employee, status=status, progress=progress)
    completion = completion_of(employee)
    mine = completion["mine"]
    assert (mine.done, mine.in_progress, mine.not_started) == (1, 1, 2)
    assert completion["mandatory"] is None  # not a manager


def test_no_participation_no_chart(manager):
    completion = completion_of(manager)
    assert completion == {"mine": None, "mandatory": None}


def test_columns_follow_the_titles_and_people_their_names(manager):
    zebra = TrainingFactory(title="Zebra drill", is_mandatory=True, audience_restricted=True)
    alpha = TrainingFactory(title="Alpha drill", is_mandatory=True, audience_restricted=True)
    for first in ("Zoe", "Adam"):
        seat(alpha, UserFactory(first_name=first, last_name="Smith", department="Ops"))
    seat(zebra, UserFactory(department="Ops"))
    client = signed_in(manager)
    response = client.get(reverse("training:compliance"))
    assert [t.title for t in response.context["trainings"]] == ["Alpha drill", "Zebra drill"]
    detail = client.get(
        reverse("training:compliance_detail", args=[alpha.pk]), {"department": "Ops"}
    )
    assert [person.first_name for person, _o in detail.context["page"]] == ["Adam", "Zoe"]


def test_a_participation_is_shown_to_its_person_and_the_training_s_managers(manager):
    training = TrainingFactory()
    mine, theirs = UserFactory(), UserFactory()
    own = seat(training, mine)
    other = seat(training, theirs)
    client = signed_in(mine)
    assert client.get(reverse("training:participant_progress", args=[own.pk])).status_code == 200
    assert client.get(reverse("training:participant_progress", args=[other.pk])).status_code == 404
    manager_client = signed_in(manager)
    url = reverse("training:participant_progress", args=[other.pk])
    assert manager_client.get(url).status_code == 200


def test_the_participant_list_filters_by_status(manager):
    training = TrainingFactory()
    seat(training, UserFactory(username="seated"))
    seat(training, UserFactory(username="queued"), status=Status.WAITLISTED)
    client = signed_in(manager)
    url = reverse("training:participant_list", args=[training.pk])
    waitlisted = client.get(url, {"status": "waitlisted"})
    assert [p.user.username for p in waitlisted.context["page"]] == ["queued"]
    everyone = client.get(url)
    assert {p.user.username for p in everyone.context["page"]} == {"seated", "queued"}


# --- People never enrolled: counted by their audience and deadline ------------------------------
def sales_cell(training):
    _trainings, table = selectors.compliance_matrix()
    (cells,) = [cells for department, cells in table if department == "Sales"]
    ((cell,),) = [[c for t, c in zip(_trainings, cells, strict=True) if t.pk == training.pk]]
    return (cell.not_started, cell.overdue)


def sales_people(*days_ago):
    now = timezone.now()
    return [
        UserFactory(department="Sales", date_joined=now - datetime.timedelta(days=days))
        for days in days_ago
    ]


def audience_training(**fields):
    fields = {"is_mandatory": True, "audience_restricted": True, **fields}
    return TrainingFactory(audience_departments="|Sales|", **fields)


def test_a_passed_deadline_date_makes_the_whole_audience_overdue():
    sales_people(1, 400)
    past = audience_training(deadline_date=timezone.localdate() - datetime.timedelta(days=1))
    today = audience_training(deadline_date=timezone.localdate())
    assert sales_cell(past) == (0, 2)
    assert sales_cell(today) == (2, 0)


def test_n_days_count_from_joining_or_from_becoming_mandatory():
    sales_people(5, 29, 31, 400)
    training = audience_training(deadline_days=30)
    assert sales_cell(training) == (2, 2)  # joined 31 and 400 days ago are late
    today = timezone.localdate()
    training.mandatory_since = today - datetime.timedelta(days=30)
    training.save()
    assert sales_cell(training) == (4, 0)  # mandatory for 30 days: nobody late yet
    training.mandatory_since = today - datetime.timedelta(days=31)
    training.save()
    assert sales_cell(training) == (2, 2)


def test_without_a_deadline_nobody_is_overdue():
    sales_people(400)
    assert sales_cell(audience_training()) == (1, 0)


def test_an_unrestricted_training_counts_every_department():
    sales_people(400)
    UserFactory(department="Legal", date_joined=timezone.now() - datetime.timedelta(days=400))
    training = TrainingFactory(is_mandatory=True, deadline_days=30)
    _trainings, table = selectors.compliance_matrix()
    overdue = {department: cells[0].overdue for department, cells in table}
    assert overdue["Sales"] == 1 and overdue["Legal"] == 1
    assert training in _trainings
