"""The helpdesk through the API: the complaints one may see, one's own, filing, and handling
(assign, status, priority, replies, rating, reveal), with the pages' selectors, predicates,
forms and services. What one may not see answers 404; confidential submitters stay hidden
exactly where the pages hide them."""

from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import permissions, selectors, services, services_handling
from complaints.api.forms import ComplaintChangeForm
from complaints.api.serializers import (
    ComplaintDetailSerializer,
    ComplaintSerializer,
    ReplySerializer,
)
from complaints.forms import (
    AssignForm,
    ComplaintForm,
    EditForm,
    HandlingFilterForm,
    PriorityForm,
    RatingForm,
    ReplyForm,
    RevealForm,
    StatusForm,
)
from complaints.models import Complaint, SavedReply
from intrasphere.api.forms import bound_form, form_serializer


def _detail(request: Request, complaint: Complaint) -> dict:
    user = request.user
    can_handle = permissions.can_handle(user, complaint)
    context = {
        "request": request,
        "replies": selectors.complaint_replies(complaint=complaint, include_internal=can_handle),
        "events": selectors.complaint_timeline(complaint=complaint),
        "allowed_statuses": services.allowed_transitions(user=user, complaint=complaint),
    }
    return ComplaintDetailSerializer(complaint, context=context).data


def _after_change(request: Request, complaint: Complaint) -> Response:
    """The complaint as the caller now sees it (a summary if they no longer see it whole:
    handed to someone else)."""
    try:
        return Response(
            _detail(request, selectors.complaint_get_visible(user=request.user, pk=complaint.pk))
        )
    except Http404:
        return Response(ComplaintSerializer(complaint, context={"request": request}).data)


def _filters(request: Request) -> dict:
    """The handling list's filters (status, priority, category, assignee, overdue, sort)."""
    params = request.query_params
    handlers = list(selectors.complaint_handlers()) if params.get("assignee") else []
    form = HandlingFilterForm(params, handlers=handlers, user=request.user)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.filters()


