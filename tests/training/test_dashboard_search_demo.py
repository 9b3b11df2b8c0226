"""Dashboard panel, global search groups and demo data."""

from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import CourseFactory, LessonFactory, TrainingFactory, seat
from training.models import Course, Lesson, Quiz, Training


def test_dashboard_shows_my_training_progress(employee_client, employee):
    training = TrainingFactory(title="Forklift safety")
    participant = seat(training, employee)
    participant.progress = 40
    participant.save()
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert "Forklift safety" in body
    assert '<progress class="progress" max="100" value="40">' in body


def test_dashboard_empty_state(employee_client):
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert "No training in progress." in body


def test_search_finds_trainings_and_followed_lessons(employee_client, employee):
    training = TrainingFactory(title="Volcano safety", description="Lava")
    lesson = LessonFactory(course=CourseFactory(training=training), title="Volcano basics")
    hidden = TrainingFactory(title="Volcano secret", is_visible=False)
    LessonFactory(course=CourseFactory(training=hidden), title="Volcano hidden lesson")
    response = employee_client.get(reverse("search") + "?q=volcano")
    body = response.content.decode()
    assert "Volcano safety" in body
    assert "Volcano secret" not in body
    # Lessons only of trainings the user follows.
    assert "Volcano basics" not in body
    seat(training, employee)
    body = employee_client.get(reverse("search") + "?q=volcano&type=lessons").content.decode()
    assert lesson.title in body and "Volcano hidden lesson" not in body


def test_nav_has_training_entry(employee_client):
    body = employee_client.get(reverse("dashboard")).content.decode()
    assert reverse("training:training_list") in body


def test_seed_demo_adds_two_trainings_idempotently(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Training.objects.count(), Course.objects.count(), Lesson.objects.count())
    call_command("seed_demo")
    assert (Training.objects.count(), Course.objects.count(), Lesson.objects.count()) == counts
    assert counts[0] == 2
    assert Quiz.objects.get().questions.count() == 3
    marie = Training.objects.get(title="Cybersecurity essentials").instructor
    assert marie.has_perm("training.manage_trainings", Training.objects.first())
    UserFactory()  # the demo does not depend on other users
