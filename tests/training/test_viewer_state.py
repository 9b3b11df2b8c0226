"""What each role sees of the same training on every training page: an employee (no seat), a
participant (seated, one lesson done, one attempt), the training's instructor (object right), a
training manager (global right) and an administrator (superuser).

Every viewer asks for every page in turn, so anything one of them saw and a page kept would
show up in the next one's page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests.factories import UserFactory, grant
from tests.pages import signed_in
from tests.training.factories import (
    CourseFactory,
    LessonAttachmentFactory,
    LessonFactory,
    QuizAttemptFactory,
    ResourceFactory,
    TrainingFactory,
    quiz_with_questions,
    seat,
)
from training.models import LessonProgress

MANAGE = "training.manage_trainings"
ROLES = ("employee", "participant", "instructor", "manager", "admin")


@pytest.fixture
def world(db):
    training = TrainingFactory(title="Forklift safety", max_participants=20)
    basics = CourseFactory(training=training, title="Basics", order=1)
    advanced = CourseFactory(training=training, title="Advanced", order=2)
    advanced.prerequisites.add(basics)
    brakes = LessonFactory(course=basics, title="Brakes", order=1)
    loads = LessonFactory(course=basics, title="Loads", order=2)
    LessonFactory(course=advanced, title="Stacking", order=1)
    LessonAttachmentFactory(lesson=brakes, title="Handout")
    ResourceFactory(training=training, title="Checklist")
    quiz = quiz_with_questions(lesson=loads, title="Loads check", max_attempts=2)
    people = {
        "employee": UserFactory(),
        "participant": UserFactory(),
        "instructor": UserFactory(),
        "manager": grant(UserFactory(), MANAGE),
        "admin": UserFactory(role="admin", is_superuser=True, is_staff=True),
    }
    assign_perm(MANAGE, people["instructor"], training)
    seat(training, people["participant"])
    LessonProgress.objects.create(user=people["participant"], lesson=brakes)
    QuizAttemptFactory(
        quiz=quiz, user=people["participant"], number=1, submitted_at=timezone.now(), score=0
    )
    hidden = TrainingFactory(title="Pilot course", is_visible=False)
    assign_perm(MANAGE, people["instructor"], hidden)
    return {"training": training, "lesson": brakes, "quiz": quiz, "people": people}


def pages_of(world) -> dict[str, dict[str, tuple[int, str]]]:
    """role -> page -> (status, html), every role asking for every page in turn."""
    paths = {
        "catalog": reverse("training:training_list"),
        "training": world["training"].get_absolute_url(),
        "course": world["lesson"].course.get_absolute_url(),
        "lesson": world["lesson"].get_absolute_url(),
        "quiz": reverse("training:quiz_detail", args=[world["quiz"].pk]),
    }
    seen: dict[str, dict[str, tuple[int, str]]] = {}
    for role in ROLES:
        client = signed_in(world["people"][role])
        seen[role] = {}
        for name, path in paths.items():
            response = client.get(path)
            seen[role][name] = (response.status_code, response.content.decode())
    return seen


def test_the_catalog(world):
    seen = pages_of(world)
    for role in ROLES:
        status, html = seen[role]["catalog"]
        assert status == 200 and "Forklift safety" in html, role
        sees_everything = role in ("manager", "admin")
        assert ("New training" in html) is sees_everything, role
        assert ("Compliance" in html) is sees_everything, role
        assert ("Pilot course" in html) is (role != "employee" and role != "participant"), role
        assert ('badge-info">Registered' in html) is (role == "participant"), role


def test_the_training_page(world):
    seen = pages_of(world)
    for role in ROLES:
        status, html = seen[role]["training"]
        assert status == 200, role
        manages = role in ("instructor", "manager", "admin")
        assert ("Add a course" in html) is manages, role
        assert ("/resources/" in html and "/delete/" in html) is manages, role
        assert ("Participants</a>" in html) is manages, role
        assert ("Enrol a group" in html) is (role in ("manager", "admin")), role
        follows = role == "participant"
        assert ("Your status:</strong> Registered" in html) is follows, role
        assert ("Continue: " in html) is follows, role
        assert ('badge-success">Done' in html) is follows, role  # Brakes, theirs only
        assert ("% complete" in html) is follows, role
        assert ("Register</button>" in html) is (role not in ("participant",)), role
        assert ('href="/trainings/resources/' in html) is (follows or manages), role
        assert 'badge-neutral">Locked' in html  # Advanced: nobody finished Basics


def test_the_course_and_lesson_pages(world):
    seen = pages_of(world)
    assert seen["employee"]["course"][0] == seen["employee"]["lesson"][0] == 302
    for role in ("participant", "instructor", "manager", "admin"):
        (course_status, course), (lesson_status, lesson) = (
            seen[role]["course"],
            seen[role]["lesson"],
        )
        assert course_status == lesson_status == 200, role
        follows = role == "participant"
        assert ("1 of 2 lessons done" in course) is follows, role
        assert ("0 of 2 lessons done" in course) is not follows, role
        assert ("Add a lesson" in course) is not follows, role
        assert "Some <em>Markdown</em>" in lesson and "Handout" in lesson, role
        assert ('badge-success">Done' in lesson) is follows, role
        assert ("Add an attachment" in lesson) is not follows, role
        assert "Mark as complete" not in lesson, role  # done, or not a participant


def test_the_quiz_page(world):
    seen = pages_of(world)
    assert seen["employee"]["quiz"][0] == 302
    for role in ("participant", "instructor", "manager", "admin"):
        status, html = seen[role]["quiz"]
        assert status == 200, role
        follows = role == "participant"
        assert ("<dd>1 / 2</dd>" in html) is follows, role
        assert ("<dd>0 / 2</dd>" in html) is not follows, role
        assert ("Take the quiz" in html) is follows, role  # one attempt left
        assert ("correct answer" in html) is not follows, role
        assert ("Add a question" in html) is not follows, role
        assert ("No attempts yet." in html) is not follows, role


def test_a_participant_with_no_attempt_left_is_told_so(world):
    participant = world["people"]["participant"]
    QuizAttemptFactory(quiz=world["quiz"], user=participant, number=2, submitted_at=timezone.now())
    html = signed_in(participant).get(reverse("training:quiz_detail", args=[world["quiz"].pk]))
    html = html.content.decode()
    assert "You have no attempts left." in html and "Take the quiz" not in html


def test_a_locked_lesson_sends_a_participant_back_but_not_a_manager(world):
    stacking = world["training"].courses.get(title="Advanced").lessons.get()
    participant = signed_in(world["people"]["participant"])
    response = participant.get(stacking.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == world["training"].get_absolute_url()
    assert "Complete the prerequisite courses first." in response.content.decode()
    instructor = signed_in(world["people"]["instructor"])
    assert instructor.get(stacking.get_absolute_url()).status_code == 200
