"""Catalog, detail, create/edit/delete, instructor object permission."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from tests.factories import UserFactory, grant
from tests.training.factories import CourseFactory, LessonFactory, TrainingFactory, seat
from training import selectors
from training.models import Training


@pytest.fixture
def manager(db):
    return grant(UserFactory(username="manager"), "training.manage_trainings")


def test_catalog_lists_visible_trainings_with_seats(employee_client):
    training = TrainingFactory(title="Fire safety", max_participants=50)
    for _ in range(3):
        seat(training, UserFactory())
    TrainingFactory(title="Secret plan", is_visible=False)
    TrainingFactory(title="Old course", is_active=False)
    body = employee_client.get(reverse("training:training_list")).content.decode()
    assert "Fire safety" in body
    assert "3 / 50" in body
    assert "Secret plan" not in body and "Old course" not in body


def test_catalog_filters(employee_client):
    now = timezone.now()
    TrainingFactory(title="Alpha", category="Security", difficulty="advanced", is_mandatory=True)
    TrainingFactory(
        title="Beta",
        category="Management",
        start_date=now - datetime.timedelta(days=2),
        end_date=None,
    )
    full = TrainingFactory(title="Gamma", category="Management", max_participants=1)
    seat(full, UserFactory())
    url = reverse("training:training_list")

    def titles(query):
        page = employee_client.get(url + "?" + query).context["page"]
        return {t.title for t in page}

    assert titles("q=alp") == {"Alpha"}
    assert titles("category=Management") == {"Beta", "Gamma"}
    assert titles("difficulty=advanced") == {"Alpha"}
    assert titles("mandatory=on") == {"Alpha"}
    assert titles("upcoming=on") == {"Alpha", "Gamma"}
    assert titles("free_seats=on") == {"Alpha", "Beta"}
    # Bad filter values are ignored, never a 500.
    response = employee_client.get(url + "?difficulty=impossible&q=" + "x" * 500)
    assert response.status_code == 200
    assert employee_client.get(url + "?page=99").status_code == 404


def test_catalog_query_count(employee_client, django_assert_max_num_queries):
    instructor = UserFactory()
    for i in range(30):
        TrainingFactory(title=f"T{i}", instructor=instructor)
    with django_assert_max_num_queries(15):
        response = employee_client.get(reverse("training:training_list"))
    assert len(response.context["page"].object_list) == 20


def test_detail_shows_seats_and_syllabus(employee_client):
    training = TrainingFactory(max_participants=50)
    for _ in range(19):
        seat(training, UserFactory())
    course = CourseFactory(training=training, title="Basics")
    LessonFactory(course=course, title="Passwords")
    body = employee_client.get(training.get_absolute_url()).content.decode()
    assert "19 / 50" in body
    assert "Basics" in body and "Passwords" in body
    assert "<strong>useful</strong>" in body  # Markdown description


def test_detail_hidden_training_is_404_for_employee(employee_client):
    training = TrainingFactory(is_visible=False)
    assert employee_client.get(training.get_absolute_url()).status_code == 404


def test_create_assigns_the_instructor_object_permission(client, manager):
    instructor = UserFactory(username="teacher")
    client.force_login(manager)
    response = client.post(
        reverse("training:training_create"),
        {
            "title": "New one",
            "description": "Desc",
            "category": "Ops",
            "difficulty": "beginner",
            "duration_hours": 2,
            "instructor": instructor.pk,
            "max_participants": 5,
            "is_active": "on",
            "is_visible": "on",
        },
    )
    training = Training.objects.get(title="New one")
    assert response.status_code == 302
    assert "manage_trainings" in get_perms(instructor, training)
    assert list(selectors.managed_trainings(user=instructor)) == [training]


def test_create_bad_input(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("training:training_create"),
        {
            "title": "",
            "difficulty": "expert",
            "max_participants": 0,
            "start_date": "2030-01-02T10:00",
            "end_date": "2030-01-01T10:00",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "difficulty", "max_participants", "end_date"} <= set(form.errors)
    assert not Training.objects.exists()


def test_employee_cannot_create(employee_client):
    assert employee_client.get(reverse("training:training_create")).status_code == 403


def test_instructor_edits_only_their_own_training(client, manager):
    instructor = UserFactory(username="teacher")
    own = TrainingFactory(title="Mine")
    other = TrainingFactory(title="Theirs")
    from training.services import instructor_sync

    own.instructor = instructor
    own.save()
    instructor_sync(training=own, previous=None)
    client.force_login(instructor)
    assert client.get(reverse("training:training_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("training:training_edit", args=[other.pk])).status_code == 403
    # An instructor cannot delete, nor hand the training to someone else.
    form = client.get(reverse("training:training_edit", args=[own.pk])).context["form"]
    assert "instructor" not in form.fields
    assert client.post(reverse("training:training_delete", args=[own.pk])).status_code == 403


def test_changing_instructor_moves_the_permission(client, manager):
    first, second = UserFactory(username="first"), UserFactory(username="second")
    training = TrainingFactory(instructor=first)
    from training.services import instructor_sync, training_save

    instructor_sync(training=training, previous=None)
    training.instructor = second
    training_save(actor=manager, training=training)
    assert get_perms(first, training) == []
    assert "manage_trainings" in get_perms(second, training)


def test_max_participants_cannot_drop_below_seats(client, manager):
    training = TrainingFactory(max_participants=5)
    for _ in range(3):
        seat(training, UserFactory())
    client.force_login(manager)
    response = client.post(
        reverse("training:training_edit", args=[training.pk]),
        {
            "title": training.title,
            "difficulty": "beginner",
            "duration_hours": 1,
            "max_participants": 2,
            "is_active": "on",
            "is_visible": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot be lower" in response.content.decode()
    training.refresh_from_db()
    assert training.max_participants == 5


def test_delete(client, manager):
    training = TrainingFactory()
    client.force_login(manager)
    response = client.post(reverse("training:training_delete", args=[training.pk]))
    assert response.status_code == 302
    assert not Training.objects.exists()


def test_managed_trainings_is_one_query(db, django_assert_num_queries):
    instructor = UserFactory(username="teacher")
    from training.services import instructor_sync

    for i in range(5):
        training = TrainingFactory(title=f"T{i}", instructor=instructor)
        instructor_sync(training=training, previous=None)
    instructor = type(instructor).objects.get(pk=instructor.pk)
    managed = selectors.managed_trainings(user=instructor)
    with django_assert_num_queries(1):
        assert len(list(managed)) == 5


def test_training_with_certificates_cannot_be_deleted(client, manager):
    from tests.training.factories import CertificateFactory

    certificate = CertificateFactory()
    client.force_login(manager)
    response = client.post(
        reverse("training:training_delete", args=[certificate.training_id]), follow=True
    )
    assert "must stay verifiable" in response.content.decode()
    assert Training.objects.filter(pk=certificate.training_id).exists()
