"""Trainings through the API, the authors' and managers' tools: quizzes and their questions,
lesson attachments (multipart, the forms' content checks), group enrolment, attendance and
the compliance report — the pages' forms, guards (`ensure_manage`, `ensure_manage_all`),
selectors and services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as accounts_selectors
from intrasphere.api.forms import bound_form, form_serializer
from training import permissions, selectors, services
from training.api import views_quizzes
from training.api.serializers import (
    ComplianceObligationSerializer,
    ComplianceSerializer,
    EnrolmentSerializer,
    LessonAttachmentSerializer,
    ManagedQuestionSerializer,
    ManagedQuizSerializer,
    ParticipantSerializer,
)
from training.api.views import query_id
from training.api.views_manage import _body_id, _parent
from training.forms import (
    AttachmentForm,
    ChoiceFormSet,
    EnrolGroupForm,
    ParticipantMarkForm,
    QuestionForm,
    QuizForm,
)
from training.models import LessonAttachment, Question, Quiz

QUIZ_INPUT = form_serializer(QuizForm, "QuizInput")
QUESTION_EXAMPLE = OpenApiExample(
    "a question",
    value={
        "text": "Which exit is nearest?",
        "kind": "single",
        "points": 1,
        "choices": [{"text": "North", "is_correct": True}, {"id": 12, "text": "South"}],
    },
)


# ---------------------------------------------------------------- quizzes
@extend_schema(
    parameters=[OpenApiParameter("lesson", int, description="only this lesson's quiz")],
    methods=["GET"],
)
class QuizList(generics.ListAPIView):
    """`GET` the quizzes I may open (of trainings where I hold a seat or which I manage),
    `?lesson=<id>` for one lesson's; `POST` the quiz of a lesson: `lesson` (id) and the page's
    fields (the training's managers; a lesson has one quiz)."""

    serializer_class = ManagedQuizSerializer

    def get_queryset(self):
        lesson_id = None
        if "lesson" in self.request.query_params:
            lesson_id = query_id(self.request, "lesson", _("Choose a lesson."))
        return selectors.quiz_list(user=self.request.user, lesson_id=lesson_id)

    @extend_schema(request=QUIZ_INPUT, responses={201: ManagedQuizSerializer})
    def post(self, request: Request) -> Response:
        pk = _body_id(request, "lesson")
        lesson = _parent("lesson", lambda p: selectors.lesson_get(user=request.user, pk=p), pk)
        permissions.ensure_manage(request.user, lesson.course.training)
        form = bound_form(
            QuizForm, request, partial=True, instance=Quiz(lesson=lesson, title=lesson.title)
        )
        quiz = services.quiz_save(actor=request.user, quiz=form.instance, request=request._request)
        return Response(ManagedQuizSerializer(quiz).data, status=status.HTTP_201_CREATED)


class QuizDetail(views_quizzes.QuizDetail):
    """`GET` a quiz; `PUT`/`PATCH` its settings, `DELETE` it (the training's managers)."""

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        quiz = selectors.quiz_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, quiz.lesson.course.training)
        form = bound_form(QuizForm, request, partial=partial, instance=quiz)
        quiz = services.quiz_save(actor=request.user, quiz=form.instance, request=request._request)
        return Response(ManagedQuizSerializer(quiz).data)

    @extend_schema(request=QUIZ_INPUT, responses=ManagedQuizSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=QUIZ_INPUT, responses=ManagedQuizSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        quiz = selectors.quiz_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, quiz.lesson.course.training)
        services.quiz_delete(actor=request.user, quiz=quiz, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- questions
def _choice_rows(question: Question, sent: Any) -> tuple[list[dict], int]:
    """The answers sent as the page's formset rows: existing answers not named by `id` are
    deleted, those without `id` are added. Returns the rows and how many exist already."""
    existing = list(question.choices.all()) if question.pk else []
    if sent is None:  # not sent: the answers stay as they are
        sent = [{"id": c.pk, "text": c.text, "is_correct": c.is_correct, "order": c.order}
                for c in existing]  # fmt: skip
    types = {"id": int, "text": str, "is_correct": bool, "order": int}
    if not isinstance(sent, list) or not all(
        isinstance(row, dict)
        and all(isinstance(row.get(key), kind) for key, kind in types.items() if key in row)
        for row in sent
    ):
        raise ValidationError({"choices": [_("Send a list of answers (text, is_correct, order).")]})
    named = {row["id"]: row for row in sent if "id" in row}
    if set(named) - {choice.pk for choice in existing}:
        raise ValidationError({"choices": [_("An answer of another question was named.")]})
    rows = [named.get(c.pk) or {"id": c.pk, "text": c.text, "DELETE": True} for c in existing]
    return rows + [row for row in sent if "id" not in row], len(existing)


def _choice_formset(question: Question, sent: Any):
    rows, initial = _choice_rows(question, sent)
    prefix = "choices"
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        for key in ("id", "text"):
            if key in row:
                data[f"{prefix}-{i}-{key}"] = str(row[key])
        data[f"{prefix}-{i}-order"] = str(row.get("order", i + 1))  # in the order sent
        for key in ("is_correct", "DELETE"):
            if row.get(key):
                data[f"{prefix}-{i}-{key}"] = "on"
    formset = ChoiceFormSet(data, instance=question, prefix=prefix)
    if not formset.is_valid():
        messages = [str(m) for m in formset.non_form_errors()]
        for i, errors in enumerate(formset.errors):
            messages += [f"{i + 1}: {m}" for field in errors.values() for m in field]
        raise ValidationError({"choices": messages})
    return formset


def _question_saved(request: Request, question: Question, *, partial: bool) -> Question:
    form = bound_form(QuestionForm, request, partial=partial, instance=question)
    sent = request.data.get("choices") if hasattr(request.data, "get") else None
    formset = _choice_formset(form.instance, sent)
    return services.question_save(
        actor=request.user, form=form, formset=formset, request=request._request
    )


QUESTION_INPUT = form_serializer(QuestionForm, "QuestionInput")


class QuizQuestions(generics.ListAPIView):
    """`GET` a quiz's questions with their answers and which are right; `POST` one (`text`,
    `kind`, `points`, `explanation`, `order`, `choices`: a list of `text`, `is_correct`,
    `order`) — the training's managers."""

    serializer_class = ManagedQuestionSerializer

    def _quiz(self) -> Quiz:
        quiz = selectors.quiz_get(user=self.request.user, pk=self.kwargs["pk"])
        permissions.ensure_manage(self.request.user, quiz.lesson.course.training)
        return quiz

    def get_queryset(self):
        return selectors.quiz_questions(quiz=self._quiz()).prefetch_related("choices")

    @extend_schema(
        request=QUESTION_INPUT,
        responses={201: ManagedQuestionSerializer},
        examples=[QUESTION_EXAMPLE],
    )
    def post(self, request: Request, pk: int) -> Response:
        quiz = self._quiz()
        question = Question(quiz=quiz, order=quiz.questions.count() + 1)
        question = _question_saved(request, question, partial=True)
        return Response(ManagedQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetail(APIView):
    """`GET` a question; `PUT`/`PATCH` it (answers named by `id` are kept and changed, the
    others deleted, those without `id` added; without `choices` they stay); `DELETE` it."""

    def _question(self, request: Request, pk: int) -> Question:
        question = selectors.question_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, question.quiz.lesson.course.training)
        return question

    @extend_schema(responses=ManagedQuestionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ManagedQuestionSerializer(self._question(request, pk)).data)

    @extend_schema(request=QUESTION_INPUT, responses=ManagedQuestionSerializer)
    def put(self, request: Request, pk: int) -> Response:
        question = _question_saved(request, self._question(request, pk), partial=False)
        return Response(ManagedQuestionSerializer(question).data)

    @extend_schema(request=QUESTION_INPUT, responses=ManagedQuestionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        question = _question_saved(request, self._question(request, pk), partial=True)
        return Response(ManagedQuestionSerializer(question).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        question = self._question(request, pk)
        services.question_delete(actor=request.user, question=question, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- lesson attachments
class LessonAttachmentCreate(APIView):
    """`POST` multipart `lesson` (id), `title`, `file`: an attachment, checked by its content
    like the page's upload (the training's managers)."""

    @extend_schema(
        request={"multipart/form-data": form_serializer(AttachmentForm, "LessonAttachmentInput")},
        responses={201: LessonAttachmentSerializer},
    )
    def post(self, request: Request) -> Response:
        pk = _body_id(request, "lesson")
        lesson = _parent("lesson", lambda p: selectors.lesson_get(user=request.user, pk=p), pk)
        permissions.ensure_manage(request.user, lesson.course.training)
        form = bound_form(AttachmentForm, request, instance=LessonAttachment(lesson=lesson))
        attachment = services.file_item_save(
            actor=request.user, item=form.instance, request=request._request
        )
        return Response(LessonAttachmentSerializer(attachment).data, status=201)


class LessonAttachmentDetail(APIView):
    """`DELETE` a lesson's attachment (the training's managers)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        attachment = selectors.attachment_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, attachment.lesson.course.training)
        services.file_item_delete(actor=request.user, item=attachment, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- enrolment and attendance
class TrainingEnrol(APIView):
    """`POST {"department": …, "category": <employee category id>, "due_date": …}`: seat every
    active member of a department or employee category (training managers; all or nothing:
    400 when the seats do not suffice)."""

    @extend_schema(
        request=form_serializer(EnrolGroupForm, "TrainingEnrolInput", departments=[]),
        responses=EnrolmentSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        training = selectors.training_get(user=request.user, pk=pk)
        permissions.ensure_manage_all(request.user)
        departments = accounts_selectors.departments()
        form = bound_form(EnrolGroupForm, request, departments=departments)
        count = services.training_enrol_group(
            actor=request.user, training=training, request=request._request, **form.cleaned_data
        )
        return Response(EnrolmentSerializer({"enrolled": count}).data)


class ParticipantAttendance(APIView):
    """`PUT {"attended": bool, "completed": bool}`: record a participant's attendance and, for
    a seated one, completion (the training's managers)."""

    @extend_schema(
        request=form_serializer(ParticipantMarkForm, "ParticipantMarkInput"),
        responses=ParticipantSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        participant = selectors.participant_get_for_viewer(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, participant.training)
        form = bound_form(ParticipantMarkForm, request)
        participant = services.participant_mark(
            actor=request.user,
            participant=participant,
            request=request._request,
            **form.cleaned_data,
        )
        return Response(ParticipantSerializer(participant).data)


# ---------------------------------------------------------------- compliance
class Compliance(APIView):
    """`GET` the compliance report: per department, for each mandatory training, how many
    people of its audience are compliant, in progress, not started, overdue or expired (the
    page's and its CSV's figures; training managers)."""

    @extend_schema(responses=ComplianceSerializer)
    def get(self, request: Request) -> Response:
        permissions.ensure_manage_all(request.user)
        trainings, table = selectors.compliance_matrix()
        rows = [
            {
                "department": department,
                "cells": [
                    {"training": t.pk, **dict(c.figures()), "total": c.total}
                    for t, c in zip(trainings, cells, strict=True)
                ],
            }
            for department, cells in table
        ]
        return Response(ComplianceSerializer({"trainings": trainings, "rows": rows}).data)


@extend_schema(
    parameters=[
        OpenApiParameter("department", OpenApiTypes.STR),
        OpenApiParameter("state", OpenApiTypes.STR, enum=list(selectors.STATES)),
    ]
)
class ComplianceDetail(generics.ListAPIView):
    """`GET ?department=&state=`: the people of one department counted in a mandatory
    training's column, with their state (the report's drill-down; training managers)."""

    serializer_class = ComplianceObligationSerializer

    def get_queryset(self):
        permissions.ensure_manage_all(self.request.user)
        training = selectors.training_get(user=self.request.user, pk=self.kwargs["pk"])
        department = self.request.query_params.get("department", "")[:100]
        state = self.request.query_params.get("state", "")
        if state and state not in selectors.STATES:
            raise ValidationError({"state": [_("Choose a valid state.")]})
        rows = selectors.compliance_people(training=training, department=department, state=state)
        return [
            {
                "person": person,
                "state": obligation.state,
                "deadline": obligation.deadline,
                "certificate_expires": obligation.certificate_expires,
            }
            for person, obligation in rows
        ]
