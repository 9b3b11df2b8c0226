"""The forum through the API, continued: following, the moderation queue (pending topics and
replies, open reports and their handling) and post revisions, with the pages' selectors,
predicates and services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions, selectors, services
from forum.api.serializers import (
    FollowSerializer,
    HandledReportSerializer,
    PostSerializer,
    QueueCountsSerializer,
    QueuedReportSerializer,
    RevisionSerializer,
    TopicSerializer,
)
from forum.forms import ReportHandleForm
from intrasphere.api.forms import bound_form, form_serializer

# --- following ------------------------------------------------------------------------------


class _Follow(APIView):
    """`GET` whether I follow it; `POST` follow it; `DELETE` stop following it."""

    def _target(self, request: Request, pk: int) -> dict:
        raise NotImplementedError

    def _following(self, request: Request, pk: int) -> bool:
        raise NotImplementedError

    def _set(self, request: Request, pk: int, follow: bool) -> Response:
        target = self._target(request, pk)
        following = services.subscription_set(user=request.user, follow=follow, **target)
        return Response(FollowSerializer({"following": following}).data)

    @extend_schema(responses=FollowSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(FollowSerializer({"following": self._following(request, pk)}).data)

    @extend_schema(request=None, responses=FollowSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self._set(request, pk, True)

    @extend_schema(request=None, responses=FollowSerializer)
    def delete(self, request: Request, pk: int) -> Response:
        return self._set(request, pk, False)


class CategoryFollow(_Follow):
    """Following a category: notified of its new topics."""

    def _target(self, request: Request, pk: int) -> dict:
        return {"category": selectors.category_get_by_pk(pk=pk)}

    def _following(self, request: Request, pk: int) -> bool:
        category = selectors.category_get_by_pk(pk=pk)
        return selectors.category_for_topic_list(slug=category.slug, user=request.user).following


class TopicFollow(_Follow):
    """Following a topic (404 when I may not see it): notified of its new replies."""

    def _target(self, request: Request, pk: int) -> dict:
        return {"topic": selectors.topic_get(user=request.user, pk=pk)}

    def _following(self, request: Request, pk: int) -> bool:
        return selectors.topic_for_page(user=request.user, pk=pk).following


# --- moderation queue -----------------------------------------------------------------------


def _ensure_moderator(request: Request) -> None:
    """The moderation queue's guard: moderators of at least one category (403 otherwise)."""
    if not permissions.is_moderator_somewhere(request.user):
        raise PermissionDenied


class ModerationCounts(APIView):
    """`GET` how much waits in the moderation queue of the categories I moderate."""

    @extend_schema(responses=QueueCountsSerializer)
    def get(self, request: Request) -> Response:
        _ensure_moderator(request)
        user = request.user
        counts = {
            "topics": selectors.pending_topics(user=user).count(),
            "posts": selectors.pending_posts(user=user).count(),
            "reports": selectors.open_reports(user=user).count(),
        }
        return Response(QueueCountsSerializer(counts).data)


class PendingTopics(generics.ListAPIView):
    """`GET` the topics waiting for my validation, oldest first (approve or reject each with
    `POST /forum/topics/<id>/review`)."""

    serializer_class = TopicSerializer

    def get_queryset(self):
        _ensure_moderator(self.request)
        return selectors.pending_topics(user=self.request.user)


class PendingPosts(generics.ListAPIView):
    """`GET` the replies waiting for my validation, oldest first (approve or reject each with
    `POST /forum/posts/<id>/review`)."""

    serializer_class = PostSerializer

    def get_queryset(self):
        _ensure_moderator(self.request)
        return selectors.pending_posts(user=self.request.user)


class OpenReports(generics.ListAPIView):
    """`GET` the open reports on posts of the categories I moderate, oldest first."""

    serializer_class = QueuedReportSerializer

    def get_queryset(self):
        _ensure_moderator(self.request)
        return selectors.open_reports(user=self.request.user)


class ReportHandle(APIView):
    """`POST {"decision": "remove"|"dismiss"}`: remove the reported post, or dismiss the report
    (other open reports on the post share the decision)."""

    @extend_schema(
        request=form_serializer(ReportHandleForm, "ForumReportHandleInput"),
        responses=HandledReportSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        report = get_object_or_404(selectors.open_reports(user=request.user), pk=pk)
        form = bound_form(ReportHandleForm, request)
        report = services.report_handle(
            actor=request.user,
            report=report,
            remove_post=form.cleaned_data["decision"] == "remove",
            request=request._request,
        )
        return Response(HandledReportSerializer(report).data)


# --- revisions ------------------------------------------------------------------------------


class PostRevisions(generics.ListAPIView):
    """`GET` the earlier versions of a post, newest first (moderators of its category)."""

    serializer_class = RevisionSerializer

    def get_queryset(self):
        post = selectors.post_get(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.can_see_revisions(self.request.user, post):
            raise PermissionDenied
        return post.revisions.select_related("edited_by").order_by("-created_at", "-id")
