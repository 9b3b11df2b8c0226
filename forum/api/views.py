"""The forum through the API: categories, topics, posts, likes and moderation, with the pages'
selectors (what one may see), predicates and services (what one may do)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from forum import permissions, selectors, services
from forum.api.forms import PostCreateForm, TopicCreateForm
from forum.api.serializers import (
    ForumCategorySerializer,
    LikeSerializer,
    PostSerializer,
    ReportSerializer,
    TopicSerializer,
)
from forum.forms import (
    CategoryForm,
    MoveForm,
    PostForm,
    ReportForm,
    ReviewForm,
    TopicEditForm,
    TopicModerateForm,
)
from forum.models import Category
from intrasphere.api.forms import bound_form, form_serializer

POST_EDIT = form_serializer(PostForm, "ForumPostEditInput")
REVIEW = form_serializer(ReviewForm, "ForumReviewInput")


def int_param(request: Request, name: str) -> int | None:
    """An optional numeric filter of the query string (400 when it is not a number)."""
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValidationError({name: [_("Enter a whole number.")]})
    return int(value)


def _referenced(field: str, fetch, pk: int):
    """An object named in the body: one the caller may not see is refused like a missing one."""
    try:
        return fetch(pk)
    except Http404 as missing:
        raise ValidationError({field: [str(missing) or _("Not found.")]}) from None


def _reviewed(request: Request, service, **target):
    """A validator's decision (the page's review form) on a pending topic or reply, through
    its service (`topic_review`, `post_review`), as the page's `_review` does."""
    form = bound_form(ReviewForm, request)
    return service(
        actor=request.user,
        approve=form.cleaned_data["decision"] == "approve",
        reason=form.cleaned_data["reason"],
        request=request._request,
        **target,
    )


# --- categories -----------------------------------------------------------------------------


