"""Trainings through the API, the learner's side: the catalog, a training, registering and
unregistering (the waitlist included), the syllabus, lessons, progress, resources and
certificates — with the pages' selectors (what one sees), predicates (what one may do) and
services. The quizzes are in `views_quizzes.py`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from intrasphere.api.forms import bound_form, form_serializer
from training import permissions, selectors, services
from training.api.serializers import (
    CertificateSerializer,
    CourseStateSerializer,
    LessonSerializer,
    LessonSummarySerializer,
    ParticipantSerializer,
    ParticipationSerializer,
    ResourceSerializer,
    TrainingDetailSerializer,
    TrainingSerializer,
)
from training.forms import CatalogFilterForm, FeedbackForm
from training.models import Participant, Training
from training.views.common import ensure_can_open, ensure_follows


def _viewer(user: User, training: Training) -> dict:
    participant = selectors.participant_for(user=user, training=training)
    return {
        "participation": participant,
        "waitlist_position": selectors.waitlist_position(participant=participant),
        "can_register": permissions.can_register(participant, training),
        "registration_refusal": permissions.registration_refusal(participant, training),
        "can_unregister": permissions.can_unregister(participant, training),
        "can_follow": permissions.can_follow(participant),
        "can_manage": permissions.can_manage(user, training),
    }


def training_detail_response(request: Request, training: Training) -> Response:
    context = {"request": request, "viewer": _viewer(request.user, training)}
    return Response(TrainingDetailSerializer(training, context=context).data)


@extend_schema(
    parameters=[
        OpenApiParameter("q", description="words of the title, description or category"),
        OpenApiParameter("category"),
        OpenApiParameter(
            "difficulty", enum=[value for value, _label in Training.Difficulty.choices]
        ),
        OpenApiParameter("mandatory", bool),
        OpenApiParameter("upcoming", bool),
        OpenApiParameter("free_seats", bool),
    ]
)
class TrainingList(generics.ListAPIView):
    """`GET` the catalog: the trainings I see, soonest first, filtered as on the page, each with
    my place in it (`viewer_status`)."""

    serializer_class = TrainingSerializer

    def get_queryset(self):
        form = CatalogFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        trainings = selectors.training_catalog(user=self.request.user, **form.filters())
        return trainings.select_related("instructor")


class TrainingDetail(APIView):
    """`GET` a training I see (404 otherwise) with my place in it (status, progress, waitlist
    position) and what I may do (register, unregister, follow, manage)."""

    @extend_schema(responses=TrainingDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return training_detail_response(request, selectors.training_get(user=request.user, pk=pk))


class TrainingRegister(APIView):
    """`POST`: take a seat, or a place on the waitlist when the training is full (the answer's
    `viewer.participation.status` says which)."""

    @extend_schema(request=None, responses=TrainingDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        training = selectors.training_get(user=request.user, pk=pk)
        services.training_register(training=training, user=request.user, request=request._request)
        training.refresh_from_db(fields=["participant_count"])
        return training_detail_response(request, training)


class TrainingUnregister(APIView):
    """`DELETE`: give my seat (or waitlist place) back, until the training starts."""

    @extend_schema(request=None, responses=TrainingDetailSerializer)
    def delete(self, request: Request, pk: int) -> Response:
        training = selectors.training_get(user=request.user, pk=pk)
        services.training_unregister(training=training, user=request.user, request=request._request)
        training.refresh_from_db(fields=["participant_count"])
        return training_detail_response(request, training)


class TrainingFeedback(APIView):
    """`POST {"feedback_rating": 1–5, "feedback_comment": …}`: rate a training I completed."""

    @extend_schema(
        request=form_serializer(FeedbackForm, "TrainingFeedbackInput"),
        responses=TrainingDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        training = selectors.training_get(user=request.user, pk=pk)
        participant = selectors.participant_for(user=request.user, training=training)
        if participant is None:
            raise PermissionDenied
        form = bound_form(FeedbackForm, request, instance=participant)
        services.participant_feedback(
            participant=participant,
            rating=form.cleaned_data["feedback_rating"],
            comment=form.cleaned_data["feedback_comment"],
            request=request._request,
        )
        return training_detail_response(request, training)


@extend_schema(
    parameters=[OpenApiParameter("status", enum=[v for v, _l in Participant.Status.choices])]
)
class TrainingParticipants(generics.ListAPIView):
    """`GET` the participants of a training I manage (its instructor, training managers)."""

    serializer_class = ParticipantSerializer

    def get_queryset(self):
        training = selectors.training_get(user=self.request.user, pk=self.kwargs["pk"])
        permissions.ensure_manage(self.request.user, training)
        wanted = self.request.query_params.get("status", "")
        if wanted and wanted not in Participant.Status.values:
            raise ValidationError({"status": [_("Choose a valid status.")]})
        return selectors.participant_list(training=training, status=wanted)


def query_id(request: Request, name: str, message: str) -> int:
    """A required id of the query string (`?training=`, `?course=`): 400 when not a number."""
    value = request.query_params.get(name, "")
    if not value.isdigit() or len(value) > 18:
        raise ValidationError({name: [message]})
    return int(value)


class TrainingCourses(generics.ListAPIView):
    """`GET` the syllabus of a training I see: its courses in order, with my progress in each
    and whether it is open (its prerequisites done)."""

    serializer_class = CourseStateSerializer

    def training_pk(self) -> int:
        return self.kwargs["pk"]

    def get_queryset(self):
        training = selectors.training_get(user=self.request.user, pk=self.training_pk())
        return selectors.course_states(user=self.request.user, training=training)


class CourseDetail(APIView):
    """`GET` a course of a training I follow or manage (403 without a seat)."""

    @extend_schema(responses=CourseStateSerializer)
    def get(self, request: Request, pk: int) -> Response:
        course = selectors.course_get(user=request.user, pk=pk)
        ensure_can_open(request, course.training)
        state = selectors.course_state(user=request.user, course=course)
        return Response(CourseStateSerializer(state).data)


class CourseLessons(generics.ListAPIView):
    """`GET` the lessons of a course (in order, with `is_done` for me)."""

    serializer_class = LessonSummarySerializer

    def course_pk(self) -> int:
        return self.kwargs["pk"]

    def get_queryset(self):
        course = selectors.course_get(user=self.request.user, pk=self.course_pk())
        ensure_can_open(self.request, course.training)
        return selectors.course_state(user=self.request.user, course=course).lessons


class LessonDetail(APIView):
    """`GET` a lesson (content, video, attachments, quiz) of a training I follow or manage;
    403 while its prerequisite courses are not done (managers excepted)."""

    @extend_schema(responses=LessonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        lesson = selectors.lesson_for_page(user=request.user, pk=pk)
        training = lesson.course.training
        ensure_can_open(request, training)
        if lesson.is_locked and not permissions.can_manage(request.user, training):
            raise PermissionDenied(_("Complete the prerequisite courses first."))
        return Response(LessonSerializer(lesson).data)


def _person(request: Request, pk: int) -> User:
    """Myself, or (training managers only) anyone: others' progress is theirs and managers'."""
    if pk == request.user.pk:
        return request.user
    permissions.ensure_manage_all(request.user)
    return get_object_or_404(User, pk=pk)


class Progress(generics.ListAPIView):
    """As in the prototype, one address for two things: `GET progress/<user id>` the trainings
    of that person (myself, or anyone for training managers) with their status and progress;
    `PUT progress/<lesson id>` marks that lesson done for me (a lesson with a quiz is done when
    the quiz is passed) and answers my participation in its training."""

    serializer_class = ParticipationSerializer

    def get_queryset(self):
        return selectors.my_trainings(user=_person(self.request, self.kwargs["pk"]))

    @extend_schema(request=None, responses=ParticipationSerializer)
    def put(self, request: Request, pk: int) -> Response:
        lesson = selectors.lesson_get(user=request.user, pk=pk)
        participant = ensure_follows(request, lesson.course.training)
        participant = services.lesson_complete(participant=participant, lesson=lesson)
        return Response(ParticipationSerializer(participant).data)


class MyCertificates(generics.ListAPIView):
    """`GET` my certificates (latest first)."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        return selectors.certificate_list(user=self.request.user).select_related("user")


@extend_schema_view(get=extend_schema(operation_id="certificates_of_user"))
class CertificatesOfUser(generics.ListAPIView):
    """`GET` the certificates of user *id* (myself, or anyone for training managers)."""

    serializer_class = CertificateSerializer

    def get_queryset(self):
        person = _person(self.request, self.kwargs["pk"])
        return selectors.certificate_list(user=person).select_related("user")


@extend_schema(
    parameters=[OpenApiParameter("training", int, required=True, description="a training id")]
)
class ResourceList(generics.ListAPIView):
    """`GET ?training=<id>`: the resources of a training I follow or manage."""

    serializer_class = ResourceSerializer

    def get_queryset(self):
        pk = query_id(self.request, "training", _("Choose a training."))
        training = selectors.training_get(user=self.request.user, pk=pk)
        ensure_can_open(self.request, training)
        return training.resources.order_by("title", "pk")