@extend_schema(
    parameters=[
        OpenApiParameter("status", description='a status, or "open"'),
        OpenApiParameter("priority"),
        OpenApiParameter("category"),
        OpenApiParameter("assignee", description='a handler id, "none", or "mine" (me or nobody)'),
        OpenApiParameter("overdue", bool),
        OpenApiParameter("sort", enum=["newest", "oldest", "due", "priority", "updated"]),
    ]
)
class ComplaintList(generics.ListAPIView):
    """`GET` the complaints I may see (managers: all; others: mine and those assigned to me),
    filtered as the handling list; `POST` a complaint (title, description, category, priority,
    confidential; attachments through multipart)."""

    serializer_class = ComplaintSerializer

    def get_queryset(self):
        user = self.request.user
        complaints = selectors.complaints_visible_to(user)
        return selectors.with_submitter_revealed(
            selectors.complaint_filter(complaints, **_filters(self.request)), user
        )

    @extend_schema(
        request=form_serializer(ComplaintForm, "ComplaintInput"),
        responses={201: ComplaintDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        # Fields not sent take the model's defaults (priority, confidential), as the blank form.
        form = bound_form(ComplaintForm, request, partial=True, instance=Complaint())
        data = form.cleaned_data
        complaint = services.complaint_submit(
            submitter=request.user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            priority=data["priority"],
            confidential=data["confidential"],
            files=data["attachments"],
            request=request._request,
        )
        complaint = selectors.complaint_get_visible(user=request.user, pk=complaint.pk)
        return Response(_detail(request, complaint), status=status.HTTP_201_CREATED)


class MyComplaintList(generics.ListAPIView):
    """`GET` the complaints I filed (latest change first)."""

    serializer_class = ComplaintSerializer

    def get_queryset(self):
        return selectors.complaints_of_submitter(user=self.request.user).select_related("submitter")


class ComplaintDetail(APIView):
    """`GET` a complaint with its conversation (internal notes for its handlers), timeline,
    attachments and the statuses I may move it to; 404 when I may not see it. `PUT` edits
    it: its handlers change what the handling routes change, its submitter corrects it while
    it is new."""

    @extend_schema(responses=ComplaintDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, selectors.complaint_get_visible(user=request.user, pk=pk)))

    @extend_schema(
        request=form_serializer(
            ComplaintChangeForm,
            "ComplaintChangeInput",
            complaint=Complaint(),
            allowed=list(Complaint.Status.values),
            handlers=None,
            saved_replies=SavedReply.objects.none(),
        ),
        responses=ComplaintDetailSerializer,
        description=(
            "Edit the complaint. Its handlers, as the page's update panel: `body` (a reply, or "
            "an internal note with `internal`), `status`, `assignee`, `priority`, `category`, "
            "all at once or none (each optional; one timeline entry per change). Its submitter, "
            "while it is new: `title`, `description`, `category`. Fields not sent keep their "
            "values. Anyone else who sees it: 403."
        ),
    )
    def put(self, request: Request, pk: int) -> Response:
        complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
        if permissions.can_handle(request.user, complaint):
            form = bound_form(
                ComplaintChangeForm,
                request,
                partial=True,
                complaint=complaint,
                allowed=services.allowed_transitions(user=request.user, complaint=complaint),
                handlers=selectors.assignee_choices(complaint=complaint),
                saved_replies=SavedReply.objects.none(),
            )
            services_handling.complaint_update(
                actor=request.user,
                complaint=complaint,
                request=request._request,
                **form.cleaned_data,
            )
        elif permissions.can_edit(request.user, complaint):
            form = bound_form(EditForm, request, partial=True, instance=copy.copy(complaint))
            services_handling.complaint_edit(
                actor=request.user,
                complaint=complaint,
                request=request._request,
                **form.cleaned_data,
            )
        else:
            raise PermissionDenied
        complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
        return _after_change(request, complaint)


class ComplaintAction(APIView):
    """One handling step as the page takes it: the complaint I may see (else 404), the page's
    predicate where the service does not check it (403), the page's form (400), the service;
    the answer is the complaint as I now see it. A step sets `form_class` and `perform`."""

    form_class: type

    def check(self, user, complaint: Complaint) -> None:
        """The page's guard before the form (none: the service decides)."""

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {}

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        raise NotImplementedError

    def act(self, request: Request, pk: int) -> Response:
        complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
        self.check(request.user, complaint)
        form = bound_form(self.form_class, request, **self.form_kwargs(complaint))
        return _after_change(request, self.perform(request, complaint, form.cleaned_data))


class ComplaintAssign(ComplaintAction):
    """`PUT {"assignee": <user id>, "comment": …}`: hand the complaint to a handler."""

    form_class = AssignForm
    check = staticmethod(permissions.ensure_can_handle)

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"handlers": selectors.complaint_handlers()}

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        return services.complaint_assign(
            actor=request.user, complaint=complaint, request=request._request, **data
        )

    @extend_schema(
        request=form_serializer(AssignForm, "ComplaintAssignInput", handlers=None),
        responses=ComplaintDetailSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self.act(request, pk)


class ComplaintStatus(ComplaintAction):
    """`PUT {"status": …, "comment": …}`: move the complaint along the workflow (the statuses
    of `allowed_statuses`; anything else is refused with 400)."""

    form_class = StatusForm

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        return services.complaint_transition(
            actor=request.user, complaint=complaint, request=request._request, **data
        )

    @extend_schema(
        request=form_serializer(StatusForm, "ComplaintStatusInput"),
        responses=ComplaintDetailSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self.act(request, pk)


class ComplaintPriority(ComplaintAction):
    """`PUT {"priority": …, "comment": …}` (its handlers)."""

    form_class = PriorityForm
    check = staticmethod(permissions.ensure_can_handle)

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        return services.complaint_set_priority(
            actor=request.user, complaint=complaint, request=request._request, **data
        )

    @extend_schema(
        request=form_serializer(PriorityForm, "ComplaintPriorityInput"),
        responses=ComplaintDetailSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self.act(request, pk)


class ComplaintReplyCreate(APIView):
    """`POST {"body": …, "internal": false}`: a reply (its submitter and handlers) or an
    internal note (handlers only)."""

    @extend_schema(
        request=form_serializer(ReplyForm, "ComplaintReplyInput", allow_internal=True),
        responses={201: ReplySerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        complaint = selectors.complaint_get_visible(user=request.user, pk=pk)
        allow_internal = permissions.can_handle(request.user, complaint)
        form = bound_form(ReplyForm, request, allow_internal=allow_internal)
        reply = services.complaint_reply(
            author=request.user,
            complaint=complaint,
            body=form.cleaned_data["body"],
            internal=form.cleaned_data.get("internal", False),
            request=request._request,
        )
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


class ComplaintRate(ComplaintAction):
    """`POST {"rating": 1–5, "comment": …}`: the submitter rates a resolved complaint."""

    form_class = RatingForm

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        return services.complaint_rate(
            user=request.user, complaint=complaint, request=request._request, **data
        )

    @extend_schema(
        request=form_serializer(RatingForm, "ComplaintRatingInput"),
        responses=ComplaintDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk)


def _ensure_can_reveal(user, complaint: Complaint) -> None:
    if not permissions.can_reveal_submitter(user, complaint):
        raise PermissionDenied


class ComplaintReveal(ComplaintAction):
    """`POST {"manager": <user id>, "reason": …}`: show a confidential complaint's submitter to
    one more manager (its assignee or an administrator)."""

    form_class = RevealForm
    check = staticmethod(_ensure_can_reveal)

    def form_kwargs(self, complaint: Complaint) -> dict:
        return {"candidates": selectors.reveal_candidates(complaint=complaint)}

    def perform(self, request: Request, complaint: Complaint, data: dict) -> Complaint:
        services.complaint_reveal_submitter(
            actor=request.user, complaint=complaint, request=request._request, **data
        )
        return complaint

    @extend_schema(
        request=form_serializer(RevealForm, "ComplaintRevealInput", candidates=None),
        responses=ComplaintDetailSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.act(request, pk)
