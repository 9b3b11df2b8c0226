"""Participants page, attendance/completion marks, CSV export, feedback."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import TrainingFactory, seat
from training.models import Participant
from training.services import instructor_sync

Status = Participant.Status


@pytest.fixture
def instructor(db):
    return UserFactory(username="teacher")


@pytest.fixture
def training(instructor):
    training = TrainingFactory(instructor=instructor, max_participants=40)
    instructor_sync(training=training, previous=None)
    return training


def test_participant_list_for_instructor(
    client, instructor, training, django_assert_max_num_queries
):
    for i in range(30):
        seat(training, UserFactory(username=f"p{i}"))
    client.force_login(instructor)
    url = reverse("training:participant_list", args=[training.pk])
    with django_assert_max_num_queries(19):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20
    assert client.get(url + "?status=bogus").status_code == 200
    assert client.get(url + "?page=9").status_code == 404


def test_other_instructor_is_forbidden(client, training):
    other = UserFactory(username="other-teacher")
    own = TrainingFactory(instructor=other)
    instructor_sync(training=own, previous=None)
    client.force_login(other)
    assert client.get(reverse("training:participant_list", args=[training.pk])).status_code == 403
    assert client.get(reverse("training:participant_export", args=[training.pk])).status_code == 403


def test_mark_attendance_and_completion(client, instructor, training, employee):
    participant = seat(training, employee)
    client.force_login(instructor)
    url = reverse("training:participant_mark", args=[participant.pk])
    client.post(url, {"attended": "on", "completed": "on"})
    participant.refresh_from_db()
    assert participant.attended and participant.status == Status.COMPLETED
    assert participant.completed_at is not None
    client.post(url, {})
    participant.refresh_from_db()
    assert not participant.attended and participant.status == Status.REGISTERED


def test_cannot_complete_a_waitlisted_person(client, instructor, training):
    waiting = Participant.objects.create(
        training=training, user=UserFactory(), status=Status.WAITLISTED
    )
    client.force_login(instructor)
    response = client.post(
        reverse("training:participant_mark", args=[waiting.pk]), {"completed": "on"}, follow=True
    )
    assert "Only registered participants" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_csv_export(client, instructor, training):
    seat(training, UserFactory(username="csvuser", first_name="=cmd", last_name="X"))
    client.force_login(instructor)
    response = client.get(reverse("training:participant_export", args=[training.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name"
    assert rows[1][1] == "csvuser"
    assert rows[1][0].startswith("'=")  # no formula injection


def test_feedback_after_completion(employee_client, employee, training, instructor, client):
    participant = seat(training, employee)
    url = reverse("training:training_feedback", args=[training.pk])
    response = employee_client.post(url, {"feedback_rating": "5"}, follow=True)
    assert "once you have completed" in response.content.decode()
    participant.status = Status.COMPLETED
    participant.save()
    response = employee_client.post(url, {"feedback_rating": "9"}, follow=True)
    assert "from 1 to 5" in response.content.decode()
    employee_client.post(url, {"feedback_rating": "4", "feedback_comment": "Good"})
    participant.refresh_from_db()
    assert participant.feedback_rating == 4
    client.force_login(instructor)
    body = client.get(training.get_absolute_url()).content.decode()
    assert "4.0 / 5 from 1 rating" in body
