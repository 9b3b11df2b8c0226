"""URLs of the content domain (prefixes from ARCHITECTURE.md)."""

from django.urls import path

from content import views, views_engagement, views_publishing

app_name = "content"

urlpatterns = [
    # Announcements
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path(
        "announcements/audience-count/",
        views_publishing.announcement_audience_count,
        name="announcement_audience_count",
    ),
    path(
        "announcements/<int:pk>/", views_engagement.announcement_detail, name="announcement_detail"
    ),
    path(
        "announcements/<int:pk>/reactions/",
        views_engagement.announcement_react,
        name="announcement_react",
    ),
    path(
        "announcements/<int:pk>/comments/",
        views_engagement.announcement_comment,
        name="announcement_comment",
    ),
    path(
        "announcements/comments/reports/",
        views_engagement.comment_reports,
        name="comment_reports",
    ),
    path(
        "announcements/comments/reports/<int:pk>/dismiss/",
        views_engagement.comment_report_dismiss,
        name="comment_report_dismiss",
    ),
    path(
        "announcements/comments/<int:pk>/delete/",
        views_engagement.comment_delete,
        name="comment_delete",
    ),
    path(
        "announcements/comments/<int:pk>/hide/", views_engagement.comment_hide, name="comment_hide"
    ),
    path(
        "announcements/comments/<int:pk>/report/",
        views_engagement.comment_report,
        name="comment_report",
    ),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement_edit"),
    path("announcements/<int:pk>/delete/", views.announcement_delete, name="announcement_delete"),
    path("announcements/<int:pk>/image/", views.announcement_image, name="announcement_image"),
    path(
        "announcements/<int:pk>/thumbnail/",
        views.announcement_thumbnail,
        name="announcement_thumbnail",
    ),
    path(
        "announcements/<int:pk>/acknowledge/",
        views.announcement_acknowledge,
        name="announcement_acknowledge",
    ),
    path(
        "announcements/<int:pk>/readers/",
        views.announcement_acknowledgements,
        name="announcement_acknowledgements",
    ),
    path(
        "announcements/<int:pk>/readers.csv",
        views.announcement_acknowledgements_csv,
        name="announcement_acknowledgements_csv",
    ),
    path("announcements/<int:pk>/remind/", views.announcement_remind, name="announcement_remind"),
    # Documents
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path(
        "documents/<int:pk>/acknowledge/",
        views.document_acknowledge,
        name="document_acknowledge",
    ),
    path(
        "documents/<int:pk>/versions/new/",
        views.document_version_create,
        name="document_version_create",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/download/",
        views.document_version_download,
        name="document_version_download",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/restore/",
        views.document_version_restore,
        name="document_version_restore",
    ),
    # Events
    path("events/", views.event_list, name="event_list"),
    path("events/calendar/", views.event_calendar, name="event_calendar"),
    path(
        "events/calendar/<int:year>/<int:month>/",
        views.event_calendar,
        name="event_calendar_month",
    ),
    path("events/my-events.ics", views.event_feed, name="event_feed"),
    path("events/feed/<slug:token>.ics", views.event_feed_token, name="event_feed_token"),
    path("events/feed/regenerate/", views.event_feed_regenerate, name="event_feed_regenerate"),
    path("events/feed/revoke/", views.event_feed_revoke, name="event_feed_revoke"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<int:pk>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    # Content pages
    path("pages/", views.page_list, name="page_list"),
    path("pages/new/", views.page_create, name="page_create"),
    path("pages/<slug:slug>/", views.page_detail, name="page_detail"),
    path("pages/<slug:slug>/edit/", views.page_edit, name="page_edit"),
    path("pages/<slug:slug>/delete/", views.page_delete, name="page_delete"),
    # General categories
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
]
