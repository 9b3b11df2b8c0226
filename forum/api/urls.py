"""The forum's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from forum.api import views, views_more

urlpatterns = [
    path("forum/categories", views.CategoryList.as_view(), name="forum-category-list"),
    path("forum/categories/<int:pk>", views.CategoryDetail.as_view(), name="forum-category-detail"),
    path(
        "forum/categories/<int:pk>/topics",
        views.CategoryTopicList.as_view(),
        name="forum-category-topics",
    ),
    path(
        "forum/categories/<int:pk>/follow",
        views_more.CategoryFollow.as_view(),
        name="forum-category-follow",
    ),
    path("forum/topics", views.TopicList.as_view(), name="forum-topic-list"),
    path("forum/topics/<int:pk>", views.TopicDetail.as_view(), name="forum-topic-detail"),
    path("forum/topics/<int:pk>/posts", views.TopicPostList.as_view(), name="forum-topic-posts"),
    path(
        "forum/topics/<int:pk>/moderate", views.TopicModerate.as_view(), name="forum-topic-moderate"
    ),
    path("forum/topics/<int:pk>/move", views.TopicMove.as_view(), name="forum-topic-move"),
    path("forum/topics/<int:pk>/review", views.TopicReview.as_view(), name="forum-topic-review"),
    path(
        "forum/topics/<int:pk>/follow", views_more.TopicFollow.as_view(), name="forum-topic-follow"
    ),
    path("forum/posts", views.PostList.as_view(), name="forum-post-list"),
    path("forum/posts/<int:pk>", views.PostDetail.as_view(), name="forum-post-detail"),
    path("forum/posts/<int:pk>/like", views.PostLike.as_view(), name="forum-post-like"),
    path("forum/posts/<int:pk>/report", views.PostReport.as_view(), name="forum-post-report"),
    path("forum/posts/<int:pk>/review", views.PostReview.as_view(), name="forum-post-review"),
    path(
        "forum/posts/<int:pk>/revisions",
        views_more.PostRevisions.as_view(),
        name="forum-post-revisions",
    ),
    path("forum/moderation", views_more.ModerationCounts.as_view(), name="forum-moderation"),
    path(
        "forum/moderation/topics",
        views_more.PendingTopics.as_view(),
        name="forum-moderation-topics",
    ),
    path(
        "forum/moderation/posts", views_more.PendingPosts.as_view(), name="forum-moderation-posts"
    ),
    path(
        "forum/moderation/reports",
        views_more.OpenReports.as_view(),
        name="forum-moderation-reports",
    ),
    path(
        "forum/reports/<int:pk>/handle",
        views_more.ReportHandle.as_view(),
        name="forum-report-handle",
    ),
]
