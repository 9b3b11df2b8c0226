"""Every write that changes a training page shows at once: registration, progress, quiz
attempts, content edits (from the pages, the services or the admin), bulk updates that send no
signal, and each syllabus write moves the training's version, the key of its cached Markdown."""

import pytest
from django.db.models import F
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import page_of, signed_in
from tests.training.factories import (
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training.models import Course, LessonProgress, Participant, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    """A seated learner's course of two lessons, the second with a quiz (max 2 attempts)."""
    training = TrainingFactory(title="Forklift safety", max_participants=20)
    course = CourseFactory(training=training, title="Basics")
    LessonFactory(course=course, title="Brakes", order=1)
    quiz_with_questions(lesson=LessonFactory(course=course, title="Loads", order=2), title="Check")
    return course


def test_a_completed_lesson_shows_at_once_on_every_page_and_only_to_its_learner(course):
    training = course.training
    brakes = course.lessons.get(title="Brakes")
    users = UserFactory(), UserFactory()
    for user in users:
        seat(training, user)
    learner, other = (signed_in(user) for user in users)
    for client in (learner, other):  # both pages seen before the completion
        assert "Mark as complete" in page_of(client, brakes.get_absolute_url())[0]
        assert "badge-success" not in page_of(client, training.get_absolute_url())[0]
    response = learner.post(reverse("training:lesson_complete", args=[brakes.pk]))
    assert response.status_code == 302
    lesson_page = page_of(learner, brakes.get_absolute_url())[0]
    assert "badge-success" in lesson_page and "Mark as complete" not in lesson_page
    training_page = page_of(learner, training.get_absolute_url())[0]
    assert "badge-success" in training_page and 'max="2" value="1"' in training_page
    assert "50% complete" in training_page
    assert "Mark as complete" in page_of(other, brakes.get_absolute_url())[0]
    theirs = page_of(other, training.get_absolute_url())[0]
    assert "badge-success" not in theirs and "0% complete" in theirs


def test_an_attempt_shows_at_once_and_only_to_its_learner(course):
    quiz = course.lessons.get(title="Loads").quiz
    path = reverse("training:quiz_detail", args=[quiz.pk])
    users = UserFactory(), UserFactory()
    for user in users:
        seat(course.training, user)
    learner, other = (signed_in(user) for user in users)
    for client in (learner, other):
        assert "<dd>0 / 2</dd>" in page_of(client, path)[0]
    assert learner.post(reverse("training:quiz_start", args=[quiz.pk])).status_code == 302
    mine = page_of(learner, path)[0]
    assert "<dd>1 / 2</dd>" in mine and "In progress" in mine
    theirs = page_of(other, path)[0]
    assert "<dd>0 / 2</dd>" in theirs and "No attempts yet." in theirs


def test_seats_taken_show_at_once(course):
    """Registrations count seats with a bulk update, which sends no signal."""
    training = course.training
    path = training.get_absolute_url()
    viewer = signed_in(UserFactory())
    assert "<dd>0 / 20</dd>" in page_of(viewer, path)[0]
    newcomer = signed_in(UserFactory())
    assert newcomer.post(reverse("training:training_register", args=[training.pk])).status_code
    assert "<dd>1 / 20</dd>" in page_of(viewer, path)[0]
    Training.objects.filter(pk=training.pk).update(participant_count=F("participant_count") + 1)
    assert "<dd>2 / 20</dd>" in page_of(viewer, path)[0]  # no signal


def test_training_lesson_and_quiz_edits_show_at_once(course):
    training = course.training
    loads = course.lessons.get(title="Loads")
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    quiz_path = reverse("training:quiz_detail", args=[loads.quiz.pk])
    paths = training.get_absolute_url(), loads.get_absolute_url(), quiz_path
    for path in paths:
        assert "Forklift safety" in page_of(client, path)[0]
    training.title = "Crane safety"
    training.save()
    for path in paths:  # title and breadcrumbs
        page = page_of(client, path)[0]
        assert "Crane safety" in page and "Forklift safety" not in page
    loads.title = "Heavy loads"
    loads.save()
    assert "Heavy loads" in page_of(client, quiz_path)[0]  # the quiz page's breadcrumbs
    instructor = UserFactory(first_name="Ada", last_name="Lovelace")
    training.instructor = instructor
    training.save()
    assert "Ada Lovelace" in page_of(client, training.get_absolute_url())[0]
    instructor.last_name = "Byron"
    instructor.save()
    assert "Ada Byron" in page_of(client, training.get_absolute_url())[0]


def test_a_new_prerequisite_locks_a_warm_lesson_page_at_once(course):
    training = course.training
    brakes = course.lessons.get(title="Brakes")
    user = UserFactory()
    seat(training, user)
    first = CourseFactory(training=training, title="Intro")
    LessonFactory(course=first, title="Welcome")
    client = signed_in(user)
    assert "Mark as complete" in page_of(client, brakes.get_absolute_url())[0]
    course.prerequisites.add(first)  # only the m2m changes
    response = client.get(brakes.get_absolute_url())
    assert response.status_code == 302 and response.url == training.get_absolute_url()
    LessonProgress.objects.create(user=user, lesson=first.lessons.get())
    assert "Mark as complete" in page_of(client, brakes.get_absolute_url())[0]


def test_a_cancelled_learner_loses_a_hidden_training_at_once(course):
    training = course.training
    training.is_visible = False
    training.save()
    user = UserFactory()
    participant = seat(training, user)
    client = signed_in(user)
    brakes = course.lessons.get(title="Brakes")
    quiz_path = reverse("training:quiz_detail", args=[course.lessons.get(title="Loads").quiz.pk])
    paths = training.get_absolute_url(), brakes.get_absolute_url(), quiz_path
    for path in paths:
        assert client.get(path).status_code == 200
    participant.status = Participant.Status.CANCELLED
    participant.save()
    for path in paths:
        assert client.get(path).status_code == 404


def test_registering_and_cancelling_show_at_once_on_the_catalog_and_the_training(course):
    training = course.training
    client = signed_in(UserFactory())
    catalog, path = reverse("training:training_list"), training.get_absolute_url()
    assert 'badge-info">Registered' not in page_of(client, catalog)[0]
    assert "Your status:" not in page_of(client, path)[0]
    client.post(reverse("training:training_register", args=[training.pk]))
    assert 'badge-info">Registered' in page_of(client, catalog)[0]
    page = page_of(client, path)[0]
    assert "Your status:</strong> Registered" in page and "Cancel my registration" in page
    assert ">Start</a>" in page and f'href="{course.get_absolute_url()}"' in page
    client.post(reverse("training:training_unregister", args=[training.pk]))
    assert 'badge-info">Registered' not in page_of(client, catalog)[0]
    page = page_of(client, path)[0]
    assert "Your status:" not in page and "Register</button>" in page
    assert ">Start</a>" not in page


def test_a_full_training_waitlists_and_shows_the_position(course):
    training = course.training
    training.max_participants = 1
    training.save()
    seat(training, UserFactory())
    first, second = signed_in(UserFactory()), signed_in(UserFactory())
    assert "Join the waitlist" in page_of(first, training.get_absolute_url())[0]
    for client in (first, second):
        client.post(reverse("training:training_register", args=[training.pk]))
    assert "(position 2)" in page_of(second, training.get_absolute_url())[0]
    assert 'badge-warning">Waitlisted' in page_of(second, reverse("training:training_list"))[0]


def test_a_passed_quiz_shows_at_once_on_the_quiz_lesson_and_training_pages(course):
    from tests.training.factories import right_answers

    loads = course.lessons.get(title="Loads")
    user = UserFactory()
    seat(course.training, user)
    client = signed_in(user)
    quiz_path = reverse("training:quiz_detail", args=[loads.quiz.pk])
    assert "Take the quiz" in page_of(client, quiz_path)[0]
    attempt = client.post(reverse("training:quiz_start", args=[loads.quiz.pk]))
    data = {f"q-{q}": choices for q, choices in right_answers(loads.quiz).items()}
    client.post(attempt.url + "submit/", data)
    quiz_page = page_of(client, quiz_path)[0]
    assert "You passed this quiz." in quiz_page and "Take the quiz" not in quiz_page
    assert 'badge-success">Passed' in quiz_page
    assert 'badge-success">Done' in page_of(client, loads.get_absolute_url())[0]
    assert "50% complete" in page_of(client, course.training.get_absolute_url())[0]


def test_markdown_edits_show_at_once_wherever_they_are_cached(course):
    """The description, course text and lesson text are cached by the training's version:
    each page is seen (and its Markdown cached) just before each edit."""
    training = course.training
    brakes = course.lessons.get(title="Brakes")
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    pages = training.get_absolute_url(), course.get_absolute_url(), brakes.get_absolute_url()
    edits = [
        (training, "description", "Now with **pallets**.", "<strong>pallets</strong>", 0),
        (course, "description", "About *brakes*.", "<em>brakes</em>", 1),
        (brakes, "content", "Pump the **pedal**.", "<strong>pedal</strong>", 2),
    ]
    for row, field, text, html, page in edits:
        for path in pages:
            page_of(client, path)
        setattr(row, field, text)
        row.save()
        assert html in page_of(client, pages[page])[0], field


def test_an_edit_from_the_lesson_form_shows_at_once(course):
    from guardian.shortcuts import assign_perm

    brakes = course.lessons.get(title="Brakes")
    instructor = UserFactory()
    assign_perm("training.manage_trainings", instructor, course.training)
    client = signed_in(instructor)
    assert "Some <em>Markdown</em>" in page_of(client, brakes.get_absolute_url())[0]
    response = client.post(
        reverse("training:lesson_edit", args=[brakes.pk]),
        {"title": "Brakes", "order": 1, "content": "Brand *new*.", "duration_minutes": 5},
    )
    assert response.status_code == 302
    assert "Brand <em>new</em>." in page_of(client, brakes.get_absolute_url())[0]


def _choice(course):
    return course.lessons.get(title="Loads").quiz.questions.first().choices.first()


# Each write that changes what a training's pages show to everyone, and how to undo it.
SYLLABUS_WRITES = {
    "course saved": lambda course: course.save(),
    "course deleted": lambda course: CourseFactory(training=course.training).delete(),
    "prerequisite added": lambda course: course.prerequisites.add(
        CourseFactory(training=course.training)
    ),
    "lesson saved": lambda course: course.lessons.first().save(),
    "lesson deleted": lambda course: course.lessons.get(title="Brakes").delete(),
    "attachment added": lambda course: LessonAttachmentFactory(lesson=course.lessons.first()),
    "resource added": lambda course: ResourceFactory(training=course.training),
    "quiz saved": lambda course: course.lessons.get(title="Loads").quiz.save(),
    "quiz deleted": lambda course: course.lessons.get(title="Loads").quiz.delete(),
    "question saved": lambda course: (
        course.lessons.get(title="Loads").quiz.questions.first().save()
    ),
    "choice saved": lambda course: _choice(course).save(),
    "choice deleted": lambda course: _choice(course).delete(),
}


@pytest.mark.parametrize("write", SYLLABUS_WRITES)
def test_every_syllabus_write_moves_the_trainings_version(course, write):
    other = CourseFactory(title="Elsewhere")  # another training keeps its version
    before = Training.objects.get(pk=course.training_id).updated_at
    untouched = Training.objects.get(pk=other.training_id).updated_at
    SYLLABUS_WRITES[write](Course.objects.get(pk=course.pk))
    assert Training.objects.get(pk=course.training_id).updated_at > before
    assert Training.objects.get(pk=other.training_id).updated_at == untouched


def test_participations_do_not_move_the_trainings_version(course):
    """Seats and progress are never inside a cached fragment: they leave the version alone."""
    before = Training.objects.get(pk=course.training_id).updated_at
    participant = seat(course.training, UserFactory())
    LessonProgress.objects.create(user=participant.user, lesson=course.lessons.first())
    Participant.objects.filter(pk=participant.pk).update(progress=50)
    assert Training.objects.get(pk=course.training_id).updated_at == before
