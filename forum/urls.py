"""URLs of the forum domain, mounted under /forum/."""

from django.urls import path

from forum import views, views_lists

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("categories/new/", views.category_create, name="category_create"),
    path("latest/", views_lists.latest_topics, name="latest_topics"),
    path("my-posts/", views_lists.my_posts, name="my_posts"),
    path("c/<slug:slug>/archive/", views_lists.category_manage, name="category_manage"),
    path("c/<slug:slug>/archive/set/", views_lists.category_archive, name="category_archive"),
    path(
        "c/<slug:slug>/archive/move/",
        views_lists.category_move_topics,
        name="category_move_topics",
    ),
    path("c/<slug:slug>/delete/", views_lists.category_delete, name="category_delete"),
    path("c/<slug:slug>/", views.category_detail, name="category_detail"),
    path("c/<slug:slug>/edit/", views.category_edit, name="category_edit"),
    path("c/<slug:slug>/moderators/", views.category_moderators, name="category_moderators"),
    path("c/<slug:slug>/follow/", views.category_follow, name="category_follow"),
    path("c/<slug:slug>/new/", views.topic_create, name="topic_create"),
    path("t/<int:pk>-<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("t/<int:pk>/unread/", views.topic_unread, name="topic_unread"),
    path("t/<int:pk>/reply/", views.topic_reply, name="topic_reply"),
    path("t/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("t/<int:pk>/delete/", views.topic_delete, name="topic_delete"),
    path("t/<int:pk>/moderate/", views.topic_moderate, name="topic_moderate"),
    path("t/<int:pk>/move/", views.topic_move, name="topic_move"),
    path("t/<int:pk>/follow/", views.topic_follow, name="topic_follow"),
    path("t/<int:pk>/review/", views.topic_review, name="topic_review"),
    path("p/<int:pk>/", views.post_jump, name="post_jump"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/like/", views.post_like, name="post_like"),
    path("p/<int:pk>/report/", views.post_report, name="post_report"),
    path("p/<int:pk>/review/", views.post_review, name="post_review"),
    path("p/<int:pk>/revisions/", views.post_revisions, name="post_revisions"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("reports/<int:pk>/handle/", views.report_handle, name="report_handle"),
    path("colleagues/", views.helpful_colleagues, name="helpful_colleagues"),
]
