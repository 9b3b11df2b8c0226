"""Comments and reactions on announcements through the API (the pages' rules and services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from content import permissions, selectors, selectors_engagement, services_engagement
from content.api.serializers import CommentSerializer, ReactionCountSerializer
from content.forms import CommentForm, ReactionForm
from intrasphere.api.forms import bound_form, form_serializer


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _service_errors(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({field: list(e.messages) for field, e in error.error_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


class AnnouncementCommentList(generics.ListAPIView):
    """`GET` the comments of an announcement the caller may read (oldest first; hidden ones
    only for moderators and their authors); `POST {"content": …}` one (Markdown). A 403 when
    its author switched comments off."""

    serializer_class = CommentSerializer

    def _announcement(self):
        announcement = selectors.announcement_get(user=self.request.user, pk=self.kwargs["pk"])
        _ensure(announcement.allow_comments)
        return announcement

    def get_queryset(self):
        announcement = self._announcement()
        return selectors_engagement.announcement_comments(
            user=self.request.user, announcement=announcement
        )

    @extend_schema(
        request=form_serializer(CommentForm, "CommentInput"), responses={201: CommentSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        announcement = self._announcement()
        _ensure(permissions.can_comment(request.user, announcement))
        form = bound_form(CommentForm, request)
        try:
            comment = services_engagement.comment_create(
                author=request.user, announcement=announcement, content=form.cleaned_data["content"]
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class AnnouncementCommentDetail(APIView):
    """`DELETE` a comment: its author, or a moderator (moderators and content managers)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, comment_pk: int) -> Response:
        comment = selectors_engagement.comment_get(user=request.user, pk=comment_pk)
        if comment.announcement_id != pk:
            raise NotFound
        services_engagement.comment_delete(
            actor=request.user, comment=comment, request=request._request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnouncementReactions(APIView):
    """`GET` the reactions of the fixed set with their counts and whether the caller gave each;
    `POST {"kind": "like"|"thanks"|"celebrate"|"insightful"}` gives or takes back one. A 403
    when its author switched reactions off."""

    def _counts(self, request: Request, announcement) -> Response:
        rows = selectors_engagement.announcement_reactions(
            user=request.user, announcement=announcement
        )
        return Response(ReactionCountSerializer(rows, many=True).data)

    @extend_schema(responses=ReactionCountSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        _ensure(announcement.allow_reactions)
        return self._counts(request, announcement)

    @extend_schema(
        request=form_serializer(ReactionForm, "ReactionInput"),
        responses=ReactionCountSerializer(many=True),
    )
    def post(self, request: Request, pk: int) -> Response:
        announcement = selectors.announcement_get(user=request.user, pk=pk)
        _ensure(permissions.can_react(request.user, announcement))
        form = bound_form(ReactionForm, request)
        services_engagement.reaction_toggle(
            user=request.user, announcement=announcement, kind=form.cleaned_data["kind"]
        )
        return self._counts(request, announcement)
