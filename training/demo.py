"""Demo trainings: the prototype's two samples (security, management). Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from training.models import Choice, Course, Lesson, Question, Quiz, Training
from training.services import instructor_sync

SECURITY_LESSONS = {
    "Threats you meet every day": [
        (
            "Phishing: recognise the bait",
            "Phishing emails imitate people and services you trust.\n\n"
            "- Check the **sender's address**, not only the name.\n"
            "- Hover over links before clicking.\n"
            "- When in doubt, report the email to IT.",
        ),
        (
            "Strong passwords and MFA",
            "Use a **password manager** and a different passphrase for every service.\n\n"
            "Turn on multi-factor authentication wherever it is offered.",
        ),
    ],
    "Protecting company data": [
        (
            "Classifying information",
            "Company information is *public*, *internal*, *confidential* or *secret*. "
            "The label decides where you may store and share it.",
        ),
    ],
}

MANAGEMENT_LESSONS = {
    "Leading a team": [
        (
            "One-to-one meetings",
            "A regular one-to-one is the team member's meeting: let them set the agenda.",
        ),
        (
            "Giving feedback",
            "Describe the **situation**, the **behaviour** and its **impact** (SBI).",
        ),
    ],
    "Delegation": [
        (
            "What to delegate",
            "Delegate outcomes, not tasks; agree on checkpoints rather than micromanaging.",
        ),
    ],
}


def _training(*, title: str, defaults: dict, lessons: dict, instructor: User | None) -> Training:
    training, created = Training.objects.get_or_create(title=title, defaults=defaults)
    if created:
        training.instructor = instructor
        training.save(update_fields=["instructor"])
        instructor_sync(training=training, previous=None)
        previous = None
        for order, (course_title, items) in enumerate(lessons.items(), start=1):
            course = Course.objects.create(
                training=training,
                title=course_title,
                order=order,
                duration_minutes=15 * len(items),
            )
            if previous is not None:
                course.prerequisites.add(previous)
            previous = course
            for lesson_order, (lesson_title, content) in enumerate(items, start=1):
                Lesson.objects.create(
                    course=course,
                    title=lesson_title,
                    order=lesson_order,
                    content=content,
                    duration_minutes=15,
                )
    return training


def _security_quiz(training: Training) -> None:
    lesson = Lesson.objects.filter(course__training=training).order_by("course__order", "order")
    lesson = lesson.first()
    if lesson is None or Quiz.objects.filter(lesson=lesson).exists():
        return
    quiz = Quiz.objects.create(
        lesson=lesson,
        title="Phishing check",
        passing_score=70,
        time_limit_minutes=10,
        max_attempts=3,
        show_answers=True,
    )
    q1 = Question.objects.create(
        quiz=quiz,
        order=1,
        kind=Question.Kind.SINGLE,
        points=2,
        text="An email from “IT Support” asks for your password. What do you do?",
        explanation="IT never asks for your password: report the email.",
    )
    Choice.objects.create(question=q1, order=1, text="Report it to IT", is_correct=True)
    Choice.objects.create(question=q1, order=2, text="Reply with the password")
    Choice.objects.create(question=q1, order=3, text="Forward it to colleagues")
    q2 = Question.objects.create(
        quiz=quiz,
        order=2,
        kind=Question.Kind.MULTIPLE,
        points=2,
        text="Which are signs of phishing? (select all that apply)",
    )
    Choice.objects.create(question=q2, order=1, text="Urgent threats", is_correct=True)
    Choice.objects.create(question=q2, order=2, text="A mismatched sender domain", is_correct=True)
    Choice.objects.create(question=q2, order=3, text="Your manager's usual signature")
    q3 = Question.objects.create(
        quiz=quiz,
        order=3,
        kind=Question.Kind.TRUE_FALSE,
        points=1,
        text="Multi-factor authentication protects you even if your password leaks.",
    )
    Choice.objects.create(question=q3, order=1, text="True", is_correct=True)
    Choice.objects.create(question=q3, order=2, text="False")


def seed(people: dict[str, User]) -> list[Training]:
    now = timezone.now()
    instructor = people.get("marie.martin")
    security = _training(
        title="Cybersecurity essentials",
        defaults={
            "description": "Recognise phishing, protect your accounts and handle company data "
            "safely. **Mandatory** for every employee.",
            "category": "Security",
            "difficulty": Training.Difficulty.BEGINNER,
            "duration_hours": 2,
            "start_date": now + datetime.timedelta(days=14),
            "end_date": now + datetime.timedelta(days=14, hours=2),
            "location": "Online",
            "max_participants": 50,
            "is_mandatory": True,
            "certificate_validity_days": 365,
        },
        lessons=SECURITY_LESSONS,
        instructor=instructor,
    )
    _security_quiz(security)
    management = _training(
        title="Management fundamentals",
        defaults={
            "description": "The everyday craft of leading a team: one-to-ones, feedback and "
            "delegation.",
            "category": "Management",
            "difficulty": Training.Difficulty.INTERMEDIATE,
            "duration_hours": 6,
            "start_date": now + datetime.timedelta(days=30),
            "end_date": now + datetime.timedelta(days=31),
            "location": "Training room B",
            "max_participants": 12,
        },
        lessons=MANAGEMENT_LESSONS,
        instructor=instructor,
    )
    return [security, management]
