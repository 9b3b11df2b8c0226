"""The training, lesson and quiz pages read their object from a shared value and the viewer's
state (participation, progress, attempts, seats taken) in one statement of their own
(`training.selectors.viewer_state`): the state is read as the ORM reads it, each viewer's is
their own, and every write shows at once, including those the shared objects never see (the
seat counter's bulk update)."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.pages import page_of, signed_in
from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    QuizAttemptFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training import selectors
from training.models import LessonProgress, Participant, QuizAttempt, Training

pytestmark = pytest.mark.django_db


def same_fields(read, expected) -> None:
    for field in type(expected)._meta.concrete_fields:
        value = getattr(read, field.attname)
        assert value == getattr(expected, field.attname), field.name
        assert type(value) is type(getattr(expected, field.attname)), field.name


def test_viewer_state_reads_rows_as_the_orm_does():
    """Dates, datetimes, JSON and nulls come back with the ORM's types (SQLite and PostgreSQL)."""
    quiz = quiz_with_questions()
    training, user = quiz.lesson.course.training, UserFactory()
    seat(
        training,
        user,
        due_date=datetime.date(2030, 1, 2),
        progress=40,
        feedback_comment="Fine",
        last_lesson=quiz.lesson,
    )
    submitted = timezone.now()
    QuizAttemptFactory(
        quiz=quiz, user=user, number=1, submitted_at=submitted, answers={"3": [4, 5]}, score=50
    )
    QuizAttemptFactory(quiz=quiz, user=user, number=2)
    QuizAttemptFactory(quiz=quiz, number=1)  # someone else's
    state = selectors.viewer_state(user=user, training_id=training.pk, quiz_id=quiz.pk)
    same_fields(state.participant, Participant.objects.get(training=training, user=user))
    assert [a.number for a in state.attempts] == [2, 1]
    for attempt in state.attempts:
        same_fields(attempt, QuizAttempt.objects.get(pk=attempt.pk))
    assert state.attempts[1].answers == {"3": [4, 5]}
    assert state.participant_count == Training.objects.get(pk=training.pk).participant_count


def test_viewer_state_without_a_participation_or_a_training():
    training = TrainingFactory()
    lesson = LessonFactory(course=CourseFactory(training=training))
    state = selectors.viewer_state(
        user=UserFactory(), training_id=training.pk, lesson_ids=[lesson.pk]
    )
    assert state.participant is None and state.done_ids == set() and state.attempts == []
    assert selectors.viewer_state(user=UserFactory(), training_id=999_999) is None


def test_done_lessons_are_the_viewers_own_and_only_those_asked_about():
    training = TrainingFactory()
    course = CourseFactory(training=training)
    first, second, third = (LessonFactory(course=course) for _ in range(3))
    me, other = UserFactory(), UserFactory()
    seat(training, me)
    seat(training, other)
    LessonProgress.objects.create(user=me, lesson=first)
    LessonProgress.objects.create(user=me, lesson=third)
    LessonProgress.objects.create(user=other, lesson=second)
    asked = [first.pk, second.pk]
    mine = selectors.viewer_state(user=me, training_id=training.pk, lesson_ids=asked)
    theirs = selectors.viewer_state(user=other, training_id=training.pk, lesson_ids=asked)
    assert mine.done_ids == {first.pk} and theirs.done_ids == {second.pk}
    assert mine.participant.user_id == me.pk and theirs.participant.user_id == other.pk


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
    for client in (learner, other):  # both pages cached, before the completion
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


def test_seats_taken_show_at_once_though_the_training_is_shared(course):
    """Registrations count seats with a bulk update, which no shared value hears of."""
    training = course.training
    path = training.get_absolute_url()
    viewer = signed_in(UserFactory())
    assert "<dd>0 / 20</dd>" in page_of(viewer, path)[0]
    newcomer = signed_in(UserFactory())
    assert newcomer.post(reverse("training:training_register", args=[training.pk])).status_code
    assert "<dd>1 / 20</dd>" in page_of(viewer, path)[0]
    Training.objects.filter(pk=training.pk).update(participant_count=F("participant_count") + 1)
    assert "<dd>2 / 20</dd>" in page_of(viewer, path)[0]  # no signal, no new generation


def test_training_lesson_and_quiz_edits_show_at_once_in_the_page_around_the_body(course):
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
    for path in paths:  # the title and breadcrumbs come from each page's shared object
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
