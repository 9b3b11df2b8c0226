"""A journey that always says what is next: the training page's main action at each state, the
quiz result's next step, the certificate once completed, and "Register" instead of a 403 for a
lesson link opened without a seat (the browser journey: tests/e2e/test_training_journey.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import (
    CertificateFactory,
    CourseFactory,
    LessonFactory,
    TrainingFactory,
    quiz_with_questions,
    right_answers,
    seat,
)
from training.models import Certificate, Participant

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def syllabus():
    training = TrainingFactory(title="Ladders")
    course = CourseFactory(training=training, title="Basics")
    footing = LessonFactory(course=course, title="Footing", order=1)
    climbing = LessonFactory(course=course, title="Climbing", order=2)
    quiz = quiz_with_questions(lesson=footing, title="Footing check", max_attempts=2)
    return training, footing, climbing, quiz


def body(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def submit(client, quiz, *, right: bool):
    attempt = client.post(reverse("training:quiz_start", args=[quiz.pk]))
    answers = right_answers(quiz) if right else {}
    data = {f"q-{q}": choices for q, choices in answers.items()}
    client.post(attempt.url + "submit/", data)
    return attempt.url


def test_the_training_page_says_what_is_next_at_each_state(syllabus):
    training, footing, climbing, _quiz = syllabus
    user = UserFactory()
    client, path = signed_in(user), training.get_absolute_url()
    assert "Register</button>" in body(client, path)
    client.post(reverse("training:training_register", args=[training.pk]))
    page = body(client, path)
    assert f'href="{footing.get_absolute_url()}">Start</a>' in page
    assert "Continue:" not in page and "Review" not in page
    body(client, footing.get_absolute_url())  # opened: in progress
    page = body(client, path)
    assert f'href="{footing.get_absolute_url()}">Continue: Footing</a>' in page
    assert ">Start</a>" not in page
    Participant.objects.filter(user=user).update(status="completed", progress=100)
    certificate = CertificateFactory(training=training, user=user)
    page = body(client, path)
    assert f'href="{footing.get_absolute_url()}">Review</a>' in page
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in page
    assert "Download certificate" in page and "Continue:" not in page


def test_a_quiz_result_offers_try_again_then_the_next_lesson(syllabus):
    training, footing, climbing, quiz = syllabus
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    lesson_page = body(client, footing.get_absolute_url())
    assert ">Take the quiz</a>" in lesson_page
    assert "Take the quiz</button>" in body(client, reverse("training:quiz_detail", args=[quiz.pk]))
    failed = body(client, submit(client, quiz, right=False))
    assert "Try again</button>" in failed and "Next lesson" not in failed
    passed = body(client, submit(client, quiz, right=True))
    assert f'href="{climbing.get_absolute_url()}">Next lesson</a>' in passed
    assert "Try again" not in passed


def test_no_attempt_left_sends_back_to_the_lesson(syllabus):
    training, footing, _climbing, quiz = syllabus
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    submit(client, quiz, right=False)
    last = body(client, submit(client, quiz, right=False))
    assert "Try again" not in last and "Next lesson" not in last
    assert f'href="{footing.get_absolute_url()}">Back to the lesson</a>' in last


def test_completing_the_training_leads_to_the_certificate(syllabus):
    training, footing, climbing, quiz = syllabus
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    submit(client, quiz, right=True)
    response = client.post(reverse("training:lesson_complete", args=[climbing.pk]), follow=True)
    page = response.content.decode()
    certificate = Certificate.objects.get(user=user, training=training)
    assert "Congratulations, you completed the training!" in page
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in page
    assert ">Review</a>" in page


def test_the_last_quiz_of_a_training_leads_to_the_certificate():
    training = TrainingFactory()
    lesson = LessonFactory(course=CourseFactory(training=training))
    quiz = quiz_with_questions(lesson=lesson)
    user = UserFactory()
    seat(training, user)
    client = signed_in(user)
    passed = body(client, submit(client, quiz, right=True))
    certificate = Certificate.objects.get(user=user, training=training)
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in passed
    assert "Download certificate" in passed


@pytest.mark.parametrize("page", ["lesson", "course", "quiz"])
def test_a_link_without_a_seat_leads_to_register(syllabus, page):
    training, footing, _climbing, quiz = syllabus
    path = {
        "lesson": footing.get_absolute_url(),
        "course": footing.course.get_absolute_url(),
        "quiz": reverse("training:quiz_detail", args=[quiz.pk]),
    }[page]
    response = signed_in(UserFactory()).get(path, follow=True)
    assert response.redirect_chain == [(training.get_absolute_url(), 302)]
    html = response.content.decode()
    assert "Register for this training to open its lessons." in html
    assert "Register</button>" in html


def test_a_waitlisted_person_is_told_the_lessons_open_with_the_seat(syllabus):
    training, footing, _climbing, _quiz = syllabus
    user = UserFactory()
    seat(training, user, status="waitlisted")
    response = signed_in(user).get(footing.get_absolute_url(), follow=True)
    assert "You are on the waitlist" in response.content.decode()
