"""Trainings through the API, the managers' side: trainings, courses, lessons, resources and
certificates created, changed and deleted with the pages' forms, guards and services.

Global training managers create and delete trainings; a training's instructor (an object
right) edits it and its syllabus; the classes here extend the learner's views of the same
addresses with their writes."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from intrasphere.api.forms import bound_form, form_serializer
from training import permissions, selectors, services
from training.api import views
from training.api.serializers import (
    CertificateSerializer,
    CourseStateSerializer,
    LessonSerializer,
    ResourceSerializer,
    TrainingDetailSerializer,
)
from training.forms import CertificateIssueForm, CourseForm, LessonForm, ResourceForm, TrainingForm
from training.models import Course, Lesson, Resource, Training
from training.views.common import ensure_can_open

TRAINING_INPUT = form_serializer(TrainingForm, "TrainingInput")
COURSE_INPUT = form_serializer(CourseForm, "CourseInput", training=Training(pk=0))
LESSON_INPUT = form_serializer(LessonForm, "LessonInput")
RESOURCE_INPUT = form_serializer(ResourceForm, "ResourceInput")


def _body_id(request: Request, field: str) -> int:
    """An id the page takes from its address, sent in the body: a whole number."""
    value = request.data.get(field) if hasattr(request.data, "get") else None
    if isinstance(value, str) and value.isdigit() and len(value) <= 18:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError({field: [_("Enter a whole number.")]})
    return value


def _parent(field: str, fetch, pk: int) -> Any:
    """The parent named in the body; one the caller may not see is refused like a missing one."""
    try:
        return fetch(pk)
    except Http404:
        raise ValidationError({field: [_("Not found.")]}) from None


# ---------------------------------------------------------------- trainings
def _training_saved(request: Request, training: Training, *, partial: bool) -> Training:
    form = bound_form(
        TrainingForm,
        request,
        partial=partial,
        instance=training,
        can_choose_instructor=permissions.can_manage_all(request.user),
    )
    return services.training_save(
        actor=request.user,
        training=form.instance,
        audience_categories=list(form.cleaned_data["audience_categories"]),
        request=request._request,
    )


class TrainingList(views.TrainingList):
    @extend_schema(request=TRAINING_INPUT, responses={201: TrainingDetailSerializer})
    def post(self, request: Request) -> Response:
        """`POST` a training (training managers; a thumbnail through multipart)."""
        permissions.ensure_manage_all(request.user)
        # Fields not sent take the model's defaults, as the blank page form shows them.
        training = _training_saved(request, Training(), partial=True)
        response = views.training_detail_response(request, training)
        response.status_code = status.HTTP_201_CREATED
        return response


class TrainingDetail(views.TrainingDetail):
    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        training = selectors.training_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, training)
        training = _training_saved(request, training, partial=partial)
        return views.training_detail_response(request, training)

    @extend_schema(request=TRAINING_INPUT, responses=TrainingDetailSerializer)
    def put(self, request: Request, pk: int) -> Response:
        """`PUT` the training (its managers and instructor)."""
        return self._update(request, pk, partial=False)

    @extend_schema(request=TRAINING_INPUT, responses=TrainingDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """`PATCH` the training: the fields not sent keep their values."""
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """`DELETE` the training (training managers)."""
        training = selectors.training_get(user=request.user, pk=pk)
        if not permissions.can_delete(request.user, training):
            raise PermissionDenied
        services.training_delete(actor=request.user, training=training, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- courses
def _course_saved(request: Request, course: Course, *, partial: bool) -> Response:
    form = bound_form(
        CourseForm, request, partial=partial, instance=course, training=course.training
    )
    course = services.course_save(
        actor=request.user,
        course=form.instance,
        prerequisites=list(form.cleaned_data["prerequisites"]),
        request=request._request,
    )
    state = selectors.course_state(user=request.user, course=course)
    return Response(CourseStateSerializer(state).data)


@extend_schema(
    parameters=[OpenApiParameter("training", int, required=True, description="a training id")]
)
class CourseList(views.TrainingCourses):
    """`GET ?training=<id>`: the courses of a training (as `trainings/<id>/courses`)."""

    def training_pk(self) -> int:
        return views.query_id(self.request, "training", _("Choose a training."))

    @extend_schema(request=COURSE_INPUT, responses={201: CourseStateSerializer})
    def post(self, request: Request) -> Response:
        """`POST` a course: `training` (id) and the page's fields (its managers)."""
        pk = _body_id(request, "training")
        training = _parent(
            "training", lambda p: selectors.training_get(user=request.user, pk=p), pk
        )
        permissions.ensure_manage(request.user, training)
        response = _course_saved(request, Course(training=training), partial=True)
        response.status_code = status.HTTP_201_CREATED
        return response


