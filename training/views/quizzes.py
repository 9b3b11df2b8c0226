"""Taking a quiz (its page, attempts, submission) and building one (settings, questions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions, selectors, services
from training.forms import ChoiceFormSet, QuestionForm, QuizForm, parse_answers
from training.models import Question, Quiz
from training.views.common import (
    crumbs,
    ensure_follows,
    opened_or_sent_to_register,
    render_object_form,
    show_errors,
)


def _quiz_crumbs(quiz: Quiz, label: str) -> list[tuple[str, str]]:
    return crumbs(
        quiz.lesson.course.training,
        (quiz.title, reverse("training:quiz_detail", kwargs={"pk": quiz.pk})),
        (label, ""),
    )


def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_for_page(user=request.user, pk=pk)
    lesson, training = quiz.lesson, quiz.lesson.course.training
    participant, elsewhere = opened_or_sent_to_register(request, training)
    if elsewhere:
        return elsewhere
    attempts = selectors.quiz_attempts(user=request.user, quiz=quiz)
    can_manage = permissions.can_manage(request.user, training)
    return render(
        request,
        "training/quiz_detail.html",
        {
            "quiz": quiz,
            "training": training,
            "attempts": attempts,
            "passed": any(attempt.passed for attempt in attempts),
            "can_start": permissions.can_start_quiz(participant, quiz, attempts),
            "can_manage": can_manage,
            "questions": selectors.quiz_questions(quiz=quiz) if can_manage else [],
            "crumbs": crumbs(training, (lesson.title, lesson.get_absolute_url()), (quiz.title, "")),
        },
    )


@require_POST
def quiz_start(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    participant = ensure_follows(request, quiz.lesson.course.training)
    try:
        attempt = services.quiz_start(participant=participant, quiz=quiz)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("training:quiz_detail", pk=quiz.pk)
    return redirect(attempt)


def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    questions = selectors.quiz_questions(quiz=attempt.quiz)
    participant = selectors.participant_for(
        user=request.user, training=attempt.quiz.lesson.course.training
    )
    return render(
        request,
        "training/attempt_detail.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "review": services.attempt_review(attempt=attempt, questions=questions)
            if attempt.is_submitted and attempt.quiz.show_answers
            else None,
            "now": timezone.now(),
            "after": selectors.after_attempt(attempt=attempt, participant=participant)
            if attempt.is_submitted
            else None,
            "crumbs": _quiz_crumbs(
                attempt.quiz, _("Attempt %(number)s") % {"number": attempt.number}
            ),
        },
    )


@require_POST
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_get(user=request.user, pk=pk)
    try:
        answers = parse_answers(request.POST)
        attempt = services.quiz_submit(attempt=attempt, answers=answers, request=request)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(attempt)
    if attempt.late:
        messages.warning(
            request,
            _("Time was up: the attempt was graded as of its deadline, without your answers."),
        )
    elif attempt.passed:
        messages.success(request, _("You passed the quiz."))
    else:
        messages.info(request, _("You did not reach the passing score this time."))
    return redirect(attempt)


# ---------------------------------------------------------------- building (managers)
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Create or edit the quiz of a lesson."""
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, lesson.course.training)
    quiz = selectors.lesson_quiz(lesson=lesson) or Quiz(lesson=lesson, title=lesson.title)
    form = QuizForm(request.POST or None, instance=quiz)
    if request.method == "POST" and form.is_valid():
        quiz = services.quiz_save(actor=request.user, quiz=form.instance, request=request)
        messages.success(request, _("The quiz was saved."))
        return redirect("training:quiz_detail", pk=quiz.pk)
    return render_object_form(
        request,
        form,
        title=_("Quiz settings"),
        training=lesson.course.training,
        back_url=lesson.get_absolute_url(),
    )


@require_POST
def quiz_delete(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, quiz.lesson.course.training)
    services.quiz_delete(actor=request.user, quiz=quiz, request=request)
    messages.success(request, _("The quiz was deleted."))
    return redirect(quiz.lesson)


def _question_form(request: HttpRequest, quiz: Quiz, question: Question) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question)
    formset = ChoiceFormSet(request.POST or None, instance=question, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.question_save(actor=request.user, form=form, formset=formset, request=request)
        messages.success(request, _("The question was saved."))
        return redirect("training:quiz_detail", pk=quiz.pk)
    return render(
        request,
        "training/question_form.html",
        {
            "form": form,
            "formset": formset,
            "quiz": quiz,
            "question": question if question.pk else None,
            "crumbs": _quiz_crumbs(quiz, _("Question")),
        },
    )


def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = selectors.quiz_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, quiz.lesson.course.training)
    return _question_form(request, quiz, Question(quiz=quiz, order=quiz.questions.count() + 1))


def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, question.quiz.lesson.course.training)
    return _question_form(request, question.quiz, question)


@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    permissions.ensure_manage(request.user, question.quiz.lesson.course.training)
    services.question_delete(actor=request.user, question=question, request=request)
    messages.success(request, _("The question was deleted."))
    return redirect("training:quiz_detail", pk=question.quiz_id)
