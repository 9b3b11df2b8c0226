"""Quizzes through the API: a quiz and my attempts, starting an attempt, answering it, its
review — the pages' selectors, predicates and services (grading happens on the server)."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from training import permissions, selectors, services
from training.api.serializers import AttemptDetailSerializer, QuizSerializer
from training.forms import parse_answers
from training.models import QuizAttempt
from training.views.common import ensure_can_open, ensure_follows


class QuizDetail(APIView):
    """`GET` a quiz of a training I follow or manage, my attempts, and whether I may start
    one (`start_refusal` says why not)."""

    @extend_schema(responses=QuizSerializer)
    def get(self, request: Request, pk: int) -> Response:
        quiz = selectors.quiz_for_page(user=request.user, pk=pk)
        participant = ensure_can_open(request, quiz.lesson.course.training)
        attempts = selectors.quiz_attempts(user=request.user, quiz=quiz)
        context = {
            "attempts": attempts,
            "start_refusal": permissions.quiz_start_refusal(participant, quiz, attempts),
        }
        return Response(QuizSerializer(quiz, context=context).data)


def _attempt(request: Request, attempt: QuizAttempt) -> dict:
    questions = selectors.quiz_questions(quiz=attempt.quiz)
    review = None
    if attempt.is_submitted and attempt.quiz.show_answers:
        review = services.attempt_review(attempt=attempt, questions=questions)
    context = {"questions": questions, "review": review}
    return AttemptDetailSerializer(attempt, context=context).data


class QuizAttemptStart(APIView):
    """`POST`: start an attempt (or resume the open one) — participants with a seat, within
    the quiz's number of attempts; answers the attempt with its questions."""

    @extend_schema(request=None, responses={201: AttemptDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        quiz = selectors.quiz_get(user=request.user, pk=pk)
        participant = ensure_follows(request, quiz.lesson.course.training)
        attempt = services.quiz_start(participant=participant, quiz=quiz)
        attempt = selectors.attempt_get(user=request.user, pk=attempt.pk)
        return Response(_attempt(request, attempt), status=status.HTTP_201_CREATED)


class AttemptDetail(APIView):
    """`GET` one of my attempts (404 for anyone else's): its questions and, once submitted,
    its score and (when the quiz shows them) the right answers."""

    @extend_schema(responses=AttemptDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_attempt(request, selectors.attempt_get(user=request.user, pk=pk)))


def _answers(request: Request) -> dict[int, list[int]]:
    """The page's `q-<question id>` fields, each a choice id or a list of them."""
    data = request.data
    if not hasattr(data, "keys"):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    if hasattr(data, "getlist"):
        return parse_answers(data)
    values = MultiValueDict()
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, int | str) and not isinstance(item, bool) for item in items):
            raise ValidationError({key: [_("Wrong type of value.")]})
        values.setlist(key, items)
    return parse_answers(values)


class AttemptSubmit(APIView):
    """`POST {"q-<question id>": [<choice id>, …], …}`: answer and submit the attempt; it is
    graded on the server (past the deadline, without the answers)."""

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=AttemptDetailSerializer,
        examples=[OpenApiExample("answers", value={"q-12": [40], "q-13": [44, 45]})],
    )
    def post(self, request: Request, pk: int) -> Response:
        attempt = selectors.attempt_get(user=request.user, pk=pk)
        attempt = services.quiz_submit(
            attempt=attempt, answers=_answers(request), request=request._request
        )
        attempt = selectors.attempt_get(user=request.user, pk=attempt.pk)
        return Response(_attempt(request, attempt))