class CourseDetail(views.CourseDetail):
    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        course = selectors.course_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, course.training)
        return _course_saved(request, course, partial=partial)

    @extend_schema(request=COURSE_INPUT, responses=CourseStateSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=COURSE_INPUT, responses=CourseStateSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        course = selectors.course_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, course.training)
        services.course_delete(actor=request.user, course=course, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- lessons
def _lesson_saved(request: Request, lesson: Lesson, *, partial: bool) -> Response:
    form = bound_form(LessonForm, request, partial=partial, instance=lesson)
    lesson = services.lesson_save(
        actor=request.user, lesson=form.instance, request=request._request
    )
    return Response(
        LessonSerializer(selectors.lesson_for_page(user=request.user, pk=lesson.pk)).data
    )


@extend_schema(
    parameters=[OpenApiParameter("course", int, required=True, description="a course id")]
)
class LessonList(views.CourseLessons):
    """`GET ?course=<id>`: the lessons of a course (as `courses/<id>/lessons`)."""

    def course_pk(self) -> int:
        return views.query_id(self.request, "course", _("Choose a course."))

    @extend_schema(request=LESSON_INPUT, responses={201: LessonSerializer})
    def post(self, request: Request) -> Response:
        """`POST` a lesson: `course` (id) and the page's fields (the training's managers)."""
        pk = _body_id(request, "course")
        course = _parent("course", lambda p: selectors.course_get(user=request.user, pk=p), pk)
        permissions.ensure_manage(request.user, course.training)
        response = _lesson_saved(request, Lesson(course=course), partial=True)
        response.status_code = status.HTTP_201_CREATED
        return response


class LessonDetail(views.LessonDetail):
    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        lesson = selectors.lesson_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, lesson.course.training)
        return _lesson_saved(request, lesson, partial=partial)

    @extend_schema(request=LESSON_INPUT, responses=LessonSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(request=LESSON_INPUT, responses=LessonSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        lesson = selectors.lesson_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, lesson.course.training)
        services.lesson_delete(actor=request.user, lesson=lesson, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- resources
class ResourceList(views.ResourceList):
    @extend_schema(request=RESOURCE_INPUT, responses={201: ResourceSerializer})
    def post(self, request: Request) -> Response:
        """`POST` a resource: `training` (id), title, description, and a link or a file
        (multipart, checked like the page's uploads)."""
        pk = _body_id(request, "training")
        training = _parent(
            "training", lambda p: selectors.training_get(user=request.user, pk=p), pk
        )
        permissions.ensure_manage(request.user, training)
        form = bound_form(ResourceForm, request, instance=Resource(training=training))
        resource = services.file_item_save(
            actor=request.user, item=form.instance, request=request._request
        )
        return Response(ResourceSerializer(resource).data, status=status.HTTP_201_CREATED)


class ResourceDetail(APIView):
    @extend_schema(responses=ResourceSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """`GET` a resource of a training I follow or manage."""
        resource = selectors.resource_get(user=request.user, pk=pk)
        ensure_can_open(request, resource.training)
        return Response(ResourceSerializer(resource).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        resource = selectors.resource_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, resource.training)
        form = bound_form(ResourceForm, request, partial=partial, instance=resource)
        resource = services.file_item_save(
            actor=request.user, item=form.instance, request=request._request
        )
        return Response(ResourceSerializer(resource).data)

    @extend_schema(request=RESOURCE_INPUT, responses=ResourceSerializer)
    def put(self, request: Request, pk: int) -> Response:
        """`PUT` a resource's title, description and link or file (the training's managers;
        a file not sent stays)."""
        return self._update(request, pk, partial=False)

    @extend_schema(request=RESOURCE_INPUT, responses=ResourceSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """`PATCH` some of a resource's fields (the training's managers)."""
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """`DELETE` a resource (the training's managers)."""
        resource = selectors.resource_get(user=request.user, pk=pk)
        permissions.ensure_manage(request.user, resource.training)
        services.file_item_delete(actor=request.user, item=resource, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- certificates
class CertificateList(views.MyCertificates):
    @extend_schema(
        request=form_serializer(CertificateIssueForm, "CertificateIssueInput"),
        responses={201: CertificateSerializer},
    )
    def post(self, request: Request) -> Response:
        """`POST {"participant": <id>}`: issue a seated participant's certificate (the
        training's managers)."""
        form = bound_form(CertificateIssueForm, request)
        participant = _parent(
            "participant",
            lambda p: selectors.participant_get_for_viewer(user=request.user, pk=p),
            form.cleaned_data["participant"],
        )
        permissions.ensure_manage(request.user, participant.training)
        certificate = services.participant_certificate_issue(
            actor=request.user, participant=participant, request=request._request
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)