class CategoryList(generics.ListAPIView):
    """`GET` the forum's categories (in their order); `POST` one (forum managers)."""

    serializer_class = ForumCategorySerializer

    def get_queryset(self):
        return selectors.category_list().order_by("order", "name", "pk")

    @extend_schema(
        request=form_serializer(CategoryForm, "ForumCategoryInput"),
        responses={201: ForumCategorySerializer},
    )
    def post(self, request: Request) -> Response:
        permissions.ensure_manage_forum(request.user)
        # The fields not sent take the model's defaults (active, order), as the blank page form.
        form = bound_form(CategoryForm, request, partial=True, instance=Category())
        category = services.category_save(
            actor=request.user, category=form.instance, request=request._request
        )
        return Response(ForumCategorySerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetail(APIView):
    """`GET` one category; `PUT`/`PATCH` it; `DELETE` it while it holds no topics (forum
    managers)."""

    @extend_schema(responses=ForumCategorySerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ForumCategorySerializer(selectors.category_get_by_pk(pk=pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        category = selectors.category_get_by_pk(pk=pk)
        permissions.ensure_manage_forum(request.user)
        form = bound_form(CategoryForm, request, partial=partial, instance=category)
        category = services.category_save(
            actor=request.user, category=form.instance, request=request._request
        )
        return Response(ForumCategorySerializer(category).data)

    @extend_schema(
        request=form_serializer(CategoryForm, "ForumCategoryInput"),
        responses=ForumCategorySerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(
        request=form_serializer(CategoryForm, "ForumCategoryInput"),
        responses=ForumCategorySerializer,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        category = selectors.category_get_by_pk(pk=pk)
        services.category_delete(actor=request.user, category=category, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- topics ---------------------------------------------------------------------------------


def _topics(user, category_pk: int | None):
    topics = selectors.visible_topics(user=user)
    if category_pk is not None:
        topics = topics.filter(category_id=category_pk)
    return topics.select_related("author").order_by("-pinned", "-last_post_at", "-id")


@extend_schema(parameters=[OpenApiParameter("category", int, description="a category id")])
class TopicList(generics.ListAPIView):
    """`GET` the topics I may see (pinned first, then latest activity); `POST` a new topic
    (category, title, content): it waits for validation where the category asks for it."""

    serializer_class = TopicSerializer

    def get_queryset(self):
        return _topics(self.request.user, int_param(self.request, "category"))

    @extend_schema(
        request=form_serializer(TopicCreateForm, "ForumTopicInput"),
        responses={201: TopicSerializer},
    )
    def post(self, request: Request) -> Response:
        form = bound_form(TopicCreateForm, request)
        data = form.cleaned_data
        category = _referenced(
            "category", lambda pk: selectors.category_get_by_pk(pk=pk), data["category"]
        )
        topic = services.topic_create(
            author=request.user,
            category=category,
            title=data["title"],
            content=data["content"],
            request=request._request,
        )
        return Response(TopicSerializer(topic).data, status=status.HTTP_201_CREATED)


class CategoryTopicList(generics.ListAPIView):
    """`GET` the topics of one category I may see."""

    serializer_class = TopicSerializer

    def get_queryset(self):
        category = selectors.category_get_by_pk(pk=self.kwargs["pk"])
        return _topics(self.request.user, category.pk)


class TopicDetail(APIView):
    """`GET` a topic (404 when I may not see it); `PUT`/`PATCH` its title (its author while it
    is open, moderators); `DELETE` it (its author, moderators)."""

    @extend_schema(responses=TopicSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(TopicSerializer(selectors.topic_get(user=request.user, pk=pk)).data)

    def _update(self, request: Request, pk: int) -> Response:
        topic = selectors.topic_get(user=request.user, pk=pk)
        permissions.ensure_edit_topic(request.user, topic)
        form = bound_form(TopicEditForm, request)
        topic = services.topic_edit(
            actor=request.user,
            topic=topic,
            title=form.cleaned_data["title"],
            request=request._request,
        )
        return Response(TopicSerializer(topic).data)

    @extend_schema(
        request=form_serializer(TopicEditForm, "ForumTopicEditInput"), responses=TopicSerializer
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk)

    @extend_schema(
        request=form_serializer(TopicEditForm, "ForumTopicEditInput"), responses=TopicSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        topic = selectors.topic_get(user=request.user, pk=pk)
        services.topic_delete(actor=request.user, topic=topic, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TopicModerate(APIView):
    """`POST {"change": "pin"|"unpin"|"lock"|"unlock"}` (moderators of the category)."""

    @extend_schema(
        request=form_serializer(TopicModerateForm, "ForumTopicModerateInput"),
        responses=TopicSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        topic = selectors.topic_get(user=request.user, pk=pk)
        permissions.ensure_moderate_category(request.user, topic.category)
        form = bound_form(TopicModerateForm, request)
        topic = services.topic_moderate(
            actor=request.user, topic=topic, request=request._request, **form.changes()
        )
        return Response(TopicSerializer(topic).data)


class TopicMove(APIView):
    """`POST {"category": <id>}`: move the topic to another category I moderate."""

    @extend_schema(
        request=form_serializer(
            MoveForm, "ForumTopicMoveInput", categories=Category.objects.none()
        ),
        responses=TopicSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        topic = selectors.topic_get(user=request.user, pk=pk)
        permissions.ensure_moderate_category(request.user, topic.category)
        categories = permissions.moderated_categories(request.user).exclude(pk=topic.category_id)
        form = bound_form(MoveForm, request, categories=categories)
        topic = services.topic_moderate(
            actor=request.user,
            topic=topic,
            category=form.cleaned_data["category"],
            request=request._request,
        )
        return Response(TopicSerializer(topic).data)


class TopicReview(APIView):
    """`POST {"decision": "approve"|"reject", "reason": …}` on a pending topic (validators)."""

    @extend_schema(request=REVIEW, responses=TopicSerializer)
    def post(self, request: Request, pk: int) -> Response:
        topic = selectors.topic_get(user=request.user, pk=pk)
        permissions.ensure_validate_topics(request.user, topic.category)
        return Response(
            TopicSerializer(_reviewed(request, services.topic_review, topic=topic)).data
        )


# --- posts ----------------------------------------------------------------------------------


def _posts(request: Request, topic_pk: int):
    topic = selectors.topic_get(user=request.user, pk=topic_pk)
    moderator = permissions.can_moderate_category(request.user, topic.category)
    return selectors.post_list(user=request.user, topic=topic, moderator=moderator).select_related(
        "author"
    )


@extend_schema(parameters=[OpenApiParameter("topic", int, required=True, description="a topic id")])
class PostList(generics.ListAPIView):
    """`GET ?topic=<id>` the posts of a topic I may see (oldest first); `POST` a reply (topic,
    content): it waits for validation where the category asks for it."""

    serializer_class = PostSerializer

    def get_queryset(self):
        topic_pk = int_param(self.request, "topic")
        if topic_pk is None:
            raise ValidationError({"topic": [_("Choose a topic.")]})
        return _posts(self.request, topic_pk)

    @extend_schema(
        request=form_serializer(PostCreateForm, "ForumPostInput"), responses={201: PostSerializer}
    )
    def post(self, request: Request) -> Response:
        form = bound_form(PostCreateForm, request)
        topic = _referenced(
            "topic",
            lambda pk: selectors.topic_get(user=request.user, pk=pk),
            form.cleaned_data["topic"],
        )
        post = services.post_create(
            author=request.user,
            topic=topic,
            content=form.cleaned_data["content"],
            request=request._request,
        )
        return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)


class TopicPostList(generics.ListAPIView):
    """`GET` the posts of a topic I may see (oldest first)."""

    serializer_class = PostSerializer

    def get_queryset(self):
        return _posts(self.request, self.kwargs["pk"])


class PostDetail(APIView):
    """`GET` a post; `PUT`/`PATCH` its content (its author while the topic is open,
    moderators; earlier versions are kept); `DELETE` it (deleting the first deletes the topic)."""

    @extend_schema(responses=PostSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PostSerializer(selectors.post_get(user=request.user, pk=pk)).data)

    def _update(self, request: Request, pk: int) -> Response:
        post = selectors.post_get(user=request.user, pk=pk)
        permissions.ensure_edit_post(request.user, post)
        form = bound_form(PostForm, request)
        post = services.post_edit(
            actor=request.user,
            post=post,
            content=form.cleaned_data["content"],
            request=request._request,
        )
        return Response(PostSerializer(post).data)

    @extend_schema(request=POST_EDIT, responses=PostSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk)

    @extend_schema(request=POST_EDIT, responses=PostSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        post = selectors.post_get(user=request.user, pk=pk)
        services.post_delete(actor=request.user, post=post, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostLike(APIView):
    """`POST`: like the post, or take the like back (a toggle, as on the page)."""

    @extend_schema(request=None, responses=LikeSerializer)
    def post(self, request: Request, pk: int) -> Response:
        post = selectors.post_get(user=request.user, pk=pk)
        liked, count = services.like_toggle(user=request.user, post=post)
        return Response(LikeSerializer({"liked": liked, "like_count": count}).data)


class PostReview(APIView):
    """`POST {"decision": "approve"|"reject", "reason": …}` on a pending reply (validators)."""

    @extend_schema(request=REVIEW, responses=PostSerializer)
    def post(self, request: Request, pk: int) -> Response:
        post = selectors.post_get(user=request.user, pk=pk)
        permissions.ensure_validate_posts(request.user, post.topic.category)
        return Response(PostSerializer(_reviewed(request, services.post_review, post=post)).data)


class PostReport(APIView):
    """`POST {"reason": …}`: report a published post of someone else to the moderators."""

    @extend_schema(
        request=form_serializer(ReportForm, "ForumReportInput"), responses={201: ReportSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        post = selectors.post_get(user=request.user, pk=pk)
        if not permissions.can_report_post(request.user, post):
            raise PermissionDenied
        form = bound_form(ReportForm, request)
        report = services.report_create(
            reporter=request.user,
            post=post,
            reason=form.cleaned_data["reason"],
            request=request._request,
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
