"""The content domain's API routes, mounted under /api/v1/ (names in the "api" namespace)."""

from django.urls import path

from content import views as pages
from content.api import views, views_engagement, views_more
from intrasphere.api.files import PageFileView

urlpatterns = [
    path("announcements", views.AnnouncementList.as_view(), name="announcement-list"),
    path("announcements/<int:pk>", views.AnnouncementDetail.as_view(), name="announcement-detail"),
    path(
        "announcements/<int:pk>/image",
        PageFileView.as_view(page_view=pages.announcement_image),
        name="announcement-image",
    ),
    path(
        "announcements/<int:pk>/acknowledge",
        views.AnnouncementAcknowledge.as_view(),
        name="announcement-acknowledge",
    ),
    path(
        "announcements/<int:pk>/acknowledgements",
        views.AnnouncementAcknowledgements.as_view(),
        name="announcement-acknowledgements",
    ),
    path(
        "announcements/<int:pk>/remind",
        views.AnnouncementRemind.as_view(),
        name="announcement-remind",
    ),
    path(
        "announcements/<int:pk>/comments",
        views_engagement.AnnouncementCommentList.as_view(),
        name="announcement-comment-list",
    ),
    path(
        "announcements/<int:pk>/comments/<int:comment_pk>",
        views_engagement.AnnouncementCommentDetail.as_view(),
        name="announcement-comment-detail",
    ),
    path(
        "announcements/<int:pk>/reactions",
        views_engagement.AnnouncementReactions.as_view(),
        name="announcement-reactions",
    ),
    path("documents", views.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>", views.DocumentDetail.as_view(), name="document-detail"),
    path(
        "documents/<int:pk>/versions",
        views.DocumentVersionList.as_view(),
        name="document-version-list",
    ),
    path(
        "documents/<int:pk>/file",
        PageFileView.as_view(page_view=pages.document_download),
        name="document-file",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/file",
        PageFileView.as_view(page_view=pages.document_version_download),
        name="document-version-file",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/restore",
        views.DocumentVersionRestore.as_view(),
        name="document-version-restore",
    ),
    path(
        "documents/<int:pk>/acknowledge",
        views.DocumentAcknowledge.as_view(),
        name="document-acknowledge",
    ),
    path("events", views_more.EventList.as_view(), name="event-list"),
    path("events/<int:pk>", views_more.EventDetail.as_view(), name="event-detail"),
    path("events/<int:pk>/rsvp", views_more.EventRsvp.as_view(), name="event-rsvp"),
    path(
        "events/<int:pk>/participants",
        views_more.EventParticipants.as_view(),
        name="event-participants",
    ),
    path("contents", views_more.ContentList.as_view(), name="content-list"),
    path("contents/<int:pk>", views_more.ContentDetail.as_view(), name="content-detail"),
    path("categories", views_more.CategoryList.as_view(), name="category-list"),
    path("categories/<int:pk>", views_more.CategoryDetail.as_view(), name="category-detail"),
]
