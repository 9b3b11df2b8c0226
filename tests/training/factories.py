"""Factories for the training domain."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import UserFactory
from training.models import (
    Certificate,
    Choice,
    Course,
    Lesson,
    LessonAttachment,
    Participant,
    Question,
    Quiz,
    QuizAttempt,
    Resource,
    Training,
)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    title = factory.Sequence(lambda n: f"Training {n}")
    description = "Learn **useful** things."
    category = "Security"
    max_participants = 10
    start_date = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=8))


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant; seated ones must also be counted: use `seat()` for that."""

    class Meta:
        model = Participant

    training = factory.SubFactory(TrainingFactory)
    user = factory.SubFactory(UserFactory)
    status = Participant.Status.REGISTERED


def seat(training, user, **kwargs) -> Participant:
    """A registered participant with the training's counter kept right."""
    participant = ParticipantFactory(training=training, user=user, **kwargs)
    if participant.is_seated:
        Training.objects.filter(pk=training.pk).update(
            participant_count=training.participants.filter(status__in=Participant.SEATED).count()
        )
        training.refresh_from_db()
    return participant


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    training = factory.SubFactory(TrainingFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    order = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    order = factory.Sequence(lambda n: n)
    content = "# Hello\n\nSome *Markdown*."


class LessonAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonAttachment

    lesson = factory.SubFactory(LessonFactory)
    title = "Handout"
    file = factory.LazyFunction(lambda: ContentFile(b"handout text", name="handout.txt"))
    extension = "txt"
    content_type = "text/plain"
    size = 12


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    training = factory.SubFactory(TrainingFactory)
    title = "Slides"
    url = "https://example.com/slides"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    title = "Check"
    passing_score = 50
    max_attempts = 2


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SINGLE
    points = 1


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Answer {n}")
    is_correct = False


def quiz_with_questions(lesson=None, **kwargs) -> Quiz:
    """A quiz with one single-choice and one multiple-choice question (1 point each)."""
    quiz = QuizFactory(lesson=lesson or LessonFactory(), **kwargs)
    single = QuestionFactory(quiz=quiz, kind=Question.Kind.SINGLE, order=1)
    ChoiceFactory(question=single, text="Right", is_correct=True)
    ChoiceFactory(question=single, text="Wrong")
    multiple = QuestionFactory(quiz=quiz, kind=Question.Kind.MULTIPLE, order=2)
    ChoiceFactory(question=multiple, text="A", is_correct=True)
    ChoiceFactory(question=multiple, text="B", is_correct=True)
    ChoiceFactory(question=multiple, text="C")
    return quiz


def right_answers(quiz) -> dict[int, list[int]]:
    return {q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in quiz.questions.all()}


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizAttempt

    quiz = factory.SubFactory(QuizFactory)
    user = factory.SubFactory(UserFactory)
    number = 1


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    training = factory.SubFactory(TrainingFactory)
    user = factory.SubFactory(UserFactory)
