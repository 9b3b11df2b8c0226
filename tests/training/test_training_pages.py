"""The training, lesson and quiz pages: controls only for those who may use them, never one
participant's progress or answers shown to another, an edit shown at once, and the cached
Markdown only ever served after the per-request access checks."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory
from tests.pages import page_of, signed_in
from tests.training.factories import (
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    QuestionFactory,
    QuizAttemptFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training.models import LessonProgress

MANAGE = "training.manage_trainings"


def instructor_of(training):
    user = UserFactory()
    assign_perm(MANAGE, user, training)
    return user


# ---------------------------------------------------------------- training detail
@pytest.fixture
def syllabus():
    """A training with two courses (the second requires the first), lessons and a resource."""
    training = TrainingFactory(title="Forklift safety", max_participants=20)
    first = CourseFactory(training=training, title="Basics")
    second = CourseFactory(training=training, title="Advanced")
    second.prerequisites.add(first)
    lessons = [
        LessonFactory(course=first, title="Brakes"),
        LessonFactory(course=second, title="Loads"),
    ]
    ResourceFactory(training=training, title="Checklist")
    return training, lessons


@pytest.mark.django_db
def test_instructor_controls_never_reach_a_participant_and_back(syllabus):
    training, _ = syllabus
    path = training.get_absolute_url()
    learner = UserFactory()
    seat(training, learner)
    instructor = signed_in(instructor_of(training))
    participant = signed_in(learner)
    managed = page_of(instructor, path)[0]
    followed = page_of(participant, path)[0]
    assert "Add a course" in managed and "Add a resource" in managed
    assert "Add a course" not in followed and "Add a resource" not in followed
    assert ">Start</a>" in followed
    assert "/delete/" not in followed and "/delete/" in managed
    # And the other way round, the participant's body first.
    LessonFactory(course=training.courses.first(), title="Fresh start")  # a new generation
    assert "Add a course" not in page_of(participant, path)[0]
    managed = page_of(instructor, path)[0]
    assert "Add a course" in managed and ">Start</a>" not in managed


@pytest.mark.django_db
def test_one_participants_progress_never_shows_to_another(syllabus):
    training, lessons = syllabus
    path = training.get_absolute_url()
    ahead, behind = UserFactory(), UserFactory()
    seat(training, ahead)
    seat(training, behind)
    LessonProgress.objects.create(user=ahead, lesson=lessons[0])
    mine = page_of(signed_in(ahead), path)[0]
    theirs = page_of(signed_in(behind), path)[0]
    assert "badge-success" in mine and 'value="1"' in mine  # "Done", first course complete
    assert "Locked" not in mine  # the second course's prerequisite is complete
    assert "badge-success" not in theirs and 'value="1"' not in theirs
    assert "Locked" in theirs


@pytest.mark.django_db
def test_a_content_edit_shows_at_once(syllabus):
    training, lessons = syllabus
    path = training.get_absolute_url()
    learner = UserFactory()
    seat(training, learner)
    client = signed_in(learner)
    assert "Brakes" in page_of(client, path)[0]
    lessons[0].title = "Emergency brakes"
    lessons[0].save()
    assert "Emergency brakes" in page_of(client, path)[0]
    training.description = "Now with **pallets**."
    training.save()
    assert "<strong>pallets</strong>" in page_of(client, path)[0]


@pytest.mark.django_db
def test_a_hidden_training_stays_closed_after_a_participant_opened_it(syllabus):
    training, _ = syllabus
    training.is_visible = False
    training.save()
    path = training.get_absolute_url()
    learner = UserFactory()
    seat(training, learner)
    assert "Brakes" in page_of(signed_in(learner), path)[0]
    assert signed_in(UserFactory()).get(path).status_code == 404


@pytest.mark.django_db
def test_each_training_shows_its_own_syllabus(syllabus):
    training, _ = syllabus
    other = TrainingFactory(title="Crane safety")
    LessonFactory(course=CourseFactory(training=other), title="Hooks")
    learner = UserFactory()
    seat(training, learner)
    seat(other, learner)
    client = signed_in(learner)
    assert "Brakes" in page_of(client, training.get_absolute_url())[0]
    crane = page_of(client, other.get_absolute_url())[0]
    assert "Hooks" in crane and "Brakes" not in crane


# ---------------------------------------------------------------- lesson page
@pytest.fixture
def lesson(syllabus):
    """The first lesson of the syllabus (no prerequisite), with an attachment."""
    lesson = syllabus[1][0]
    LessonAttachmentFactory(lesson=lesson, title="Handout")
    return lesson


@pytest.mark.django_db
def test_lesson_controls_never_reach_a_participant_and_back(lesson):
    path = lesson.get_absolute_url()
    learner = UserFactory()
    seat(lesson.course.training, learner)
    instructor = signed_in(instructor_of(lesson.course.training))
    participant = signed_in(learner)
    managed = page_of(instructor, path)[0]
    followed = page_of(participant, path)[0]
    assert "Add an attachment" in managed and f"/lessons/{lesson.pk}/delete/" in managed
    assert re.search(r"/attachments/\d+/delete/", managed) and "Mark as complete" not in managed
    assert "Add an attachment" not in followed and "/delete/" not in followed
    assert "Mark as complete" in followed
    LessonFactory(course=lesson.course, title="Fresh start")  # a new generation
    assert "Add an attachment" not in page_of(participant, path)[0]
    assert "Add an attachment" in page_of(instructor, path)[0]


@pytest.mark.django_db
def test_one_participants_completed_lesson_never_shows_to_another(lesson):
    path = lesson.get_absolute_url()
    ahead, behind = UserFactory(), UserFactory()
    seat(lesson.course.training, ahead)
    seat(lesson.course.training, behind)
    LessonProgress.objects.create(user=ahead, lesson=lesson)
    mine = page_of(signed_in(ahead), path)[0]
    theirs = page_of(signed_in(behind), path)[0]
    assert "badge-success" in mine and "Mark as complete" not in mine
    assert "badge-success" not in theirs and "Mark as complete" in theirs


@pytest.mark.django_db
def test_a_lesson_edit_shows_at_once(lesson):
    path = lesson.get_absolute_url()
    learner = UserFactory()
    seat(lesson.course.training, learner)
    client = signed_in(learner)
    assert "Some <em>Markdown</em>" in page_of(client, path)[0]
    lesson.content = "Brand *new* text."
    lesson.save()
    assert "Brand <em>new</em> text." in page_of(client, path)[0]
    LessonAttachmentFactory(lesson=lesson, title="Second handout")
    assert "Second handout" in page_of(client, path)[0]


@pytest.mark.django_db
def test_a_lesson_stays_closed_to_outsiders_after_a_participant_opened_it(lesson):
    path = lesson.get_absolute_url()
    learner = UserFactory()
    seat(lesson.course.training, learner)
    assert "Handout" in page_of(signed_in(learner), path)[0]
    outsider = signed_in(UserFactory()).get(path)  # visible training, no seat: "Register"
    assert outsider.status_code == 302 and "Handout" not in outsider.content.decode()
    lesson.course.training.is_visible = False
    lesson.course.training.save()
    assert signed_in(UserFactory()).get(path).status_code == 404


# ---------------------------------------------------------------- quiz page
@pytest.fixture
def quiz(lesson):
    """A quiz ("Right" and "A", "B" correct) on the first lesson, max 2 attempts."""
    return quiz_with_questions(lesson=lesson, title="Brakes check")


def quiz_path(quiz) -> str:
    return reverse("training:quiz_detail", args=[quiz.pk])


@pytest.mark.django_db
def test_correct_answers_never_reach_a_participant_and_controls_stay_with_managers(quiz):
    path = quiz_path(quiz)
    learner = UserFactory()
    seat(quiz.lesson.course.training, learner)
    instructor = signed_in(instructor_of(quiz.lesson.course.training))
    participant = signed_in(learner)
    managed = page_of(instructor, path)[0]
    followed = page_of(participant, path)[0]
    assert "correct answer" in managed and "Add a question" in managed and "/delete/" in managed
    assert "correct answer" not in followed and "Right" not in followed
    assert "Add a question" not in followed and "/delete/" not in followed
    QuestionFactory(quiz=quiz, text="Fresh question?")  # a new generation, participant first
    followed = page_of(participant, path)[0]
    assert "Fresh question?" not in followed and "correct answer" not in followed
    assert "correct answer" in page_of(instructor, path)[0]


@pytest.mark.django_db
def test_one_participants_attempts_never_show_to_another(quiz):
    path = quiz_path(quiz)
    done, fresh = UserFactory(), UserFactory()
    seat(quiz.lesson.course.training, done)
    seat(quiz.lesson.course.training, fresh)
    QuizAttemptFactory(
        quiz=quiz, user=done, number=1, submitted_at=timezone.now(), score=100, passed=True
    )
    mine = page_of(signed_in(done), path)[0]
    theirs = page_of(signed_in(fresh), path)[0]
    assert "You passed this quiz." in mine and "<dd>1 / 2</dd>" in mine
    assert "You passed this quiz." not in theirs and "<dd>0 / 2</dd>" in theirs
    assert "Take the quiz" in theirs and "Take the quiz" not in mine
    assert "/attempts/" not in theirs.split("My attempts")[1]


@pytest.mark.django_db
def test_a_new_question_counts_at_once(quiz):
    path = quiz_path(quiz)
    instructor = signed_in(instructor_of(quiz.lesson.course.training))
    assert "<dd>2</dd>" in page_of(instructor, path)[0]
    QuestionFactory(quiz=quiz, text="Brand new question?")
    managed = page_of(instructor, path)[0]
    assert "<dd>3</dd>" in managed and "Brand new question?" in managed


@pytest.mark.django_db
def test_a_quiz_stays_closed_to_outsiders_after_a_participant_opened_it(quiz):
    path = quiz_path(quiz)
    learner = UserFactory()
    seat(quiz.lesson.course.training, learner)
    assert "Brakes check" in page_of(signed_in(learner), path)[0]
    outsider = signed_in(UserFactory()).get(path)
    assert outsider.status_code == 302 and "Brakes check" not in outsider.content.decode()
